//! End-to-end tests of the `conferral` binary: inputs, output formats, exit codes, help.
//!
//! The command-line mechanics must not depend on what a model has learned, so most tests run
//! the binary on a tiny, randomly initialised model (built once per test process through the
//! library, see [`tiny_model`]) passed with `CONFERRAL_MODEL`; that also keeps them fast.
//! Verdicts are asserted only where they cannot depend on the model: `no_certificate` (no
//! statement found), `error`, and threshold overrides (`--flag-below 0 --pass-above 0` makes
//! every scored statement `sufficient`, `--flag-below 1 --pass-above 1` every one
//! `insufficient`). The tests that need the trained model embedded in the binary are marked
//! `#[ignore]` and compare verdicts only through the tolerant [`assert_not_opposite`].

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use serde_json::{json, Value};

const MOTIONS: &str = "tests/fixtures/motions";
const CORPUS: &str = "tests/fixtures/corpus.jsonl";
const SCHEMA: &str = "conferral/1";
/// The documented CSV columns (README.md, "Output schema").
const CSV_COLUMNS: [&str; 11] = [
    "schema",
    "id",
    "source",
    "verdict",
    "score",
    "statement_start",
    "statement_end",
    "statement_text",
    "reasons",
    "error",
    "statement_heading",
];
/// The documents of [`MOTIONS`], in walking order (sorted by name, directories recursed in
/// place; hidden files and unknown extensions skipped).
const MOTION_IDS: [&str; 4] = [
    "tests/fixtures/motions/a-certificate.txt",
    "tests/fixtures/motions/b-no-certificate.txt",
    "tests/fixtures/motions/c-first-paragraph.md",
    "tests/fixtures/motions/nested/d-nested.txt",
];
const NO_CERTIFICATE: &str = "tests/fixtures/motions/b-no-certificate.txt";

/// Clear statements for the embedded-model check: (text, rubric label).
const CLEAR_STATEMENTS: [(&str, &str); 6] = [
    (
        "On May 2, 2022, counsel for Plaintiff (A. Smith) and counsel for Defendant (B. Jones) \
         conferred by telephone for 30 minutes about Interrogatories 3-7 and Requests for \
         Production 9-12. Defendant agreed to supplement Interrogatories 3 and 4; the parties \
         could not agree on the remaining requests, which Defendant opposes.",
        "sufficient",
    ),
    (
        "Pursuant to LCvR 7(m), on March 14, 2023, undersigned counsel, Maria Lopez, met in \
         person with Defendant's counsel, David Chen, for an hour to discuss the protective \
         order proposed in this motion. The parties agreed on paragraphs 1 through 6 but could \
         not resolve their disagreement over the attorneys'-eyes-only tier in paragraph 7; \
         Defendant opposes the motion as to that paragraph.",
        "sufficient",
    ),
    (
        "Counsel for Defendant, Rachel Green, and counsel for Plaintiff, Tom Baker, conferred \
         by video conference on June 8, 2021 and again by telephone on June 10, 2021 about \
         Defendant's deficient answers to Requests for Admission 2 through 9. Plaintiff agreed \
         to amend its answers to Requests 2 and 3; the parties reached an impasse on the rest \
         because Plaintiff maintains they call for legal conclusions.",
        "sufficient",
    ),
    (
        "Counsel for Plaintiff certifies that she has conferred in good faith with opposing \
         counsel in an effort to resolve the dispute without court action, and was unable to \
         do so.",
        "insufficient",
    ),
    (
        "Pursuant to Local Rule 3.01(g), counsel for the movant has conferred with counsel for \
         the opposing party in a good faith effort to resolve the issues raised by this \
         motion, and the parties were unable to agree.",
        "insufficient",
    ),
    (
        "The undersigned hereby certifies that a reasonable effort was made to resolve the \
         discovery dispute before filing this motion.",
        "insufficient",
    ),
];

/// A tiny random BERT classifier in a model directory, built once per test process with the
/// library's own `Trainee::save` (so it has exactly the layout `--model` loads) and the
/// tokenizer of the embedded model. No `calibration.json`: the model's defaults apply.
///
/// One directory per process (a concurrent run must not delete ours); those of finished
/// processes are removed where `/proc` tells which are alive.
fn tiny_model() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| common::save_tiny_model("cli-tiny-model"))
}

/// The binary, run from the package root with no `CONFERRAL_*` settings from the caller's
/// environment, on one compute thread.
fn conferral() -> Command {
    Command::from_std(common::conferral())
}

/// `conferral score` on the tiny model.
fn score() -> Command {
    let mut cmd = conferral();
    cmd.env("CONFERRAL_MODEL", tiny_model()).arg("score");
    cmd
}

/// `conferral score` on the model embedded in the binary.
fn score_embedded() -> Command {
    let mut cmd = conferral();
    cmd.arg("score");
    cmd
}

