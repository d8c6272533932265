#!/usr/bin/env bash
# 5-fold cross-validation of the shipped recipe over all 183 real statements, three times
# (fold plans and training seeds 17, 18, 19), with the folds trained by the PyTorch port of the
# recipe (scripts/train_torch.py) and measured by `conferral crossval --margins-from`, against
# the court's ruling and against the rubric label, per text kind and per label source, with
# TF-IDF + LR, the keyword checklist and word count on the same folds.
# Needs python3 with torch, transformers, tokenizers and safetensors. On one H200 the 15
# trainings took 2.5 minutes (about 11 s each); on 2 CPU cores, expect about 40 min each.
# Usage: scripts/cv_torch.sh [OUT_DIR]   (default runs/cv-torch)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/cv-torch}
base=base/all-MiniLM-L6-v2
scripts/fetch_base.sh
cargo build --release
bin=target/release/conferral
mkdir -p "$out"
real=(data/real_train.jsonl data/real_dev.jsonl data/real_extra.jsonl data/real_more.jsonl)
head -n 300 data/synthetic_train.jsonl > "$out/synthetic_300.jsonl"
fixed=(data/written_train.jsonl "$out/synthetic_300.jsonl")
for seed in 17 18 19; do
  cv=(crossval --real "${real[@]}" --synthetic "${fixed[@]}" --base "$base" --folds 5 --seed "$seed")
  $bin "${cv[@]}" --out "$out/plan$seed" --plan-only
  python3 scripts/train_torch.py --base "$base" --train "${fixed[@]}" --real "${real[@]}" \
    --plan "$out/plan$seed/folds.jsonl" --seed "$seed" --out "$out/oof$seed.jsonl"
  for label in court_label label; do
    for by in text_kind court_label_source; do
      $bin "${cv[@]}" --out "$out/cv$seed-$label-$by" --margins-from "$out/oof$seed.jsonl" \
        --eval-label "$label" --by "$by" > "$out/cv$seed-$label-$by.json"
    done
  done
done
echo "summaries in $out/cv*.json"
