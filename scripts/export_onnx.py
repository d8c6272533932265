#!/usr/bin/env python3
"""Exports a conferral model directory to ONNX for the optional ONNX Runtime engine
(`cargo build --release --features onnx`, `conferral::engine_onnx::OnnxEngine`).

Not part of CI and not needed for the default build (needs torch, transformers, onnx and
onnxruntime: pip install -r scripts/requirements-onnx.txt).

    python3 scripts/export_onnx.py --model models/conferral-minilm
    python3 scripts/export_onnx.py --model models/conferral-minilm --check-only
    python3 scripts/export_onnx.py --model DIR --optimize fusion --out /tmp/fused.onnx --bench

Writes DIR/model.onnx (about 90 MB; git-ignored, regenerate it with this script) with

    inputs   input_ids       int64 [batch, seq]   token ids, padded with 0
             attention_mask  int64 [batch, seq]   1 for real tokens, 0 for padding
    outputs  classes         float [batch, 2]     logits (insufficient, sufficient)
             elements        float [batch, 6]     element logits, in config.json's
                                                  `conferral_elements` order

the same raw outputs as the candle model (`model::Classifier`): both heads read BERT's pooled
output (tanh of the pooler's dense layer over the [CLS] state). token_type_ids are always 0
in conferral, so they are baked into the graph rather than being an input.

`--optimize` (default `session`): `session` saves the plain export and leaves all optimisation
to ONNX Runtime's graph optimiser when the engine loads it (the Rust engine always loads with
level "all"); `fusion` first runs onnxruntime.transformers' BERT optimizer (model_type bert,
12 heads, hidden 384: fused Attention, EmbedLayerNormalization, SkipLayerNormalization and
BiasGelu) and saves the fused graph. On the 2-core EPYC dev VM (ONNX Runtime 1.32, 500 real
statements sorted into batches of 32, two single-thread sessions, examples/onnx_speed.rs) the
plain export ran 104 docs/s, the fused graph 95 and the fused graph without attention fusion
97, so `session` is the default. `--bench` times both here (Python, one session).

Then it checks the saved graph: ONNX Runtime probabilities (softmax over `classes`, and the
sigmoid of `elements`) against Hugging Face transformers on the first `-n` (50) statements of
`--data`, each alone and again in padded batches of 8, and prints the largest absolute
difference; exits 1 above `--tol` (1e-4).
"""
import argparse
import json
import os
import sys
import tempfile
import time


def load_hf(model_dir):
    """The HF classifier plus the extra element head (which HF ignores when loading)."""
    import torch
    from safetensors import safe_open
    from transformers import AutoModelForSequenceClassification
    from transformers.utils import logging

    # It reports conferral_elements.* as unexpected: that head is loaded just below.
    logging.set_verbosity_error()
    # f32 whatever the stored dtype (transformers 5 would keep f16 weights as f16).
    hf = AutoModelForSequenceClassification.from_pretrained(
        model_dir, attn_implementation="eager", dtype=torch.float32
    )
    hf.eval()
    with safe_open(os.path.join(model_dir, "model.safetensors"), "pt") as f:
        w = f.get_tensor("conferral_elements.weight")
        b = f.get_tensor("conferral_elements.bias")
    elements = torch.nn.Linear(w.shape[1], w.shape[0])
    with torch.no_grad():
        elements.weight.copy_(w)
        elements.bias.copy_(b)
    elements.eval()
    return hf, elements


def wrapper(hf, elements):
    import torch

    class Conferral(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.bert = hf.bert
            self.classifier = hf.classifier
            self.elements = elements

        def forward(self, input_ids, attention_mask):
            out = self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            )
            pooled = out.pooler_output
            return self.classifier(pooled), self.elements(pooled)

    m = Conferral()
    m.eval()
    return m


def export_plain(model_dir, path, opset):
    import torch

    hf, elements = load_hf(model_dir)
    m = wrapper(hf, elements)
    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102], [101, 2023, 102, 0, 0, 0]])
    mask = (ids != 0).long()
    with torch.no_grad():
        torch.onnx.export(
            m,
            (ids, mask),
            path,
            input_names=["input_ids", "attention_mask"],
            output_names=["classes", "elements"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "seq"},
                "attention_mask": {0: "batch", 1: "seq"},
                "classes": {0: "batch"},
                "elements": {0: "batch"},
            },
            opset_version=opset,
            do_constant_folding=True,
            dynamo=False,
        )


def fuse(plain, out, cfg):
    from onnxruntime.transformers import optimizer

    opt = optimizer.optimize_model(
        plain,
        model_type="bert",
        num_heads=cfg["num_attention_heads"],
        hidden_size=cfg["hidden_size"],
        opt_level=0,  # fusions only; the session applies the graph optimiser at load
        use_gpu=False,
    )
    print(f"fused operators: {opt.get_fused_operator_statistics()}", file=sys.stderr)
    opt.save_model_to_file(out)


def session(path, threads=0):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads:
        so.intra_op_num_threads = threads
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def pad(seqs):
    import numpy as np

    n = max(len(s) for s in seqs)
    ids = np.zeros((len(seqs), n), dtype=np.int64)
    mask = np.zeros((len(seqs), n), dtype=np.int64)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = s
        mask[i, : len(s)] = 1
    return ids, mask