/// Runs `cmd`, asserts its exit code, returns (stdout, stderr).
fn run(cmd: &mut Command, code: i32) -> (String, String) {
    let out = cmd.output().expect("the binary runs");
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
    assert_eq!(
        out.status.code(),
        Some(code),
        "exit code\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
    );
    (stdout, stderr)
}

/// JSON Lines output: one object per line, every one with the schema version.
fn records(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| {
            let v: Value =
                serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"));
            assert_eq!(v["schema"], SCHEMA, "{l}");
            v
        })
        .collect()
}

fn ids(recs: &[Value]) -> Vec<&str> {
    recs.iter().map(|r| r["id"].as_str().unwrap()).collect()
}

fn verdict(r: &Value) -> &str {
    r["verdict"].as_str().unwrap()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// `text[start..end]` in characters.
fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// The statement span of a scored record indexes `text` (character offsets).
fn assert_span_indexes(r: &Value, text: &str) {
    let st = &r["statement"];
    let (start, end) = (
        st["start"].as_u64().unwrap() as usize,
        st["end"].as_u64().unwrap() as usize,
    );
    assert!(start < end && end <= text.chars().count(), "{r}");
    assert_eq!(char_slice(text, start, end), st["text"].as_str().unwrap());
}

/// A scored record: a probability, a statement, the element probabilities.
fn assert_scored(r: &Value) {
    let s = r["score"]
        .as_f64()
        .unwrap_or_else(|| panic!("no score: {r}"));
    assert!((0.0..=1.0).contains(&s), "{r}");
    assert!(r["statement"].is_object(), "{r}");
    assert!(
        ["sufficient", "review", "insufficient"].contains(&verdict(r)),
        "{r}"
    );
    let elements = r["elements"].as_object().expect("elements");
    for k in [
        "participants",
        "when",
        "means",
        "dialogue",
        "issues",
        "outcome",
    ] {
        let p = elements[k]["p"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p), "{r}");
    }
}

/// Tolerant verdict check for a trained model: a statement labelled `sufficient` may come out
/// `review`, never `insufficient`, and the other way round.
fn assert_not_opposite(label: &str, r: &Value) {
    let opposite = match label {
        "sufficient" => "insufficient",
        "insufficient" => "sufficient",
        other => panic!("unknown label {other}"),
    };
    assert_ne!(verdict(r), opposite, "labelled {label}: {r}");
}

