//! `conferral report` end to end: the binary on a small hand-made file of scored records
//! (`tests/fixtures/scored_small.jsonl`: 12 records, courts D. Kan. and N.D. Tex., years 2021
//! and 2022, one without a court), its summary checked against figures computed by hand, and
//! its report.html opened in headless chromium as the score report is (tests/html_report.rs).
//!
//! Hand computation of the 95% Wilson interval of k of n (z = 1.959964, p = k/n):
//! centre = (p + z²/2n) / (1 + z²/n), half = z / (1 + z²/n) · sqrt(p(1-p)/n + z²/4n²).
//! 2 of 4: p 0.5, centre 0.5, half 0.349961 -> [0.150039, 0.849961];
//! 1 of 4: [0.045587, 0.699358]; 3 of 5: [0.230724, 0.882379]; 0 of 2: [0, 0.657620];
//! 5 of 12: [0.193260, 0.680489].

mod common;

use std::path::Path;

use serde_json::Value;

use common::browser::{chromium, dump_dom, run_chromium};

const SCORED: &str = "tests/fixtures/scored_small.jsonl";

fn report() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::from_std(common::conferral());
    cmd.arg("report");
    cmd
}

fn stderr(run: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&run.get_output().stderr).into_owned()
}

fn csv_rows(path: &Path) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|row| {
            header
                .iter()
                .cloned()
                .zip(row.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn summary_csv_matches_the_hand_computation() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("by-court");
    let run = report()
        .args([SCORED, "--by", "court,year", "--out"])
        .arg(&out)
        .assert()
        .success();
    assert!(stderr(&run).contains("12 documents in 4 groups"));
    let rows = csv_rows(&out.join("summary.csv"));
    let keys: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r["court"].as_str(), r["year"].as_str()))
        .collect();
    assert_eq!(
        keys,
        [
            ("D. Kan.", "2021"),
            ("D. Kan.", "2022"),
            ("N.D. Tex.", "2021"),
            ("(missing)", "2022")
        ]
    );
    let kan21 = &rows[0];
    let want = [
        ("documents", "4"),
        ("insufficient_n", "2"),
        ("insufficient_share", "0.500000"),
        ("insufficient_lo95", "0.150039"),
        ("insufficient_hi95", "0.849961"),
        ("sufficient_n", "1"),
        ("sufficient_share", "0.250000"),
        ("sufficient_lo95", "0.045587"),
        ("sufficient_hi95", "0.699358"),
        ("no_certificate_n", "1"),
        ("review_n", "0"),
        ("scored", "3"),
        // (0.91 + 0.12 + 0.20) / 3
        ("mean_score", "0.410000"),
        ("with_elements", "3"),
        ("when_share", "0.333333"),
        ("participants_share", "0.666667"),
        ("dialogue_share", "0.000000"),
    ];
    for (k, v) in want {
        assert_eq!(kan21[k], v, "D. Kan. 2021 {k}");
    }
    let kan22 = &rows[1];
    assert_eq!(kan22["insufficient_share"], "0.000000");
    assert_eq!(kan22["insufficient_lo95"], "0.000000");
    assert_eq!(kan22["insufficient_hi95"], "0.657620");
    assert_eq!(kan22["mean_score"], "0.675000");
    let tex = &rows[2];
    for (k, v) in [
        ("documents", "5"),
        ("insufficient_n", "3"),
        ("insufficient_share", "0.600000"),
        ("insufficient_lo95", "0.230724"),
        ("insufficient_hi95", "0.882379"),
        ("error_n", "1"),
        ("scored", "4"),
        ("mean_score", "0.275000"),
        ("when_share", "0.500000"),
    ] {
        assert_eq!(tex[k], v, "N.D. Tex. 2021 {k}");
    }
    // A group with no scored statement has empty element shares, not zeros.
    let missing = &rows[3];
    assert_eq!(missing["documents"], "1");
    assert_eq!(missing["sufficient_share"], "1.000000");
    // Nothing but the two files, written whole.
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["report.html", "summary.csv"]);
}