def encode(model_dir, texts, max_len):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(model_dir)
    return [tok(t, truncation=True, max_length=max_len)["input_ids"] for t in texts]


def check(model_dir, path, rows, max_len, tol):
    """Max |probability difference| ORT vs HF (alone and in padded batches of 8)."""
    import numpy as np
    import torch

    hf, elements = load_hf(model_dir)
    seqs = encode(model_dir, [r["text"] for r in rows], max_len)
    ref_p, ref_e = [], []
    with torch.no_grad():
        for s in seqs:
            ids = torch.tensor([s])
            pooled = hf.bert(input_ids=ids, attention_mask=torch.ones_like(ids)).pooler_output
            ref_p.append(torch.softmax(hf.classifier(pooled)[0], -1)[1].item())
            ref_e.append(torch.sigmoid(elements(pooled)[0]).numpy())
    ref_p, ref_e = np.array(ref_p), np.array(ref_e)

    sess = session(path)

    def probs(batch):
        ids, mask = pad(batch)
        c, e = sess.run(["classes", "elements"], {"input_ids": ids, "attention_mask": mask})
        c = c.astype(np.float64)
        p = np.exp(c[:, 1]) / np.exp(c).sum(1)
        return p, 1 / (1 + np.exp(-e.astype(np.float64)))

    worst = {}
    for name, size in (("alone", 1), ("batches of 8, padded", 8)):
        ps, es = [], []
        for i in range(0, len(seqs), size):
            p, e = probs(seqs[i : i + size])
            ps.append(p)
            es.append(e)
        dp = np.abs(np.concatenate(ps) - ref_p)
        de = np.abs(np.concatenate(es) - ref_e)
        worst[name] = (dp.max(), de.max())
        print(
            f"ORT vs HF, {len(seqs)} statements {name}: max |P(sufficient) diff| {dp.max():.2e} "
            f"(id {rows[int(dp.argmax())]['id']}), max |element p diff| {de.max():.2e}"
        )
    m = max(max(v) for v in worst.values())
    print(f"max difference overall: {m:.2e} (tolerance {tol:.0e})")
    return m <= tol


def bench(paths, seqs, rounds=5, batch=32):
    """docs/s of each graph: one session each (default threads), sorted batches of `batch`,
    rounds interleaved across the graphs so that load from other processes hits all alike."""
    import statistics

    order = sorted(seqs, key=len)
    batches = [pad(order[i : i + batch]) for i in range(0, len(order), batch)]
    sessions = [(name, session(path)) for name, path in paths]
    rates = {name: [] for name, _ in sessions}
    for _, sess in sessions:
        sess.run(None, {"input_ids": batches[0][0], "attention_mask": batches[0][1]})
    for _ in range(rounds):
        for name, sess in sessions:
            t = time.perf_counter()
            for ids, mask in batches:
                sess.run(None, {"input_ids": ids, "attention_mask": mask})
            rates[name].append(len(order) / (time.perf_counter() - t))
    for name, r in rates.items():
        print(f"bench {name}: median {statistics.median(r):.1f} docs/s over {rounds} rounds "
              f"({', '.join(f'{x:.1f}' for x in r)})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="models/conferral-minilm")
    ap.add_argument("--out", help="default: MODEL/model.onnx")
    ap.add_argument("--optimize", choices=["session", "fusion"], default="session",
                    help="session: plain export, optimised by ONNX Runtime at load (faster "
                         "here); fusion: onnxruntime.transformers BERT fusions first")
    ap.add_argument("--opset", type=int, default=17)
    ap.add_argument("--data", default="data/real_statements.jsonl")
    ap.add_argument("-n", type=int, default=50, help="statements to check")
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--check-only", action="store_true", help="check an existing --out")
    ap.add_argument("--bench", action="store_true",
                    help="also time the plain and the fused graph on the -n statements x 10")
    a = ap.parse_args()

    out = a.out or os.path.join(a.model, "model.onnx")
    cfg = json.load(open(os.path.join(a.model, "config.json")))
    max_len = min(cfg.get("conferral_max_length") or 256, cfg["max_position_embeddings"])
    rows = [json.loads(l) for l in open(a.data) if l.strip()][: a.n]

    if not a.check_only:
        # Work next to the output, so that the final rename is atomic.
        with tempfile.TemporaryDirectory(dir=os.path.dirname(os.path.abspath(out))) as tmp:
            plain = os.path.join(tmp, "plain.onnx")
            export_plain(a.model, plain, a.opset)
            fused = os.path.join(tmp, "fused.onnx")
            if a.optimize == "fusion" or a.bench:
                fuse(plain, fused, cfg)
            if a.bench:
                seqs = encode(a.model, [r["text"] for r in rows], max_len) * 10
                bench([("plain export + session optimiser", plain),
                       ("fused (transformers optimizer) + session optimiser", fused)], seqs)
            src = fused if a.optimize == "fusion" else plain
            os.replace(src, out)
        print(f"wrote {out} ({os.path.getsize(out) / 1e6:.1f} MB, optimize={a.optimize})")
    sys.exit(0 if check(a.model, out, rows, max_len, a.tol) else 1)


if __name__ == "__main__":
    main()
