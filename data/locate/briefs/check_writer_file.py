#!/usr/bin/env python3
"""python3 data/locate/briefs/check_writer_file.py FILE -- validates a writer's file; prints counts."""
import collections, json, sys
sys.path.insert(0, __import__("os").path.join(__import__("os").path.dirname(__import__("os").path.abspath(__file__)), "..", "..", "..", "scripts"))
from build_locate import strip_markers
path = sys.argv[1]
ids, bad, place = set(), 0, collections.Counter()
for k, line in enumerate(open(path, encoding="utf-8"), 1):
    if not line.strip():
        continue
    try:
        r = json.loads(line)
        for f in ("id", "writer", "court", "motion_type", "placement", "style", "text"):
            if f not in r:
                raise ValueError(f"missing field {f}")
        text, st = strip_markers(r["text"])
        if (r["placement"] == "none") != (not st):
            raise ValueError(f"placement {r['placement']} but {len(st)} [[CERT]] spans")
        if r["id"] in ids:
            raise ValueError(f"duplicate id {r['id']}")
        if r["placement"] == "multiple" and len(st) < 2:
            raise ValueError("placement multiple needs >= 2 [[CERT]] spans")
        ids.add(r["id"]); place[r["placement"]] += 1
    except Exception as e:
        bad += 1
        print(f"line {k}: {e}")
print(f"{len(ids)} valid motions, {bad} bad lines; placements: {dict(place)}")
