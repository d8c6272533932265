"""examples/dask_corpus.py on a 2-worker LocalCluster gives the CLI's verdicts."""

import os
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT, run_cli, statements, write_jsonl

EXAMPLE = os.path.join(ROOT, "python", "examples", "dask_corpus.py")

pytest.importorskip("dask.distributed")


def run_example(*args):
    out = subprocess.run(
        [sys.executable, EXAMPLE, *args], capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr
    return out


def test_dask_jsonl_corpus_matches_the_cli(cli, tmp_path):
    rows = statements(40)
    corpus = tmp_path / "corpus.jsonl"
    write_jsonl(
        corpus, [{"id": i, "text": t, "court": "D. Kan." if k % 2 else "N.D. Tex."}
                 for k, (i, t) in enumerate(rows)]
    )
    out = tmp_path / "scored.parquet"
    # Small blocks: several partitions, so both workers take tasks.
    run_example(str(corpus), "--out", str(out), "--workers", "2", "--statement",
                "--blocksize", "4KB")
    got = pd.read_parquet(out)
    assert len(got) == len(rows)
    assert len(os.listdir(out)) > 2, "written by several partitions"
    assert set(got.columns) >= {"id", "text", "court", "verdict", "score", "element_when"}
    want = {r["id"]: r for r in run_cli(cli, "score", "--statement", "--format", "jsonl",
                                        "-q", str(corpus))}
    for _, row in got.iterrows():
        w = want[row["id"]]
        assert row["verdict"] == w["verdict"], row["id"]
        assert abs(row["score"] - w["score"]) <= 1e-5, row["id"]
        assert row["court"] == w["court"]


def test_dask_parquet_input_and_a_bad_court(tmp_path):
    rows = statements(6)
    src = tmp_path / "in.parquet"
    pd.DataFrame({"doc": [i for i, _ in rows], "body": [t for _, t in rows]}).to_parquet(src)
    out = tmp_path / "out.parquet"
    run_example(str(src), "--out", str(out), "--workers", "2", "--statement",
                "--text", "body", "--id", "doc")
    got = pd.read_parquet(out)
    assert sorted(got["doc"]) == sorted(i for i, _ in rows)
    assert got["verdict"].notna().all()
    bad = subprocess.run(
        [sys.executable, EXAMPLE, str(src), "--out", str(tmp_path / "x"), "--court", "nope"],
        capture_output=True, text=True, timeout=300,
    )
    assert bad.returncode != 0 and "nope" in bad.stderr
