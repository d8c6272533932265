#!/usr/bin/env bash
# Reproduces the locator's unit encoder (models/locator/unit_encoder.safetensors) from
# data/locate/: every sentence unit of the training writers' motions (train + generated, never
# dev or test) with its gold label, then scripts/train_unit_encoder.py (the classifier's first
# three layers and its frozen embeddings, three epochs, seed 17), then the held-out figures.
# Needs python3 with torch, transformers, tokenizers and safetensors. On one H200 training
# took 30 s; on 2 CPU cores expect about 30-40 minutes. A retrain on a fresh H200 gave the
# shipped tensors exactly (largest difference 0) and the same held-out figures.
# Usage: scripts/train_locator_encoder.sh [OUT_DIR]   (default runs/unit-encoder)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/unit-encoder}
cargo build --release
bin=target/release/conferral
mkdir -p "$out"
$bin locate-eval --data data/locate/train.jsonl data/locate/generated.jsonl --no-encoder \
  --failures 0 --dump-units "$out/units_train.jsonl" > /dev/null
python3 scripts/train_unit_encoder.py --model models/conferral-minilm \
  --train "$out/units_train.jsonl" --out "$out" --seed 17
# The new encoder's figures, combined with the tagger as the shipped locator does.
for split in dev test; do
  $bin locate-eval --data "data/locate/$split.jsonl" --unit-encoder "$out/unit_encoder.safetensors" \
    --failures 0 > "$out/eval-$split.json"
done
echo "weights: $out/unit_encoder.safetensors (copy to models/locator/ to ship); figures: $out/eval-*.json"
