#!/usr/bin/env python3
"""int8 against f32 on labelled statements: the quality gate of `--precision int8`.

Runs `conferral score --statement --format jsonl --quiet --precision P` with P = f32 and
int8 on each set (same binary, same model), then reports per set: statements, AUC of each
precision against the rubric label (`label`, or --label-field), the AUC change, the largest
and mean |p_int8 - p_f32|, and the verdicts that differ. Exits 1 when a set breaks the gate
(AUC change > 0.002 or verdict flips > 0.5%). Not part of CI (tests/precision.rs pins the
gate on a fixed set); needs a release binary: cargo build --release.

    python3 scripts/precision_gate.py
    python3 scripts/precision_gate.py --set dev=data/written_dev.jsonl,data/real_dev.jsonl
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SETS = [
    "rubric-dev=data/written_dev.jsonl,data/real_dev.jsonl",
    "real=data/real_statements.jsonl,data/real_extra.jsonl,data/real_more.jsonl",
    "written-train=data/written_train.jsonl",
]


def auc(scores, labels):
    """Mann-Whitney AUC of `scores` for labels True, ties counted half."""
    pairs = sorted(zip(scores, labels))
    pos = sum(labels)
    neg = len(labels) - pos
    if pos == 0 or neg == 0:
        return float("nan")
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        mid = (i + j + 1) / 2.0  # ranks i+1..j, averaged
        rank_sum += mid * sum(1 for k in range(i, j) if pairs[k][1])
        i = j
    return (rank_sum - pos * (pos + 1) / 2.0) / (pos * neg)


def score(binary, model, precision, path):
    cmd = [binary, "score", "--statement", "--format", "jsonl", "--quiet", "--precision", precision]
    if model:
        cmd += ["--model", model]
    out = subprocess.run(cmd + [path], check=False, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed: {out.stderr}")
    return {r["id"]: r for r in map(json.loads, out.stdout.splitlines())}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "conferral"))
    ap.add_argument("--model", help="model directory [default: the embedded model]")
    ap.add_argument("--set", action="append", help="NAME=FILE[,FILE...]; repeatable")
    ap.add_argument("--label-field", default="label")
    a = ap.parse_args()
    failed = False
    print(f"{'set':<14} {'n':>5} {'AUC f32':>8} {'AUC int8':>8} {'dAUC':>8} {'max|dp|':>8} "
          f"{'mean|dp|':>9} {'flips':>10}")
    for spec in a.set or DEFAULT_SETS:
        name, files = spec.split("=", 1)
        rows = []
        for f in files.split(","):
            with open(os.path.join(ROOT, f) if not os.path.isabs(f) else f) as fh:
                rows += [json.loads(line) for line in fh if line.strip()]
        # Ids are unique per file, not across files: number them.
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as tmp:
            for i, r in enumerate(rows):
                tmp.write(json.dumps({"id": f"r{i}", "text": r["text"]}) + "\n")
        try:
            by = {p: score(a.bin, a.model, p, tmp.name) for p in ("f32", "int8")}
        finally:
            os.unlink(tmp.name)
        ids = [f"r{i}" for i in range(len(rows))]
        labels = [r.get(a.label_field) == "sufficient" for r in rows]
        p32 = [by["f32"][i]["score"] for i in ids]
        p8 = [by["int8"][i]["score"] for i in ids]
        dp = [abs(x - y) for x, y in zip(p32, p8)]
        flips = sum(by["f32"][i]["verdict"] != by["int8"][i]["verdict"] for i in ids)
        a32, a8 = auc(p32, labels), auc(p8, labels)
        share = flips / len(ids)
        bad = abs(a8 - a32) > 0.002 or share > 0.005
        failed |= bad
        print(f"{name:<14} {len(ids):>5} {a32:>8.4f} {a8:>8.4f} {a8 - a32:>+8.4f} {max(dp):>8.4f} "
              f"{sum(dp) / len(dp):>9.5f} {flips:>4} ({100 * share:.2f}%)" + ("  FAILS" if bad else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
