#!/usr/bin/env python3
"""Per-element F1 of the element head, the rules, and either of them, against annotated
elements: which evidence the decider should trust for each element.

    python3 scripts/element_sources.py --model models/conferral-minilm --data data/written_dev.jsonl

Scores the statements with `conferral score --statement` and reads each record's `elements`
(`p` from the head, `spans` from the rules).
"""
import argparse
import json
import subprocess

ELEMENTS = ["participants", "when", "means", "dialogue", "issues", "outcome"]


def f1(pred, gold):
    tp = sum(p and g for p, g in zip(pred, gold))
    fp = sum(p and not g for p, g in zip(pred, gold))
    fn = sum(g and not p for p, g in zip(pred, gold))
    return 2 * tp / max(1, 2 * tp + fp + fn), tp / max(1, tp + fp), tp / max(1, tp + fn)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", nargs="+", required=True)
    ap.add_argument("--bin", default="target/release/conferral")
    a = ap.parse_args()
    rows = [json.loads(l) for f in a.data for l in open(f) if l.strip()]
    rows = [r for r in rows if isinstance(r.get("elements"), dict)]
    out = subprocess.run(
        [a.bin, "score", "--statement", "--format", "jsonl", "--quiet", "--precision", "f32",
         "--model", a.model, "-"],
        input="".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows),
        capture_output=True, text=True, check=True,
    ).stdout
    recs = [json.loads(l) for l in out.splitlines()]
    assert len(recs) == len(rows)
    print(f"{len(rows)} statements; F1 (precision, recall) against the annotated elements")
    print("| element | head | rules | either |")
    print("|---|---|---|---|")
    for e in ELEMENTS:
        gold = [r["elements"][e] for r in rows]
        head = [x["elements"][e]["p"] >= 0.5 for x in recs]
        rule = [bool(x["elements"][e]["spans"]) for x in recs]
        either = [h or r for h, r in zip(head, rule)]
        cell = lambda p: "%.3f (%.2f, %.2f)" % f1(p, gold)
        print(f"| {e} | {cell(head)} | {cell(rule)} | {cell(either)} |")


if __name__ == "__main__":
    main()
