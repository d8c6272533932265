//! The locator against a corpus of realistic motions (tests/locate_corpus/, made by
//! make_corpus.py there) and against PDFs written from some of them.
//!
//! Figures and failures are printed (`cargo test --test locate_corpus -- --nocapture`).

mod common;

use std::path::{Path, PathBuf};

use conferral::find::locate::{locate, locate_all};
use conferral::report::record::Span;

/// Share of true statements that must be found with token F1 >= [`MIN_F1`].
const MIN_FOUND: f64 = 0.95;
/// Share of motions without a statement for which `locate` must return `None`.
const MIN_NONE: f64 = 0.90;
const MIN_F1: f64 = 0.8;

#[derive(serde::Deserialize)]
struct Truth {
    file: String,
    style: String,
    statements: Vec<CharSpan>,
}

#[derive(serde::Deserialize, Clone, Copy, Debug)]
struct CharSpan {
    start: usize,
    end: usize,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/locate_corpus")
}

fn truth() -> Vec<Truth> {
    let raw = std::fs::read_to_string(corpus_dir().join("truth.jsonl")).expect("truth.jsonl");
    raw.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("truth line"))
        .collect()
}

fn chars(text: &str, s: CharSpan) -> String {
    text.chars().skip(s.start).take(s.end - s.start).collect()
}

/// Located statements of `text` as char spans with their text.
fn located(text: &str) -> Vec<Span> {
    locate_all(text)
        .iter()
        .filter_map(|c| Span::from_byte_range(text, c.start, c.end))
        .collect()
}

fn short(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 160 {
        let head: String = one.chars().take(80).collect();
        let tail: String = one.chars().skip(one.chars().count() - 70).collect();
        format!("{head} … {tail}")
    } else {
        one
    }
}

