#!/usr/bin/env python3
"""A second-stage sentence scorer for the locator: a small encoder fine-tuned to say whether a
sentence unit, read with its neighbours, lies in a conferral statement.

Input per unit (the same in Rust, `find::locate::encoder`): whitespace collapsed, then
"UNIT [SEP] last 200 chars of the previous unit [SEP] first 200 chars of the next unit",
tokenized with the classifier's tokenizer, truncated to 128 tokens. The encoder is the first
--layers layers of the shipped classifier (models/conferral-minilm) with its embeddings frozen,
so that at run time the locator shares the classifier's embedding tables and ships only the
layers (their linear weights as int8, see `storable`), the pooler and a one-logit head.

Training data: `conferral locate-eval --data data/locate/train.jsonl data/locate/generated.jsonl
--dump-units units_train.jsonl` (every unit with its gold label). Writes the weights
(f16 safetensors, embeddings left out) and, for each --predict dump, every unit's probability
(JSONL per motion: id, probs), which `conferral locate-eval --unit-probs` reads.

Usage:
  python3 scripts/train_unit_encoder.py --model models/conferral-minilm --train units_train.jsonl \\
    --predict units_dev.jsonl units_test.jsonl --out runs/unit-encoder
"""

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from tokenizers import Tokenizer
from transformers import BertConfig, BertModel

# Padding and reading JSON Lines, as the classifier's trainer port does them.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from train_torch import pad, read_jsonl  # noqa: E402

CONTEXT_CHARS = 200
MAX_LEN = 128


def collapse(s):
    return " ".join(s.split())


def unit_inputs(units):
    """The encoder's text for each unit of one motion."""
    texts = [collapse(u["text"]) for u in units]
    out = []
    for i, t in enumerate(texts):
        prev = texts[i - 1][-CONTEXT_CHARS:] if i > 0 else ""
        nxt = texts[i + 1][:CONTEXT_CHARS] if i + 1 < len(texts) else ""
        out.append(f"{t} [SEP] {prev} [SEP] {nxt}")
    return out


class Net(torch.nn.Module):
    def __init__(self, cfg):
        super().__init__()
        self.bert = BertModel(cfg, add_pooling_layer=True)
        self.head = torch.nn.Linear(cfg.hidden_size, 1)

    def forward(self, ids, mask):
        return self.head(self.bert(input_ids=ids, attention_mask=mask).pooler_output).squeeze(-1)


def build(model_dir: Path, layers: int, freeze_embeddings: bool, seed: int, device):
    raw = json.loads((model_dir / "config.json").read_text())
    keep = {k: raw[k] for k in ("vocab_size", "hidden_size", "num_attention_heads",
                               "intermediate_size", "max_position_embeddings",
                               "type_vocab_size", "layer_norm_eps", "hidden_act")}
    cfg = BertConfig(**keep, num_hidden_layers=layers, hidden_dropout_prob=0.1,
                     attention_probs_dropout_prob=0.1)
    net = Net(cfg)
    tensors = {k: v.float() for k, v in load_file(str(model_dir / "model.safetensors")).items()}
    torch.manual_seed(seed)
    with torch.no_grad():
        for name, p in net.named_parameters():
            if name.startswith("bert."):
                p.copy_(tensors[name])
            elif name.endswith("bias"):
                p.zero_()
            else:
                p.normal_(0.0, 0.02)
    if freeze_embeddings:
        for p in net.bert.embeddings.parameters():
            p.requires_grad_(False)
    return net.to(device)


# The encoder layers' six linear weights per layer, which the int8 path quantizes at load.
DENSE = ("attention.self.query.weight", "attention.self.key.weight", "attention.self.value.weight",
         "attention.output.dense.weight", "intermediate.dense.weight", "output.dense.weight")


