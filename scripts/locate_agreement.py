#!/usr/bin/env python3
"""Agreement between the writers' marks and a blind second marker on the locate corpus.

    python3 scripts/locate_agreement.py data/locate/dev.jsonl data/locate/blind/B1_LW2.jsonl data/locate/blind/B2_LW4.jsonl

Each blind file holds `{"id", "text"}` lines: a motion's text with the marker's own
[[CERT]]/[[HEAD]] marks (instructions: data/locate/briefs/MARKING_BLIND.md). Reports, with
the measure `conferral locate-eval` uses (a statement is matched when some statement of the
other marking has token F1 >= 0.8 with it):
- the writer's statements matched by the marker's, and the marker's matched by the writer's;
- motions both call statement-less;
- Cohen's kappa on "has a statement" per motion and on "inside a statement" per word token.
"""
import json
import re
import sys
from collections import Counter

sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
from build_locate import strip_markers  # noqa: E402
from build_written import kappa  # noqa: E402

MIN_F1 = 0.8
TOKEN = re.compile(r"[^\W_]+")


def tokens(s):
    return [t.lower() for t in TOKEN.findall(s)]


def token_f1(pred, gold):
    p, g = tokens(pred), tokens(gold)
    if not p or not g:
        return 0.0
    common = sum((Counter(p) & Counter(g)).values())
    if not common:
        return 0.0
    pr, rc = common / len(p), common / len(g)
    return 2 * pr * rc / (pr + rc)


def inside(text, spans):
    """Per word token of `text`: inside one of `spans` (character offsets)?"""
    out = []
    for m in TOKEN.finditer(text):
        out.append(any(s <= m.start() < e for s, e in spans))
    return out


def matched(a_texts, b_texts):
    return sum(any(token_f1(b, a) >= MIN_F1 for b in b_texts) for a in a_texts)


def main():
    gold_path, blind_paths = sys.argv[1], sys.argv[2:]
    gold = {json.loads(l)["id"]: json.loads(l) for l in open(gold_path, encoding="utf-8")}
    motion_pairs, token_pairs = [], []
    per = {}
    for path in blind_paths:
        for line in open(path, encoding="utf-8"):
            b = json.loads(line)
            g = gold[b["id"]]
            text, st = strip_markers(b["text"])
            assert text == g["text"], f"{b['id']}: blind text differs from the corpus text"
            w = per.setdefault(g["writer"], Counter())
            gs = [text[s["start"]:s["end"]] for s in g["statements"]]
            bs = [text[s["start"]:s["end"]] for s in st]
            w["motions"] += 1
            w["writer_statements"] += len(gs)
            w["marker_statements"] += len(bs)
            w["writer_matched"] += matched(gs, bs)
            w["marker_matched"] += matched(bs, gs)
            w["both_none"] += not gs and not bs
            w["writer_none"] += not gs
            w["marker_none"] += not bs
            motion_pairs.append((bool(gs), bool(bs)))
            token_pairs += list(zip(
                inside(text, [(s["start"], s["end"]) for s in g["statements"]]),
                inside(text, [(s["start"], s["end"]) for s in st]),
            ))
    total = Counter()
    for writer, c in sorted(per.items()):
        total.update(c)
        print(f"{writer}: {c['motions']} motions; writer's statements matched by the marker "
              f"{c['writer_matched']}/{c['writer_statements']}, marker's matched by the writer "
              f"{c['marker_matched']}/{c['marker_statements']}; statement-less: writer "
              f"{c['writer_none']}, marker {c['marker_none']}, both {c['both_none']}")
    t = total
    print(f"all: writer's statements matched {t['writer_matched']}/{t['writer_statements']} "
          f"({t['writer_matched'] / t['writer_statements']:.1%}), marker's matched "
          f"{t['marker_matched']}/{t['marker_statements']} "
          f"({t['marker_matched'] / t['marker_statements']:.1%}); statement-less both "
          f"{t['both_none']} (writer {t['writer_none']}, marker {t['marker_none']})")
    def k(pairs):
        return kappa([a for a, _ in pairs], [b for _, b in pairs])[1]

    print(f"Cohen's kappa: has a statement (per motion) {k(motion_pairs):.3f}; "
          f"inside a statement (per word token, {len(token_pairs)} tokens) {k(token_pairs):.3f}")


if __name__ == "__main__":
    main()
