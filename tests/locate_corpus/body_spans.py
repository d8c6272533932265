#!/usr/bin/env python3
"""Rewrites truth.jsonl so each statement's span is its body, with the heading (when it has
one) as `heading`: the locator reports the two apart (`statement.text` is the body only).

Run once after make_corpus.py: python3 body_spans.py
A statement's heading is its first line when that line is a title (all capitals, in bold,
or a short line alone before a blank line), or a run-in title ending in a colon.
"""
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
RUN_IN = re.compile(r"^([A-Z][\w().]*(?: [A-Z0-9][\w().]*)*):(?=\s)")


def heading_end(text, s, e):
    """End of the statement's heading at `s`, or None."""
    nl = text.find("\n", s, e)
    m = RUN_IN.match(text[s:e])
    if nl == -1:
        return s + m.end() if m else None
    line = text[s:nl].rstrip()
    bare = line.strip("*")
    blank_after = text[nl + 1:nl + 3].strip(" \t\x0c") == "" or text.startswith("\n", nl + 1)
    if bare and (bare.upper() == bare or line.startswith("**")
                 or (len(line) <= 60 and "," not in line and blank_after and not line.endswith("."))):
        return s + len(line)
    return s + m.end() if m else None


FURNITURE = re.compile(r"^\s*(?:Case No\.[^\n]*(?:Page|pg) \d+ of \d+.*|\d+)\s*$")


def body(text, s, e):
    head_end = heading_end(text, s, e)
    if head_end is None:
        return s, e, None
    b = head_end
    # Skip whitespace and page furniture lines between the heading and the body.
    while True:
        while b < e and text[b].isspace():
            b += 1
        nl = text.find("\n", b)
        line = text[b:nl if nl != -1 else e]
        if nl != -1 and FURNITURE.match(line.replace("\x0c", "")):
            b = nl + 1
            continue
        break
    return b, e, {"start": s, "end": head_end}


def main():
    path = os.path.join(HERE, "truth.jsonl")
    rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    for r in rows:
        text = open(os.path.join(HERE, r["file"]), encoding="utf-8", newline="").read()
        out = []
        for st in r["statements"]:
            if "heading" in st:
                out.append(st)
                continue
            s, e, h = body(text, st["start"], st["end"])
            out.append({"start": s, "end": e, "heading": h})
        r["statements"] = out
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
