//! "Never lose a document": the `score` command as a shard worker on large corpora.
//!
//! - a run killed with SIGKILL mid-way and continued with `--resume` writes the same records
//!   as an uninterrupted run, in the same order, none twice, none missing;
//! - a run stopped by SIGTERM or SIGINT keeps only whole records, exits 143 / 130, and resumes
//!   the same way;
//! - the N outputs of `--shard K/N` (from the flag, Slurm's or Kubernetes' environment)
//!   together are exactly the unsharded output;
//! - peak memory stays bounded and flat in the corpus size.
//!
//! Like tests/cli.rs, these run the binary on a tiny random model built once per test
//! process (the mechanics must not depend on what a model learned, and it keeps them fast),
//! on one compute thread.

mod common;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

/// A tiny random BERT classifier (see tests/cli.rs `tiny_model`), one directory per process;
/// those of finished processes are removed.
fn tiny_model() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| common::save_tiny_model("robustness-tiny-model"))
}

/// `conferral score` on the tiny model, one thread, with no sharding or other settings
/// inherited from the caller's environment (a test run inside a Slurm array must not shard).
fn score() -> Command {
    let mut cmd = common::conferral();
    cmd.env("CONFERRAL_MODEL", tiny_model())
        .arg("score")
        .stdin(Stdio::null());
    cmd
}

fn run(cmd: &mut Command, code: i32) -> Output {
    let out = cmd.output().expect("the binary runs");
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit code\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Short statement-like texts, varied so batches have different lengths.
const PHRASES: [&str; 8] = [
    "Counsel conferred by telephone on May 2, 2022.",
    "The parties met and conferred in good faith.",
    "Defendant opposes the motion.",
    "Plaintiff agreed to supplement Interrogatories 3 and 4.",
    "The parties could not agree on Requests 9 through 12.",
    "Counsel exchanged emails on June 8 and June 10.",
    "The undersigned certifies a reasonable effort to resolve the dispute.",
    "Movant's counsel, A. Smith, spoke with B. Jones for thirty minutes.",
];

/// A JSON Lines corpus of `n` records: mostly `{"id", "text", "court"}`, plus every 97th
/// without an id (id `PATH:LINE`), every 389th malformed and every 401st with empty text
/// (error records), so error paths are sharded and resumed too.
fn write_corpus(path: &Path, n: usize) {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for i in 0..n {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let k = 1 + (seed >> 61) as usize % 3;
        let text: Vec<&str> = (0..k)
            .map(|j| PHRASES[((seed >> (8 * j + 3)) as usize + i) % PHRASES.len()])
            .collect();
        let text = text.join(" ");
        let line = if i % 389 == 388 {
            format!("{{\"id\": \"doc-{i}\", \"text\": ")
        } else if i % 401 == 400 {
            format!("{{\"id\": \"doc-{i}\", \"text\": \"\"}}")
        } else if i % 97 == 96 {
            serde_json::json!({"text": text, "court": "D. Kan."}).to_string()
        } else {
            serde_json::json!({"id": format!("doc-{i}"), "text": text, "court": "N.D. Tex."})
                .to_string()
        };
        writeln!(w, "{line}").unwrap();
    }
    w.flush().unwrap();
}

fn parse(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a record ({e}): {l}")))
        .collect()
}

fn key(r: &Value) -> (String, String) {
    (
        r["source"].as_str().unwrap().to_string(),
        r["id"].as_str().unwrap().to_string(),
    )
}

/// Two records are the same result: equal apart from float noise in the scores (a
/// statement may be batched with different neighbours in different runs).
fn same_record(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() < 1e-4
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_record(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same_record(v, w))
        }
        _ => a == b,
    }
}

/// Asserts `got` holds exactly the records of `want` (a multiset, compared by key and then
/// record), and returns nothing; order is checked by the callers that need it.
fn assert_same_records(got: &[Value], want: &[Value], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: record count");
    let mut by_key: HashMap<(String, String), Vec<&Value>> = HashMap::new();
    for r in want {
        by_key.entry(key(r)).or_default().push(r);
    }
    for r in got {
        let k = key(r);
        let candidates = by_key
            .get_mut(&k)
            .unwrap_or_else(|| panic!("{what}: unexpected or duplicate record {k:?}"));
        let pos = candidates
            .iter()
            .position(|w| same_record(r, w))
            .unwrap_or_else(|| panic!("{what}: {r} differs from {:?}", candidates));
        candidates.swap_remove(pos);
        if candidates.is_empty() {
            by_key.remove(&k);
        }
    }
    assert!(by_key.is_empty(), "{what}: missing {:?}", by_key.keys());
}