#[test]
fn folder_gives_one_record_per_document_in_sorted_order() {
    let (out, err) = run(score().arg(MOTIONS), 0);
    let recs = records(&out);
    assert_eq!(ids(&recs), MOTION_IDS, "hidden and .rst files are skipped");
    for r in &recs {
        assert_eq!(r["source"], r["id"], "{r}");
        assert!(r["reasons"].is_array(), "{r}");
        assert!(r.get("error").is_none(), "{r}");
        if r["id"] == NO_CERTIFICATE {
            assert_eq!(verdict(r), "no_certificate", "{r}");
            assert!(r["score"].is_null() && r["statement"].is_null(), "{r}");
        } else {
            assert_scored(r);
            assert_span_indexes(r, &read(r["id"].as_str().unwrap()));
        }
    }
    // a-certificate.txt has multi-byte characters before its certificate: offsets count
    // characters, not bytes.
    let a = &recs[0]["statement"];
    assert_eq!(a["heading"]["text"], "CERTIFICATE OF CONFERENCE", "{a}");
    let text = read(MOTION_IDS[0]);
    let byte_start = text.find("CERTIFICATE OF CONFERENCE").unwrap();
    assert_eq!(a["heading"]["start"], text[..byte_start].chars().count());
    assert_ne!(a["heading"]["start"], byte_start);
    assert!(recs[2]["statement"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Pursuant to D.C.COLO.LCivR 7.1(a)"));
    // The run summary goes to stderr.
    assert!(err.contains("4 documents:"), "{err}");
}

#[test]
fn jsonl_corpus_ids_extra_fields_and_malformed_line() {
    let (out, _) = run(score().args(["--statement", CORPUS]), 2);
    let recs = records(&out);
    let bad = format!("{CORPUS}:4");
    assert_eq!(
        ids(&recs),
        ["s1", format!("{CORPUS}:2").as_str(), bad.as_str(), "5"],
        "ids from the id field, PATH:LINE without one; the blank line 3 is skipped"
    );
    let sources: Vec<&str> = recs.iter().map(|r| r["source"].as_str().unwrap()).collect();
    assert_eq!(
        sources,
        [
            format!("{CORPUS}:1"),
            format!("{CORPUS}:2"),
            bad.clone(),
            format!("{CORPUS}:5")
        ]
    );
    // Other fields are carried; the id and text fields are not repeated.
    assert_eq!(recs[0]["court"], "D. Kan.");
    assert_eq!(recs[0]["label"], "sufficient");
    assert_eq!(recs[1]["court"], "N.D. Tex.");
    assert_eq!(recs[1]["year"], 2021);
    assert_eq!(recs[3]["tags"], json!(["extension", "consent"]));
    assert!(recs.iter().all(|r| r.get("text").is_none()));
    // The malformed line is an error record naming PATH:LINE; the line after it is scored.
    assert_eq!(verdict(&recs[2]), "error");
    let msg = recs[2]["error"].as_str().unwrap();
    assert!(
        msg.contains(&bad) && msg.contains("not valid JSON"),
        "{msg}"
    );
    assert!(recs[2]["score"].is_null() && recs[2]["statement"].is_null());
    for i in [0, 1, 3] {
        assert_scored(&recs[i]);
    }
}

#[test]
fn stdin_text_with_dash_and_without_inputs() {
    let text = read(MOTION_IDS[0]);
    for args in [vec!["-"], vec![]] {
        let (out, _) = run(score().args(&args).write_stdin(text.clone()), 0);
        let recs = records(&out);
        assert_eq!(ids(&recs), ["-"], "args {args:?}");
        assert_eq!(recs[0]["source"], "-");
        assert_scored(&recs[0]);
        assert_span_indexes(&recs[0], &text);
    }
}

#[test]
fn stdin_jsonl_is_a_corpus() {
    let input = concat!(
        r#"{"id": "x1", "text": "Counsel for Plaintiff conferred with counsel for Defendant by telephone on May 3, 2021. Defendant opposes.", "court": "D. Colo."}"#,
        "\n",
        r#"{"text": "The parties have conferred and Defendant does not oppose this motion."}"#,
        "\n",
    );
    let (out, _) = run(score().arg("-").write_stdin(input), 0);
    let recs = records(&out);
    assert_eq!(ids(&recs), ["x1", "-:2"]);
    assert_eq!(recs[0]["source"], "-:1");
    assert_eq!(recs[0]["court"], "D. Colo.");
    for r in &recs {
        assert_scored(r);
    }
}

#[test]
fn statement_mode_span_is_the_whole_text() {
    // Multi-byte characters: `end` counts characters, not bytes.
    let text = "Counsel for Plaintiff — Zoë Brontë — conferred by telephone on 3 May 2021 with \
                counsel for Defendant about the relief in § 2 of this motion; Defendant opposes.";
    assert_ne!(text.len(), text.chars().count());
    let (out, _) = run(score().args(["--statement", "-"]).write_stdin(text), 0);
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    let st = &recs[0]["statement"];
    assert_eq!(st["start"], 0);
    assert_eq!(st["end"], text.chars().count());
    assert_eq!(st["text"], text);
    assert_scored(&recs[0]);
}

#[test]
fn every_output_format() {
    // jsonl
    let (out, _) = run(score().args(["--format", "jsonl", MOTIONS]), 0);
    assert_eq!(ids(&records(&out)), MOTION_IDS);

    // csv: the documented header, one row per document.
    let (out, _) = run(score().args(["--format", "csv", MOTIONS]), 0);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    let row_ids: Vec<&str> = rows.iter().map(|r| &r[1]).collect();
    assert_eq!(row_ids, MOTION_IDS);
    for row in &rows {
        assert_eq!(&row[0], SCHEMA);
        if &row[1] == NO_CERTIFICATE {
            assert_eq!(&row[3], "no_certificate");
            assert!(row[4].is_empty() && row[5].is_empty() && row[7].is_empty());
        } else {
            let start: usize = row[5].parse().unwrap();
            let end: usize = row[6].parse().unwrap();
            assert_eq!(char_slice(&read(&row[1]), start, end), &row[7]);
            assert!((0.0..=1.0).contains(&row[4].parse::<f64>().unwrap()));
        }
    }
    let headings: Vec<&str> = rows.iter().map(|r| &r[10]).collect();
    assert_eq!(headings[0], "CERTIFICATE OF CONFERENCE", "{headings:?}");
    assert_eq!(headings[1], "", "{headings:?}");

    // table: a header and one line per document, naming it.
    let (out, _) = run(score().args(["--format", "table", MOTIONS]), 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 1 + MOTION_IDS.len(), "{out}");
    assert!(lines[0].starts_with("ID"), "{out}");
    for (line, id) in lines[1..].iter().zip(MOTION_IDS) {
        let name = id.rsplit('/').next().unwrap();
        assert!(line.contains(name), "{line} should name {id}");
    }
    assert!(lines[2].contains("no_certificate"), "{out}");
}

#[test]
fn output_file_is_written_atomically_and_stdout_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("out.jsonl");
    std::fs::write(&dest, "old output\n").unwrap();
    let (out, _) = run(score().arg("--output").arg(&dest).arg(MOTIONS), 0);
    assert_eq!(out, "", "nothing on stdout");
    let written = std::fs::read_to_string(&dest).unwrap();
    assert_eq!(
        ids(&records(&written)),
        MOTION_IDS,
        "jsonl by default, old content replaced"
    );
    let listing: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(listing, ["out.jsonl"], "no temporary file left behind");
}

#[test]
fn missing_input_exits_2_and_the_other_inputs_are_still_written() {
    let missing = "tests/fixtures/no-such-motion.txt";
    let (out, err) = run(score().args([MOTION_IDS[0], missing, MOTION_IDS[2]]), 2);
    let recs = records(&out);
    assert_eq!(ids(&recs), [MOTION_IDS[0], missing, MOTION_IDS[2]]);
    assert_scored(&recs[0]);
    assert_scored(&recs[2]);
    assert_eq!(verdict(&recs[1]), "error");
    let msg = recs[1]["error"].as_str().unwrap();
    assert!(
        msg.contains(missing) && msg.contains("no such file"),
        "{msg}"
    );
    assert!(err.contains("1 error"), "{err}");
}

#[test]
fn fail_on_flag_exits_1_for_a_motion_without_certificate() {
    let (out, _) = run(score().args(["--fail-on-flag", NO_CERTIFICATE]), 1);
    let recs = records(&out);
    assert_eq!(recs.len(), 1);
    assert_eq!(verdict(&recs[0]), "no_certificate");
}

#[test]
fn fail_on_flag_exits_0_when_every_document_passes() {
    let args = [
        "--fail-on-flag",
        "--flag-below",
        "0",
        "--pass-above",
        "0",
        MOTION_IDS[0],
        MOTION_IDS[2],
        MOTION_IDS[3],
    ];
    let (out, _) = run(score().args(args), 0);
    let recs = records(&out);
    assert_eq!(recs.len(), 3);
    assert!(recs.iter().all(|r| verdict(r) != "insufficient"), "{out}");
}

#[test]
fn thresholds_override_the_calibration() {
    let (out, _) = run(
        score().args(["--flag-below", "1", "--pass-above", "1", MOTIONS]),
        0,
    );
    let recs = records(&out);
    assert_eq!(ids(&recs), MOTION_IDS);
    for r in &recs {
        let expected = if r["id"] == NO_CERTIFICATE {
            "no_certificate"
        } else {
            "insufficient"
        };
        assert_eq!(verdict(r), expected, "{r}");
    }
    // Inconsistent thresholds are a usage error, and nothing is written.
    let (out, err) = run(
        score().args(["--flag-below", "0.8", "--pass-above", "0.2", MOTIONS]),
        2,
    );
    assert_eq!(out, "");
    assert!(
        err.contains("flag-below") && err.contains("pass-above"),
        "{err}"
    );
}

#[test]
fn help_of_every_subcommand_mentions_an_example() {
    let (top, _) = run(conferral().arg("--help"), 0);
    assert!(top.contains("Example"), "{top}");
    // Subcommands as listed under "Commands:" (clap), except clap's own `help`.
    let subcommands: Vec<String> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|s| *s != "help")
        .map(String::from)
        .collect();
    for expected in [
        "score",
        "locate",
        "eval",
        "train",
        "calibrate",
        "crossval",
        "synth",
        "split",
    ] {
        assert!(
            subcommands.iter().any(|s| s == expected),
            "{expected} missing from --help:\n{top}"
        );
    }
    let mut missing = Vec::new();
    for sub in &subcommands {
        let (help, _) = run(conferral().args([sub.as_str(), "--help"]), 0);
        if !help.contains("Example") {
            missing.push(sub.as_str());
        }
    }
    assert!(missing.is_empty(), "--help without an example: {missing:?}");
}

