//! Word files and scanned PDFs, end to end through the binary: the same motion as plain text,
//! as a `.docx` and as a scanned one-page PDF (an image, no text layer) must give the same
//! verdict and the same statement (token F1 >= 0.9 against the plain-text run).
//!
//! The test builds its inputs itself: the `.docx` with the zip crate, the scan by drawing the
//! motion's lines with the DejaVu Sans font the plots use (plotters' `ab_glyph` backend) at
//! 300 dpi into a grey-scale image, wrapped in a PDF as an image XObject with lopdf.
//!
//! OCR needs `tesseract` (with English) and `pdftoppm`: without them the OCR tests fail when
//! `CI` is set and are skipped, saying why, otherwise. Install them with
//! `apt-get install tesseract-ocr tesseract-ocr-eng poppler-utils`.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

/// The motion, one entry per paragraph.
const MOTION: &[&str] = &[
    "IN THE UNITED STATES DISTRICT COURT FOR THE DISTRICT OF KANSAS",
    "DANA WHITFIELD, Plaintiff, v. PRAIRIE FREIGHT LINES, INC., Defendant. Case No. 2:24-cv-02291",
    "PLAINTIFF'S MOTION TO COMPEL DISCOVERY RESPONSES",
    "Plaintiff moves under Fed. R. Civ. P. 37(a) for an order compelling Defendant to answer \
     Interrogatories 3 and 7 and to produce the dispatch logs sought in Request for Production 12.",
    "CERTIFICATE OF CONFERENCE",
    "On March 4, 2024, counsel for Plaintiff, Ann Ruiz, and counsel for Defendant, Tom Baker, \
     conferred by telephone for forty minutes about Interrogatories 3 and 7 and Request 12. \
     Counsel discussed each objection in turn. Defendant agreed to answer Interrogatory 3 by \
     March 15 but maintained its objections to Interrogatory 7 and Request 12. Counsel met again \
     by video on March 11, 2024, and could not resolve the remaining disputes.",
    "/s/ Ann Ruiz",
];

fn plain_text() -> String {
    let mut t = MOTION.join("\n\n");
    t.push('\n');
    t
}

/// A tiny random model for the mechanics tests (see tests/cli.rs `tiny_model`).
fn tiny_model() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| common::save_tiny_model("readers-tiny-model"))
}

/// `conferral ARGS` with stdin closed; output captured.
fn run(args: &[&std::ffi::OsStr], envs: &[(&str, &std::ffi::OsStr)]) -> Output {
    let mut cmd = common::conferral();
    cmd.args(args).stdin(Stdio::null());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("the binary runs")
}

fn records(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---------------------------------------------------------------------------------------
// Inputs

/// A `.docx` with one `w:p` per paragraph, the certificate's heading bold, and a two-cell
/// table for the signature block (tables are read row by row).
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut body = String::new();
    for p in &paragraphs[..paragraphs.len() - 1] {
        body.push_str(&format!(
            "<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            esc(p)
        ));
    }
    let last = paragraphs[paragraphs.len() - 1];
    body.push_str(&format!(
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>",
        esc(last)
    ));
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let parts = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".to_string(),
        ),
        ("word/document.xml", document),
        // A footer: skipped on purpose (it would land inside the statement).
        (
            "word/footer1.xml",
            "<w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:r><w:t>Page 1 of 1</w:t></w:r></w:p></w:ftr>".to_string(),
        ),
    ];
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    out.into_inner()
}

/// Letter size at 300 dpi.
const PAGE_PX: (u32, u32) = (2550, 3300);
/// 12 pt at 300 dpi is 50 px; Tesseract reads best with capitals 20-40 px high.
const FONT_PX: f64 = 50.0;
const LINE_PX: i32 = 64;
const MARGIN_PX: i32 = 225;
/// Characters per line that fit between the margins at [`FONT_PX`].
const WRAP: usize = 66;