fn lines_in(path: &Path) -> usize {
    std::fs::read(path)
        .map(|b| b.iter().filter(|&&c| c == b'\n').count())
        .unwrap_or(0)
}

fn kill9(child: &mut Child) {
    // Child::kill sends SIGKILL on Unix.
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
}

#[test]
fn killed_run_resumes_to_the_uninterrupted_output() {
    const N: usize = 6000;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    write_corpus(&corpus, N);

    let whole_path = dir.path().join("whole.jsonl");
    let out = run(
        score()
            .args(["--statement", "--quiet", "--output"])
            .arg(&whole_path)
            .arg(&corpus),
        2,
    );
    assert!(out.stdout.is_empty());
    let whole = parse(&std::fs::read_to_string(&whole_path).unwrap());
    assert_eq!(whole.len(), N, "one record per input line");

    // Interrupted: SIGKILL once some records are on disk.
    let resumed = dir.path().join("resumed.jsonl");
    let started = Instant::now();
    let mut child = score()
        .args(["--statement", "--quiet", "--resume", "--batch-size", "8"])
        .arg("--output")
        .arg(&resumed)
        .arg(&corpus)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    while lines_in(&resumed) < 300 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before it could be killed"
        );
        assert!(started.elapsed() < Duration::from_secs(60), "no output");
        std::thread::sleep(Duration::from_millis(5));
    }
    kill9(&mut child);
    let after_kill = lines_in(&resumed);
    assert!(
        after_kill < N,
        "killed before the end: {after_kill} of {N} written"
    );
    // What a kill during a write would leave: a partial last record.
    std::fs::OpenOptions::new()
        .append(true)
        .open(&resumed)
        .unwrap()
        .write_all(b"{\"schema\":\"conferral/1\",\"id\":\"doc-")
        .unwrap();

    let out = run(
        score()
            .args(["--statement", "--resume", "--output"])
            .arg(&resumed)
            .arg(&corpus),
        2,
    );
    let err = stderr(&out);
    assert!(
        err.contains("partial last record") && err.contains(&format!("skipped {after_kill} ")),
        "{err}"
    );
    let text = std::fs::read_to_string(&resumed).unwrap();
    let got = parse(&text);
    assert_same_records(&got, &whole, "resumed");
    let order = |v: &[Value]| v.iter().map(key).collect::<Vec<_>>();
    assert_eq!(
        order(&got),
        order(&whole),
        "input order kept across the resume"
    );

    // Resuming a finished file changes nothing; the exit code still reports its errors.
    run(
        score()
            .args(["--statement", "--quiet", "--resume", "--output"])
            .arg(&resumed)
            .arg(&corpus),
        2,
    );
    assert_eq!(std::fs::read_to_string(&resumed).unwrap(), text);
}

fn signal(child: &Child, sig: i32) {
    let pid = i32::try_from(child.id()).unwrap();
    // SAFETY: kill(2) on our own child's pid; no memory is shared.
    assert_eq!(unsafe { libc::kill(pid, sig) }, 0, "kill({pid}, {sig})");
}

/// Every line of `path` is a whole record and they are, in order, the first records of
/// `whole` (no gap, no duplicate); returns how many.
fn assert_prefix_of(path: &Path, whole: &[Value], what: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "{what}: partial last line"
    );
    let got = parse(&text);
    assert_same_records(&got, &whole[..got.len()], what);
    let order = |v: &[Value]| v.iter().map(key).collect::<Vec<_>>();
    assert_eq!(order(&got), order(&whole[..got.len()]), "{what}: order");
    got.len()
}

/// No `.NAME.PID.N.tmp` of an atomic writer left behind in `dir`.
fn assert_no_temp_files(dir: &Path) {
    let temps: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(temps.is_empty(), "left behind: {temps:?}");
}