def storable(state):
    """The weights to ship, embeddings left out: the encoder layers' linear weights as int8
    per output channel (u8 = q + 128, with `NAME_scale`), everything else f16.

    The quantization is the one `src/model/int8.rs` applies at load (scale max|row|/127, round
    half away from zero), on the f16-rounded weights, so the int8 path rebuilds exactly these
    integers and the file is half the size of f16."""
    out = {}
    for k, v in state.items():
        if k.startswith("bert.embeddings."):
            continue
        w = v.detach().to("cpu", torch.float16).float()
        if k.startswith("bert.encoder.layer.") and k.endswith(DENSE):
            mx = w.abs().amax(dim=1)
            inv = torch.where(mx > 0, torch.tensor(127.0) / mx, torch.zeros_like(mx))
            x = w * inv[:, None]
            q = (torch.sign(x) * torch.floor(x.abs() + 0.5)).clamp(-127, 127)
            out[k] = (q + 128).to(torch.uint8).contiguous()
            out[k + "_scale"] = (mx / 127.0).contiguous()
        else:
            out[k] = w.half().contiguous()
    return out


def encode(tok, texts):
    return [e.ids for e in tok.encode_batch(texts)]


def train(net, ids, labels, a, device):
    rng = random.Random(a.seed)
    params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=0.01)
    steps = math.ceil(len(ids) / a.batch_size) * a.epochs
    warm = max(1, int(steps * 0.1))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (steps - s) / max(1, steps - warm)))
    pos_w = torch.tensor(a.positive_weight, device=device)
    net.train()
    for epoch in range(a.epochs):
        order = list(range(len(ids)))
        rng.shuffle(order)
        # Similar lengths together within windows, batches in random order.
        batches = []
        for w in range(0, len(order), a.batch_size * 16):
            win = sorted(order[w : w + a.batch_size * 16], key=lambda i: len(ids[i]))
            batches.extend(win[j : j + a.batch_size] for j in range(0, len(win), a.batch_size))
        rng.shuffle(batches)
        total = 0.0
        for b in batches:
            x, m = pad([ids[i] for i in b], device)
            y = torch.tensor([labels[i] for i in b], dtype=torch.float32, device=device)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(net(x, m), y, pos_weight=pos_w)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item()
        print(f"  epoch {epoch + 1}: loss {total / len(batches):.4f}", file=sys.stderr)


@torch.no_grad()
def predict(net, ids, device, batch=256):
    net.eval()
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out = [0.0] * len(ids)
    for j in range(0, len(order), batch):
        chunk = order[j : j + batch]
        x, m = pad([ids[i] for i in chunk], device)
        for i, v in zip(chunk, torch.sigmoid(net(x, m)).tolist()):
            out[i] = v
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="the classifier's directory (embeddings, first layers)")
    ap.add_argument("--train", nargs="+", required=True)
    ap.add_argument("--predict", nargs="*", default=[])
    ap.add_argument("--out", required=True)
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--train-embeddings", action="store_true", help="fine-tune the embeddings too")
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=5e-5)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--positive-weight", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--tag", default="", help="suffix of the output files")
    a = ap.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.backends.cuda.matmul.allow_tf32 = False
    model_dir = Path(a.model)
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MAX_LEN)
    started = time.time()
    motions = read_jsonl(a.train)
    texts, labels = [], []
    for m in motions:
        texts.extend(unit_inputs(m["units"]))
        labels.extend(1.0 if u["label"] else 0.0 for u in m["units"])
    print(f"training on {len(motions)} motions, {len(texts)} units, {int(sum(labels))} in statements",
          file=sys.stderr)
    net = build(model_dir, a.layers, not a.train_embeddings, a.seed, device)
    train(net, encode(tok, texts), labels, a, device)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    if not a.train_embeddings:
        save_file(storable(net.state_dict()), str(out / f"unit_encoder{a.tag}.safetensors"),
                  metadata={"layers": str(a.layers), "max_len": str(MAX_LEN),
                            "context_chars": str(CONTEXT_CHARS)})
    for path in a.predict:
        rows = []
        for m in read_jsonl([path]):
            probs = predict(net, encode(tok, unit_inputs(m["units"])), device) if m["units"] else []
            rows.append({"id": m["id"], "probs": probs})
        name = Path(path).stem + a.tag + ".probs.jsonl"
        with open(out / name, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in rows)
    print(f"done in {time.time() - started:.0f}s on {device}", file=sys.stderr)


if __name__ == "__main__":
    main()
