#!/usr/bin/env bash
# Reproduces the default model models/conferral-minilm from data/ in one command:
# base model -> generated statements -> fine-tuning on rubric labels (the written corpus's
# train briefs, the real training statements, 300 generated statements; 256 tokens, three
# fixed epochs, f16 weights) -> calibration on the rubric-labelled dev statements (written
# dev briefs + real dev; never generated ones) -> evaluation on dev, on held-out real
# statements against rubric and court labels, with baselines.
# About 70 minutes on an idle 2-core machine, training ~60 of them.
# Usage: scripts/train_default.sh [OUT_DIR]   (default runs/conferral-minilm)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/conferral-minilm}
runs=$(dirname "$out")
base=base/all-MiniLM-L6-v2
scripts/fetch_base.sh
cargo build --release
bin=target/release/conferral
# The shipped calibration and the model card's figures were fitted and measured at f32 (before
# int8 inference existed): calibrate and eval at f32 to reproduce them (README, Performance).
prec=(--precision f32)
mkdir -p "$runs"

# Generated statements: deterministic (seeded), so these files are reproduced byte for byte.
$bin synth --n 1600 --seed 1 --out data/synthetic.jsonl
$bin split --data data/synthetic.jsonl --dev-frac 0.2 --seed 1 \
  --train-out data/synthetic_train.jsonl --dev-out data/synthetic_dev.jsonl
# The real train/dev split is kept as committed (made with `conferral split --dev-frac 0.2
# --seed 1` while `label` held the court's ruling; re-splitting on rubric labels would move
# statements between the sides, see data/DATASHEET.md).

# Training: rubric labels and annotated elements throughout. Generated statements stay a
# small share (300 of 2,443, 12%; the issue caps them at 30%). No --dev: all three epochs run.
head -n 300 data/synthetic_train.jsonl > "$runs/synthetic_300.jsonl"
$bin train --train data/written_train.jsonl data/real_train.jsonl "$runs/synthetic_300.jsonl" \
  --base "$base" --out "$out" --epochs 3 --lr 1e-4 --max-len 256 --seed 17 \
  --weights-dtype f16

# Temperature and thresholds on rubric-labelled dev statements of real-world style:
# the written corpus's held-out briefs and the real dev statements.
$bin calibrate "${prec[@]}" --model "$out" --data data/written_dev.jsonl data/real_dev.jsonl --target-recall 0.97

# Dev, per source, against rubric labels; baselines fitted on the same training data.
train_files=(data/written_train.jsonl data/real_train.jsonl "$runs/synthetic_300.jsonl")
$bin eval "${prec[@]}" --model "$out" --data data/written_dev.jsonl --baseline-train "${train_files[@]}" \
  --report "$runs/dev-written" > "$runs/eval-written-dev.json"
$bin eval "${prec[@]}" --model "$out" --data data/real_dev.jsonl --baseline-train "${train_files[@]}" \
  > "$runs/eval-real-dev.json"
# Every real statement the model never trained on (real dev and the two later batches),
# against the rubric label and against the court's ruling.
cat data/real_dev.jsonl data/real_extra.jsonl data/real_more.jsonl > "$runs/heldout89.jsonl"
$bin eval "${prec[@]}" --model "$out" --data "$runs/heldout89.jsonl" --baseline-train "${train_files[@]}" \
  > "$runs/eval-heldout-rubric.json"
$bin eval "${prec[@]}" --model "$out" --data "$runs/heldout89.jsonl" --baseline-train "${train_files[@]}" \
  --label-field court_label > "$runs/eval-heldout-court.json"
echo "model in $out; evaluations in $runs/eval-*.json"
