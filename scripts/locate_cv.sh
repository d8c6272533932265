#!/usr/bin/env bash
# Leave-one-writer-out figures of the locator on the locate corpus's train writers: for each
# writer, train the tagger on the other writers and the template motions, evaluate on the one
# left out (the tagger alone: the unit encoder was trained on every train writer); prints each
# fold and the pooled counts. Needs a release build:
#     cargo build --release && scripts/locate_cv.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=target/release/conferral
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
writers=$(python3 -c 'import json; print(" ".join(sorted({json.loads(l)["writer"] for l in open("data/locate/train.jsonl")})))')
for w in $writers; do
    grep -v "\"writer\": \"$w\"" data/locate/train.jsonl > "$tmp/train_$w.jsonl"
    grep "\"writer\": \"$w\"" data/locate/train.jsonl > "$tmp/test_$w.jsonl"
    "$bin" locate-train --train "$tmp/train_$w.jsonl" data/locate/generated.jsonl --out "$tmp/$w.bin" >/dev/null 2>&1
    "$bin" locate-eval --data "$tmp/test_$w.jsonl" --tagger "$tmp/$w.bin" --no-encoder --failures 0 > "$tmp/$w.json" 2>/dev/null
done
python3 - "$tmp" $writers <<'PY'
import json, sys
tmp, writers = sys.argv[1], sys.argv[2:]
keys = ["located", "statements", "recognised_none", "without_statement", "headings_found", "headings"]
total = dict.fromkeys(keys, 0)
for w in writers:
    d = json.load(open(f"{tmp}/{w}.json"))
    print(f"{w}: located {d['located']}/{d['statements']}, no statement recognised "
          f"{d['recognised_none']}/{d['without_statement']}, headings {d['headings_found']}/{d['headings']}")
    for k in keys:
        total[k] += d[k]
t = total
print(f"pooled: located {t['located']}/{t['statements']} ({t['located'] / t['statements']:.1%}), "
      f"no statement recognised {t['recognised_none']}/{t['without_statement']} "
      f"({t['recognised_none'] / t['without_statement']:.1%}), headings {t['headings_found']}/{t['headings']}")
PY