#[test]
fn json_has_the_total_and_histograms() {
    let dir = tempfile::tempdir().unwrap();
    report()
        .args(["-q", SCORED, "--by", "court", "--format", "json", "--out"])
        .arg(dir.path())
        .assert()
        .success()
        .stderr("");
    let s: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("summary.json")).unwrap())
            .unwrap();
    assert_eq!(s["by"], serde_json::json!(["court"]));
    assert_eq!(s["groups"].as_array().unwrap().len(), 3);
    let total = &s["total"];
    assert_eq!(total["documents"], 12);
    let ins = &total["verdicts"]["insufficient"];
    assert_eq!(ins["n"], 5);
    assert!((ins["lo"].as_f64().unwrap() - 0.193260).abs() < 1e-6);
    assert!((ins["hi"].as_f64().unwrap() - 0.680489).abs() < 1e-6);
    // Scores 0.05 0.12 0.15 0.2 0.3 0.55 0.6 0.8 0.91 0.95 in tenths.
    assert_eq!(
        total["histogram"],
        serde_json::json!([1, 2, 1, 1, 0, 1, 1, 0, 1, 2])
    );
    assert!(!dir.path().join("summary.csv").exists());
}

#[test]
fn bad_input_is_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(
        &bad,
        "{\"verdict\":\"review\",\"score\":0.5}\n{\"id\":\"x\"}\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = report().arg(&bad).arg("--out").arg(&out).assert().code(2);
    let err = stderr(&run);
    assert!(
        err.contains("bad.jsonl line 2") && err.contains("no \"verdict\""),
        "{err}"
    );
    assert!(!out.exists());
    let run = report()
        .args(["missing.jsonl", "--out"])
        .arg(&out)
        .assert()
        .code(2);
    assert!(stderr(&run).contains("cannot read missing.jsonl"));
}

#[test]
fn report_html_renders_in_a_browser() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus_report");
    let _ = std::fs::remove_dir_all(&dir);
    report()
        .args(["-q", SCORED, "--by", "court,year", "--out"])
        .arg(&dir)
        .assert()
        .success();
    let html = dir.join("report.html");
    let page = std::fs::read_to_string(&html).unwrap();
    // Self-contained: no script, nothing fetched.
    assert!(!page.contains("<script") && !page.contains("src=") && !page.contains("href="));
    let Some(browser) = chromium() else { return };
    let dom = dump_dom(&browser, &html, "");
    assert!(dom.contains("<title>Conferral corpus report: 12 documents, 4 groups</title>"));
    assert!(dom.contains("data-total=\"12\"") && dom.contains("data-groups=\"4\""));
    // Every verdict occurs: one chart each, a mark per group and one for the whole corpus.
    assert_eq!(dom.matches("<svg class=\"chart verdict\"").count(), 5);
    assert_eq!(dom.matches("<g class=\"ci\"").count(), 5 * 5);
    let mark =
        "<g class=\"ci\" data-group=\"N.D. Tex. · 2021\" data-n=\"3\" data-share=\"0.600000\" \
                data-lo=\"0.230724\" data-hi=\"0.882379\">";
    assert!(dom.contains(mark), "{dom}");
    // A histogram for the corpus and each group; the element grid has a cell per group and
    // element.
    assert_eq!(dom.matches("<svg class=\"chart hist\"").count(), 5);
    assert!(dom.contains("data-group=\"all\" data-bins=\"1 2 1 1 0 1 1 0 1 2\""));
    assert_eq!(dom.matches("<g class=\"cell\"").count(), 5 * 6);
    assert!(dom.contains(
        "data-group=\"D. Kan. · 2021\" data-element=\"participants\" data-share=\"0.666667\""
    ));
    // A screenshot for people to look at.
    let shot = dir.join("report.png");
    run_chromium(
        &browser,
        &format!("file://{}", html.display()),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1100,1800",
        ],
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    eprintln!("screenshot: {}", shot.display());
}
