"""Shared by the Python package's tests: the repository, the CLI binary, real statements.

The CLI is `CONFERRAL_BIN`, else the newest of target/{release,debug}/conferral; without one
the tests that compare with it fail when CI is set and are skipped otherwise.
"""

import json
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cli_path():
    given = os.environ.get("CONFERRAL_BIN")
    if given:
        return given
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    found = [
        p
        for p in (os.path.join(target, k, "conferral") for k in ("release", "debug"))
        if os.access(p, os.X_OK)
    ]
    return max(found, key=os.path.getmtime) if found else None


@pytest.fixture(scope="session")
def cli():
    path = cli_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("no conferral binary (cargo build, or set CONFERRAL_BIN) and CI is set")
        pytest.skip("no conferral binary: cargo build --release, or set CONFERRAL_BIN")
    return path


def run_cli(cli, *args, stdin=None):
    """Runs the binary on one thread with none of the caller's CONFERRAL_* settings; returns
    its JSON Lines records."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONFERRAL_")}
    env["CONFERRAL_THREADS"] = "1"
    out = subprocess.run(
        [cli, *args], input=stdin, capture_output=True, text=True, env=env, check=False
    )
    assert out.returncode in (0, 1), out.stderr
    return [json.loads(l) for l in out.stdout.splitlines() if l.strip()]


def statements(n, files=("real_statements.jsonl", "written_dev.jsonl")):
    """The first statements of the real, then the written corpus: n (id, text) pairs, ids
    unique."""
    out = []
    for name in files:
        with open(os.path.join(ROOT, "data", name)) as f:
            for i, line in enumerate(f):
                if line.strip():
                    r = json.loads(line)
                    out.append((f"{name}:{i + 1}", r["text"]))
    # Alternate the two corpora so that a small n holds both kinds.
    real = [x for x in out if x[0].startswith(files[0])]
    rest = [x for x in out if not x[0].startswith(files[0])]
    mixed = [x for pair in zip(real, rest) for x in pair] + real[len(rest):] + rest[len(real):]
    return mixed[:n]


def write_jsonl(path, rows):
    with open(path, "w") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")