/// `text` wrapped at [`WRAP`] characters on spaces.
fn wrap(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > WRAP {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// The paragraphs drawn black on white, one blank line between paragraphs, as 8-bit grey
/// pixels (row by row, top first).
fn scan_image(paragraphs: &[&str]) -> Vec<u8> {
    use plotters::prelude::*;
    use plotters::style::{register_font, FontStyle};
    static FONT: OnceLock<()> = OnceLock::new();
    FONT.get_or_init(|| {
        register_font(
            "sans-serif",
            FontStyle::Normal,
            include_bytes!("../assets/DejaVuSans.ttf"),
        )
        .map_err(|_| "font")
        .expect("the plots' font loads");
    });
    let (w, h) = PAGE_PX;
    let mut rgb = vec![255u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        let style = ("sans-serif", FONT_PX).into_font().color(&BLACK);
        let mut y = MARGIN_PX;
        for p in paragraphs {
            for line in wrap(p) {
                root.draw_text(&line, &style, (MARGIN_PX, y))
                    .expect("text draws");
                y += LINE_PX;
            }
            y += LINE_PX;
        }
        assert!(y < h as i32 - MARGIN_PX, "the motion fits on one page");
        root.present().expect("image complete");
    }
    rgb.chunks(3).map(|px| px[0]).collect()
}

/// A one-page PDF (US letter) showing `gray` (PAGE_PX, 8-bit grey) as an image XObject over
/// the whole page: a scan, no text layer.
fn scanned_pdf(gray: Vec<u8>) -> Vec<u8> {
    use lopdf::content::{Content, Operation};
    use lopdf::{dictionary, Document, Object, Stream};
    let (w, h) = PAGE_PX;
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut image = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Image",
            "Width" => w as i64,
            "Height" => h as i64,
            "ColorSpace" => "DeviceGray",
            "BitsPerComponent" => 8,
        },
        gray,
    );
    image.compress().expect("image compresses");
    let image_id = doc.add_object(image);
    let content = Content {
        operations: vec![
            Operation::new("q", vec![]),
            Operation::new(
                "cm",
                vec![
                    612.into(),
                    0.into(),
                    0.into(),
                    792.into(),
                    0.into(),
                    0.into(),
                ],
            ),
            Operation::new("Do", vec![Object::Name(b"Im1".to_vec())]),
            Operation::new("Q", vec![]),
        ],
    };
    let own = dictionary! { "XObject" => dictionary! { "Im1" => image_id } };
    common::save_pdf(doc, pages_id, vec![(content.operations, Some(own))], None)
}

// ---------------------------------------------------------------------------------------
// Comparing runs

fn statement(r: &Value) -> &str {
    r["statement"]["text"]
        .as_str()
        .unwrap_or_else(|| panic!("no statement: {r}"))
}

/// `other` as `plain` scored it: same verdict, statement token F1 >= 0.9.
fn assert_same_as_plain(plain: &Value, other: &Value, what: &str) {
    assert_ne!(other["verdict"], "error", "{what}: {other}");
    assert_eq!(
        other["verdict"], plain["verdict"],
        "{what}: verdict differs from the plain text's\n{what}: {other}\nplain: {plain}"
    );
    let f1 = common::token_f1(statement(other), statement(plain));
    eprintln!(
        "{what}: verdict {}, score {}, statement token F1 {f1:.3}",
        other["verdict"], other["score"]
    );
    assert!(
        f1 >= 0.9,
        "{what}: statement token F1 {f1:.3} < 0.9\n{what}: {}\nplain: {}",
        statement(other),
        statement(plain)
    );
}

/// `tesseract` (with English) and `pdftoppm`, or why not; `None` skips the test outside CI
/// and fails it in CI.
fn ocr_tools() -> Option<()> {
    let runs = |program: &str, arg: &str| {
        std::process::Command::new(program)
            .arg(arg)
            .output()
            .ok()
            .filter(|o| o.status.success())
    };
    let missing = if runs("pdftoppm", "-v").is_none() {
        Some("pdftoppm")
    } else if !runs("tesseract", "--list-langs").is_some_and(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .any(|l| l == "eng")
    }) {
        Some("tesseract with English")
    } else {
        None
    };
    let Some(missing) = missing else {
        return Some(());
    };
    let install =
        "apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng poppler-utils";
    if std::env::var_os("CI").is_some() {
        panic!("{missing} is not installed (CI is set): {install}");
    }
    eprintln!("skipping the OCR test: {missing} is not installed ({install})");
    None
}

// ---------------------------------------------------------------------------------------
// Tests