/// SIGTERM (a scheduler's stop) and SIGINT (Ctrl-C) mid-run: the run stops taking documents,
/// keeps the records it finished, says so, exits 143 / 130, and `--resume` completes the
/// file to exactly the uninterrupted output. Without `--resume` the atomic `--output` is not
/// replaced by a partial one, and no temporary file is left.
#[test]
fn signalled_run_stops_cleanly_and_resumes() {
    const N: usize = 4000;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    write_corpus(&corpus, N);
    let whole_path = dir.path().join("whole.jsonl");
    run(
        score()
            .args(["--statement", "--quiet", "--output"])
            .arg(&whole_path)
            .arg(&corpus),
        2,
    );
    let whole = parse(&std::fs::read_to_string(&whole_path).unwrap());
    assert_eq!(whole.len(), N);

    let resumed = dir.path().join("resumed.jsonl");
    let mut written = 0;
    for (sig, code, name) in [
        (libc::SIGTERM, 143, "SIGTERM"),
        (libc::SIGINT, 130, "SIGINT"),
    ] {
        let started = Instant::now();
        let child = score()
            .args(["--statement", "--quiet", "--resume", "--batch-size", "8"])
            .arg("--output")
            .arg(&resumed)
            .arg(&corpus)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut child = child;
        while lines_in(&resumed) < written + 300 {
            assert!(
                child.try_wait().unwrap().is_none(),
                "finished before the {name}"
            );
            assert!(started.elapsed() < Duration::from_secs(60), "no output");
            std::thread::sleep(Duration::from_millis(5));
        }
        signal(&child, sig);
        let out = child.wait_with_output().unwrap();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(code), "{name}: {err}");
        assert!(
            err.contains(&format!("interrupted by {name}")) && err.contains("--resume"),
            "{err}"
        );
        let now = assert_prefix_of(&resumed, &whole, name);
        assert!(now > written && now < N, "{name}: {now} of {N} records");
        written = now;
    }
    let out = run(
        score()
            .args(["--statement", "--resume", "--output"])
            .arg(&resumed)
            .arg(&corpus),
        2,
    );
    let err = stderr(&out);
    assert!(
        err.contains(&format!("skipped {written} ")) && !err.contains("partial"),
        "{err}"
    );
    assert_eq!(assert_prefix_of(&resumed, &whole, "resumed"), N);

    // Without --resume: the previous complete output survives the interrupted rerun.
    let before = std::fs::read(&whole_path).unwrap();
    let started = Instant::now();
    let mut child = score()
        .args(["--statement", "--quiet", "--batch-size", "8", "--output"])
        .arg(&whole_path)
        .arg(&corpus)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The hidden temporary file grows once records are written.
    let temp_len = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .map(|e| e.metadata().map_or(0, |m| m.len()))
            .sum::<u64>()
    };
    while temp_len() == 0 {
        assert!(child.try_wait().unwrap().is_none(), "finished too soon");
        assert!(started.elapsed() < Duration::from_secs(60), "no output");
        std::thread::sleep(Duration::from_millis(5));
    }
    signal(&child, libc::SIGINT);
    let out = child.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("was not written"), "{err}");
    assert_eq!(std::fs::read(&whole_path).unwrap(), before);
    assert_no_temp_files(dir.path());

    // To stdout: the records written before the stop are whole and in order.
    let started = Instant::now();
    let stdout_path = dir.path().join("stdout.jsonl");
    let mut child = score()
        .args(["--statement", "--quiet", "--batch-size", "8"])
        .arg(&corpus)
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while lines_in(&stdout_path) < 300 {
        assert!(child.try_wait().unwrap().is_none(), "finished too soon");
        assert!(started.elapsed() < Duration::from_secs(60), "no output");
        std::thread::sleep(Duration::from_millis(5));
    }
    signal(&child, libc::SIGTERM);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143), "{}", stderr(&out));
    let n = assert_prefix_of(&stdout_path, &whole, "stdout");
    assert!(n < N, "stopped early: {n}");
}

