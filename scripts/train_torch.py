#!/usr/bin/env python3
"""The shipped training recipe (src/model/train.rs) ported to PyTorch, for a machine with a GPU.

On 2 CPU cores one training of the recipe takes about 40 minutes, so a 5-fold cross-validation
takes hours; on a GPU it takes seconds. This port follows the candle trainer step for step:
- the base encoder's tensors, missing ones (the heads) drawn from normal(0, 0.02) with zero
  biases; no dropout inside the encoder, dropout 0.1 on the pooled output only;
- weighted cross-entropy (balanced class weights, non-generated statements x3) plus 0.5 x
  the mean binary cross-entropy of the element head on statements with annotated elements;
- AdamW (betas 0.9/0.999, eps 1e-8, decoupled weight decay 0.01 on every tensor), 10% linear
  warm-up then linear decay, batches of 16 sorted by length within windows of 8 batches;
- fixed epochs, the last kept; f32 throughout (TF32 off).
It differs from candle in its random streams (shuffles, dropout masks, head initialisation)
and kernels, so its models are the recipe's siblings, not copies of the shipped weights.

Modes:
  train on --train, then write the margin (logit sufficient - logit insufficient) of every
  statement in --score;
  --plan FOLDS.jsonl (written by `conferral crossval --plan-only`): for each fold, train on
  --train plus the --real statements outside the fold and score the fold; the output reads
  back with `conferral crossval --margins-from`.

Usage:
  python3 scripts/train_torch.py --base base/all-MiniLM-L6-v2 \\
    --train data/written_train.jsonl data/real_train.jsonl runs/synthetic_300.jsonl \\
    --score data/written_dev.jsonl --out runs/torch/margins.jsonl
  python3 scripts/train_torch.py --base base/all-MiniLM-L6-v2 \\
    --train data/written_train.jsonl runs/synthetic_300.jsonl \\
    --real data/real_train.jsonl data/real_dev.jsonl data/real_extra.jsonl data/real_more.jsonl \\
    --plan runs/cv-plan/folds.jsonl --out runs/cv-plan/oof.jsonl
"""

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import torch
from safetensors.torch import load_file
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from heldout_compare import auc as mann_whitney_auc  # noqa: E402

ELEMENTS = ["participants", "when", "means", "dialogue", "issues", "outcome"]


def read_jsonl(paths):
    out = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            for i, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    out.append(json.loads(line))
                except json.JSONDecodeError as e:
                    sys.exit(f"{p}:{i}: not a labeled record ({e})")
    return out


def elements_of(rec):
    """Element flags in ELEMENTS order, or None (as `Example::elements`)."""
    v = rec.get("elements")
    if isinstance(v, dict):
        if not all(isinstance(v.get(k), bool) for k in ELEMENTS):
            return None
        return [1.0 if v[k] else 0.0 for k in ELEMENTS]
    if isinstance(v, list):
        return [1.0 if k in v else 0.0 for k in ELEMENTS]
    return None


class Net(torch.nn.Module):
    """BERT encoder and pooler with the class and element heads, as `net::Classifier`."""

    def __init__(self, cfg):
        super().__init__()
        self.bert = BertModel(cfg, add_pooling_layer=True)
        self.classifier = torch.nn.Linear(cfg.hidden_size, 2)
        self.conferral_elements = torch.nn.Linear(cfg.hidden_size, len(ELEMENTS))

    def forward(self, ids, mask, dropout=None):
        pooled = self.bert(input_ids=ids, attention_mask=mask).pooler_output
        if dropout is not None:
            pooled = pooled * dropout
        return self.classifier(pooled), self.conferral_elements(pooled)


