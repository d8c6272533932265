#!/usr/bin/env python3
"""Throughput of `conferral score` against Hugging Face transformers (PyTorch, CPU) on the
same statements and the same model directory, in alternating rounds; optionally also
whole-motion screening throughput.

Not part of CI (needs torch + transformers: pip install -r scripts/requirements-compare.txt;
and a release binary: cargo build --release).

    python3 scripts/compare_hf.py --model models/conferral-minilm -n 1200 --rounds 3
    python3 scripts/compare_hf.py -n 0 --motions 1000          # motions/s only

Per round:
  HF        `pipeline("text-classification", model=DIR, tokenizer=DIR, device=-1,
            batch_size=32, truncation=True, max_length=<config conferral_max_length>)` in this
            process, torch.set_num_threads(--threads); model loaded and warmed up before,
            only inference is timed.
  conferral `conferral score --statement --format jsonl --quiet --model DIR FILE.jsonl` as a
            whole process (wall time including start-up and model load), with its own
            default batch size and threads unless --conferral-batch-size /
            --conferral-threads say otherwise; --conferral-arg adds arguments, e.g. the
            ONNX Runtime engine of a `--features onnx` build:
            --conferral-arg=--engine --conferral-arg=onnx (needs ORT_DYLIB_PATH).
Reported: docs/s of both and the ratio conferral/HF, peak memory (HF: this process's peak
RSS, and its growth from just after `import torch, transformers`; conferral: the process's
peak RSS from `/usr/bin/time -v`, else VmHWM polled in /proc), conferral's start-up to first
result (spawn until the first output line, on a 1-statement input), and the largest
|HF probability - conferral `score`| where HF's probability is sigmoid((logit1 - logit0) / T)
with T from calibration.json. Medians over rounds at the end.

--motions N also builds N motions of 5-20 pages (1 page = --page-chars characters) from the
tests/locate_corpus motions, padded with argument paragraphs of the written locate corpus
(data/locate/train.jsonl, outside its marked statements) that do not mention conferral,
in a temporary directory, and times `conferral score DIR` (full pipeline: locate + model +
decide) and `conferral locate DIR` (locator only) on them, per round.
"""
import argparse
import json
import math
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rss_mib(ru_maxrss_kib):
    return ru_maxrss_kib / 1024.0


def load_texts(paths, n):
    texts = []
    for p in paths:
        with open(p) as f:
            for line in f:
                if line.strip():
                    texts.append(json.loads(line)["text"])
    if not texts:
        sys.exit("no texts in " + ", ".join(paths))
    return [texts[i % len(texts)] for i in range(n)]


TIME_V = "/usr/bin/time"


def run_child(cmd, stdin_path=None, first_line=False):
    """Runs cmd; returns (wall_s, stdout_text, peak_rss_mib, first_line_s, rc).

    Peak RSS comes from `/usr/bin/time -v` when present, else from polling VmHWM in
    /proc/<pid>/status. (Not from wait4 here: a child exec'd from this process inherits
    this process's high-water mark in ru_maxrss.)"""
    use_time = os.access(TIME_V, os.X_OK)
    tfile = None
    full = cmd
    if use_time:
        fd, tfile = tempfile.mkstemp(suffix=".time")
        os.close(fd)
        full = [TIME_V, "-v", "-o", tfile] + cmd
    t0 = time.perf_counter()
    p = subprocess.Popen(
        full,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=open(stdin_path) if stdin_path else subprocess.DEVNULL,
    )
    first = None
    chunks = []
    hwm = [0]
    stop = threading.Event()

    def poll():
        while not stop.is_set():
            try:
                with open(f"/proc/{p.pid}/status") as f:
                    for line in f:
                        if line.startswith("VmHWM:"):
                            hwm[0] = max(hwm[0], int(line.split()[1]))
            except OSError:
                return
            stop.wait(0.02)

    poller = None
    if not use_time:
        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
    err_chunks = []
    err_reader = threading.Thread(target=lambda: err_chunks.append(p.stderr.read()), daemon=True)
    err_reader.start()
    if first_line:
        line = p.stdout.readline()
        first = time.perf_counter() - t0
        chunks.append(line)
    chunks.append(p.stdout.read())
    p.wait()
    wall = time.perf_counter() - t0
    stop.set()
    err_reader.join()
    err = b"".join(err_chunks).decode(errors="replace")
    if p.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({p.returncode}):\n{err}")
    if use_time:
        with open(tfile) as f:
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", f.read())
        os.unlink(tfile)
        peak = int(m.group(1)) if m else 0
    else:
        poller.join()
        peak = hwm[0]
    return wall, b"".join(chunks).decode(), rss_mib(peak), first, p.returncode


