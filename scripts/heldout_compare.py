#!/usr/bin/env python3
"""Compare scorers on the same labeled statements, with paired bootstrap intervals (not CI).

Two uses, both about whether a difference in AUC is more than the noise of a few dozen
real statements:

1. Held-out models. Score the labeled file with each model, then compare:
     conferral score --statement H.jsonl --format jsonl -q > a.jsonl
     conferral score --model runs/candA --statement H.jsonl --format jsonl -q > b.jsonl
     python3 scripts/heldout_compare.py --data H.jsonl --scores shipped=a.jsonl candA=b.jsonl
   Word count is always added as a reference scorer. Each score file must hold one record
   per input line, in input order (what `conferral score` writes).

2. Stacking over cross-validation. With --crossval DIR (the output of `conferral crossval`)
   and --scored FILE (`conferral score --statement` over the same real files, for the
   rule-based element spans), fits a logistic regression on the other folds' out-of-fold
   margins, log word count and element-span count, and reports the pooled out-of-fold AUC
   of each feature set. Needs numpy and scikit-learn (scripts/requirements-hf.txt plus
   scikit-learn); use 1 needs only the standard library.
"""
import argparse
import glob
import json
import math
import os
import random


def load(path):
    return [json.loads(line) for line in open(path) if line.strip()]


def auc(scores, labels):
    """Mann-Whitney AUC with ties counted half; None when a class is missing."""
    pairs = sorted(zip(scores, labels))
    pos = sum(labels)
    neg = len(labels) - pos
    if pos == 0 or neg == 0:
        return None
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        mid = (i + j + 1) / 2  # average 1-based rank of the tie group
        rank_sum += mid * sum(1 for k in range(i, j) if pairs[k][1])
        i = j
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def word_count(text):
    return len(text.split())


def heldout(args):
    rows = load(args.data)
    labels = [r["label"] == "sufficient" for r in rows]
    scorers = {}
    for spec in args.scores:
        name, path = spec.split("=", 1)
        recs = load(path)
        if len(recs) != len(rows):
            raise SystemExit(f"{path}: {len(recs)} records for {len(rows)} statements")
        for r, s in zip(rows, recs):
            if s.get("id") != r.get("id"):
                raise SystemExit(f"{path}: id {s.get('id')} where {r.get('id')} was expected")
        scorers[name] = [s["score"] if s.get("score") is not None else 0.0 for s in recs]
    scorers["word_count"] = [word_count(r["text"]) for r in rows]
    n_pos = sum(labels)
    print(f"{args.data}: {len(rows)} statements, {n_pos} sufficient")
    for name, s in scorers.items():
        print(f"  {name:>14} AUC {auc(s, labels):.3f}")
    names = list(scorers)
    first = names[0]
    rng = random.Random(args.seed)
    diffs = {n: [] for n in names[1:]}
    for _ in range(args.rounds):
        idx = [rng.randrange(len(rows)) for _ in rows]
        lab = [labels[i] for i in idx]
        a = auc([scorers[first][i] for i in idx], lab)
        if a is None:
            continue
        for n in names[1:]:
            diffs[n].append(a - auc([scorers[n][i] for i in idx], lab))
    for n, d in diffs.items():
        d.sort()
        lo, hi = d[int(0.025 * len(d))], d[int(0.975 * len(d)) - 1]
        share = sum(x <= 0 for x in d) / len(d)
        print(f"  {first} - {n}: 95% paired bootstrap interval [{lo:+.3f}, {hi:+.3f}], "
              f"share of resamples <= 0: {share:.2f} ({len(d)} resamples)")


def stacking(args):
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    oof = [r for f in sorted(glob.glob(os.path.join(args.crossval, "fold*.jsonl")))
           for r in load(f)]
    # An id may occur twice (two statements of one case); its occurrences keep file order
    # within a fold, so the k-th out-of-fold row of an id is its k-th statement.
    scored, texts, seen = {}, {}, {}
    for s in load(args.scored):
        scored.setdefault(s["id"], []).append(s)
    for path in args.real:
        for r in load(path):
            texts.setdefault(r["id"], []).append(r["text"])
    feats = {"margin": [], "log_words": [], "element_spans": [], "tfidf": [], "checklist": []}
    labels, folds = [], []
    for r in oof:
        k = seen.get(r["id"], 0)
        seen[r["id"]] = k + 1
        el = scored[r["id"]][k]["elements"]
        feats["margin"].append(r["margin"])
        feats["log_words"].append(math.log(word_count(texts[r["id"]][k])))
        feats["element_spans"].append(sum(1 for v in el.values() if v["spans"]))
        feats["tfidf"].append(r["tfidf"])
        feats["checklist"].append(r["checklist"])
        labels.append(r["label"] == "sufficient")
        folds.append(r["fold"])
    y, folds = np.array(labels), np.array(folds)
    print(f"{args.crossval}: {len(y)} out-of-fold predictions, {int(y.sum())} sufficient")
    for name, v in feats.items():
        print(f"  {name:>32} AUC {auc(v, labels):.3f}")
    sets = [["log_words", "element_spans"], ["margin", "log_words"],
            ["margin", "log_words", "element_spans"], ["margin", "element_spans"],
            ["tfidf", "log_words"]]
    for cols in sets:
        x = np.array([feats[c] for c in cols]).T
        p = np.zeros(len(y))
        for k in sorted(set(folds)):
            tr, te = folds != k, folds == k
            m = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
            p[te] = m.fit(x[tr], y[tr]).decision_function(x[te])
        print(f"  {'stack ' + '+'.join(cols):>32} AUC {auc(list(p), labels):.3f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="labeled JSONL scored by every --scores file")
    ap.add_argument("--scores", nargs="+", default=[], metavar="NAME=FILE")
    ap.add_argument("--crossval", help="a `conferral crossval --out` directory")
    ap.add_argument("--scored", help="`conferral score --statement` output over --real")
    ap.add_argument("--real", nargs="+", default=[], help="the crossval's --real files")
    ap.add_argument("--rounds", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    if args.crossval:
        stacking(args)
    elif args.data and args.scores:
        heldout(args)
    else:
        ap.error("give --data with --scores, or --crossval with --scored and --real")


if __name__ == "__main__":
    main()