def build(base: Path, seed: int, device):
    raw = json.loads((base / "config.json").read_text())
    # No dropout inside the encoder: the candle trainer has none there.
    raw.update(hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    cfg = BertConfig(**{k: v for k, v in raw.items() if not k.startswith("_")})
    cfg._attn_implementation = "eager"
    net = Net(cfg)
    tensors = {k: v.float() for k, v in load_file(str(base / "model.safetensors")).items()}
    gen = torch.Generator().manual_seed(seed ^ 0x5EED)
    fresh = []
    with torch.no_grad():
        for name, p in sorted(net.named_parameters()):
            t = tensors.get(name)
            if t is None and name.startswith("bert."):
                t = tensors.get(name[len("bert."):])
            if t is not None:
                p.copy_(t)
                continue
            fresh.append(name)
            if name.endswith(".bias"):
                p.zero_()
            elif name.endswith("LayerNorm.weight"):
                p.fill_(1.0)
            else:
                p.copy_(torch.randn(p.shape, generator=gen) * 0.02)
    print(f"  initialised (not in the base): {', '.join(fresh)}", file=sys.stderr)
    return net.to(device)


def encode(tok, recs):
    return [e.ids for e in tok.encode_batch([r["text"] for r in recs])]


def pad(seqs, device):
    n = max(1, max(len(s) for s in seqs))
    ids = torch.zeros((len(seqs), n), dtype=torch.long)
    mask = torch.zeros((len(seqs), n), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
        mask[i, : len(s)] = 1
    return ids.to(device), mask.to(device)


def batches(lengths, batch, rng):
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    out = []
    for w in range(0, len(idx), batch * 8):
        window = sorted(idx[w : w + batch * 8], key=lambda i: lengths[i])
        out.extend(window[j : j + batch] for j in range(0, len(window), batch))
    rng.shuffle(out)
    return out


def lr_at(step, total, a):
    warm = max(total * a.warmup, 1.0)
    if step < warm:
        return a.lr * (step + 1) / warm
    return a.lr * max((total - step) / max(total - warm, 1.0), 0.0)


def train(recs, tok, a, seed, device):
    torch.manual_seed(seed)
    rng = random.Random(seed)
    net = build(Path(a.base), seed, device)
    ids = encode(tok, recs)
    labels = [1 if r["label"] == "sufficient" else 0 for r in recs]
    n, pos = len(recs), sum(labels)
    class_w = [n / (2 * max(n - pos, 1)), n / (2 * max(pos, 1))]
    weights = [
        class_w[y] * (1.0 if r.get("label_source") == "synthetic" else a.real_weight)
        for r, y in zip(recs, labels)
    ]
    elements = [elements_of(r) for r in recs]
    steps = math.ceil(n / a.batch_size)
    total = steps * a.epochs
    opt = torch.optim.AdamW(
        net.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=a.weight_decay
    )
    lengths = [len(s) for s in ids]
    step = 0
    net.train()
    for epoch in range(a.epochs):
        losses = []
        for b in batches(lengths, a.batch_size, rng):
            for g in opt.param_groups:
                g["lr"] = lr_at(step, total, a)
            x, m = pad([ids[i] for i in b], device)
            keep = 1.0 / (1.0 - a.dropout)
            drop = (torch.rand((len(b), net.classifier.in_features), device=device) >= a.dropout)
            logits, el = net(x, m, drop.float() * keep if a.dropout > 0 else None)
            y = torch.tensor([labels[i] for i in b], device=device)
            w = torch.tensor([weights[i] for i in b], device=device)
            logp = torch.log_softmax(logits, -1).gather(1, y[:, None]).squeeze(1)
            loss = -(logp * w).sum() / w.sum()
            rows = [k for k, i in enumerate(b) if elements[i] is not None]
            if rows and a.element_weight > 0:
                t = torch.tensor([elements[b[k]] for k in rows], device=device)
                bce = torch.nn.functional.binary_cross_entropy_with_logits(el[rows], t)
                loss = loss + a.element_weight * bce
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            losses.append(loss.item())
            step += 1
        print(f"  epoch {epoch + 1}: train loss {sum(losses) / len(losses):.4f}", file=sys.stderr)
    return net


@torch.no_grad()
def margins(net, tok, recs, device, batch=64):
    net.eval()
    ids = encode(tok, recs)
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = [0.0] * len(ids)
    for j in range(0, len(order), batch):
        chunk = order[j : j + batch]
        x, m = pad([ids[i] for i in chunk], device)
        logits, _ = net(x, m)
        for i, v in zip(chunk, (logits[:, 1] - logits[:, 0]).tolist()):
            out[i] = v
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True)
    ap.add_argument("--train", nargs="+", required=True, help="always in training")
    ap.add_argument("--score", nargs="*", default=[], help="score these after training")
    ap.add_argument("--real", nargs="*", default=[], help="statements the fold plan splits")
    ap.add_argument("--plan", help="folds.jsonl from `conferral crossval --plan-only`")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--max-len", type=int, default=256)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--warmup", type=float, default=0.1)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--real-weight", type=float, default=3.0)
    ap.add_argument("--element-weight", type=float, default=0.5)
    ap.add_argument("--limit", type=int, help="first N training statements only (smoke tests)")
    a = ap.parse_args()

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tok = Tokenizer.from_file(str(Path(a.base) / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(a.max_len)
    fixed = read_jsonl(a.train)[: a.limit]
    rows = []
    started = time.time()
    if a.plan:
        real = read_jsonl(a.real)
        # A few real statements share an id: (id, occurrence) names a record, as in the plan.
        seen = {}
        for r in real:
            seen[r["id"]] = seen.get(r["id"], 0) + 1
            r["_key"] = (r["id"], seen[r["id"]])
        fold_of = {(r["id"], r.get("occurrence", 1)): r["fold"] for r in read_jsonl([a.plan])}
        missing = [r["_key"] for r in real if r["_key"] not in fold_of]
        if missing:
            sys.exit(f"{a.plan}: no fold for {missing[:3]}")
        for k in sorted(set(fold_of.values())):
            test = [r for r in real if fold_of[r["_key"]] == k]
            train_k = [r for r in real if fold_of[r["_key"]] != k] + fixed
            print(f"fold {k}: train {len(train_k)}, test {len(test)}", file=sys.stderr)
            net = train(train_k, tok, a, a.seed, device)
            for r, m in zip(test, margins(net, tok, test, device)):
                rows.append({"id": r["id"], "occurrence": r["_key"][1], "fold": k, "margin": m})
    else:
        net = train(fixed, tok, a, a.seed, device)
        for path in a.score:
            recs = read_jsonl([path])
            ms = margins(net, tok, recs, device)
            for r, m in zip(recs, ms):
                rows.append({"id": r["id"], "file": path, "label": r["label"], "margin": m})
            for field in ("label", "court_label"):
                if all(field in r for r in recs):
                    auc = mann_whitney_auc(ms, [r[field] == "sufficient" for r in recs])
                    shown = "undefined (one class)" if auc is None else f"{auc:.4f}"
                    print(f"{path}: AUC against {field} {shown} ({len(recs)})", file=sys.stderr)
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    with open(a.out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    print(f"wrote {len(rows)} margins to {a.out} in {time.time() - started:.0f}s on {device}", file=sys.stderr)


if __name__ == "__main__":
    main()
