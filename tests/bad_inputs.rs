//! "Never lose a document": hostile and broken inputs, end to end through the binary.
//!
//! One `score` run over a directory of bad files plus a few extra paths, on a tiny random
//! model (see tests/cli.rs `tiny_model`: the mechanics must not depend on what a model
//! learned). Then, per record: exactly one record per input document, in input order, every
//! unusable input an `error` record whose message names the input and says the cause in plain
//! words, no panic, and exit code 2 once everything else has been written.
//!
//! Unreadable files: `chmod 000` stops reads only for non-root users. Tests often run as root
//! (containers, CI), where the permission bits are ignored; the test detects that and then
//! relies on the other unreadable inputs (a missing path, a dangling symlink, a path through a
//! regular file), which fail for root too.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Instant;

use serde_json::Value;

/// A tiny random BERT classifier (see tests/cli.rs `tiny_model`), one directory per process;
/// those of finished processes are removed.
fn tiny_model() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| common::save_tiny_model("bad-inputs-tiny-model"))
}

/// `conferral score` on the tiny model, one thread, nothing inherited from the caller's
/// environment that would change what is scored.
fn score() -> Command {
    let mut cmd = common::conferral();
    cmd.env("CONFERRAL_MODEL", tiny_model())
        .arg("score")
        .args(["--format", "jsonl"])
        .stdin(Stdio::null());
    cmd
}

fn write(path: &Path, bytes: &[u8]) -> PathBuf {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::File::create(path).unwrap().write_all(bytes).unwrap();
    path.to_path_buf()
}

fn label(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

/// `text[start..end]` in characters.
fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// The conferral certificate put at the very end of the large document.
const CERTIFICATE: &str = "CERTIFICATE OF CONFERENCE\n\nI certify that on February 27, 2023, I \
    conferred with counsel for Defendant, John Smith, by telephone regarding the relief sought \
    in this motion. Defendant opposes the motion.\n";

/// Argument paragraphs with no conferral cue, some with multi-byte characters so that byte
/// and character offsets differ by the end of the document.
const FILLER: [&str; 5] = [
    "Plaintiff served its First Set of Requests for Production on the café’s owner in January; \
     the responses were due thirty days later and arrived incomplete.",
    "The requested documents bear directly on the damages claimed — in particular the invoices \
     for 2019 and 2020, which Defendant’s own witness described at deposition.",
    "Courts in this district routinely order production of records of this kind when they are \
     relevant and proportional to the needs of the case.",
    "The burden of producing the records is modest: they are kept electronically, indexed by \
     date, and can be exported in an afternoon.",
    "Defendant’s objections are boilerplate. They do not say which documents are withheld or \
     why, and so they preserve nothing.",
];

/// A motion of at least `min_bytes` whose only conferral statement is [`CERTIFICATE`], at the
/// very end.
fn big_motion(min_bytes: usize) -> String {
    let mut text = String::with_capacity(min_bytes + 4096);
    text.push_str("PLAINTIFF'S MOTION TO COMPEL PRODUCTION\n\n");
    let mut i = 0usize;
    while text.len() < min_bytes {
        text.push_str(&format!("{}. {}\n\n", i + 1, FILLER[i % FILLER.len()]));
        i += 1;
    }
    text.push_str(CERTIFICATE);
    text
}

/// A small valid one-page PDF whose text layer is `lines`.
fn pdf_with_text(lines: &[&str]) -> Vec<u8> {
    use lopdf::content::Operation;
    use lopdf::{dictionary, Document, Object};

    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut ops = vec![
        Operation::new("BT", vec![]),
        Operation::new("Tf", vec!["F1".into(), 10.into()]),
        Operation::new("TL", vec![12.into()]),
        Operation::new("Td", vec![40.into(), 770.into()]),
    ];
    for line in lines {
        ops.push(Operation::new(
            "Tj",
            vec![Object::string_literal(line.as_bytes().to_vec())],
        ));
        ops.push(Operation::new("T*", vec![]));
    }
    ops.push(Operation::new("ET", vec![]));
    common::save_pdf(doc, pages_id, vec![(ops, None)], Some(resources_id))
}

/// A hand-written, otherwise well-formed PDF (correct xref) whose page content stream declares
/// a length of about 4 GB.
fn pdf_with_huge_stream_length() -> Vec<u8> {
    let content = b"BT /F1 12 Tf 72 720 Td (Counsel conferred by telephone on May 2.) Tj ET";
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
          /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_vec(),
        [
            &b"<< /Length 4294967295 >>\nstream\n"[..],
            content,
            b"\nendstream",
        ]
        .concat(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Deterministic pseudo-random bytes (an LCG).
fn noise(n: usize, mut seed: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 56) as u8
        })
        .collect()
}

