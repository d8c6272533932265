//! The HTML report (`--format html`, `--report FILE.html`) opened in a real headless browser.
//!
//! Debian's `chromium` loads the file and dumps the DOM after its script ran; the tests
//! assert on that DOM: counts, highlighted evidence (character offsets over multibyte text),
//! escaping of markup in record texts, sorting. A screenshot is left in
//! `target/tmp/html_report/report.png` for people to look at.
//!
//! Without chromium the browser tests fail when `CI` is set and are skipped (with a message)
//! otherwise; `.ci/run` installs it.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use conferral::report::html::{render, ReportMeta};
use conferral::report::record::{char_offset, Record, Span, Verdict};
use serde_json::{json, Value};

use common::browser::{chromium, dump_dom, run_chromium};

const MOTIONS: &str = "tests/fixtures/motions";

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Every `<mark>` in the DOM: (its `data-el` elements, its text).
fn marks(dom: &str) -> Vec<(Vec<String>, String)> {
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(i) = rest.find("<mark ") {
        rest = &rest[i..];
        let tag_end = rest.find('>').unwrap();
        let tag = &rest[..tag_end];
        let el = attr(tag, "data-el").unwrap_or_default();
        let close = rest.find("</mark>").unwrap();
        out.push((
            el.split(' ').map(str::to_string).collect(),
            unescape(&rest[tag_end + 1..close]),
        ));
        rest = &rest[close..];
    }
    out
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let key = format!(" {name}=\"");
    let i = tag.find(&key)? + key.len();
    let j = tag[i..].find('"')? + i;
    Some(unescape(&tag[i..j]))
}

/// The `data-id` of the list's rows, in DOM order.
fn row_ids(dom: &str) -> Vec<String> {
    dom.split("<tr data-order=")
        .skip(1)
        .map(|row| attr(&format!(" data-order={row}"), "data-id").unwrap())
        .collect()
}

/// The count shown for each verdict in the header.
fn counts(dom: &str) -> HashMap<String, usize> {
    Verdict::ALL
        .iter()
        .map(|v| {
            let key = format!("class=\"n\" data-verdict=\"{v}\">");
            let i = dom.find(&key).unwrap_or_else(|| panic!("no count for {v}")) + key.len();
            let n = dom[i..].split('<').next().unwrap().parse().unwrap();
            (v.to_string(), n)
        })
        .collect()
}

/// An element span over `needle` in `text`, offsets in characters.
fn hit(text: &str, needle: &str, cue: &str) -> Value {
    let b = text.find(needle).expect("needle in text");
    let start = char_offset(text, b).unwrap();
    let end = start + needle.chars().count();
    json!({"start": start, "end": end, "text": needle, "cue": cue})
}

fn scored(id: &str, verdict: Verdict, score: f32, text: &str, els: Value, profile: &str) -> Record {
    let span = Span {
        start: 100,
        end: 100 + text.chars().count(),
        text: text.to_string(),
        heading: None,
    };
    let mut r = Record::scored(id, format!("{id}.txt"), verdict, score, span);
    r.extra.insert("elements".into(), els);
    r.extra.insert(
        "profile".into(),
        json!({"id": profile, "rule": format!("rule of {profile}"), "why": "default"}),
    );
    r
}

fn element(p: f64, spans: Vec<Value>) -> Value {
    json!({"p": p, "present": p >= 0.5 || !spans.is_empty(), "spans": spans})
}

const INJECT: &str =
    "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">";