#[test]
fn locate_prints_statements_with_offsets_into_the_text() {
    for all in [false, true] {
        let mut cmd = conferral();
        cmd.arg("locate");
        if all {
            cmd.arg("--all");
        }
        let (out, _) = run(cmd.arg(MOTIONS), 0);
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(ids(&lines), MOTION_IDS);
        for line in &lines {
            let id = line["id"].as_str().unwrap();
            let text = read(id);
            let statements = line["statements"].as_array().unwrap();
            if id == NO_CERTIFICATE && !all {
                assert!(statements.is_empty(), "{line}");
                continue;
            }
            if id != NO_CERTIFICATE {
                assert!(!statements.is_empty(), "{line}");
            }
            if !all {
                assert_eq!(statements.len(), 1, "{line}");
            }
            for st in statements {
                let (start, end) = (
                    st["start"].as_u64().unwrap() as usize,
                    st["end"].as_u64().unwrap() as usize,
                );
                assert_eq!(char_slice(&text, start, end), st["text"].as_str().unwrap());
                let c = st["confidence"].as_f64().unwrap();
                assert!((0.0..=1.0).contains(&c), "{st}");
                assert!(st["cue"].is_string(), "{st}");
            }
        }
    }
}

#[test]
fn examples_folder_scores_cleanly() {
    let (out, _) = run(score().arg("examples/"), 0);
    let recs = records(&out);
    let statement_ids: Vec<String> = read("examples/statements.jsonl")
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!((8..=10).contains(&statement_ids.len()));
    let motions: Vec<&str> = ids(&recs)
        .into_iter()
        .filter(|id| id.ends_with(".txt"))
        .collect();
    assert_eq!(motions.len(), 5, "{out}");
    assert_eq!(
        recs.len(),
        motions.len() + statement_ids.len(),
        "PROVENANCE is not scored: {out}"
    );
    let cues = [
        ("01-", "CERTIFICATE OF CONFERENCE"),
        ("02-", "Pursuant to D.C.COLO.LCivR 7.1(a)"),
        ("03-", "LOCAL RULE 3.01(g) CERTIFICATION"),
        ("05-", "D. KAN. RULE 37.2 CERTIFICATION"),
    ];
    for r in &recs {
        let id = r["id"].as_str().unwrap();
        if id.contains("04-") {
            assert_eq!(verdict(r), "no_certificate", "{r}");
        } else if let Some((_, cue)) = cues.iter().find(|(p, _)| id.contains(p)) {
            // The fictional motions are written so that the locator finds their statement.
            assert_scored(r);
            // The cue is the heading's or the body's (a heading is kept apart).
            let st = &r["statement"];
            let shown = format!(
                "{} {}",
                st["heading"]["text"].as_str().unwrap_or(""),
                st["text"].as_str().unwrap()
            );
            assert!(shown.contains(cue), "{r}");
        } else {
            // A record of statements.jsonl: its fields are carried. Whether the locator
            // finds the statement in a bare excerpt is the locator's business (its unit
            // tests); here it must at least not be an error.
            assert!(statement_ids.iter().any(|s| s == id), "{id}");
            assert_ne!(verdict(r), "error", "{r}");
            if verdict(r) != "no_certificate" {
                assert_scored(r);
            }
            assert!(r["label"].is_string() && r["court"].is_string(), "{r}");
            let source = r["source"].as_str().unwrap();
            assert!(source.starts_with("examples/statements.jsonl:"), "{r}");
        }
    }
}