#[test]
fn docx_scores_like_the_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("motion.txt");
    let word = dir.path().join("motion.docx");
    std::fs::write(&txt, plain_text()).unwrap();
    std::fs::write(&word, docx(MOTION)).unwrap();
    // The embedded model: the verdicts are the real ones.
    let out = run(
        &[
            "score".as_ref(),
            "--format".as_ref(),
            "jsonl".as_ref(),
            txt.as_os_str(),
            word.as_os_str(),
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    assert_eq!(recs.len(), 2, "{recs:?}");
    assert_eq!(recs[1]["id"], word.to_string_lossy().as_ref());
    assert!(
        recs[1].get("pages").is_none(),
        "no pages for Word files: {}",
        recs[1]
    );
    assert!(
        !statement(&recs[1]).contains("Page 1 of 1"),
        "footer skipped"
    );
    assert_same_as_plain(&recs[0], &recs[1], "docx");
}

#[test]
fn scanned_pdf_is_read_with_ocr_and_scores_like_the_plain_text() {
    let Some(()) = ocr_tools() else { return };
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("motion.txt");
    let scan = dir.path().join("motion-scan.pdf");
    std::fs::write(&txt, plain_text()).unwrap();
    std::fs::write(&scan, scanned_pdf(scan_image(MOTION))).unwrap();
    // It really is a scan: no text layer.
    let never = run(
        &[
            "locate".as_ref(),
            "--ocr".as_ref(),
            "never".as_ref(),
            scan.as_os_str(),
        ],
        &[],
    );
    assert_eq!(never.status.code(), Some(2));
    let rec = &records(&never)[0];
    assert!(
        rec["error"].as_str().unwrap().contains("needs OCR"),
        "{rec}"
    );

    let started = std::time::Instant::now();
    let out = run(
        &[
            "score".as_ref(),
            "--format".as_ref(),
            "jsonl".as_ref(),
            txt.as_os_str(),
            scan.as_os_str(),
        ],
        &[],
    );
    eprintln!("score with OCR of one page: {:.1?}", started.elapsed());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&out);
    assert_eq!(recs.len(), 2, "{recs:?}");
    let pdf = &recs[1];
    assert_eq!(pdf["pages"], serde_json::json!([1]), "{pdf}");
    let notes = pdf["notes"].as_array().expect("a note says OCR was used");
    assert!(
        notes
            .iter()
            .any(|n| n.as_str().unwrap().contains("read with OCR")),
        "{pdf}"
    );
    assert_same_as_plain(&recs[0], pdf, "scanned PDF");

    // --ocr always reads the same page the same way.
    let always = run(
        &[
            "locate".as_ref(),
            "--ocr".as_ref(),
            "always".as_ref(),
            scan.as_os_str(),
        ],
        &[],
    );
    assert_eq!(always.status.code(), Some(0), "{}", stderr(&always));
    let st = &records(&always)[0]["statements"][0];
    assert_eq!(st["page"], 1, "{st}");
    assert!(
        common::token_f1(st["text"].as_str().unwrap(), statement(&recs[0])) >= 0.9,
        "{st}"
    );
}

#[test]
fn missing_ocr_tools_are_named_with_how_to_install_them() {
    // A PATH without the programs; the test needs neither.
    let dir = tempfile::tempdir().unwrap();
    let scan = dir.path().join("scan.pdf");
    std::fs::write(
        &scan,
        scanned_pdf(vec![255; (PAGE_PX.0 * PAGE_PX.1) as usize]),
    )
    .unwrap();
    let empty = dir.path().join("bin");
    std::fs::create_dir(&empty).unwrap();
    let out = run(
        &["locate".as_ref(), scan.as_os_str()],
        &[("PATH", empty.as_os_str())],
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let msg = records(&out)[0]["error"].as_str().unwrap().to_string();
    assert!(msg.contains(&*scan.to_string_lossy()), "{msg}");
    assert!(
        msg.contains("pdftoppm (package poppler-utils) is not installed"),
        "{msg}"
    );
    assert!(
        msg.contains("apt-get install tesseract-ocr tesseract-ocr-eng poppler-utils"),
        "{msg}"
    );
}

#[test]
fn unreadable_inputs_are_error_records_and_skips_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), plain_text()).unwrap();
    let mut truncated = docx(MOTION);
    truncated.truncate(truncated.len() / 2);
    std::fs::write(d.join("b-truncated.docx"), &truncated).unwrap();
    std::fs::write(
        d.join("c-legacy.docx"),
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0",
    )
    .unwrap();
    std::fs::write(d.join("d.doc"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1").unwrap();
    std::fs::write(d.join("e.png"), b"\x89PNG\r\n").unwrap();
    std::fs::write(d.join("f.DOC"), b"x").unwrap();
    let out = run(
        &[
            "score".as_ref(),
            "--format".as_ref(),
            "jsonl".as_ref(),
            d.as_os_str(),
        ],
        &[("CONFERRAL_MODEL", tiny_model().as_os_str())],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let recs = records(&out);
    let ids: Vec<&str> = recs.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let p = |n: &str| d.join(n).to_string_lossy().into_owned();
    assert_eq!(ids, [p("a.txt"), p("b-truncated.docx"), p("c-legacy.docx")]);
    for (r, why) in recs[1..]
        .iter()
        .zip(["not a valid ZIP archive", "legacy Word 97-2003"])
    {
        assert_eq!(r["verdict"], "error", "{r}");
        let msg = r["error"].as_str().unwrap();
        assert!(
            msg.contains(r["id"].as_str().unwrap()) && msg.contains(why),
            "{msg}"
        );
    }
    assert!(
        err.contains("skipped 3 files in directories by extension: 2 .doc, 1 .png"),
        "{err}"
    );
}
