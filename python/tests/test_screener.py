"""conferral.Screener against the CLI, the pandas view, pickling and the GIL."""

import glob
import json
import os
import pickle
import subprocess
import sys
import threading
import time

import pandas as pd
import pytest

import conferral
from conftest import ROOT, run_cli, statements, write_jsonl

TOL = 1e-5


@pytest.fixture(scope="module")
def screener():
    return conferral.Screener(statement=True)


def assert_same_record(py, cli):
    """Equal records, numbers to TOL; `source` names the input and differs by design."""
    assert py["id"] == cli["id"]
    assert set(py) == set(cli), (py["id"], set(py) ^ set(cli))
    for k in py:
        if k == "source":
            continue
        if k == "score":
            assert (py[k] is None) == (cli[k] is None), py["id"]
            if py[k] is not None:
                assert abs(py[k] - cli[k]) <= TOL, (py["id"], py[k], cli[k])
        elif k == "elements":
            assert set(py[k]) == set(cli[k])
            for e, v in py[k].items():
                w = cli[k][e]
                assert abs(v["p"] - w["p"]) <= TOL, (py["id"], e)
                assert (v["present"], v["spans"]) == (w["present"], w["spans"]), (py["id"], e)
        else:
            assert py[k] == cli[k], (py["id"], k)


def test_statements_give_the_cli_records(screener, cli, tmp_path):
    rows = statements(60)
    path = tmp_path / "statements.jsonl"
    write_jsonl(path, [{"id": i, "text": t} for i, t in rows])
    want = run_cli(cli, "score", "--statement", "--format", "jsonl", "-q", str(path))
    got = screener.score([t for _, t in rows], ids=[i for i, _ in rows])
    assert len(got) == len(want) == 60
    for g, w in zip(got, want):
        assert_same_record(g, w)
    # Both kinds of verdict occur, so the comparison covers the thresholds.
    assert {"sufficient", "insufficient"} <= {r["verdict"] for r in got}


def test_motions_give_the_cli_records(cli):
    files = sorted(glob.glob(os.path.join(ROOT, "examples", "*.txt")))
    assert files
    want = run_cli(cli, "score", "--format", "jsonl", "-q", *files)
    texts = [open(f, encoding="utf-8").read() for f in files]
    got = conferral.Screener().score(texts, ids=files)
    for g, w in zip(got, want):
        assert_same_record(g, w)
    assert "no_certificate" in {r["verdict"] for r in got}


def test_court_and_records_without_a_statement(screener):
    s = conferral.Screener(court="d-kan-37-2")
    [r, empty] = s.score(["Counsel conferred.", "   "], ids=["a", "b"])
    assert r["profile"]["id"] == "d-kan-37-2"
    assert empty["verdict"] == "error" and "empty" in empty["error"]
    assert [r["id"] for r in screener.score(["x", "y"])] == ["0", "1"]
    assert screener.score([]) == []
    assert screener.model_origin == "embedded"
    th = screener.thresholds
    assert 0 < th["flag_below"] <= th["pass_above"] < 1


def test_bad_arguments_are_errors_that_say_what(screener):
    with pytest.raises(ValueError, match="no-such-court"):
        conferral.Screener(court="no-such-court")
    with pytest.raises(ValueError, match="loading model /nonexistent"):
        conferral.Screener(model="/nonexistent")
    with pytest.raises(ValueError, match="ids has 1 items but texts has 2"):
        screener.score(["a", "b"], ids=["x"])
    with pytest.raises(TypeError, match="not one string"):
        screener.score("a text")
    with pytest.raises(TypeError, match=r"texts\[1\] is int"):
        screener.score(["a", 3])
    with pytest.raises(ValueError, match="precision must be"):
        conferral.Screener(precision="int4")


def test_precision_matches_the_cli(cli, tmp_path):
    rows = statements(20)
    path = tmp_path / "statements.jsonl"
    write_jsonl(path, [{"id": i, "text": t} for i, t in rows])
    for precision in ("f32", "int8"):
        want = run_cli(
            cli, "score", "--statement", "--precision", precision, "--format", "jsonl", "-q", str(path)
        )
        s = conferral.Screener(statement=True, precision=precision)
        got = s.score([t for _, t in rows], ids=[i for i, _ in rows])
        for g, w in zip(got, want):
            assert_same_record(g, w)
        assert f"precision='{precision}'" in repr(s)