#[test]
fn embedded_model_separates_clear_statements() {
    let input: String = CLEAR_STATEMENTS
        .iter()
        .enumerate()
        .map(|(i, (text, label))| json!({"id": i, "text": text, "label": label}).to_string() + "\n")
        .collect();
    let (out, _) = run(
        score_embedded()
            .args(["--statement", "-"])
            .write_stdin(input),
        0,
    );
    let recs = records(&out);
    assert_eq!(recs.len(), CLEAR_STATEMENTS.len());
    let mut sufficient = Vec::new();
    let mut insufficient = Vec::new();
    for (r, (_, label)) in recs.iter().zip(CLEAR_STATEMENTS) {
        assert_scored(r);
        assert_not_opposite(label, r);
        let s = r["score"].as_f64().unwrap();
        match label {
            "sufficient" => sufficient.push(s),
            _ => insufficient.push(s),
        }
    }
    let lowest = sufficient.iter().copied().fold(f64::INFINITY, f64::min);
    let highest = insufficient
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(
        lowest > highest,
        "sufficient {sufficient:?} should all score above insufficient {insufficient:?}"
    );
}

#[test]
fn embedded_model_scores_the_examples_as_documented() {
    // The README's first command, on the model embedded in the binary.
    let (out, _) = run(score_embedded().arg("examples/"), 0);
    let recs = records(&out);
    let expected = [
        ("examples/01-ndtex-motion-to-compel.txt", "sufficient"),
        (
            "examples/02-dcolo-motion-for-protective-order.txt",
            "sufficient",
        ),
        (
            "examples/03-mdfla-motion-to-compel-boilerplate.txt",
            "insufficient",
        ),
        (
            "examples/04-dkan-motion-to-dismiss-no-conferral.txt",
            "no_certificate",
        ),
        (
            "examples/05-dkan-motion-to-compel-single-email.txt",
            "insufficient",
        ),
    ];
    for (id, label) in expected {
        let r = recs
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no record for {id}"));
        if label == "no_certificate" {
            assert_eq!(verdict(r), label, "{r}");
        } else {
            assert_scored(r);
            assert_not_opposite(label, r);
        }
    }
    // Real statements, read as documents: the locator must not fail on them; some bare
    // statements carry no conferral cue it knows (a documented gap), so `no_certificate` is
    // allowed there. Scored as statements, every one is scored and keeps its label.
    for r in recs.iter().filter(|r| r["label"].is_string()) {
        assert!(verdict(r) != "error", "{r}");
    }
    let (out, _) = run(
        score_embedded().args(["--statement", "examples/statements.jsonl"]),
        0,
    );
    let recs = records(&out);
    assert_eq!(recs.len(), 9);
    for r in &recs {
        assert_scored(r);
        assert!(r["label"].is_string(), "{r}");
    }
}

