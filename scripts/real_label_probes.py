#!/usr/bin/env python3
"""Probes of how much signal the real statements' labels leave for a scorer (not part of CI).

Reports, on data/real_statements.jsonl (folds by source case, StratifiedGroupKFold, averaged
over 3 shuffles):
  - word count alone (no fitting);
  - the hand element annotations (data/real_elements.jsonl): their sum, and logistic
    regression on the six flags;
  - logistic regression on frozen base-encoder sentence features (CLS, pooler, mean), trained
    on the other folds, optionally with the first N generated statements.

Usage: python3 scripts/real_label_probes.py [--base base/all-MiniLM-L6-v2]
Needs: pip install -r scripts/requirements-hf.txt scikit-learn
"""
import argparse
import json

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold
from transformers import AutoModel, AutoTokenizer

ELEMENTS = ["participants", "when", "means", "dialogue", "issues", "outcome"]


def load(path):
    return [json.loads(line) for line in open(path) if line.strip()]


def features(base, texts, max_len=256):
    tok = AutoTokenizer.from_pretrained(base)
    model = AutoModel.from_pretrained(base).eval()
    out = {"cls": [], "pool": [], "mean": []}
    with torch.no_grad():
        for i in range(0, len(texts), 32):
            b = tok(texts[i:i + 32], padding=True, truncation=True, max_length=max_len,
                    return_tensors="pt")
            o = model(**b)
            h, m = o.last_hidden_state, b["attention_mask"].unsqueeze(-1).float()
            out["cls"].append(h[:, 0].numpy())
            out["pool"].append(o.pooler_output.numpy())
            out["mean"].append(((h * m).sum(1) / m.sum(1)).numpy())
    return {k: np.concatenate(v) for k, v in out.items()}


def cv_auc(x, y, groups, extra=None, c=10.0, real_weight=3.0):
    aucs = []
    for seed in range(3):
        oof = np.zeros(len(y))
        for tr, te in StratifiedGroupKFold(5, shuffle=True, random_state=seed).split(x, y, groups):
            xs, ys, w = x[tr], y[tr], np.full(len(tr), real_weight)
            if extra is not None:
                xs = np.vstack([xs, extra[0]])
                ys = np.concatenate([ys, extra[1]])
                w = np.concatenate([w, np.ones(len(extra[1]))])
            clf = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
            oof[te] = clf.fit(xs, ys, sample_weight=w).decision_function(x[te])
        aucs.append(roc_auc_score(y, oof))
    return float(np.mean(aucs))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", default="base/all-MiniLM-L6-v2")
    ap.add_argument("--synthetic", default="data/synthetic_train.jsonl")
    args = ap.parse_args()
    torch.set_num_threads(2)
    real = load("data/real_statements.jsonl")
    notes = load("data/real_elements.jsonl")
    y = np.array([r["label"] == "sufficient" for r in real])
    groups = [r["case"] for r in real]
    print(f"real statements: {len(real)} ({y.sum()} sufficient)")
    print(f"word count AUC: {roc_auc_score(y, [len(r['text'].split()) for r in real]):.3f}")
    flags = np.array([[n["elements"][e] for e in ELEMENTS] for n in notes], float)
    print(f"sum of annotated elements AUC: {roc_auc_score(y, flags.sum(1)):.3f}")
    print(f"LR on annotated elements, CV AUC: {cv_auc(flags, y, groups, c=1.0, real_weight=1.0):.3f}")
    synth = load(args.synthetic)
    fr = features(args.base, [r["text"] for r in real])
    fs = features(args.base, [r["text"] for r in synth])
    ys = np.array([r["label"] == "sufficient" for r in synth])
    norm = lambda a: a / np.linalg.norm(a, axis=1, keepdims=True)  # noqa: E731
    for kind in ["cls", "pool", "mean"]:
        for n in [0, 200, len(synth)]:
            extra = (norm(fs[kind][:n]), ys[:n]) if n else None
            print(f"frozen {kind:4} + LR, {n:4} generated added: CV AUC "
                  f"{cv_auc(norm(fr[kind]), y, groups, extra):.3f}")


if __name__ == "__main__":
    main()
