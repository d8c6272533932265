#!/usr/bin/env python3
"""Builds the locate corpus, data/locate/{train,dev}.jsonl, from the writers' marked motions.

    python3 scripts/build_locate.py [RAW_DIR]    # default data/locate/raw: LW1.jsonl ... LW5.jsonl

Each raw line is a motion whose conferral statement bodies are wrapped in [[CERT]] ...
[[/CERT]] and their headings in [[HEAD]] ... [[/HEAD]] (data/locate/README.md). The markers
are removed and become character spans (code points, as the Rust side counts chars):
    {"id", "writer", "court", "motion_type", "placement", "style", "text",
     "statements": [{"start", "end", "heading": {"start", "end"} | null}]}
A heading is attached to the statement whose body follows it. Lines with unbalanced or
nested markers are reported and left out. The split is by writer: DEV_WRITERS go to dev.
Also writes data/locate/generated.jsonl from tests/locate_corpus (make_corpus.py's motions).
"""
import glob
import json
import os
import re
import sys

# The written corpus's near-duplicate measure, so that both corpora are checked alike.
from build_written import jaccard, shingles

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "data", "locate")
DEV_WRITERS = {"LW2", "LW4"}
# A second held-out split, written after the locator's rules were last tuned on dev's misses:
# measured once per change of the shipped locator, never inspected for tuning.
TEST_WRITERS = {"LW12", "LW13"}
MARK = re.compile(r"\[\[(/?)(CERT|HEAD)\]\]")
ENUMERATOR = re.compile(
    r"(?:\d{1,3}[.)]|\(\d{1,3}\)|\([a-z]\)|[a-z][.)]|[IVX]{1,5}\.|\(?[ivx]{1,5}\)|¶+\s*\d{1,3}\.?)\s+[^\W\d_]"
)


def strip_markers(marked):
    """(text, statements) or raises ValueError."""
    text, pos, open_ = [], 0, {}
    n = 0  # chars emitted
    heads, bodies = [], []
    for m in MARK.finditer(marked):
        chunk = marked[pos:m.start()]
        text.append(chunk)
        n += len(chunk)
        pos = m.end()
        closing, kind = m.group(1) == "/", m.group(2)
        if not closing:
            if open_:
                raise ValueError(f"[[{kind}]] inside [[{next(iter(open_))}]]")
            open_[kind] = n
        else:
            if kind not in open_:
                raise ValueError(f"[[/{kind}]] without [[{kind}]]")
            (heads if kind == "HEAD" else bodies).append((open_.pop(kind), n))
    if open_:
        raise ValueError(f"unclosed [[{next(iter(open_))}]]")
    text.append(marked[pos:])
    text = "".join(text)
    statements = []
    for s, e in bodies:
        # Trim whitespace the writer left inside the markers.
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        # One convention for every writer: a paragraph number that opens the statement
        # ("7.", "(b)") is outside it (writers LW1 and LW3 marked it inside; the locator
        # leaves it out, src/find/locate/layout.rs after_enumerator).
        m = ENUMERATOR.match(text, s, e)
        if m:
            s = m.end() - 1
        if s == e:
            raise ValueError("empty [[CERT]]")
        # The nearest heading that ends before the body, with only whitespace/colon between.
        head = None
        for hs, he in heads:
            if he <= s and not re.search(r"[A-Za-z]{3}", text[he:s]):
                head = {"start": hs, "end": he}
        statements.append({"start": s, "end": e, "heading": head})
    return text, statements


def writer_rows(raw_dir):
    rows, problems = [], []
    for path in sorted(glob.glob(os.path.join(raw_dir, "LW*.jsonl"))):
        for k, line in enumerate(open(path, encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
                text, statements = strip_markers(r["text"])
            except (ValueError, KeyError) as e:
                problems.append(f"{os.path.basename(path)}:{k}: {e}")
                continue
            if (r.get("placement") == "none") != (not statements):
                problems.append(f"{r['id']}: placement {r.get('placement')} but {len(statements)} statements")
            rows.append({
                "id": r["id"], "writer": r["writer"], "court": r.get("court"),
                "motion_type": r.get("motion_type"), "placement": r.get("placement"),
                "style": r.get("style"), "text": text, "statements": statements,
            })
    return rows, problems


def generated_rows():
    d = os.path.join(ROOT, "tests", "locate_corpus")
    rows = []
    for line in open(os.path.join(d, "truth.jsonl"), encoding="utf-8"):
        t = json.loads(line)
        text = open(os.path.join(d, t["file"]), encoding="utf-8", newline="").read()
        rows.append({
            "id": "G-" + t["file"].rsplit(".", 1)[0], "writer": "G", "court": None,
            "motion_type": None, "placement": t.get("where"), "style": t.get("style"),
            "text": text, "statements": t["statements"],
        })
    return rows


def near_duplicates(rows, limit=0.3):
    """Pairs of motions whose 8-word shingle sets overlap by Jaccard > `limit`."""
    sets = [shingles(r["text"]) for r in rows]
    index = {}
    for k, sh in enumerate(sets):
        for x in sh:
            index.setdefault(x, []).append(k)
    shared = {}
    for ks in index.values():
        if len(ks) > 50:  # boilerplate every motion has (service lines); says nothing
            continue
        for a in range(len(ks)):
            for b in range(a + 1, len(ks)):
                shared[(ks[a], ks[b])] = shared.get((ks[a], ks[b]), 0) + 1
    out = []
    for (a, b), n in shared.items():
        j = jaccard(sets[a], sets[b])
        if j > limit:
            out.append((j, rows[a]["id"], rows[b]["id"]))
    return sorted(out, reverse=True)


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def main():
    raw_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(OUT, "raw")
    rows, problems = writer_rows(raw_dir)
    ids = [r["id"] for r in rows]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        problems.append(f"duplicate ids: {sorted(dupes)}")
    for j, a, b in near_duplicates(rows):
        problems.append(f"near duplicates {a} and {b} (8-word shingle Jaccard {j:.2f})")
    for p in problems:
        print("left out or suspicious:", p, file=sys.stderr)
    os.makedirs(OUT, exist_ok=True)
    train = [r for r in rows if r["writer"] not in DEV_WRITERS | TEST_WRITERS]
    dev = [r for r in rows if r["writer"] in DEV_WRITERS]
    test = [r for r in rows if r["writer"] in TEST_WRITERS]
    write(os.path.join(OUT, "train.jsonl"), train)
    write(os.path.join(OUT, "dev.jsonl"), dev)
    if test:
        write(os.path.join(OUT, "test.jsonl"), test)
    write(os.path.join(OUT, "generated.jsonl"), generated_rows())
    for name, part in (("train", train), ("dev", dev), ("test", test)):
        none = sum(1 for r in part if not r["statements"])
        st = sum(len(r["statements"]) for r in part)
        print(f"{name}: {len(part)} motions, {none} without a statement, {st} statements")


if __name__ == "__main__":
    main()