#[test]
fn worker_threads_change_nothing_but_speed() {
    // Several batches of mixed lengths, with a malformed line and an empty text among them.
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("mixed.jsonl");
    let mut lines = Vec::new();
    for i in 0..45 {
        let text = "Counsel for the parties conferred by telephone on March 3. ".repeat(1 + i % 7);
        lines.push(serde_json::json!({"id": format!("s{i}"), "text": text}).to_string());
        if i == 20 {
            lines.push("{not json".into());
            lines.push(r#"{"id": "blank", "text": "  "}"#.into());
        }
    }
    std::fs::write(&corpus, lines.join("\n")).unwrap();
    let out = |threads: &str| {
        let (stdout, _) = run(
            score()
                .args(["--statement", "--format", "jsonl", "--batch-size", "4"])
                .args(["--threads", threads])
                .arg(&corpus),
            2, // the malformed line's error record
        );
        stdout
    };
    let one = out("1");
    assert_eq!(records(&one).len(), 47);
    assert_eq!(out("3"), one);
    let (_, stderr) = run(score().args(["--threads", "0"]).arg(&corpus), 2);
    assert!(stderr.contains("--threads"), "{stderr}");
}

#[cfg(not(feature = "onnx"))]
#[test]
fn onnx_engine_in_a_build_without_it_says_how_to_get_it() {
    let (stdout, stderr) = run(
        score()
            .args(["--statement", "--engine", "onnx"])
            .arg("tests/fixtures/corpus.jsonl"),
        2,
    );
    assert!(stdout.is_empty());
    assert!(stderr.contains("--features onnx"), "{stderr}");
}

/// `crossval` end to end on the tiny model as base: one out-of-fold prediction per real
/// statement, fold models removed, every scorer compared fold by fold, and a rerun reuses the
/// finished folds instead of retraining them.
#[test]
fn crossval_compares_scorers_per_fold_and_resumes() {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("crossval-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // 4 sufficient and 8 insufficient real statements, 4 generated ones.
    let (mut suff, mut insuff) = (Vec::new(), Vec::new());
    for line in read("data/real_statements.jsonl").lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let bucket = if v["label"] == "sufficient" {
            &mut suff
        } else {
            &mut insuff
        };
        bucket.push(line.to_string());
    }
    let real: Vec<String> = suff
        .into_iter()
        .take(4)
        .chain(insuff.into_iter().take(8))
        .collect();
    let real_path = dir.join("real.jsonl");
    std::fs::write(&real_path, real.join("\n") + "\n").unwrap();
    let synth_path = dir.join("synthetic.jsonl");
    let synth_text: String = read("data/synthetic_train.jsonl")
        .lines()
        .take(4)
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&synth_path, synth_text).unwrap();
    let out = dir.join("cv");
    let crossval = || {
        let mut cmd = conferral();
        cmd.arg("crossval").arg("--real").arg(&real_path);
        cmd.arg("--synthetic")
            .arg(&synth_path)
            .arg("--base")
            .arg(tiny_model());
        cmd.arg("--out").arg(&out);
        cmd.args([
            "--folds",
            "2",
            "--epochs",
            "1",
            "--max-len",
            "32",
            "--batch-size",
            "8",
        ]);
        cmd
    };
    let (first, _) = run(&mut crossval(), 0);
    let summary: Value = serde_json::from_str(&first).unwrap();
    let oof: usize = (0..2)
        .map(|k| {
            read(out.join(format!("fold{k}.jsonl")).to_str().unwrap())
                .lines()
                .count()
        })
        .sum();
    assert_eq!(oof, 12);
    assert!(!out.join("model0").exists() && !out.join("model1").exists());
    let folds = summary["per_fold"].as_array().unwrap();
    assert_eq!(folds.len(), 2);
    let n: u64 = folds.iter().map(|f| f["n"].as_u64().unwrap()).sum();
    let sufficient: u64 = folds
        .iter()
        .map(|f| f["sufficient"].as_u64().unwrap())
        .sum();
    assert_eq!((n, sufficient), (12, 4));
    for f in folds {
        for key in [
            "auc_roc",
            "tfidf_auc_roc",
            "checklist_auc_roc",
            "word_count_auc_roc",
        ] {
            let auc = f[key].as_f64().unwrap_or_else(|| panic!("{key} in {f}"));
            assert!((0.0..=1.0).contains(&auc), "{f}");
        }
    }
    // The pooled word-count reference, recomputed here by counting pairs.
    let words: Vec<(usize, bool)> = real
        .iter()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            let n = v["text"].as_str().unwrap().split_whitespace().count();
            (n, v["label"] == "sufficient")
        })
        .collect();
    let mut wins = 0.0;
    for (p, _) in words.iter().filter(|w| w.1) {
        for (q, _) in words.iter().filter(|w| !w.1) {
            wins += if p > q {
                1.0
            } else if p == q {
                0.5
            } else {
                0.0
            };
        }
    }
    let expected = wins / 32.0;
    let got = summary["word_count_auc_roc"].as_f64().unwrap();
    assert!((got - expected).abs() < 1e-9, "{got} vs {expected}");
    // Resumable: the rerun reads both folds back and reports the same predictions.
    let (second, err) = run(&mut crossval(), 0);
    assert_eq!(err.matches("reusing").count(), 2, "{err}");
    let again: Value = serde_json::from_str(&second).unwrap();
    assert_eq!(again["transformer_raw"], summary["transformer_raw"]);
    assert_eq!(again["per_fold"], summary["per_fold"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// `crossval --plan-only` writes the fold plan; `--margins-from` reads held-out margins trained
/// elsewhere (scripts/train_torch.py) back in plan order, measures them against another label
/// field and per text kind, and refuses a margin that comes from the wrong fold or is missing.
#[test]
fn crossval_reads_margins_trained_elsewhere_against_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    // Two records share an id (two passages of one opinion): `occurrence` tells them apart.
    let mut lines = Vec::new();
    for i in 0..10 {
        let (label, court, kind) = match i % 5 {
            0 => ("sufficient", "sufficient", "verbatim"),
            1 => ("insufficient", "sufficient", "paraphrase"),
            _ => (
                "insufficient",
                "insufficient",
                ["verbatim", "paraphrase"][i % 2],
            ),
        };
        let id = if i == 9 {
            "r8".to_string()
        } else {
            format!("r{i}")
        };
        let words = "word ".repeat(3 + i);
        lines.push(
            serde_json::json!({
                "id": id, "text": words.trim(), "label": label, "court_label": court,
                "text_kind": kind, "case": format!("case {}", i.min(8)),
            })
            .to_string(),
        );
    }
    let real = dir.path().join("real.jsonl");
    std::fs::write(&real, lines.join("\n") + "\n").unwrap();
    let extra = dir.path().join("extra.jsonl");
    std::fs::write(
        &extra,
        read("data/synthetic_train.jsonl")
            .lines()
            .take(6)
            .map(|l| format!("{l}\n"))
            .collect::<String>(),
    )
    .unwrap();
    let out = dir.path().join("cv");
    let crossval = |more: &[&str]| {
        let mut cmd = conferral();
        cmd.arg("crossval")
            .arg("--real")
            .arg(&real)
            .arg("--synthetic")
            .arg(&extra);
        cmd.arg("--base").arg(tiny_model()).arg("--out").arg(&out);
        cmd.args(["--folds", "2", "--seed", "3"]).args(more);
        cmd
    };
    run(&mut crossval(&["--plan-only"]), 0);
    let plan: Vec<Value> = read(out.join("folds.jsonl").to_str().unwrap())
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(plan.len(), 10);
    assert!(
        !out.join("summary.json").exists(),
        "--plan-only trained or measured"
    );
    // The two "r8" records share a case, hence a fold, and are told apart by occurrence.
    let r8: Vec<&Value> = plan.iter().filter(|p| p["id"] == "r8").collect();
    assert_eq!(r8.len(), 2);
    assert_eq!(
        (r8[0]["occurrence"].as_u64(), r8[1]["occurrence"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(r8[0]["fold"], r8[1]["fold"]);
    // Margins: record i scores i, so the ranking is known.
    let margins_file = dir.path().join("oof.jsonl");
    let write_margins = |shift_fold: Option<usize>, skip: Option<usize>| {
        let text: String = plan
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != skip)
            .map(|(i, p)| {
                let fold = p["fold"].as_u64().unwrap() as usize;
                let fold = if Some(i) == shift_fold { 1 - fold } else { fold };
                serde_json::json!({"id": p["id"], "occurrence": p["occurrence"], "fold": fold, "margin": i as f32})
                    .to_string()
                    + "\n"
            })
            .collect();
        std::fs::write(&margins_file, text).unwrap();
    };
    write_margins(None, None);
    let m = margins_file.to_str().unwrap();
    let (stdout, _) = run(
        &mut crossval(&[
            "--margins-from",
            m,
            "--eval-label",
            "court_label",
            "--by",
            "text_kind",
        ]),
        0,
    );
    let summary: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(summary["eval_label"], "court_label");
    // Against court_label the sufficient records are 0, 1, 5 and 6 (scores 0, 1, 5, 6): of
    // their 4 x 6 pairs with the others, 5 and 6 each outrank 2, 3 and 4.
    let pairs_won: f64 = [0.0, 0.0, 3.0, 3.0].iter().sum();
    let auc = summary["transformer_raw"]["auc_roc"].as_f64().unwrap();
    assert!((auc - pairs_won / 24.0).abs() < 1e-9, "{auc}");
    let groups = &summary["by"]["groups"];
    assert_eq!(groups["verbatim"]["n"], 5);
    assert_eq!(groups["paraphrase"]["n"], 5);
    assert!(
        groups["verbatim"]["word_count_auc_roc"].is_number(),
        "{groups}"
    );
    // No fold file is left behind to be resumed as if this recipe had trained it.
    assert!(!out.join("fold0.jsonl").exists());
    // A margin from the fold that trained on the statement is refused, naming it.
    write_margins(Some(4), None);
    let (_, err) = run(&mut crossval(&["--margins-from", m]), 2);
    assert!(err.contains("r4") && err.contains("fold"), "{err}");
    write_margins(None, Some(9));
    let (_, err) = run(&mut crossval(&["--margins-from", m]), 2);
    assert!(
        err.contains("no margin") && err.contains("r8 (occurrence 2)"),
        "{err}"
    );
}

/// A motion with two statements, a bare inline sentence and a detailed certificate: both are
/// listed with their scores, and the verdict uses the better-supported certificate and says so.
#[test]
fn several_statements_are_scored_and_the_best_supported_decides() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("two.txt");
    std::fs::write(
        &path,
        "PLAINTIFF'S MOTION TO COMPEL\n\n\
         Counsel for Plaintiff has conferred with counsel for Defendant, who opposes this motion.\n\n\
         Defendant has not answered Interrogatories 3 through 7. The answers are overdue and the \
         information is relevant to the claims.\n\n\
         WHEREFORE, Plaintiff asks the Court to compel answers.\n\n\
         CERTIFICATE OF CONFERENCE\n\n\
         On March 4, 2025, counsel for Plaintiff, Nora Quill, and counsel for Defendant, Otis \
         Varga, spoke by telephone for forty minutes about Interrogatories 3 through 7. Mr. Varga \
         stated that Defendant would not answer them because it considers them overbroad; Ms. \
         Quill offered to limit them to 2021 forward, which Mr. Varga declined. The parties could \
         not resolve the dispute, and Defendant opposes this motion.\n\n\
         /s/ Nora Quill\n",
    )
    .unwrap();
    let (out, _) = run(score_embedded().arg(&path), 0);
    let recs = records(&out);
    let r = &recs[0];
    let listed = r["statements"].as_array().expect("statements listed");
    assert_eq!(listed.len(), 2, "{r}");
    assert!(listed.iter().all(|s| s["score"].is_number()), "{r}");
    assert_eq!(r["statement_index"], 1, "{r}");
    assert_eq!(
        r["statement"]["heading"]["text"],
        "CERTIFICATE OF CONFERENCE"
    );
    assert!(
        listed[1]["score"].as_f64() >= listed[0]["score"].as_f64(),
        "{r}"
    );
    assert!(
        r["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x.as_str().unwrap().contains("best supported, number 2")),
        "{r}"
    );
}

/// `locate-eval --unit-encoder FILE` measures other encoder weights through the same code path
/// as the embedded ones (the shipped file gives the embedded figures; `--no-encoder` the
/// tagger's), and a file that is not encoder weights is an error that names it.
#[test]
fn locate_eval_reads_unit_encoder_weights_from_a_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dev = root.join("data/locate/dev.jsonl");
    let eval = |extra: &[&std::ffi::OsStr]| {
        let mut cmd = conferral();
        cmd.arg("locate-eval")
            .arg("--data")
            .arg(&dev)
            .args(["--failures", "0"]);
        cmd.args(extra);
        let (stdout, _) = run(&mut cmd, 0);
        serde_json::from_str::<Value>(&stdout).unwrap()
    };
    let shipped = root.join("models/locator/unit_encoder.safetensors");
    let embedded = eval(&[]);
    let from_file = eval(&["--unit-encoder".as_ref(), shipped.as_os_str()]);
    assert_eq!(from_file, embedded);
    assert_ne!(eval(&["--no-encoder".as_ref()]), embedded);
    let readme = root.join("README.md");
    let (_, err) = run(
        conferral()
            .arg("locate-eval")
            .arg("--data")
            .arg(&dev)
            .arg("--unit-encoder")
            .arg(&readme),
        2,
    );
    assert!(err.contains("README.md"), "{err}");
}
