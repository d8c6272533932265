#!/usr/bin/env python3
"""Assembles the written corpus and the rubric labels from the writers' and annotators' files.

Inputs (outside the repository, made by independent helper sessions, see data/DATASHEET.md):
  WRITTEN/W*.jsonl        one file per writer: text, intent, intent_elements, brief, ...
  ANNOT/out/*_X.jsonl     one file per annotator and batch: key, label, confidence, elements
  KEYS/*.json             batch key -> statement id (annotators never saw these)

Outputs (in data/):
  written.jsonl           every kept written statement with its writer's intent and, where
                          annotated, the rubric label (majority of the annotators)
  written_train.jsonl, written_dev.jsonl   split by writer brief (dev briefs in dev_briefs)
  annotation_agreement.json   Cohen's kappa per annotator pair and source, intent agreement
  real_rubric.jsonl       rubric labels and elements for every real statement (by file, line)
  real_*.jsonl            updated in place: `label` = rubric label, `court_label` = the ruling

Near duplicates: two statements whose 8-word shingle sets overlap by Jaccard >= 0.5 are
near duplicates; the later one is dropped unless the two are a deliberate twin pair
(`pair_of`), which differ by a minimal edit on purpose.
"""
import argparse
import collections
import json
import re
from pathlib import Path

ELEMENTS = ["participants", "when", "means", "dialogue", "issues", "outcome"]


def shingles(text, n=8):
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}


def jaccard(a, b):
    return len(a & b) / max(1, len(a | b))


def kappa(x, y):
    n = len(x)
    if n == 0:
        return None, None
    po = sum(a == b for a, b in zip(x, y)) / n
    cats = set(x) | set(y)
    pe = sum((x.count(c) / n) * (y.count(c) / n) for c in cats)
    return po, (po - pe) / (1 - pe) if pe < 1 else 1.0