def write_jsonl(path, texts):
    with open(path, "w") as f:
        for i, t in enumerate(texts):
            f.write(json.dumps({"id": f"s{i}", "text": t}) + "\n")


CONFERRAL_WORDS = re.compile(
    r"confer|certif|meet|good faith|telephon|e-?mail|counsel for|local rule|l\.r\.|37\(a\)",
    re.I,
)


def build_motions(out_dir, n, page_chars, seed):
    """Writes n motions of 5-20 pages; returns total characters."""
    corpus = os.path.join(ROOT, "tests", "locate_corpus")
    bases = []
    filler = []
    for name in sorted(os.listdir(corpus)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(corpus, name)) as f:
            text = f.read()
        paras = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
        bases.append(paras)
    # Argument padding from the written locate corpus: paragraphs outside every marked
    # statement (the template motions' own paragraphs include pieces of multi-paragraph
    # statements, e.g. "Counsel discussed narrowing the request ...", which are not filler).
    filler = []
    with open(os.path.join(ROOT, "data", "locate", "train.jsonl"), encoding="utf-8") as f:
        for line in f:
            m = json.loads(line)
            text = m["text"]
            for s in sorted(m["statements"], key=lambda s: -s["start"]):
                text = text[: s["start"]] + "\n\n" + text[s["end"] :]
            for p in re.split(r"\n\s*\n", text):
                if len(p) > 120 and not CONFERRAL_WORDS.search(p):
                    filler.append(p)
    filler = sorted(set(filler))
    rng = random.Random(seed)
    total = 0
    for i in range(n):
        paras = bases[i % len(bases)]
        target = rng.randint(5, 20) * page_chars
        # Caption and title first; argument padding; then the motion's own body, with its
        # statement(s) where they were (mostly near the end).
        head = max(1, min(len(paras) // 3, 6))
        size = sum(len(p) + 2 for p in paras)
        pad = []
        while size < target:
            p = rng.choice(filler)
            pad.append(p)
            size += len(p) + 2
        text = "\n\n".join(paras[:head] + pad + paras[head:]) + "\n"
        total += len(text)
        with open(os.path.join(out_dir, f"motion{i:05d}.txt"), "w") as f:
            f.write(text)
    return total


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default=os.path.join(ROOT, "models", "conferral-minilm"))
    ap.add_argument(
        "--data",
        nargs="+",
        default=[
            os.path.join(ROOT, "data", "real_statements.jsonl"),
            os.path.join(ROOT, "data", "synthetic_dev.jsonl"),
        ],
        help="JSONL files whose `text` fields are cycled to make N statements",
    )
    ap.add_argument("-n", type=int, default=1200, help="statements (0: skip the HF comparison)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "conferral"))
    ap.add_argument("--threads", type=int, default=2, help="torch threads (HF)")
    ap.add_argument(
        "--conferral-threads",
        type=int,
        default=None,
        help="pass --threads to conferral (default: its own choice)",
    )
    ap.add_argument(
        "--conferral-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="one more argument for `conferral score` (repeat: --conferral-arg=--engine "
        "--conferral-arg=onnx)",
    )
    ap.add_argument("--batch-size", type=int, default=32, help="HF pipeline batch size")
    ap.add_argument(
        "--conferral-batch-size",
        type=int,
        default=None,
        help="pass --batch-size to conferral (default: its own choice)",
    )
    ap.add_argument(
        "--ort-int8",
        action="store_true",
        help="also time ONNX Runtime on the model's ONNX export with ONNX Runtime's int8 dynamic "
        "quantization (needs onnx + onnxruntime), in the same rounds",
    )
    ap.add_argument("--motions", type=int, default=0, help="also time N whole motions")
    ap.add_argument("--motion-rounds", type=int, default=1, help="rounds of the motion run")
    ap.add_argument("--page-chars", type=int, default=1800, help="characters per page")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    if not os.access(a.bin, os.X_OK):
        sys.exit(f"{a.bin} not found: run `cargo build --release` first")
    cfg = json.load(open(os.path.join(a.model, "config.json")))
    max_len = min(cfg.get("conferral_max_length") or 256, cfg["max_position_embeddings"])
    cal_path = os.path.join(a.model, "calibration.json")
    temp = json.load(open(cal_path))["temperature"] if os.path.exists(cal_path) else 1.0
    temp = max(temp, 1e-3)
    extra = ["--threads", str(a.conferral_threads)] if a.conferral_threads else []
    if a.conferral_batch_size:
        extra += ["--batch-size", str(a.conferral_batch_size)]
    extra += a.conferral_arg
    conferral_cmd = [
        a.bin, "score", "--statement", "--format", "jsonl", "--quiet",
        "--model", a.model,
    ] + extra

    tmp = tempfile.mkdtemp(prefix="conferral-compare-")
    try:
        if a.n > 0:
            compare(a, conferral_cmd, max_len, temp, tmp)
        if a.motions > 0:
            motions(a, extra, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def ort_int8(a, tmp, max_len, temp):
    """ONNX Runtime on the model's plain ONNX export, quantized by ONNX Runtime's own
    `quantize_dynamic` (int8 weights per channel, u8 activations), one session of --threads
    threads. Statements are tokenized by the Hugging Face fast tokenizer and batched in
    length order (--batch-size), which is what a careful user of ONNX Runtime would do.
    Returns probs(texts) -> calibrated probabilities, in input order."""
    import numpy as np
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoTokenizer

    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    import export_onnx

    plain = os.path.join(tmp, "model.onnx")
    quant = os.path.join(tmp, "model.int8.onnx")
    export_onnx.export_plain(a.model, plain, 17)
    quantize_dynamic(plain, quant, weight_type=QuantType.QInt8, per_channel=True)
    sess = export_onnx.session(quant, a.threads)
    tok = AutoTokenizer.from_pretrained(a.model)

    def probs(texts):
        seqs = tok(texts, truncation=True, max_length=max_len)["input_ids"]
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        out = [0.0] * len(seqs)
        for k in range(0, len(order), a.batch_size):
            idx = order[k : k + a.batch_size]
            ids, mask = export_onnx.pad([seqs[i] for i in idx])
            classes = sess.run(["classes"], {"input_ids": ids, "attention_mask": mask})[0]
            for i, c in zip(idx, classes):
                out[i] = 1.0 / (1.0 + math.exp(-float(c[1] - c[0]) / temp))
        return out

    return probs


def compare(a, conferral_cmd, max_len, temp, tmp):
    texts = load_texts(a.data, a.n)
    stmt_path = os.path.join(tmp, "statements.jsonl")
    write_jsonl(stmt_path, texts)
    one_path = os.path.join(tmp, "one.jsonl")
    write_jsonl(one_path, texts[:1])

    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    import torch
    import transformers
    from transformers import pipeline

    torch.set_num_threads(a.threads)
    transformers.logging.set_verbosity_error()
    rss_imported = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    clf = pipeline(
        "text-classification",
        model=a.model,
        tokenizer=a.model,
        device=-1,
        batch_size=a.batch_size,
        truncation=True,
        max_length=max_len,
        # The weights may be stored as f16 (the shipped model is): transformers would then
        # run f16 on the CPU, slowly and 1e-3 away from f32. Both engines compute in f32.
        dtype=torch.float32,
    )
    hf_load = time.perf_counter() - t0
    label1 = clf.model.config.id2label[1]
    label0 = clf.model.config.id2label[0]

    def hf_probs(batch):
        # Raw logits of both labels, so that the calibration temperature can be applied.
        out = clf(batch, top_k=None, function_to_apply="none")
        probs = []
        for scores in out:
            d = {s["label"]: s["score"] for s in scores}
            probs.append(1.0 / (1.0 + math.exp(-(d[label1] - d[label0]) / temp)))
        return probs

    with torch.inference_mode():
        hf_probs(texts[: a.batch_size])  # warm-up
    ort_probs = ort_int8(a, tmp, max_len, temp) if a.ort_int8 else None
    if ort_probs:
        ort_probs(texts[: a.batch_size])  # warm-up
    print(
        f"N={a.n} statements, max_length={max_len}, batch_size={a.batch_size}, "
        f"torch {torch.__version__} ({torch.get_num_threads()} threads), "
        f"transformers {transformers.__version__}; HF model load {hf_load:.2f}s"
    )
    print(f"conferral: {' '.join(conferral_cmd)} FILE.jsonl")
    hdr = (
        f"{'round':>5} {'HF docs/s':>10} {'conf docs/s':>11} {'ratio':>6} "
        f"{'conf wall s':>11} {'conf RSS MiB':>12} {'HF RSS MiB':>10} {'HF dRSS':>8} "
        f"{'1st result s':>12} {'max|dp|':>9} {'load1':>5}"
    )
    print(hdr)
    rows = []
    hf_p = None
    for r in range(a.rounds):
        res = {}
        order = ["hf", "conferral"] if r % 2 == 0 else ["conferral", "hf"]
        if ort_probs:
            order.insert(1, "ort")
        for who in order:
            if who == "ort":
                t0 = time.perf_counter()
                res["ort_p"] = ort_probs(texts)
                res["ort_s"] = time.perf_counter() - t0
            elif who == "hf":
                with torch.inference_mode():
                    t0 = time.perf_counter()
                    hf_p = hf_probs(texts)
                    res["hf_s"] = time.perf_counter() - t0
            else:
                wall, out, rss, _, _ = run_child(conferral_cmd + [stmt_path])
                res["conf_s"], res["conf_rss"] = wall, rss
                recs = {}
                for line in out.splitlines():
                    rec = json.loads(line)
                    recs[rec["id"]] = rec["score"]
                res["conf_p"] = [recs[f"s{i}"] for i in range(a.n)]
        _, _, _, first, _ = run_child(conferral_cmd + [one_path], first_line=True)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        row = {
            "hf": a.n / res["hf_s"],
            "conf": a.n / res["conf_s"],
            "conf_wall": res["conf_s"],
            "conf_rss": res["conf_rss"],
            "hf_rss": rss_mib(peak),
            "hf_drss": rss_mib(peak - rss_imported),
            "first": first,
            "dp": max(abs(x - y) for x, y in zip(hf_p, res["conf_p"])),
        }
        row["ratio"] = row["conf"] / row["hf"]
        if ort_probs:
            row["ort"] = a.n / res["ort_s"]
            row["ort_ratio"] = row["conf"] / row["ort"]
            row["ort_dp"] = max(abs(x - y) for x, y in zip(hf_p, res["ort_p"]))
        rows.append(row)
        print(
            f"{r + 1:>5} {row['hf']:>10.1f} {row['conf']:>11.1f} {row['ratio']:>6.2f} "
            f"{row['conf_wall']:>11.2f} {row['conf_rss']:>12.0f} {row['hf_rss']:>10.0f} "
            f"{row['hf_drss']:>8.0f} {row['first']:>12.3f} {row['dp']:>9.2e} "
            f"{os.getloadavg()[0]:>5.2f}"
            + (
                f"  ORT int8 {row['ort']:.1f} docs/s, conferral/ORT {row['ort_ratio']:.2f}, "
                f"ORT max|dp| {row['ort_dp']:.2e}"
                if ort_probs
                else ""
            )
        )
    m = {k: median([r[k] for r in rows]) for k in rows[0]}
    print(
        f"{'med':>5} {m['hf']:>10.1f} {m['conf']:>11.1f} {m['ratio']:>6.2f} "
        f"{m['conf_wall']:>11.2f} {m['conf_rss']:>12.0f} {m['hf_rss']:>10.0f} "
        f"{m['hf_drss']:>8.0f} {m['first']:>12.3f} {m['dp']:>9.2e}"
    )
    print(
        f"median: conferral {m['conf']:.1f} docs/s (whole process), HF {m['hf']:.1f} docs/s "
        f"(inference only) -> conferral/HF = {m['ratio']:.2f}x; "
        f"conferral minus start-up: {a.n / max(m['conf_wall'] - m['first'], 1e-9):.1f} docs/s; "
        f"HF process RSS before import: {rss_mib(rss_start):.0f} MiB"
    )
    if ort_probs:
        per_round = ", ".join(f"{r['ort_ratio']:.2f}" for r in rows)
        print(
            f"median: ONNX Runtime int8 (dynamic quantization, in this process) {m['ort']:.1f} "
            f"docs/s -> conferral/ORT-int8 = {m['ort_ratio']:.2f}x (rounds {per_round}); "
            f"its largest |p - HF f32| {m['ort_dp']:.2e}"
        )
    return rows


def motions(a, extra, tmp):
    mdir = os.path.join(tmp, "motions")
    os.makedirs(mdir)
    total = build_motions(mdir, a.motions, a.page_chars, a.seed)
    print(
        f"\n{a.motions} motions, 5-20 pages of {a.page_chars} chars "
        f"({total / 1e6:.1f} MB, mean {total / a.motions / 1000:.1f} kB) in {mdir}"
    )
    score_cmd = [a.bin, "score", "--format", "jsonl", "--quiet", "--model", a.model] + extra
    locate_cmd = [a.bin, "locate"]
    print(f"score:  {' '.join(score_cmd)} DIR\nlocate: {' '.join(locate_cmd)} DIR")
    print(f"{'round':>5} {'score s':>8} {'motions/s':>9} {'RSS MiB':>8} {'locate s':>9} {'verdicts'}")
    rows = []
    for r in range(a.motion_rounds):
        wall, out, rss, _, _ = run_child(score_cmd + [mdir])
        lwall, _, _, _, _ = run_child(locate_cmd + [mdir])
        verdicts = {}
        for line in out.splitlines():
            v = json.loads(line)["verdict"]
            verdicts[v] = verdicts.get(v, 0) + 1
        rows.append((wall, rss, lwall))
        print(
            f"{r + 1:>5} {wall:>8.2f} {a.motions / wall:>9.1f} {rss:>8.0f} {lwall:>9.2f} "
            f"{json.dumps(verdicts, sort_keys=True)} load1={os.getloadavg()[0]:.2f}"
        )
    w = median([x[0] for x in rows])
    lw = median([x[2] for x in rows])
    print(
        f"median: {a.motions / w:.1f} motions/s ({w:.2f}s), locate alone {lw:.2f}s "
        f"({100 * lw / w:.0f}% of the scoring run), peak RSS {median([x[1] for x in rows]):.0f} MiB"
    )


if __name__ == "__main__":
    main()