#[test]
fn shards_together_are_the_whole_output() {
    const N: usize = 1500;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    write_corpus(&corpus, N);
    // Plain text files too: their id is the path.
    let motions = "tests/fixtures/motions";
    let whole = parse(
        &String::from_utf8(run(score().args(["--statement"]).arg(&corpus).arg(motions), 2).stdout)
            .unwrap(),
    );
    assert_eq!(whole.len(), N + 4);

    let mut shards: Vec<Vec<Value>> = Vec::new();
    for k in 0..3 {
        let mut cmd = score();
        cmd.arg("--statement");
        match k {
            0 => cmd.args(["--shard", "0/3"]),
            // Slurm array --array=1-3: task ids 1..=3 are shards 0..=2.
            1 => cmd
                .env("SLURM_ARRAY_TASK_ID", "2")
                .env("SLURM_ARRAY_TASK_COUNT", "3")
                .env("SLURM_ARRAY_TASK_MIN", "1")
                .env("SLURM_ARRAY_TASK_MAX", "3"),
            // Kubernetes Indexed Job.
            _ => cmd
                .env("JOB_COMPLETION_INDEX", "2")
                .env("CONFERRAL_SHARD_COUNT", "3"),
        };
        let out = cmd.arg(&corpus).arg(motions).output().unwrap();
        let err = stderr(&out);
        assert!(err.contains(&format!("shard {k}/3")), "{err}");
        let recs = parse(&String::from_utf8(out.stdout).unwrap());
        assert!(recs.len() > N / 5, "shard {k} has {} records", recs.len());
        // Exit code 2 exactly when the shard has an error record.
        let has_error = recs.iter().any(|r| r["verdict"] == "error");
        assert_eq!(
            out.status.code(),
            Some(if has_error { 2 } else { 0 }),
            "{err}"
        );
        // Input order within a shard: a subsequence of the whole output.
        let mut pos = whole.iter().map(key);
        for r in &recs {
            let k = key(r);
            assert!(pos.any(|w| w == k), "{k:?} out of order in shard");
        }
        shards.push(recs);
    }
    let union: Vec<Value> = shards.concat();
    assert_same_records(&union, &whole, "union of 3 shards");
}

/// Arguments, environment, and what the message must say.
type UsageCase = (
    &'static [&'static str],
    &'static [(&'static str, &'static str)],
    &'static str,
);

#[test]
fn usage_errors_are_reported_before_any_work() {
    let cases: [UsageCase; 6] = [
        (&["--resume"], &[], "--output"),
        (
            &["--resume", "-o", "-"],
            &[],
            "--resume needs --output FILE",
        ),
        (
            &["--resume", "--format", "csv", "-o", "x.csv"],
            &[],
            "JSON Lines only",
        ),
        (&["--shard", "3/3"], &[], "0-based"),
        (&["--shard", "1-of-3"], &[], "expected K/N"),
        (&[], &[("JOB_COMPLETION_INDEX", "1")], "--shard-count"),
    ];
    for (args, env, msg) in cases {
        let mut cmd = score();
        cmd.args(args).arg("tests/fixtures/corpus.jsonl");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = run(&mut cmd, 2);
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(stderr(&out).contains(msg), "{args:?}: {}", stderr(&out));
    }
    assert!(!Path::new(env!("CARGO_MANIFEST_DIR")).join("x.csv").exists());
    // Appending to a file that the inputs walk would score its own output without end.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("tests/fixtures/corpus.jsonl", dir.path().join("in.jsonl")).unwrap();
    let inside = dir.path().join("./out.jsonl");
    std::fs::write(&inside, "").unwrap();
    for input in [dir.path().to_path_buf(), inside.clone()] {
        let out = run(
            score().arg("--resume").arg("-o").arg(&inside).arg(&input),
            2,
        );
        assert!(
            stderr(&out).contains("is read as input"),
            "{}",
            stderr(&out)
        );
    }
}

/// Peak resident memory (VmHWM, kB) of a running child, polled until it exits.
fn peak_rss_kb(mut child: Child) -> (u64, std::process::ExitStatus) {
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(s) = std::fs::read_to_string(&status_path) {
            if let Some(kb) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = peak.max(kb);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            return (peak, status);
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn memory_stays_flat_in_the_corpus_size() {
    const SMALL: usize = 10_000;
    const LARGE: usize = 40_000;
    const BOUND_KB: u64 = 300 * 1024;
    let dir = tempfile::tempdir().unwrap();
    let mut peaks = Vec::new();
    for n in [SMALL, LARGE] {
        let corpus = dir.path().join(format!("corpus-{n}.jsonl"));
        write_corpus(&corpus, n);
        let out = dir.path().join(format!("out-{n}.jsonl"));
        let child = score()
            .args(["--statement", "--quiet", "--output"])
            .arg(&out)
            .arg(&corpus)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let (peak, status) = peak_rss_kb(child);
        assert_eq!(status.code(), Some(2), "error records in the corpus");
        assert_eq!(lines_in(&out), n);
        assert!(peak > 0, "VmHWM read");
        assert!(
            peak < BOUND_KB,
            "{n} documents: peak RSS {peak} kB over {BOUND_KB} kB"
        );
        eprintln!("{n} documents: peak RSS {peak} kB");
        peaks.push(peak);
    }
    let ratio = peaks[1] as f64 / peaks[0] as f64;
    assert!(
        ratio < 1.5,
        "peak RSS grows with the corpus: {} kB for {SMALL}, {} kB for {LARGE}",
        peaks[0],
        peaks[1]
    );
}
