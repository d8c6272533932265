#!/usr/bin/env python3
"""Where a `conferral score` run's peak memory goes: the README's memory table.

Runs the command twice. First plain, polling /proc/PID/smaps_rollup to find the peak RSS and
split it into file-backed pages (the binary's code and the embedded model bytes it touched)
and anonymous memory (heap, stacks, allocator free lists). Then under heaptrack, whose
"peak memory consumers" are grouped by what allocated them (tokenizer, int8 layers, the
workers' activations, ...). Anonymous memory that the heap peak does not account for is
reported as allocator overhead (free lists of glibc's per-thread arenas, fragmentation).

Not part of CI; needs heaptrack (apt-get install heaptrack) and a release binary.

    python3 scripts/memory_breakdown.py -- score --statement --format jsonl -q FILE.jsonl
    python3 scripts/memory_breakdown.py -- score --format jsonl -q MOTIONS_DIR
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# First match wins, checked against every frame of an allocation's call stack.
CATEGORIES = [
    ("tokenizer (tokenizer.json parsed at start-up)", r"TextEncoder::from_bytes|tokenizers::tokenizer::Tokenizer::from"),
    ("int8 layers and small f32 weights (built once, shared by the workers)", r"candle_engine|Dense::new|QLinear::quantize|Classifier::for_inference"),
    ("activations of the forward passes (per worker, freed after each pass)", r"Bert::pooled|Layer::forward|CandleEngine|linear3|batch_tensors"),
    ("court profiles (compiled regexes and their per-thread caches)", r"judge::|profiles::"),
    ("rubric element rules (compiled regexes and their per-thread caches)", r"find::elements"),
    ("locator (tagger weights, rules, sentence and candidate lists)", r"find::|locate::"),
    ("token ids of prepared statements", r"screen::Screener::prepare|TextEncoder::encode"),
    ("documents read (texts, one chunk ahead)", r"read::|input::"),
    ("records and output", r"report::|serde_json::ser|RecordWriter"),
]


def peak_split(cmd):
    """Peak RSS of `cmd` and its file-backed / anonymous parts (MiB), from smaps_rollup."""
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    best = {}
    while p.poll() is None:
        try:
            with open(f"/proc/{p.pid}/smaps_rollup") as f:
                txt = f.read()
        except OSError:
            break
        d = {k: int(v) for k, v in re.findall(r"^(\w+):\s+(\d+) kB", txt, re.M)}
        if d.get("Rss", 0) > best.get("Rss", 0):
            best = d
        time.sleep(0.02)
    mib = lambda k: best.get(k, 0) / 1024.0
    return mib("Rss"), mib("Rss") - mib("Anonymous"), mib("Anonymous")


def size(text):
    m = re.match(r"([\d.]+)([KMG]?)", text)
    return float(m.group(1)) * {"": 1 / 2**20, "K": 1 / 2**10, "M": 1.0, "G": 1024.0}[m.group(2)]


def heap_groups(cmd):
    """Peak heap (MiB) and its parts by category, from heaptrack: the stacks of the bytes
    alive at the heap's peak (flame-graph output with the "peak" cost), so the parts sum to
    the peak."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "ht")
        subprocess.run(["heaptrack", "-o", out] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True)
        data = os.path.join(tmp, [f for f in os.listdir(tmp) if f.startswith("ht")][0])
        stacks = os.path.join(tmp, "stacks.txt")
        txt = subprocess.run(["heaptrack_print", data, "--print-peaks", "0",
                              "--flamegraph-cost-type", "peak", "-F", stacks],
                             capture_output=True, text=True, check=True).stdout
        with open(stacks, encoding="utf-8", errors="replace") as f:
            lines = f.read().splitlines()
    peak = size(re.search(r"peak heap memory consumption: (\S+)", txt).group(1))
    groups = {name: 0.0 for name, _ in CATEGORIES}
    groups["other"] = 0.0
    for line in lines:
        stack, _, value = line.rpartition(" ")
        if not value.isdigit():
            continue
        mib = int(value) / 2**20
        for name, pattern in CATEGORIES:
            if re.search(pattern, stack):
                groups[name] += mib
                break
        else:
            groups["other"] += mib
    return peak, groups


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "conferral"))
    ap.add_argument("args", nargs=argparse.REMAINDER, help="-- then the conferral arguments")
    a = ap.parse_args()
    args = a.args[1:] if a.args[:1] == ["--"] else a.args
    cmd = [a.bin] + args
    rss, file_backed, anon = peak_split(cmd)
    peak, groups = heap_groups(cmd)
    print(f"command: {' '.join(cmd)}")
    print(f"| part | MiB |\n|---|---|")
    print(f"| **peak RSS** | **{rss:.0f}** |")
    print(f"| file-backed pages: the binary's code and the embedded model bytes read | {file_backed:.0f} |")
    print(f"| anonymous memory | {anon:.0f} |")
    print(f"| - heap at its peak (heaptrack) | {peak:.0f} |")
    for name, mib in sorted(groups.items(), key=lambda kv: -kv[1]):
        if mib >= 0.5 or name == "other":
            print(f"|   - {name} | {mib:.0f} |")
    print(f"| - allocator free lists, fragmentation, stacks (anonymous minus heap peak) | {anon - peak:.0f} |")


if __name__ == "__main__":
    sys.exit(main())
