#!/usr/bin/env python3
"""Fails when the library's production code has an import circle, between files or between
stage folders (README "Architecture": a stage imports only the stages before it).

Reads `crate::a::b` and `super::x` paths in src/ (tests modules and comments left out; the
binary's src/cli/ sits on top and is not checked). Run by .ci/run.
"""
import glob
import re
import sys

mods = {}
for f in glob.glob("src/**/*.rs", recursive=True):
    if f.endswith(("mod.rs", "lib.rs", "main.rs")) or "/cli/" in f:
        continue
    t = re.split(r"\n#\[cfg\(test\)\]\nmod tests", open(f).read())[0]
    t = "\n".join(l for l in t.split("\n") if not l.strip().startswith("//"))
    mods[f[4:-3].replace("/", "::")] = t

edges = {m: set() for m in mods}
for m, t in mods.items():
    for x in re.finditer(r"crate::(\w+)(?:::(\w+))?(?:::(\w+))?", t):
        parts = [p for p in x.groups() if p]
        for n in range(len(parts), 0, -1):
            d = "::".join(parts[:n])
            if d in mods:
                if d != m:
                    edges[m].add(d)
                break
    for x in re.finditer(r"super::(\w+)", t):
        d = m.rsplit("::", 1)[0] + "::" + x.group(1)
        if d in mods and d != m:
            edges[m].add(d)


def cycles(graph):
    color, found = {}, []

    def dfs(u, stack):
        color[u] = 1
        stack.append(u)
        for v in sorted(graph.get(u, ())):
            if color.get(v) == 1:
                found.append(stack[stack.index(v):] + [v])
            elif not color.get(v):
                dfs(v, stack)
        stack.pop()
        color[u] = 2

    for u in sorted(graph):
        if not color.get(u):
            dfs(u, [])
    return found


folder = lambda m: m.split("::")[0]
folders = {}
for m, ds in edges.items():
    for d in ds:
        if folder(d) != folder(m):
            folders.setdefault(folder(m), set()).add(folder(d))
bad = [("file", c) for c in cycles(edges)] + [("folder", c) for c in cycles(folders)]
for kind, c in bad:
    print(f"import circle between {kind}s: {' -> '.join(c)}")
if bad:
    sys.exit(1)
print(f"no import circle among {len(mods)} files and {len({folder(m) for m in mods})} folders")
