#!/usr/bin/env python3
"""Throughput of the Python API against the CLI on the same statements.

Loads N statements as scripts/compare_hf.py does (the `text` fields of JSONL files, cycled to
N; by default the real statements, then the written corpus), then in alternating rounds:
  - the CLI: `conferral score --statement --format jsonl --quiet FILE.jsonl`, as a whole
    process (start-up and model load included), as compare_hf.py times it;
  - Python: `Screener(statement=True)` built and `score(texts)` in a fresh interpreter, timed
    around both (load + score) and around `score` alone.
Both use their default workers (the cores this process may use). Prints statements/s per
round, the medians and the ratio, and the largest score difference.

    python3 scripts/py_throughput.py --bin target/release/conferral --python /tmp/venv/bin/python -n 1200 --rounds 5
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import conferral
s = conferral.Screener(statement=True)
t1 = time.perf_counter()
texts = [json.loads(l)["text"] for l in open(sys.argv[1]) if l.strip()]
t2 = time.perf_counter()
recs = s.score(texts)
t3 = time.perf_counter()
json.dump({"load_score_s": (t1 - t0) + (t3 - t2), "score_s": t3 - t2,
           "scores": [r["score"] for r in recs]}, sys.stdout)
"""


def load_texts(paths, n):
    texts = []
    for p in paths:
        with open(p) as f:
            for line in f:
                if line.strip():
                    texts.append(json.loads(line)["text"])
    return [texts[i % len(texts)] for i in range(n)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "conferral"))
    ap.add_argument("--python", default=sys.executable, help="interpreter with conferral installed")
    ap.add_argument("--data", nargs="+", default=[os.path.join(ROOT, "data", "real_statements.jsonl"),
                                                  os.path.join(ROOT, "data", "written.jsonl")])
    ap.add_argument("-n", type=int, default=1200)
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    texts = load_texts(a.data, a.n)
    tmp = tempfile.mkdtemp()
    path = os.path.join(tmp, "statements.jsonl")
    with open(path, "w") as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": str(i), "text": t}) + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONFERRAL_")}
    cli_r, py_r, py_score_r, diff = [], [], [], 0.0
    for r in range(a.rounds):
        t0 = time.perf_counter()
        out = subprocess.run([a.bin, "score", "--statement", "--format", "jsonl", "--quiet", path],
                             capture_output=True, text=True, env=env, check=True)
        cli_s = time.perf_counter() - t0
        cli_scores = [json.loads(l)["score"] for l in out.stdout.splitlines()]
        py = json.loads(subprocess.run([a.python, "-c", CHILD, path], capture_output=True,
                                       text=True, env=env, check=True).stdout)
        diff = max(diff, max(abs(x - y) for x, y in zip(cli_scores, py["scores"])))
        cli_r.append(a.n / cli_s)
        py_r.append(a.n / py["load_score_s"])
        py_score_r.append(a.n / py["score_s"])
        print(f"round {r + 1}: CLI {cli_r[-1]:.1f}/s, Python load+score {py_r[-1]:.1f}/s "
              f"(ratio {py_r[-1] / cli_r[-1]:.3f}), score only {py_score_r[-1]:.1f}/s", flush=True)
    ratios = [p / c for p, c in zip(py_r, cli_r)]
    print(f"median: CLI {statistics.median(cli_r):.1f} statements/s, Python {statistics.median(py_r):.1f} "
          f"(load + score), {statistics.median(py_score_r):.1f} (score only); "
          f"median ratio {statistics.median(ratios):.3f}; largest score difference {diff:.2e}")


if __name__ == "__main__":
    main()
