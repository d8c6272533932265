#!/usr/bin/env python3
"""Checks that a conferral model directory loads unchanged in Hugging Face transformers and
gives the same probabilities as `conferral score`.

Not part of CI (needs torch + transformers: pip install -r scripts/requirements-hf.txt).

    python3 scripts/hf_parity.py --model models/conferral-minilm --data data/real_statements.jsonl -n 50

Prints the largest absolute difference of the uncalibrated probability of `sufficient`
(HF softmax vs conferral's own) and of the calibrated score; exits 1 above --tol (1e-4).
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="models/conferral-minilm")
    ap.add_argument("--data", default="data/real_statements.jsonl")
    ap.add_argument("-n", type=int, default=50)
    ap.add_argument("--bin", default="target/release/conferral")
    ap.add_argument("--tol", type=float, default=1e-4)
    a = ap.parse_args()

    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    rows = [json.loads(l) for l in open(a.data) if l.strip()][: a.n]
    cfg = json.load(open(os.path.join(a.model, "config.json")))
    max_len = cfg.get("conferral_max_length", 256)
    cal = json.load(open(os.path.join(a.model, "calibration.json")))

    tok = AutoTokenizer.from_pretrained(a.model)
    # f16 weights are read into f32, as candle does: the check compares weights, not arithmetic.
    model = AutoModelForSequenceClassification.from_pretrained(a.model, dtype=torch.float32)
    model.eval()
    hf_raw = []
    with torch.no_grad():
        for r in rows:
            enc = tok(r["text"], truncation=True, max_length=max_len, return_tensors="pt")
            p = torch.softmax(model(**enc).logits[0], -1)[1].item()
            hf_raw.append(p)

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for r in rows:
            f.write(json.dumps({"id": r["id"], "text": r["text"]}) + "\n")
        path = f.name
    out = subprocess.run(
        # f32: parity is the f32 engine's property; int8 differs by design (README, Performance).
        [a.bin, "score", "--statement", "--format", "jsonl", "--quiet", "--precision", "f32",
         "--model", a.model, path],
        capture_output=True, text=True, check=True,
    ).stdout
    ours = [json.loads(l) for l in out.splitlines()]
    os.unlink(path)

    t = cal["temperature"]

    def calibrated(p):
        margin = math.log(p) - math.log1p(-p)
        return 1 / (1 + math.exp(-margin / t))

    d_cal = [abs(calibrated(h) - o["score"]) for h, o in zip(hf_raw, ours)]
    worst = max(range(len(rows)), key=lambda i: d_cal[i])
    print(f"statements: {len(rows)}")
    print(f"max |calibrated score difference|: {max(d_cal):.2e} (id {rows[worst]['id']})")
    print(f"mean |calibrated score difference|: {sum(d_cal) / len(d_cal):.2e}")
    sys.exit(0 if max(d_cal) <= a.tol else 1)


if __name__ == "__main__":
    main()