def test_score_pandas_adds_the_columns(screener):
    rows = statements(12)
    df = pd.DataFrame(
        {
            "id": [i for i, _ in rows] + ["none", "nan"],
            "text": [t for _, t in rows] + [None, float("nan")],
            "court": ["D. Kan."] * 14,
        },
        index=range(100, 114),
    )
    out = screener.score_pandas(df)
    assert list(out.columns) == ["id", "text", "court"] + conferral.COLUMNS
    assert list(out.index) == list(df.index)
    assert "verdict" not in df.columns, "the input frame is left as it was"
    records = screener.score([t for _, t in rows], ids=[i for i, _ in rows])
    for (_, row), r in zip(out.iterrows(), records):
        assert row["verdict"] == r["verdict"]
        assert row["score"] == pytest.approx(r["score"], abs=1e-7)
        assert row["statement_text"] == r["statement"]["text"]
        assert (row["statement_start"], row["statement_end"]) == (
            r["statement"]["start"],
            r["statement"]["end"],
        )
        assert row["reasons"] == r["reasons"]
        for e in conferral.ELEMENTS:
            assert row[conferral.element_column(e)] == r["elements"][e]["present"]
    missing = out.loc[[112, 113]]
    assert list(missing["verdict"]) == ["error", "error"]
    assert missing["score"].isna().all() and missing["statement_start"].isna().all()
    assert missing["element_when"].isna().all()
    assert str(out["statement_start"].dtype) == "Int64"
    assert str(out["element_when"].dtype) == "boolean"
    # Without an id column the index names the records.
    by_index = screener.score_pandas(df.drop(columns="id").head(2))
    assert list(by_index["verdict"]) == list(out["verdict"].head(2))


def test_an_empty_frame_gives_an_empty_frame_with_the_columns(screener):
    out = screener.score_pandas(pd.DataFrame({"text": pd.Series([], dtype=object)}))
    assert len(out) == 0
    assert list(out.columns) == ["text"] + conferral.COLUMNS
    with pytest.raises(KeyError, match="body"):
        screener.score_pandas(pd.DataFrame({"text": []}), text="body")


def test_pickle_carries_parameters_and_reloads(tmp_path):
    s = conferral.Screener(court="d-kan-37-2", statement=True, threads=1)
    blob = pickle.dumps(s)
    assert len(blob) < 1000, "the parameters, not the model"
    text = statements(1)[0][1]
    want = s.score([text])[0]
    # In a fresh process, as a Dask or Spark worker unpickles it.
    path = tmp_path / "s.pkl"
    path.write_bytes(blob)
    code = (
        "import pickle, json, sys\n"
        f"s = pickle.load(open({str(path)!r}, 'rb'))\n"
        "print(json.dumps(s.score([sys.stdin.read()])[0]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True
    )
    got = json.loads(out.stdout)
    assert got["score"] == pytest.approx(want["score"], abs=1e-7)
    assert got["profile"]["id"] == "d-kan-37-2"
    # Copies unpickled in one process share one loaded model.
    assert pickle.loads(blob) is pickle.loads(blob)
    assert "court='d-kan-37-2'" in repr(pickle.loads(blob))


def test_scoring_releases_the_gil(screener):
    """With a switch interval longer than the test, a thread gets the GIL only when the
    holder lets it go; so the main thread counts while the worker is inside native scoring
    only if scoring releases the GIL."""
    texts = [t for _, t in statements(40)]
    counter = [0]
    seen = {}
    done = threading.Event()

    def work():
        before = counter[0]
        screener._native.score(texts)
        seen["delta"] = counter[0] - before
        done.set()

    old = sys.getswitchinterval()
    sys.setswitchinterval(1000.0)
    try:
        t = threading.Thread(target=work)
        t.start()
        while not done.is_set():
            counter[0] += 1
            time.sleep(0.0005)  # lets the GIL go, so that the worker can start
        t.join()
    finally:
        sys.setswitchinterval(old)
    assert seen["delta"] > 0, "the main thread never ran while scoring: GIL held"
