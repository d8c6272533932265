#!/usr/bin/env python3
"""Score a Parquet or JSON Lines corpus with Dask and write the result as Parquet.

Each partition goes through `conferral.Screener.score_pandas` on a Dask worker; the output
keeps every input column and adds verdict, score, statement_text, statement_start,
statement_end, reasons and element_<name> (see the README, "Python"). Each worker process
loads the model once (the Screener travels pickled as its parameters).

    # a LocalCluster of 4 single-threaded workers on this machine
    python examples/dask_corpus.py corpus.jsonl --out scored.parquet --workers 4
    # an existing cluster (dask scheduler / dask worker, Kubernetes, Slurm via dask-jobqueue)
    python examples/dask_corpus.py 's3://bucket/corpus/*.parquet' --out scored.parquet \\
        --scheduler tcp://scheduler:8786

Needs `pip install ./python[dask]` (dask[dataframe,distributed], pyarrow, pandas).
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def read_corpus(dd, inputs, blocksize):
    """One Dask DataFrame from Parquet files/folders or JSON Lines files (by extension)."""
    parquet = [p for p in inputs if p.rstrip("/").endswith(".parquet") or os.path.isdir(p)]
    jsonl = [p for p in inputs if p not in parquet]
    if parquet and jsonl:
        sys.exit("give either Parquet or JSON Lines inputs, not both")
    if parquet:
        return dd.read_parquet(parquet)
    bad = [p for p in jsonl if not p.endswith((".jsonl", ".json", ".ndjson"))]
    if bad:
        sys.exit(f"not Parquet or JSON Lines (.parquet, .jsonl): {', '.join(bad)}")
    return dd.read_json(jsonl, lines=True, blocksize=blocksize, dtype=False)


def output_schema(pa, conferral, sample):
    """The Parquet schema: the input's columns as the first rows show them (text where they
    are all empty), then conferral's. Dask cannot infer it from an empty frame, whose object
    columns (the list of reasons) hold no value to look at."""
    fields = [
        f if f.type != pa.null() else pa.field(f.name, pa.string())
        for f in pa.Schema.from_pandas(sample, preserve_index=False)
        if f.name not in conferral.COLUMNS
    ]
    ours = {"verdict": pa.string(), "score": pa.float64(), "statement_text": pa.string(),
            "statement_start": pa.int64(), "statement_end": pa.int64(),
            "reasons": pa.list_(pa.string())}
    fields += [pa.field(c, ours.get(c, pa.bool_())) for c in conferral.COLUMNS]
    return pa.schema(fields)


def score_partition(part, screener, text, id):
    """Runs on a worker: `screener` arrives pickled and is loaded once per worker process."""
    return screener.score_pandas(part, text=text, id=id)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="+", help="Parquet files or folders, or .jsonl files")
    ap.add_argument("--out", required=True, help="output Parquet folder")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler "
                    "(default: a LocalCluster on this machine)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="LocalCluster workers (processes, one thread each)")
    ap.add_argument("--threads", type=int, default=1,
                    help="conferral threads inside each task (the cores per Dask thread)")
    ap.add_argument("--text", default="text", help="column holding the text")
    ap.add_argument("--id", default="id", help="column holding the document id "
                    "(absent: records are named by the partition's index)")
    ap.add_argument("--statement", action="store_true",
                    help="each text is the conferral statement itself")
    ap.add_argument("--court", help="judge every document by this court profile")
    ap.add_argument("--model", help="model directory (default: the embedded model)")
    ap.add_argument("--blocksize", default="16MB", help="JSON Lines bytes per partition")
    a = ap.parse_args(argv)

    import dask.dataframe as dd
    import pyarrow as pa
    from dask.distributed import Client, LocalCluster

    import conferral

    # Built here first, so that a bad --court or --model fails before any work is sent.
    screener = conferral.Screener(model=a.model, court=a.court, statement=a.statement,
                                  threads=a.threads)
    started = time.perf_counter()
    if a.scheduler:
        client = Client(a.scheduler)
        cluster = None
    else:
        cluster = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        ddf = read_corpus(dd, a.inputs, a.blocksize)
        if a.text not in ddf.columns:
            sys.exit(f"no column {a.text!r} in {', '.join(a.inputs)} (pass --text)")
        # An empty frame of the input's columns gives the output's columns and types.
        meta = screener.score_pandas(ddf._meta, text=a.text, id=a.id)
        scored = ddf.map_partitions(score_partition, screener, a.text, a.id, meta=meta)
        scored.to_parquet(a.out, write_index=False,
                          schema=output_schema(pa, conferral, ddf.head(100, npartitions=-1)))
        n = len(dd.read_parquet(a.out))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    took = time.perf_counter() - started
    print(f"scored {n} documents in {took:.1f} s -> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
