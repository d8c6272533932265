#!/usr/bin/env python3
"""Load benchmark of `conferral serve` against `conferral score` on the same texts.

Not a test: it measures. The CLI scores N statements (`score --statement`, one process,
start-up included, as scripts/compare_hf.py times it); then one server (same binary, same
--threads and --batch-size) answers the same N statements sent by 1, 16 and 64 concurrent
clients, each request holding --docs-per-request statements. Reported per setting:
documents/s, and p50/p99 request latency; and the service's documents/s as a share of the
CLI's. Rounds alternate CLI and server; medians are reported, and the share of the CLI's speed
is the median of each round's share.

Only this machine is contacted (127.0.0.1); every loop is bounded by the N documents.
Standard library only:

    cargo build --release
    python3 scripts/bench_serve.py --data data/written.jsonl -n 1200 --clients 1,16,64 --rounds 3
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request


def load(path, n):
    docs = []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            docs.append({"id": str(r["id"]), "text": r["text"]})
            if len(docs) == n:
                break
    # Repeat the corpus when asked for more documents than it has.
    base = list(docs)
    k = 0
    while len(docs) < n:
        d = dict(base[k % len(base)])
        d["id"] = f"{d['id']}#{k // len(base) + 1}"
        docs.append(d)
        k += 1
    return docs


def run_cli(a, path):
    cmd = [a.bin, "score", "--statement", "--format", "jsonl", "--quiet",
           "--batch-size", str(a.batch_size), path]
    if a.threads:
        cmd[2:2] = ["--threads", str(a.threads)]
    t = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, env=env()).stdout
    wall = time.perf_counter() - t
    n = sum(1 for l in out.splitlines() if l.strip())
    return n / wall, wall


def env():
    e = {k: v for k, v in os.environ.items() if not k.startswith("CONFERRAL_")}
    # Talk to 127.0.0.1 directly, whatever proxy the environment names.
    e["NO_PROXY"] = "*"
    return e


class Server:
    def __init__(self, a):
        cmd = [a.bin, "serve", "--addr", "127.0.0.1:0", "--batch-size", str(a.batch_size),
               "--max-wait-ms", str(a.max_wait_ms), "--max-queue", "1000000"]
        if a.threads:
            cmd += ["--threads", str(a.threads)]
        self.p = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=env())
        line = self.p.stderr.readline()
        if "listening on http://" not in line:
            raise SystemExit(f"the server did not start: {line}")
        self.base = "http://" + line.split("listening on http://")[1].split("/")[0]
        threading.Thread(target=self.p.stderr.read, daemon=True).start()
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def score(self, docs):
        body = json.dumps({"documents": docs, "statement": True}).encode()
        req = urllib.request.Request(self.base + "/v1/score", data=body,
                                     headers={"Content-Type": "application/json"})
        with self.opener.open(req, timeout=600) as r:
            out = json.load(r)
        got = [r["id"] for r in out["records"]]
        if got != [d["id"] for d in docs]:
            raise SystemExit("the server answered other ids than asked")
        return len(got)

    def passes(self):
        """(forward passes, statements) so far, from /metrics."""
        with self.opener.open(self.base + "/metrics", timeout=60) as r:
            text = r.read().decode()
        val = lambda name: float(next(l.split()[-1] for l in text.splitlines() if l.startswith(name + " ")))
        return val("conferral_batch_size_count"), val("conferral_batch_size_sum")

    def stop(self):
        self.p.terminate()
        self.p.wait(timeout=15)


def run_clients(server, docs, clients, per):
    requests = [docs[i:i + per] for i in range(0, len(docs), per)]
    lock = threading.Lock()
    nxt = [0]
    lat = []
    errors = []

    def client():
        while True:
            with lock:
                if nxt[0] >= len(requests):
                    return
                req = requests[nxt[0]]
                nxt[0] += 1
            t = time.perf_counter()
            try:
                server.score(req)
            except Exception as e:  # reported below; the run goes on
                errors.append(str(e))
                continue
            with lock:
                lat.append(time.perf_counter() - t)

    t = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t
    if errors:
        raise SystemExit(f"{len(errors)} requests failed, e.g. {errors[0]}")
    lat.sort()
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
    return len(docs) / wall, p(0.50), p(0.99)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default="target/release/conferral")
    ap.add_argument("--data", default="data/written.jsonl")
    ap.add_argument("-n", type=int, default=1200, help="documents per run")
    ap.add_argument("--clients", default="1,16,64")
    ap.add_argument("--docs-per-request", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0, help="--threads of both (default: theirs)")
    ap.add_argument("--batch-size", type=int, default=8)
    ap.add_argument("--max-wait-ms", type=int, default=5)
    ap.add_argument("--out", help="also write the results as JSON here")
    a = ap.parse_args()
    clients = [int(c) for c in a.clients.split(",")]
    docs = load(a.data, a.n)
    tmp = tempfile.mkdtemp(prefix="bench_serve_")
    path = os.path.join(tmp, "docs.jsonl")
    with open(path, "w") as f:
        for d in docs:
            f.write(json.dumps(d) + "\n")
    print(f"{len(docs)} statements from {a.data}; {a.docs_per_request} per request; "
          f"batch {a.batch_size}; threads {a.threads or 'default'}; {a.rounds} rounds", flush=True)
    cli, serve = [], {c: [] for c in clients}
    server = Server(a)
    try:
        server.score(docs[:8])  # warm-up
        for r in range(a.rounds):
            dps, wall = run_cli(a, path)
            cli.append(dps)
            line = f"round {r + 1}: CLI {dps:.1f} docs/s ({wall:.1f} s)"
            for c in clients:
                before = server.passes()
                res = run_clients(server, docs, c, a.docs_per_request)
                after = server.passes()
                per_pass = (after[1] - before[1]) / max(1, after[0] - before[0])
                serve[c].append(res + (per_pass,))
                line += f"; {c} clients {res[0]:.1f} docs/s ({per_pass:.1f}/pass)"
            print(line, flush=True)
    finally:
        server.stop()
    cli_med = statistics.median(cli)
    # The share of the CLI's speed is taken per round (the CLI ran just before), then the
    # median: on a shared machine the speed of both moves from round to round.
    print(f"\n| clients | documents/s | vs CLI ({cli_med:.1f} docs/s), median of rounds | p50 latency | p99 latency | statements per pass |")
    print("|---|---|---|---|---|---|")
    results = {"cli_docs_per_s": cli, "serve": {}}
    for c in clients:
        dps = statistics.median(x[0] for x in serve[c])
        p50 = statistics.median(x[1] for x in serve[c])
        p99 = statistics.median(x[2] for x in serve[c])
        per_pass = statistics.median(x[3] for x in serve[c])
        results["serve"][c] = serve[c]
        ratios = [x[0] / y for x, y in zip(serve[c], cli)]
        share = "{:.0f}% ({})".format(100 * statistics.median(ratios), ", ".join(f"{100 * r:.0f}" for r in ratios))
        print(f"| {c} | {dps:.1f} | {share} | {1000 * p50:.0f} ms | {1000 * p99:.0f} ms | {per_pass:.1f} |")
    if a.out:
        with open(a.out, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