/// Whether `chmod 000` actually stops this process from reading `path` (not as root).
#[cfg(unix)]
fn lock_file(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o000)).unwrap();
    fs::read(path).is_err()
}

/// What one record must be.
enum Want {
    /// Verdict `error`; the message contains the input's name and each of these phrases.
    Error(&'static [&'static str]),
    /// A readable document (any verdict but `error`), with these notes.
    Read(&'static [&'static str]),
    /// The large document: its certificate found at the very end.
    Big,
}

struct Expected {
    id: String,
    /// What the error message must name (the path, or `PATH:LINE`).
    names: String,
    want: Want,
}

fn expect(id: impl Into<String>, names: impl Into<String>, want: Want) -> Expected {
    Expected {
        id: id.into(),
        names: names.into(),
        want,
    }
}

#[cfg(unix)]
#[test]
fn every_bad_input_gets_exactly_one_record_in_order() {
    const BIG_BYTES: usize = 10 * 1024 * 1024 + 1234;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let dir = root.join("inputs");
    let good_text = "MOTION TO EXTEND TIME\n\nDefendant asks for fourteen more days.\n\n\
                     CERTIFICATE OF CONFERENCE\n\nCounsel for Defendant conferred with counsel \
                     for Plaintiff by email on May 1, 2024; Plaintiff does not oppose.\n";
    let mut want: Vec<Expected> = Vec::new();

    // Sorted by name: the order of the directory walk.
    let good = write(&dir.join("a-good.txt"), good_text.as_bytes());
    want.push(expect(label(&good), label(&good), Want::Read(&[])));

    let mut binary = b"PK\x03\x04".to_vec();
    binary.extend(noise(4096, 1));
    binary[10] = 0;
    let binary = write(&dir.join("b-binary.txt"), &binary);
    want.push(expect(
        label(&binary),
        label(&binary),
        Want::Error(&["is a binary file, not text"]),
    ));

    let empty = write(&dir.join("c-empty.txt"), b"");
    want.push(expect(
        label(&empty),
        label(&empty),
        Want::Error(&["is empty"]),
    ));

    let blank = write(&dir.join("d-blank.md"), b"  \n\t\r\n \x0c\n   \n");
    want.push(expect(
        label(&blank),
        label(&blank),
        Want::Error(&["is empty"]),
    ));

    let latin1 = write(
        &dir.join("e-latin1.txt"),
        b"MOTION\n\nCERTIFICATE OF CONFERENCE\n\nCounsel for the caf\xe9 conferred with \
          opposing counsel by telephone on May 2, 2023, who opposes.\n",
    );
    want.push(expect(
        label(&latin1),
        label(&latin1),
        Want::Read(&["invalid UTF-8 decoded lossily"]),
    ));

    // JSON Lines: one record per non-blank line, in file order.
    let jsonl = dir.join("f-records.jsonl");
    let mut body = Vec::new();
    body.extend_from_slice(
        b"{\"id\": \"j1\", \"text\": \"The complaint fails to state a claim.\"}\n",
    );
    body.extend_from_slice(b"{\"id\": \"j2\", \"text\": \"unterminated\n");
    body.extend_from_slice(b"\n");
    body.extend_from_slice(b"{\"id\": \"j4\", \"body\": \"the text is under another name\"}\n");
    body.extend_from_slice(b"{\"court\": \"ksd\"}\r\n");
    body.extend_from_slice(b"not json at all\n");
    body.extend_from_slice(
        b"{\"id\": \"j7\", \"text\": \"Counsel met and conferred by video.\"}\n",
    );
    body.extend_from_slice(b"[\"an\", \"array\"]\n");
    body.extend_from_slice(b"{\"id\": \"j9\", \"text\": \"Caf\xe9 motion, no statement.\"}\n");
    body.extend_from_slice(b"{\"id\": \"j10\", \"text\": 42}");
    let jsonl = write(&jsonl, &body);
    let j = label(&jsonl);
    want.push(expect("j1", format!("{j}:1"), Want::Read(&[])));
    want.push(expect(
        format!("{j}:2"),
        format!("{j}:2"),
        Want::Error(&["is not valid JSON"]),
    ));
    want.push(expect(
        "j4",
        format!("{j}:4"),
        Want::Error(&["has no \"text\" field"]),
    ));
    want.push(expect(
        format!("{j}:5"),
        format!("{j}:5"),
        Want::Error(&["has no \"text\" field"]),
    ));
    want.push(expect(
        format!("{j}:6"),
        format!("{j}:6"),
        Want::Error(&["is not valid JSON"]),
    ));
    want.push(expect("j7", format!("{j}:7"), Want::Read(&[])));
    want.push(expect(
        format!("{j}:8"),
        format!("{j}:8"),
        Want::Error(&["is not a JSON object"]),
    ));
    want.push(expect(
        "j9",
        format!("{j}:9"),
        Want::Read(&["invalid UTF-8 decoded lossily"]),
    ));
    want.push(expect(
        "j10",
        format!("{j}:10"),
        Want::Error(&["field is not text"]),
    ));

    // A directory symlink loop: the documents before it are read, the loop is one error.
    let loop_dir = dir.join("g-loop");
    let inner = write(&loop_dir.join("a-inner.txt"), good_text.as_bytes());
    want.push(expect(label(&inner), label(&inner), Want::Read(&[])));
    let back = loop_dir.join("z-back");
    std::os::unix::fs::symlink(&loop_dir, &back).unwrap();
    want.push(expect(
        label(&back),
        label(&back),
        Want::Error(&["is a directory symlink loop", "leads back to"]),
    ));

    let dangling = dir.join("h-dangling.txt");
    std::os::unix::fs::symlink(root.join("nowhere.txt"), &dangling).unwrap();
    want.push(expect(
        label(&dangling),
        label(&dangling),
        Want::Error(&["cannot read", "no such file or directory"]),
    ));

    let locked = write(&dir.join("i-locked.txt"), good_text.as_bytes());
    if lock_file(&locked) {
        want.push(expect(
            label(&locked),
            label(&locked),
            Want::Error(&["cannot read", "permission denied"]),
        ));
    } else {
        eprintln!(
            "running as root: chmod 000 does not stop reads; unreadable inputs are covered by \
             a missing path, a dangling symlink and a path through a file instead"
        );
        fs::remove_file(&locked).unwrap();
    }

    // Hostile PDFs.
    let pdfs = dir.join("j-pdfs");
    let whole = pdf_with_text(&[
        "MOTION TO COMPEL",
        "CERTIFICATE OF CONFERENCE",
        "Counsel conferred by telephone on May 2, 2023; Defendant opposes.",
    ]);
    let truncated = write(&pdfs.join("a-truncated.pdf"), &whole[..whole.len() / 3]);
    want.push(expect(
        label(&truncated),
        label(&truncated),
        Want::Error(&["is a PDF that cannot be read"]),
    ));
    let mut random = b"%PDF-1.7\n".to_vec();
    random.extend(noise(8192, 2));
    let random = write(&pdfs.join("b-random.pdf"), &random);
    want.push(expect(
        label(&random),
        label(&random),
        Want::Error(&["is a PDF that cannot be read"]),
    ));
    let huge = write(
        &pdfs.join("c-huge-length.pdf"),
        &pdf_with_huge_stream_length(),
    );
    want.push(expect(
        label(&huge),
        label(&huge),
        // Not "needs OCR": the page has text, in a stream the parser cannot read.
        Want::Error(&["is a PDF that cannot be read", "content stream"]),
    ));
    let empty_pdf = write(&pdfs.join("d-empty.pdf"), b"");
    want.push(expect(
        label(&empty_pdf),
        label(&empty_pdf),
        Want::Error(&["is empty"]),
    ));

    // Extra paths after the directory: the large document, then inputs that fail to open.
    let big_text = big_motion(BIG_BYTES);
    let big = write(&root.join("big.txt"), big_text.as_bytes());
    want.push(expect(label(&big), label(&big), Want::Big));
    let missing = root.join("missing.txt");
    want.push(expect(
        label(&missing),
        label(&missing),
        Want::Error(&["cannot read", "no such file or directory"]),
    ));
    let through_file = good.join("child.txt");
    want.push(expect(
        label(&through_file),
        label(&through_file),
        Want::Error(&["cannot read", "not a directory"]),
    ));

    let started = Instant::now();
    let out = score()
        .arg(&dir)
        .arg(&big)
        .arg(&missing)
        .arg(&through_file)
        .output()
        .expect("the binary runs");
    let elapsed = started.elapsed();
    let stdout = String::from_utf8(out.stdout).expect("stdout is UTF-8");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    eprintln!("score over the bad inputs took {elapsed:.2?}");
    assert!(!stderr.contains("panicked"), "a panic: {stderr}");
    assert_eq!(
        out.status.code(),
        Some(2),
        "exit code 2: some input could not be read\n--- stderr\n{stderr}"
    );
    // Everything was written before the exit: every line a whole record.
    assert!(stdout.ends_with('\n'), "last record complete");
    let recs: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let got_ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let want_ids: Vec<&str> = want.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(
        got_ids, want_ids,
        "one record per input document, in input order"
    );
    let errors = want
        .iter()
        .filter(|w| matches!(w.want, Want::Error(_)))
        .count();
    assert!(
        stderr.contains(&format!("{} documents", want.len())) && stderr.contains("error"),
        "summary: {stderr}"
    );

    for (r, w) in recs.iter().zip(&want) {
        assert_eq!(r["schema"], "conferral/1", "{r}");
        let verdict = r["verdict"].as_str().unwrap();
        let notes: Vec<&str> = r
            .get("notes")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|n| n.as_str().unwrap()).collect())
            .unwrap_or_default();
        match w.want {
            Want::Error(phrases) => {
                assert_eq!(verdict, "error", "{r}");
                assert!(r["score"].is_null() && r["statement"].is_null(), "{r}");
                let msg = r["error"]
                    .as_str()
                    .unwrap_or_else(|| panic!("no message: {r}"));
                eprintln!("error record: {msg}");
                assert!(msg.contains(&w.names), "names {}: {msg}", w.names);
                for p in phrases {
                    assert!(msg.contains(p), "says {p:?}: {msg}");
                }
                for jargon in ["os error", "panicked", "Error {", "Os {", "Custom {"] {
                    assert!(!msg.contains(jargon), "plain words: {msg}");
                }
                assert!(msg.len() < 400, "short: {msg}");
            }
            Want::Read(want_notes) => {
                assert_ne!(verdict, "error", "{r}");
                assert!(r.get("error").is_none(), "{r}");
                assert_eq!(notes, want_notes, "{r}");
                assert!(r["source"].as_str().unwrap().starts_with(&w.names), "{r}");
            }
            Want::Big => {
                assert_ne!(verdict, "error", "{r}");
                assert_ne!(
                    verdict, "no_certificate",
                    "certificate at the end found: {r}"
                );
                let st = &r["statement"];
                let (start, end) = (
                    st["start"].as_u64().unwrap() as usize,
                    st["end"].as_u64().unwrap() as usize,
                );
                let chars = big_text.chars().count();
                assert!(chars < big_text.len(), "multi-byte text: offsets differ");
                assert!(
                    start < end && end <= chars && start + CERTIFICATE.len() + 16 >= chars,
                    "statement {start}..{end} near the end of {chars} characters"
                );
                let text = st["text"].as_str().unwrap();
                assert_eq!(char_slice(&big_text, start, end), text);
                assert!(text.starts_with("I certify that on"), "{text}");
                assert!(text.ends_with("Defendant opposes the motion."), "{text}");
                assert_eq!(st["heading"]["text"], "CERTIFICATE OF CONFERENCE", "{st}");
            }
        }
    }
    eprintln!("{} records, {errors} errors", recs.len());
}

/// How long `locate_all` takes on a 10 MB motion whose certificate is at the very end
/// (reported, not asserted: machines differ).
#[test]
fn locate_all_on_a_10_mb_document_timing() {
    // A 1 MB run first, to show how the time grows with the size.
    for mb in [1, 10] {
        let text = big_motion(mb * 1024 * 1024);
        let started = Instant::now();
        let found = conferral::find::locate::locate_all(&text);
        eprintln!(
            "locate_all on {:.1} MB: {:.2?}, {} statement(s)",
            text.len() as f64 / 1e6,
            started.elapsed(),
            found.len()
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }
    let text = big_motion(10 * 1024 * 1024);
    let found = conferral::find::locate::locate_all(&text);
    assert_eq!(found.len(), 1, "{found:?}");
    let c = &found[0];
    assert_eq!(c.end, text.trim_end().len());
    let (hs, he) = c.heading.expect("the certificate's heading");
    assert_eq!(&text[hs..he], "CERTIFICATE OF CONFERENCE");
    assert_eq!(
        &text[he..c.end].trim_start(),
        &CERTIFICATE.trim_end()["CERTIFICATE OF CONFERENCE".len()..].trim_start()
    );
}
