#!/usr/bin/env python3
"""Leave-one-writer-out figures of the locator's unit encoder on the locate corpus's train
writers: for each writer, a tagger (`conferral locate-train`) and an encoder
(`scripts/train_unit_encoder.py`'s functions) trained without the writer, and the writer's
motions located by the tagger alone and by the tagger with the encoder combined in each of
several ways (replace, lower only, average of logits; several bands). This is how the shipped
combination was chosen (models/locator/MODEL_CARD.md).

Training needs torch (one fold: about 25 s on an H200, far longer on 2 CPU cores);
--probs reuses encoder probabilities written by an earlier run (JSONL: writer, id, probs).

    cargo build --release
    python3 scripts/locate_encoder_cv.py --writers LW1 LW10 LW11 LW14 LW15 LW16 LW17 LW3 \\
        --out runs/locate-encoder-cv
"""
import argparse
import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "conferral"


def run(*args):
    return subprocess.run([str(BIN), *map(str, args)], check=True, capture_output=True, text=True).stdout


def logit(x):
    x = min(max(x, 1e-7), 1 - 1e-7)
    return math.log(x / (1 - x))


def combinations():
    for lo, hi in [(0.03, 0.97), (0.01, 0.99), (0.1, 0.97), (0.03, 0.9), (0.1, 0.9), (0.2, 0.97), (0.3, 0.97)]:
        def band(f, lo=lo, hi=hi):
            return lambda p, q: f(p, q) if lo <= p < hi else p
        yield f"replace [{lo}, {hi})", band(lambda p, q: q)
        yield f"lower only [{lo}, {hi})", band(min)
        yield f"logit average [{lo}, {hi})", band(lambda p, q: 1 / (1 + math.exp(-(logit(p) + logit(q)) / 2)))


def train_fold_probs(units_all, generated, writer, seed):
    """The encoder trained without `writer`; its probabilities for the writer's motions."""
    from types import SimpleNamespace

    import torch
    from tokenizers import Tokenizer

    sys.path.insert(0, str(ROOT / "scripts"))
    from train_unit_encoder import MAX_LEN, build, encode, predict, train, unit_inputs

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tok = Tokenizer.from_file(str(ROOT / "models/conferral-minilm/tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_LEN)
    texts, labels = [], []
    for m in [m for m in units_all if m["writer"] != writer] + generated:
        texts.extend(unit_inputs(m["units"]))
        labels.extend(1.0 if u["label"] else 0.0 for u in m["units"])
    a = SimpleNamespace(lr=5e-5, batch_size=32, epochs=3, positive_weight=1.0, seed=seed)
    net = build(ROOT / "models/conferral-minilm", 3, True, seed, device)
    train(net, encode(tok, texts), labels, a, device)
    return {m["id"]: predict(net, encode(tok, unit_inputs(m["units"])), device) if m["units"] else []
            for m in units_all if m["writer"] == writer}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--writers", nargs="+", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--probs", help="encoder probabilities from an earlier run, instead of training")
    ap.add_argument("--seed", type=int, default=17)
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    train = ROOT / "data/locate/train.jsonl"
    generated = ROOT / "data/locate/generated.jsonl"
    motions = [json.loads(l) for l in open(train, encoding="utf-8")]
    given = {}
    if a.probs:
        for line in open(a.probs, encoding="utf-8"):
            r = json.loads(line)
            given.setdefault(r["writer"], {})[r["id"]] = r["probs"]
    else:
        run("locate-eval", "--data", train, "--no-encoder", "--failures", 0, "--dump-units", out / "units_all.jsonl")
        run("locate-eval", "--data", generated, "--no-encoder", "--failures", 0, "--dump-units", out / "units_gen.jsonl")
        units_all = [json.loads(l) for l in open(out / "units_all.jsonl")]
        units_gen = [json.loads(l) for l in open(out / "units_gen.jsonl")]
    totals = {}
    for w in a.writers:
        (out / f"train_{w}.jsonl").write_text("".join(json.dumps(m) + "\n" for m in motions if m["writer"] != w))
        (out / f"test_{w}.jsonl").write_text("".join(json.dumps(m) + "\n" for m in motions if m["writer"] == w))
        run("locate-train", "--train", out / f"train_{w}.jsonl", generated, "--out", out / f"{w}.bin")
        run("locate-eval", "--data", out / f"test_{w}.jsonl", "--tagger", out / f"{w}.bin", "--no-encoder",
            "--failures", 0, "--dump-units", out / f"units_{w}.jsonl")
        enc = given.get(w) or train_fold_probs(units_all, units_gen, w, a.seed)
        units = [json.loads(l) for l in open(out / f"units_{w}.jsonl")]
        for name, f in [("tagger alone", lambda p, q: p), *combinations()]:
            rows = [{"id": m["id"], "probs": [f(u["p"], q) for u, q in zip(m["units"], enc[m["id"]])]}
                    for m in units]
            (out / "probs.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
            e = json.loads(run("locate-eval", "--data", out / f"test_{w}.jsonl", "--tagger", out / f"{w}.bin",
                               "--unit-probs", out / "probs.jsonl", "--failures", 0))
            t = totals.setdefault(name, [0, 0, 0, 0])
            for i, k in enumerate(["located", "statements", "recognised_none", "without_statement"]):
                t[i] += e[k]
        print(f"{w} done", file=sys.stderr)
    for name, (loc, st, rec, none) in totals.items():
        print(f"{name:28s} located {loc}/{st}  recognised {rec}/{none}  errors {st - loc + none - rec}")


if __name__ == "__main__":
    main()