/// Five records, one per verdict, with multibyte text before the spans and markup in texts.
fn records() -> Vec<Record> {
    let a = "Café 😀 — Counsel for Plaintiff (Ms. Ng) and counsel for Defendant conferred by \
             telephone on March 3, 2024 about Interrogatories 3–7; Defendant agreed to answer 3.";
    let a_els = json!({
        "participants": element(0.93, vec![hit(a, "Counsel for Plaintiff (Ms. Ng) and counsel for Defendant", "counsel")]),
        "when": element(0.88, vec![hit(a, "March 3, 2024", "date")]),
        "means": element(0.9, vec![hit(a, "telephone", "phone")]),
        "dialogue": element(0.4, vec![]),
        "issues": element(0.8, vec![hit(a, "Interrogatories 3–7", "discovery_request")]),
        "outcome": element(0.7, vec![hit(a, "Defendant agreed to answer 3", "agreed")]),
    });
    let b = format!(
        "Σ𝔘 nai\u{308}ve: the parties exchanged emails {INJECT} on 𝟙 May 2023 and discussed the requests."
    );
    let b_els = json!({
        "when": element(0.6, vec![hit(&b, "𝟙 May 2023", "date")]),
        "means": element(0.7, vec![hit(&b, "exchanged emails", "email")]),
        // Overlaps "exchanged emails": both colours on the shared text.
        "dialogue": element(0.55, vec![hit(&b, "parties exchanged", "exchanged")]),
    });
    let c = "Counsel certifies that a good faith effort was made.";
    vec![
        scored(
            "motions/a.txt",
            Verdict::Sufficient,
            0.912,
            a,
            a_els,
            "frcp-37",
        )
        .with_reason("names the participants"),
        scored(
            &format!("b{INJECT}"),
            Verdict::Review,
            0.55,
            &b,
            b_els,
            "nd-ill-37-2",
        )
        .with_reason(format!("reason with {INJECT}")),
        scored("c", Verdict::Insufficient, 0.12, c, json!({}), "d-kan-37-2")
            .with_reason("does not say when, how or who conferred"),
        Record::no_certificate("d", "d.txt"),
        Record::error("e", "e.txt", format!("e.txt cannot be read: {INJECT}")),
    ]
}

fn out_dir() -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html_report");
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn report_renders_in_a_browser() {
    let Some(browser) = chromium() else { return };
    let dir = out_dir();
    let file = dir.join("report.html");
    let records = records();
    let meta = ReportMeta::new("models/test-model", 0.3, 0.7, None);
    std::fs::write(&file, render(&records, &meta)).unwrap();

    let dom = dump_dom(&browser, &file, "");
    // The script ran, and only ours: no record text became markup.
    assert!(dom.contains("data-js=\"ready\""), "script did not run");
    assert!(dom.contains("<title>Conferral report: 5 documents</title>"));
    assert_eq!(dom.matches("<script").count(), 1, "{dom}");
    assert!(!dom.contains("<img"));
    assert!(!dom.contains("pwned</title>"));
    assert!(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
    assert!(dom.contains("e.txt cannot be read: &lt;script&gt;"));
    // Header: counts per verdict, model, thresholds, legend of every element.
    let n = counts(&dom);
    for v in Verdict::ALL {
        assert_eq!(n[v.as_str()], 1, "{v}");
    }
    assert!(dom.contains("data-total=\"5\""));
    assert!(dom.contains("<code>models/test-model</code>"));
    assert!(dom.contains(">0.3</b>") && dom.contains(">0.7</b>"));
    for el in conferral::corpus::dataset::ELEMENTS {
        assert!(
            dom.contains(&format!("class=\"chip\" data-el=\"{el}\"")),
            "{el}"
        );
    }
    // Highlights: the exact span texts, despite emoji, astral and combining characters before.
    let got = marks(&dom);
    let want: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["participants"],
            "Counsel for Plaintiff (Ms. Ng) and counsel for Defendant",
        ),
        (vec!["means"], "telephone"),
        (vec!["when"], "March 3, 2024"),
        (vec!["issues"], "Interrogatories 3–7"),
        (vec!["outcome"], "Defendant agreed to answer 3"),
        (vec!["dialogue"], "parties "),
        // The overlap lists its elements in legend order, both colours on the shared text.
        (vec!["means", "dialogue"], "exchanged"),
        (vec!["means"], " emails"),
        (vec!["when"], "𝟙 May 2023"),
    ];
    let got_ref: Vec<(Vec<&str>, &str)> = got
        .iter()
        .map(|(e, t)| (e.iter().map(String::as_str).collect(), t.as_str()))
        .collect();
    assert_eq!(got_ref, want);
    // Error and no-certificate records show their message.
    assert!(dom.contains("no conferral statement found"));
    assert!(dom.contains("class=\"error\""));
    // Input order until sorted.
    assert_eq!(row_ids(&dom)[0], "motions/a.txt");

    // Sorting by the JS (initial sort from the query string, as a click would do).
    let dom = dump_dom(&browser, &file, "?sort=score-asc");
    assert!(dom.contains("data-sorted=\"score-asc\""));
    assert!(dom
        .contains("data-key=\"score\" class=\"num\" data-first=\"desc\" aria-sort=\"ascending\""));
    let ids = row_ids(&dom);
    assert_eq!(ids[..3], ["d", "e", "c"]);
    assert_eq!(ids[4], "motions/a.txt");
    let dom = dump_dom(&browser, &file, "?sort=verdict-desc");
    assert_eq!(row_ids(&dom)[..3], ["e", "d", "c"]);

    // A screenshot for people to look at.
    let shot = dir.join("report.png");
    let _ = std::fs::remove_file(&shot);
    run_chromium(
        &browser,
        &format!("file://{}", file.display()),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
        ],
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 10_000);
    eprintln!("screenshot: {}", shot.display());
}