#[test]
fn corpus_figures() {
    let truth = truth();
    assert!(truth.len() >= 60, "corpus has {} motions", truth.len());
    let (mut n_true, mut found, mut f1_sum) = (0usize, 0usize, 0.0f64);
    let (mut n_none, mut none_ok, mut extra) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for t in &truth {
        let text = std::fs::read_to_string(corpus_dir().join(&t.file)).expect("corpus file");
        let got = located(&text);
        if t.statements.is_empty() {
            n_none += 1;
            match locate(&text).and_then(|c| Span::from_byte_range(&text, c.start, c.end)) {
                None => none_ok += 1,
                Some(s) => failures.push(format!(
                    "{} [{}]: no statement, located {}..{}: {}",
                    t.file,
                    t.style,
                    s.start,
                    s.end,
                    short(&s.text)
                )),
            }
            continue;
        }
        let mut used = vec![false; got.len()];
        for s in &t.statements {
            n_true += 1;
            let gold = chars(&text, *s);
            let best = got
                .iter()
                .enumerate()
                .map(|(i, g)| (i, common::token_f1(&g.text, &gold)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            let f1 = best.map_or(0.0, |b| b.1);
            f1_sum += f1;
            if let Some((i, _)) = best.filter(|b| b.1 > 0.0) {
                used[i] = true;
            }
            if f1 >= MIN_F1 {
                found += 1;
            } else {
                let what = match best {
                    Some((i, _)) => format!(
                        "located {}..{}: {}",
                        got[i].start,
                        got[i].end,
                        short(&got[i].text)
                    ),
                    None => "located nothing".to_string(),
                };
                failures.push(format!(
                    "{} [{}]: statement {}..{} F1 {f1:.2}; {what}\n    truth: {}",
                    t.file,
                    t.style,
                    s.start,
                    s.end,
                    short(&gold)
                ));
            }
        }
        for (i, g) in got.iter().enumerate() {
            if !used[i] {
                extra += 1;
                failures.push(format!(
                    "{} [{}]: extra statement {}..{}: {}",
                    t.file,
                    t.style,
                    g.start,
                    g.end,
                    short(&g.text)
                ));
            }
        }
    }
    let found_rate = found as f64 / n_true.max(1) as f64;
    let none_rate = none_ok as f64 / n_none.max(1) as f64;
    eprintln!(
        "locate corpus: {} motions; statements found (F1 >= {MIN_F1}): {found}/{n_true} = {:.1}%; \
         mean token F1 {:.3}; no-statement motions recognised: {none_ok}/{n_none} = {:.1}%; \
         extra statements located: {extra}",
        truth.len(),
        100.0 * found_rate,
        f1_sum / n_true.max(1) as f64,
        100.0 * none_rate
    );
    for f in &failures {
        eprintln!("  {f}");
    }
    assert!(n_none >= 15, "only {n_none} motions without a statement");
    assert!(found_rate >= MIN_FOUND, "found {:.1}%", 100.0 * found_rate);
    assert!(
        none_rate >= MIN_NONE,
        "recognised {:.1}%",
        100.0 * none_rate
    );
}

#[test]
fn truth_spans_are_statements() {
    // Guards the corpus itself: spans are in range, trimmed and mention conferring.
    for t in truth() {
        let text = std::fs::read_to_string(corpus_dir().join(&t.file)).unwrap();
        let n = text.chars().count();
        for s in &t.statements {
            assert!(s.start < s.end && s.end <= n, "{}: {s:?}", t.file);
            let gold = chars(&text, *s);
            assert_eq!(gold, gold.trim(), "{}", t.file);
            let lower = gold.to_lowercase().replace("-\n", "");
            let about = ["confer", "spoke", "letter", "voicemail", "position"];
            assert!(
                about.iter().any(|w| lower.contains(w)),
                "{}: {gold}",
                t.file
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// PDFs written from corpus texts

mod pdf_writer {
    use lopdf::content::Operation;
    use lopdf::{dictionary, Document, Object};

    /// Latin-1 bytes for WinAnsiEncoding; typographic quotes and dashes as ASCII.
    fn win_ansi(line: &str) -> Vec<u8> {
        line.chars()
            .map(|c| match c {
                '\u{2018}' | '\u{2019}' => b'\'',
                '\u{201c}' | '\u{201d}' => b'"',
                '\u{2013}' | '\u{2014}' => b'-',
                '\u{2026}' => b'.',
                c if (c as u32) < 256 && c != '\t' => c as u32 as u8,
                _ => b' ',
            })
            .collect()
    }

    /// A PDF with one page per entry, each line of a page as one text line in Helvetica.
    /// `font_encoding` other than WinAnsiEncoding makes a deliberately odd font.
    pub fn write(pages: &[Vec<String>], font_encoding: &str, with_text: bool) -> Vec<u8> {
        let mut doc = Document::with_version("1.5");
        let pages_id = doc.new_object_id();
        let font_id = doc.add_object(dictionary! {
            "Type" => "Font",
            "Subtype" => "Type1",
            "BaseFont" => "Helvetica",
            "Encoding" => Object::Name(font_encoding.as_bytes().to_vec()),
        });
        let resources_id = doc.add_object(dictionary! {
            "Font" => dictionary! { "F1" => font_id },
        });
        let mut page_ops = Vec::new();
        for lines in pages {
            let mut ops = Vec::new();
            if with_text {
                ops.push(Operation::new("BT", vec![]));
                ops.push(Operation::new("Tf", vec!["F1".into(), 9.into()]));
                ops.push(Operation::new("TL", vec![11.into()]));
                ops.push(Operation::new("Td", vec![40.into(), 770.into()]));
                for line in lines {
                    ops.push(Operation::new(
                        "Tj",
                        vec![Object::string_literal(win_ansi(line))],
                    ));
                    ops.push(Operation::new("T*", vec![]));
                }
                ops.push(Operation::new("ET", vec![]));
            } else {
                // A scan: an image-like filled rectangle, no text.
                ops.push(Operation::new(
                    "re",
                    vec![0.into(), 0.into(), 612.into(), 792.into()],
                ));
                ops.push(Operation::new("f", vec![]));
            }
            page_ops.push((ops, None));
        }
        super::common::save_pdf(doc, pages_id, page_ops, Some(resources_id))
    }
}

/// Lines per PDF page for texts that have no page breaks of their own.
const LINES_PER_PAGE: usize = 50;

/// A corpus text as pages of lines: its own form feeds, or every [`LINES_PER_PAGE`] lines.
fn pages_of(text: &str) -> Vec<Vec<String>> {
    if text.contains('\x0c') {
        return text
            .split('\x0c')
            .map(|p| p.lines().map(str::to_string).collect())
            .collect();
    }
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines
        .chunks(LINES_PER_PAGE)
        .map(<[String]>::to_vec)
        .collect()
}

/// 1-based page of char offset `at` in `text` as laid out by [`pages_of`].
fn page_in_layout(text: &str, at: usize) -> usize {
    let before: String = text.chars().take(at).collect();
    if text.contains('\x0c') {
        return 1 + before.matches('\x0c').count();
    }
    1 + before.matches('\n').count() / LINES_PER_PAGE
}

fn write_temp(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("temp file");
    p
}

/// Motions of the corpus turned into PDFs: statements found in the extracted text, on the
/// right page; motions without a statement stay without.
#[test]
fn pdf_motions_are_located_with_pages() {
    let truth = truth();
    let chosen: Vec<&Truth> = truth
        .iter()
        .filter(|t| t.style != "plain")
        .filter(|t| {
            let n = t.file.trim_start_matches(['m', 'n']);
            n.starts_with("00") || n.starts_with("01") || n.starts_with("02")
        })
        .step_by(3)
        .collect();
    assert!(chosen.len() >= 6, "{}", chosen.len());
    let dir = tempfile::tempdir().unwrap();
    let (mut n, mut ok) = (0, 0);
    for t in &chosen {
        let text = std::fs::read_to_string(corpus_dir().join(&t.file)).unwrap();
        let bytes = pdf_writer::write(&pages_of(&text), "WinAnsiEncoding", true);
        let path = write_temp(dir.path(), &t.file.replace(".txt", ".pdf"), &bytes);
        let docs: Vec<_> =
            conferral::read::input::documents(&[path], &Default::default()).collect();
        assert_eq!(docs.len(), 1);
        let doc = &docs[0];
        let extracted = doc
            .text
            .as_ref()
            .unwrap_or_else(|e| panic!("{}: {e}", t.file));
        assert!(conferral::read::input::is_pdf_source(&doc.source));
        let got = located(extracted);
        if t.statements.is_empty() {
            n += 1;
            if got.is_empty() {
                ok += 1;
            } else {
                eprintln!(
                    "  PDF {}: no statement, located {}",
                    t.file,
                    short(&got[0].text)
                );
            }
            continue;
        }
        for s in &t.statements {
            n += 1;
            let gold = chars(&text, *s);
            let want_page = page_in_layout(&text, s.start);
            let best = got
                .iter()
                .map(|g| (g, common::token_f1(&g.text, &gold)))
                .max_by(|a, b| a.1.total_cmp(&b.1));
            match best {
                Some((g, f1)) if f1 >= MIN_F1 => {
                    let page = conferral::read::pdf::page_of(extracted, g.start);
                    if page == want_page {
                        ok += 1;
                    } else {
                        eprintln!("  PDF {}: page {page}, want {want_page}", t.file);
                    }
                }
                other => eprintln!(
                    "  PDF {}: statement not found (best F1 {:.2}); truth: {}",
                    t.file,
                    other.map_or(0.0, |b| b.1),
                    short(&gold)
                ),
            }
        }
    }
    eprintln!("PDF motions: {ok}/{n} statements (or absences) right, with pages");
    assert!(ok as f64 >= 0.9 * n as f64, "{ok}/{n}");
}

#[test]
fn scanned_pdf_needs_ocr_and_broken_pdfs_are_error_documents() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let page = vec!["CERTIFICATE OF CONFERENCE".to_string(); 3];
    let good = pdf_writer::write(std::slice::from_ref(&page), "WinAnsiEncoding", true);
    let inputs = vec![
        write_temp(
            d,
            "a_scan.pdf",
            &pdf_writer::write(&[page.clone(), page.clone()], "WinAnsiEncoding", false),
        ),
        write_temp(d, "b_truncated.pdf", &good[..good.len() / 2]),
        write_temp(d, "c_header_only.pdf", b"%PDF-1.7\n"),
        write_temp(
            d,
            "d_garbage.pdf",
            b"%PDF-1.4\n\xff\xfe\x00garbage 1 0 obj << /Length 999999 >> stream\n",
        ),
        // pdf-extract panics on unknown encodings: caught, reported.
        write_temp(
            d,
            "e_odd_font.pdf",
            &pdf_writer::write(std::slice::from_ref(&page), "NoSuchEncoding", true),
        ),
        write_temp(d, "f_empty.pdf", b""),
        write_temp(d, "g_good.pdf", &good),
    ];
    // OCR off (`--ocr never`): what a scan is without it, whatever is installed here
    // (tests/readers.rs reads scans with OCR).
    let opts = conferral::read::input::InputOptions {
        ocr: conferral::read::input::OcrMode::Never,
        ..Default::default()
    };
    let docs: Vec<_> = conferral::read::input::documents(&inputs, &opts).collect();
    assert_eq!(docs.len(), inputs.len(), "one document per input");
    let err = |i: usize| -> String {
        match &docs[i].text {
            Err(e) => e.to_string(),
            Ok(t) => panic!("{}: expected an error, got text {t:?}", docs[i].id),
        }
    };
    assert!(err(0).contains("needs OCR"), "{}", err(0));
    assert!(err(0).contains("a_scan.pdf"), "{}", err(0));
    eprintln!("  {}", err(0));
    for doc in &docs[1..=5] {
        let e = doc
            .text
            .as_ref()
            .expect_err("an error document")
            .to_string();
        eprintln!("  {e}");
        assert!(e.contains(&*doc.id), "{e}");
        let rec = doc.error_record().expect("error record");
        assert_eq!(rec.verdict, conferral::report::record::Verdict::Error);
    }
    let text = docs[6].text.as_ref().expect("good PDF reads");
    assert!(text.contains("CERTIFICATE OF CONFERENCE"), "{text:?}");
}

#[test]
fn cli_locate_prints_statements_with_pages_for_pdfs() {
    let truth = truth();
    let t = truth
        .iter()
        .find(|t| t.file.contains("rule37") && t.style == "pdf")
        .expect("a two-statement PDF-style motion");
    let text = std::fs::read_to_string(corpus_dir().join(&t.file)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = write_temp(
        dir.path(),
        "motion.pdf",
        &pdf_writer::write(&pages_of(&text), "WinAnsiEncoding", true),
    );
    let txt = corpus_dir().join(&t.file);
    let lines = common::json_lines_of(common::conferral().arg("locate").arg(&txt).arg(&pdf));
    let stdout = format!("{lines:?}");
    assert_eq!(lines.len(), 2, "{stdout}");
    for (i, line) in lines.iter().enumerate() {
        let st = line["statements"].as_array().expect("statements");
        assert_eq!(st.len(), 2, "both statements: {line}");
        for s in st {
            assert!(s["start"].as_u64().unwrap() < s["end"].as_u64().unwrap());
            // Pages only for PDF input.
            assert_eq!(s.get("page").is_some(), i == 1, "{s}");
        }
    }
    let truth_pages: Vec<usize> = t
        .statements
        .iter()
        .map(|s| page_in_layout(&text, s.start))
        .collect();
    let pages: Vec<usize> = lines[1]["statements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["page"].as_u64().unwrap() as usize)
        .collect();
    assert_eq!(pages, truth_pages);
}

/// The shipped locator on the locate corpus's held-out splits (data/locate/, by writer) keeps
/// at least the figures of its model card (models/locator/MODEL_CARD.md): a change that loses
/// statements there fails here. Both as screening runs it (tagger, then the unit encoder on
/// uncertain sentences) and with the tagger alone (`find::locate::locate_all`).
#[test]
fn held_out_splits_keep_the_model_card_figures() {
    use conferral::corpus::motions::load;
    use conferral::eval::locate_eval::evaluate_rescored;
    use conferral::find::locate::{tagger::Tagger, Rescore};
    use conferral::model::unit_encoder::UnitEncoder;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/locate");
    let encoder = UnitEncoder::embedded().expect("the unit encoder loads");
    // (split, encoder, statements located, statements, motions without one recognised, such
    // motions)
    for (split, with_encoder, located, statements, none, without) in [
        ("dev", true, 105, 107, 22, 23),
        ("test", true, 100, 112, 19, 20),
        ("dev", false, 104, 107, 22, 23),
        ("test", false, 99, 112, 18, 20),
    ] {
        let motions = load(&[root.join(format!("{split}.jsonl"))]).expect("the split loads");
        let rescore = with_encoder.then_some(encoder as &dyn Rescore);
        let f = evaluate_rescored(&motions, Tagger::embedded(), rescore);
        assert_eq!(
            (f.statements, f.without_statement),
            (statements, without),
            "{split}"
        );
        assert!(
            f.located >= located && f.recognised_none >= none,
            "{split} (encoder: {with_encoder}): located {}/{statements} (card: {located}), \
             recognised {}/{without} (card: {none})\n{}",
            f.located,
            f.recognised_none,
            f.failures.join("\n")
        );
    }
}
