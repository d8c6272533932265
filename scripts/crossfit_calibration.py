#!/usr/bin/env python3
"""Cross-fitted calibration figures: how the shipped thresholds would do on dev statements
they were not fitted on.

The model's calibration is fitted on the whole rubric-labelled dev set, so band figures
measured on that same set are optimistic. This script splits the dev statements into two
halves by brief (written statements) or by case (real ones), fits temperature and
thresholds on one half with `conferral calibrate` (on a copy of the model directory),
measures the other half with `conferral eval`, swaps, and prints both halves' figures and
their mean.

    python3 scripts/crossfit_calibration.py --model models/conferral-minilm \
        --data data/written_dev.jsonl data/real_dev.jsonl
"""
import argparse
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

KEYS = [
    ("review_share", lambda r: r["band"]["review_share"]),
    ("insufficient_caught", lambda r: r["band"]["insufficient_caught"]),
    ("balanced_accuracy_review_flagged", lambda r: r["band"]["balanced_accuracy_review_flagged"]),
    ("ece", lambda r: r["ece"]),
    ("auc", lambda r: r["auc_roc"]),
]


def group(r):
    return r.get("brief") or r.get("case") or r["id"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", nargs="+", required=True)
    ap.add_argument("--bin", default="target/release/conferral")
    ap.add_argument("--target-recall", default="0.95")
    a = ap.parse_args()
    rows = [json.loads(l) for f in a.data for l in open(f) if l.strip()]
    groups = sorted({group(r) for r in rows})
    halves = [set(groups[0::2]), set(groups[1::2])]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        files = []
        for k, h in enumerate(halves):
            p = tmp / f"half{k}.jsonl"
            p.write_text("".join(json.dumps(r) + "\n" for r in rows if group(r) in h))
            files.append(p)
        results = []
        for fit, test in [(0, 1), (1, 0)]:
            model = tmp / f"model{fit}"
            shutil.copytree(a.model, model)
            subprocess.run([a.bin, "calibrate", "--precision", "f32", "--model", str(model), "--data", str(files[fit]),
                            "--target-recall", a.target_recall],
                           check=True, capture_output=True)
            out = subprocess.run([a.bin, "eval", "--precision", "f32", "--model", str(model), "--data", str(files[test])],
                                 check=True, capture_output=True, text=True).stdout
            overall = json.loads(out)["report"]["overall"]
            fig = {k: f(overall) for k, f in KEYS}
            fig["n"] = overall["n"]
            results.append(fig)
            print(f"fit on half {fit}, measured on half {test}: {json.dumps(fig)}")
        mean = {k: sum(r[k] for r in results) / 2 for k, _ in KEYS}
        print("mean of the two halves:", json.dumps({k: round(v, 4) for k, v in mean.items()}))


if __name__ == "__main__":
    main()