/// A tiny random model directory (as tests/cli.rs builds it), once per process.
fn tiny_model() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| common::save_tiny_model("html-tiny-model"))
}

fn score() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::from_std(common::conferral());
    cmd.env("CONFERRAL_MODEL", tiny_model()).arg("score");
    cmd
}

#[test]
fn score_writes_the_report_beside_any_format() {
    let dir = tempfile::tempdir().unwrap();
    let (jsonl, report, html) = (
        dir.path().join("out.jsonl"),
        dir.path().join("report.html"),
        dir.path().join("out.html"),
    );
    score()
        .args(["-q", "--format", "jsonl", "-o"])
        .arg(&jsonl)
        .arg("--report")
        .arg(&report)
        .arg(MOTIONS)
        .assert()
        .success();
    score()
        .args(["-q", "--format", "html", "-o"])
        .arg(&html)
        .arg(MOTIONS)
        .assert()
        .success();
    // Only the finished files: no temporaries left beside them.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    let records: Vec<Value> = std::fs::read_to_string(&jsonl)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 4);
    let a = std::fs::read_to_string(&report).unwrap();
    assert_eq!(a, std::fs::read_to_string(&html).unwrap());
    assert_eq!(a.matches("<article ").count(), records.len());
    assert!(a.contains(&format!("<code>{}</code>", tiny_model().display())));
    // --resume writes JSON Lines only.
    score()
        .args(["--resume", "--format", "html", "-o"])
        .arg(dir.path().join("r.jsonl"))
        .arg(MOTIONS)
        .assert()
        .code(2);

    let Some(browser) = chromium() else { return };
    let dom = dump_dom(&browser, &report, "");
    assert!(dom.contains("data-js=\"ready\""));
    let n = counts(&dom);
    for v in Verdict::ALL {
        let want = records
            .iter()
            .filter(|r| r["verdict"] == v.as_str())
            .count();
        assert_eq!(n[v.as_str()], want, "{v}");
    }
    // Every rule span of every element is highlighted (possibly cut where spans overlap).
    let got = marks(&dom);
    let mut spans = 0;
    for r in &records {
        let Some(els) = r["elements"].as_object() else {
            continue;
        };
        for (name, el) in els {
            for s in el["spans"].as_array().unwrap() {
                spans += 1;
                let text = s["text"].as_str().unwrap();
                assert!(
                    got.iter().any(|(e, t)| e.contains(name)
                        && !t.is_empty()
                        && text.contains(t.as_str())),
                    "no highlight of {name} {text:?}"
                );
            }
        }
    }
    assert!(spans > 0, "the fixtures have rule evidence");
}
