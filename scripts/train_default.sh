#!/usr/bin/env bash
# Reproduces the default model models/conferral-minilm from data/ in one command:
# base model -> synthetic data -> splits -> fine-tuning -> cross-validation (which fits the
# calibration on out-of-fold real statements) -> calibration.json -> dev evaluation.
# About 1.5-2 hours on a 2-core machine. Usage: scripts/train_default.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/conferral-minilm}
runs=$(dirname "$out")
base=base/all-MiniLM-L6-v2
scripts/fetch_base.sh
cargo build --release
bin=target/release/conferral

$bin synth --n 1600 --seed 1 --out data/synthetic.jsonl
$bin split --data data/synthetic.jsonl --dev-frac 0.2 --seed 1 \
  --train-out data/synthetic_train.jsonl --dev-out data/synthetic_dev.jsonl
$bin split --data data/real_statements.jsonl --dev-frac 0.2 --seed 1 \
  --train-out data/real_train.jsonl --dev-out data/real_dev.jsonl

# The shipped model: synthetic train + real train; early stopping on both dev splits.
$bin train --train data/synthetic_train.jsonl data/real_train.jsonl \
  --dev data/synthetic_dev.jsonl data/real_dev.jsonl \
  --base "$base" --out "$out" --epochs 2 --max-len 128 --seed 17

# 5-fold cross-validation over all real statements (folds by source case). A lighter recipe
# than the shipped model's (400 synthetic statements, two fixed epochs, no early stopping)
# so that five trainings fit the 2-core time budget; see the model card.
$bin crossval --real data/real_statements.jsonl --synthetic data/synthetic_train.jsonl \
  --synthetic-limit 400 --base "$base" --out "$runs/cv" --folds 5 --epochs 2 --max-len 128 --seed 17
cp "$runs/cv/calibration.json" "$out/calibration.json"

$bin eval --model "$out" --data data/real_dev.jsonl data/synthetic_dev.jsonl \
  --baseline-train data/synthetic_train.jsonl data/real_train.jsonl \
  --report "$runs/dev-report" > "$runs/dev-eval.json"
echo "model in $out; cross-validation in $runs/cv/summary.json; dev report in $runs/dev-report"