def read_jsonl(p):
    return [json.loads(l) for l in open(p) if l.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--written", default="/work/scratch/written")
    ap.add_argument("--annot", default="/work/scratch/annot/out")
    ap.add_argument("--keys", default="/work/scratch/keys")
    ap.add_argument("--data", default="data")
    a = ap.parse_args()
    data = Path(a.data)
    keys = Path(a.keys)

    # --- written statements, near-duplicate removal
    recs = []
    for f in sorted(Path(a.written).glob("W*.jsonl")):
        recs.extend(read_jsonl(f))
    kept, dropped, sh = [], [], []
    for r in recs:
        s = shingles(r["text"])
        twins = {r["id"], r.get("pair_of")}
        dup = next(
            (k for k, (kr, ks) in enumerate(zip(kept, sh))
             if kr["id"] not in twins and kr.get("pair_of") != r["id"] and jaccard(s, ks) >= 0.5),
            None,
        )
        if dup is None:
            kept.append(r)
            sh.append(s)
        else:
            dropped.append((r["id"], kept[dup]["id"]))
    # overlap with real statements (writers were told never to copy any)
    real_files = ["real_statements", "real_extra", "real_more"]
    real = [(f, r) for f in real_files for r in read_jsonl(data / f"{f}.jsonl")]
    real_sh = [shingles(r["text"]) for _, r in real]
    copied = [
        (r["id"], rr["id"])
        for r, s in zip(kept, sh)
        for (_, rr), rs in zip(real, real_sh)
        if jaccard(s, rs) >= 0.3
    ]

    # --- annotations: batch -> key -> statement id
    key_of = {}
    for kf in keys.glob("*.json"):
        if kf.name == "real_keys.json":
            for k in json.load(open(kf)):
                key_of[k["key"]] = ("real", k["id"], k["file"], k["line"])
        elif kf.name != "dev_briefs.json":
            for k, sid in json.load(open(kf)).items():
                key_of[k] = ("written", sid, None, None)
    labels = collections.defaultdict(dict)  # (source, id, file, line) -> annotator -> label rec
    adjudicators = set()  # a file WHO_BATCH.jsonl whose batch contains "adj" is a third opinion
    for f in sorted(Path(a.annot).glob("*.jsonl")):
        who, batch = f.stem.split("_", 1)
        if "adj" in batch:
            adjudicators.add(who)
        for l in read_jsonl(f):
            labels[key_of[l["key"]]][who] = l

    # Pairs of annotators who labelled the same statements, per source.
    pairs = collections.defaultdict(list)
    for item, by in labels.items():
        first = sorted(w for w in by if w not in adjudicators)
        if len(first) >= 2:
            pairs[(item[0], first[0], first[1])].append(item)
    agreement = {"pairs": [], "elements": {}, "intent": {}}
    for (src, w1, w2), items in sorted(pairs.items()):
        x = [labels[i][w1]["label"] for i in items]
        y = [labels[i][w2]["label"] for i in items]
        po, k = kappa(x, y)
        agreement["pairs"].append(
            {"source": src, "annotators": [w1, w2], "n": len(items), "agreement": po, "kappa": k}
        )
        for e in ELEMENTS:
            ex = [labels[i][w1]["elements"][e] for i in items]
            ey = [labels[i][w2]["elements"][e] for i in items]
            agreement["elements"].setdefault(f"{src}:{w1}-{w2}", {})[e] = kappa(ex, ey)[1]

    def resolve(by):
        """Majority label of all annotators; elements by majority (ties -> false)."""
        votes = collections.Counter(l["label"] for l in by.values())
        if len(by) < 2:
            return None  # the second annotator has not finished
        if len(by) == 2 and len(votes) == 2:
            return None  # awaiting the adjudicator
        label = votes.most_common(1)[0][0]
        els = {
            e: sum(l["elements"][e] for l in by.values()) * 2 > len(by) for e in ELEMENTS
        }
        low = any(l.get("confidence") == "low" for l in by.values()) or len(votes) > 1
        return label, els, "low" if low else "high", sorted(by)

    # --- written corpus with rubric labels where annotated
    dev_briefs = set(json.load(open(keys / "dev_briefs.json")).values())
    by_id = {item[1]: resolve(by) for item, by in labels.items() if item[0] == "written"}
    out_all, train, dev = [], [], []
    intent_pairs = []
    for r in kept:
        res = by_id.get(r["id"])
        rec = {
            "id": r["id"],
            "text": r["text"],
            "writer": r["writer"],
            "brief": r["brief"],
            "group": r["brief"],
            "split": "dev" if r["brief"] in dev_briefs else "train",
            "intent": r["intent"],
            "intent_elements": r["intent_elements"],
            "intent_note": r.get("intent_note", ""),
            "court": r.get("court", ""),
            "rule": r.get("rule", ""),
            "motion_type": r.get("motion_type", ""),
            "style": r.get("style", ""),
            "means": r.get("means", ""),
            "pair_of": r.get("pair_of"),
        }
        if res:
            lab, els, conf, who = res
            rec.update(rubric_label=lab, rubric_confidence=conf, elements=els,
                       annotators=who, label_source="annotated", label=lab)
            intent_pairs.append((r["intent"], lab))
        else:
            # No rubric label (annotators split, third opinion pending): kept in the corpus
            # with the writer's intent, never in a training or dev file.
            rec.update(label=r["intent"], elements=r["intent_elements"],
                       label_source="awaiting_adjudication")
        out_all.append(rec)
        (dev if rec["split"] == "dev" else train).append(rec)
    if intent_pairs:
        po, k = kappa([p[0] for p in intent_pairs], [p[1] for p in intent_pairs])
        agreement["intent"] = {"n": len(intent_pairs), "agreement": po, "kappa": k}

    # --- real statements: rubric labels beside the court's
    real_out = []
    for item, by in labels.items():
        if item[0] != "real":
            continue
        res = resolve(by)
        rec = {"file": item[2], "line": item[3], "id": item[1]}
        if res:
            lab, els, conf, who = res
            rec.update(rubric_label=lab, rubric_confidence=conf, elements=els, annotators=who)
        real_out.append(rec)
    real_out.sort(key=lambda r: (r["file"], r["line"]))

    def write(name, rows):
        with open(data / name, "w") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")

    # Rubric labels into the real files: `label` becomes the rubric label (the training
    # target), the court's ruling stays as `court_label`. Idempotent: rerunning keeps
    # `court_label` from the first run.
    rub = {(r["file"], r["line"]): r for r in real_out}
    by_text = {}
    for f in real_files:
        rows = read_jsonl(data / f"{f}.jsonl")
        for i, r in enumerate(rows):
            info = rub.get((f, i))
            r.setdefault("court_label", r["label"])
            # "court": a court ruled on it; "rubric": the collector's call, no ruling found.
            r.setdefault("court_label_source", r.get("label_source"))
            if info and "rubric_label" in info:
                r.update(label=info["rubric_label"], rubric_label=info["rubric_label"],
                         rubric_confidence=info["rubric_confidence"], elements=info["elements"],
                         annotators=info["annotators"], label_source="annotated")
            by_text[(r["id"], r["text"])] = r
        write(f"{f}.jsonl", rows)
    for f in ["real_train", "real_dev"]:
        write(f"{f}.jsonl", [by_text[(r["id"], r["text"])] for r in read_jsonl(data / f"{f}.jsonl")])

    write("written.jsonl", out_all)
    write("written_train.jsonl", [r for r in train if r["label_source"] == "annotated"])
    write("written_dev.jsonl", [r for r in dev if r["label_source"] == "annotated"])
    write("real_rubric.jsonl", real_out)
    agreement["corpus"] = {
        "written": len(recs), "kept": len(kept), "near_duplicates_dropped": dropped,
        "overlap_with_real_statements": copied, "train": len(train), "dev": len(dev),
        "dev_annotated": sum(r["label_source"] == "annotated" for r in dev),
        "real_awaiting_adjudication": sum("rubric_label" not in r for r in real_out),
        "written_awaiting_annotation": sum(v is None for v in by_id.values()),
    }
    json.dump(agreement, open(data / "annotation_agreement.json", "w"), indent=1)
    print(json.dumps({k: v for k, v in agreement.items() if k != "elements"}, indent=1)[:3000])


if __name__ == "__main__":
    main()
