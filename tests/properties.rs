//! Property tests (proptest) of the pieces every document passes through: the locator, the
//! character-offset spans, and the JSON Lines stream reader.
//!
//! - `locate::candidates` / `locate_all`, and screening's `unit_encoder::locate_all`, never
//!   panic on arbitrary Unicode (CRLF, lone CR, form feeds, combining marks, emoji, NUL, soft
//!   hyphens, characters whose case mapping changes length) and every range is on character
//!   boundaries inside the text;
//! - `Span::from_byte_range` gives character offsets that select the same text;
//! - a certificate paragraph put anywhere in arbitrary filler is located;
//! - `input::stream_documents` never panics on arbitrary bytes and gives one document per
//!   non-blank line of JSON Lines;
//! - `docx::body_text` never panics on a soup of WordprocessingML pieces, and gives back the
//!   paragraphs of a well-formed body in order, one blank line apart.

use std::io::Cursor;

use conferral::find::locate::{candidates, locate_all};
use conferral::read::input::{stream_documents, Document, InputOptions};
use conferral::report::record::Span;
use proptest::prelude::*;

/// Pieces that stress the locator: line and page breaks, hyphenation, multi-byte and
/// case-changing characters, and the words its cues and headings are made of.
const PIECES: &[&str] = &[
    "\n",
    "\n\n",
    "\r\n",
    "\r\n\r\n",
    "\r",
    "\x0c",
    "\n\x0c",
    "\0",
    "\t",
    "   ",
    " ",
    ".",
    ". ",
    ":",
    "-\n",
    "con-\nferred",
    "\u{ad}",
    "\u{301}",
    "e\u{301}",
    "😀",
    "👩‍⚖️",
    "中文",
    "ß",
    "İ",
    "ﬁ",
    "\u{feff}",
    "\u{2028}",
    "“",
    "”",
    "’",
    "—",
    "…",
    "....",
    "CERTIFICATE OF CONFERENCE",
    "RULE 37(a)(1) CERTIFICATION",
    "IV.",
    "Certificate of Conference:",
    "CERTIFICATE OF SERVICE",
    "Counsel",
    "conferred with",
    "met and conferred",
    "meet and confer",
    "good faith",
    "does not oppose",
    "LCvR 7(m)",
    "/s/ Jane Roe",
    "Respectfully submitted,",
    "Page 3 of 7",
    "Case 2:21-cv-01234 Document 45 Filed 01/02/21 Page 3 of 7",
    "12",
    "the motion",
    "Defendant opposes.",
];

/// Arbitrary Unicode text: any characters mixed with [`PIECES`].
fn unicode_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => any::<char>().prop_map(String::from),
        2 => prop::sample::select(PIECES).prop_map(String::from),
        1 => "[a-zA-Z ]{1,12}",
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

/// One long paragraph (over the locator's 2000-byte paragraph limit, so it is narrowed to a
/// window of sentences): no line breaks, sentence ends and cues among arbitrary characters.
fn long_paragraph() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        2 => any::<char>()
            .prop_filter("no line break", |c| !matches!(c, '\n' | '\r'))
            .prop_map(String::from),
        3 => prop::sample::select(&[
            "Counsel conferred with opposing counsel. ",
            "The requests are proper? ",
            "Yes! ",
            "See Fed. R. Civ. P. 37(a)(1). ",
            "Mr. Smith ",
            "e.g. ",
            "U.S. ",
            "😀. ",
            "e\u{301}. ",
            "中文。",
            "İ. ",
            "\x0c",
            "does not oppose",
            "  ",
        ][..])
        .prop_map(String::from),
    ];
    prop::collection::vec(piece, 100..400).prop_map(|v| v.concat())
}

/// Prose-like filler without conferral cues, with the same odd characters.
fn filler_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => prop::sample::select(&[
            "The requests are proper. ",
            "Defendant produced nothing",
            "Plaintiff served interrogatories in May.",
            "\n",
            "\n\n",
            "\r\n",
            "\x0c",
            "    ",
            "ARGUMENT",
            "I.",
            "Café — “naïve” ",
            "😀 ",
            "e\u{301} ",
            "中文 ",
            "-\n",
        ][..])
        .prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

/// The character-slice `[start, end)` of `text`.
fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

/// Every candidate range is on character boundaries inside `text` and its span selects the
/// same text by characters.
fn check_ranges(text: &str, ranges: &[(usize, usize)]) -> Result<(), TestCaseError> {
    for &(s, e) in ranges {
        prop_assert!(s <= e && e <= text.len(), "{s}..{e} of {}", text.len());
        prop_assert!(
            text.is_char_boundary(s) && text.is_char_boundary(e),
            "{s}..{e} off a boundary in {text:?}"
        );
        let span = Span::from_byte_range(text, s, e);
        prop_assert!(span.is_some());
        let span = span.unwrap();
        prop_assert_eq!(char_slice(text, span.start, span.end), span.text);
    }
    Ok(())
}

const CERTIFICATE: &str = "CERTIFICATE OF CONFERENCE\n\nCounsel for Plaintiff conferred with \
    counsel for Defendant by telephone on March 1, 2023, about Requests 3 through 7; Defendant \
    opposes the motion.";

/// Lines of a JSON Lines stream that are blank, broken or not records: blank lines, a lone
/// CR, broken JSON, non-objects, invalid UTF-8, a byte-order mark inside the file.
const ODD_LINES: &[&[u8]] = &[
    b"",
    b"   ",
    b"\r",
    b"\t \r",
    b"{",
    b"[1, 2]",
    b"null",
    b"\"text\"",
    b"{\"text\": \"caf\xe9\"}",
    b"\xff\xfe",
    b"\xef\xbb\xbf{}",
];

/// Documents of arbitrary bytes read as stdin.
fn stream(bytes: Vec<u8>) -> Vec<Document> {
    stream_documents(Cursor::new(bytes), &InputOptions::default()).collect()
}

/// Lines as the JSON Lines reader sees them: split after `\n`, the first without a UTF-8
/// byte-order mark; blank = only ASCII whitespace.
fn nonblank_lines(bytes: &[u8]) -> usize {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .enumerate()
        .filter(|(i, l)| {
            let l = if *i == 0 {
                l.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(l)
            } else {
                l
            };
            !l.trim_ascii().is_empty()
        })
        .count()
}

/// Pieces of a Word body: paragraph, run, text, table and skipped elements opened and closed
/// in any order, entities good and bad, text with odd characters.
const DOCX_PIECES: &[&str] = &[
    "<w:p>",
    "</w:p>",
    "<w:p/>",
    "<w:r>",
    "</w:r>",
    "<w:t>",
    "</w:t>",
    "<w:t xml:space=\"preserve\">",
    "<w:tab/>",
    "<w:br/>",
    "<w:cr/>",
    "<w:noBreakHyphen/>",
    "<w:tbl>",
    "</w:tbl>",
    "<w:tr>",
    "</w:tr>",
    "<w:tc>",
    "</w:tc>",
    "<w:del>",
    "</w:del>",
    "<w:delText>",
    "</w:delText>",
    "<w:pPr>",
    "</w:pPr>",
    "<w:tabs><w:tab w:pos=\"720\"/></w:tabs>",
    "<mc:Fallback>",
    "</mc:Fallback>",
    "<w:txbxContent>",
    "</w:txbxContent>",
    "<w:instrText>",
    "</w:instrText>",
    "&amp;",
    "&#8220;",
    "&#x0;",
    "&#12;",
    "&nope;",
    "&",
    "<",
    "]]>",
    "<![CDATA[x]]>",
    "<!-- c -->",
    "<?pi x?>",
    "Counsel conferred",
    " ",
    "\n",
    "\x0c",
    "é",
    "😀",
];

fn docx_document(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"><w:body>{body}</w:body></w:document>"
    )
}

proptest! {
    // 256 cases each (well under a second); PROPTEST_CASES=N for a deeper search.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn locator_never_panics_and_stays_on_char_boundaries(
        text in prop_oneof![3 => unicode_text(), 1 => long_paragraph()],
    ) {
        let all: Vec<(usize, usize)> = candidates(&text).iter().map(|c| (c.start, c.end)).collect();
        check_ranges(&text, &all)?;
        for c in candidates(&text) {
            prop_assert!((0.0..=1.0).contains(&c.confidence), "{c:?}");
        }
        // The tagger alone, and as screening runs it (the unit encoder re-reading uncertain
        // sentences).
        for found in [locate_all(&text), conferral::model::unit_encoder::locate_all(&text)] {
            let kept: Vec<(usize, usize)> = found.iter().map(|c| (c.start, c.end)).collect();
            check_ranges(&text, &kept)?;
            // In document order, not overlapping.
            for w in kept.windows(2) {
                prop_assert!(w[0].1 <= w[1].0, "{kept:?}");
            }
        }
    }

    #[test]
    fn span_text_is_the_char_slice(
        text in unicode_text(),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
        raw in (0usize..600, 0usize..600),
    ) {
        // Ranges on character boundaries always give a span, selecting the same text.
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let (s, e) = {
            let (x, y) = (a.get(&bounds), b.get(&bounds));
            (*x.min(y), *x.max(y))
        };
        let span = Span::from_byte_range(&text, s, e).expect("a span on boundaries");
        prop_assert_eq!(&span.text, &text[s..e]);
        prop_assert_eq!(span.start, text[..s].chars().count());
        prop_assert_eq!(char_slice(&text, span.start, span.end), span.text);
        // Any other byte range: a span exactly when it is a valid slice.
        let (s, e) = raw;
        match Span::from_byte_range(&text, s, e) {
            Some(span) => {
                prop_assert!(text.get(s..e).is_some());
                prop_assert_eq!(char_slice(&text, span.start, span.end), span.text);
            }
            None => prop_assert!(text.get(s..e).is_none()),
        }
    }

    #[test]
    fn certificate_anywhere_in_filler_is_located(
        filler in prop_oneof![filler_text(), unicode_text()],
        at in any::<prop::sample::Index>(),
        sep in prop::sample::select(&["\n\n", "\r\n\r\n", "\n\x0c\n", "\n\n\n"][..]),
    ) {
        let bounds: Vec<usize> = filler.char_indices().map(|(i, _)| i).chain([filler.len()]).collect();
        let at = *at.get(&bounds);
        let text = format!("{}{sep}{CERTIFICATE}{sep}{}", &filler[..at], &filler[at..]);
        let cert_start = at + sep.len();
        let cert_end = cert_start + CERTIFICATE.len();
        let found = locate_all(&text);
        let ranges: Vec<(usize, usize)> = found.iter().map(|c| (c.start, c.end)).collect();
        check_ranges(&text, &ranges)?;
        prop_assert!(
            found.iter().any(|c| c.start < cert_end && cert_start < c.end),
            "certificate at {cert_start}..{cert_end} not located in {text:?}: {found:?}"
        );
    }

    #[test]
    fn stream_reader_never_panics_on_arbitrary_bytes(
        bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..2000),
            // Mostly text-like: lines of ASCII, braces and quotes, odd bytes.
            prop::collection::vec(
                prop::sample::select(&b"{}\"\\:, \n\r\tabc01\x00\xff\xc3\xa9"[..]),
                0..400,
            ),
        ],
    ) {
        let n = nonblank_lines(&bytes);
        let docs = stream(bytes);
        prop_assert!(!docs.is_empty(), "at least one document, if only an error");
        for d in &docs {
            prop_assert!(d.source == "-" || d.source.starts_with("-:"), "{d:?}");
            if let Err(e) = &d.text {
                prop_assert!(e.to_string().starts_with('-'), "names the input: {e}");
            }
        }
        // Read as JSON Lines: one document per non-blank line.
        if docs[0].source.starts_with("-:") {
            prop_assert_eq!(docs.len(), n);
        } else {
            prop_assert_eq!(docs.len(), 1);
        }
    }

    #[test]
    fn jsonl_stream_gives_one_document_per_nonblank_line(
        first_id in "[a-z0-9]{0,6}",
        lines in prop::collection::vec(
            prop_oneof![
                // Records, with and without id and text.
                ("[a-z]{0,5}", "\\PC{0,30}").prop_map(|(id, text)| {
                    serde_json::json!({"id": id, "text": text}).to_string().into_bytes()
                }),
                "\\PC{0,20}".prop_map(|t| serde_json::json!({"body": t}).to_string().into_bytes()),
                // Blank lines, CRLF endings, broken JSON, invalid UTF-8 (no NUL: binary).
                prop::sample::select(ODD_LINES).prop_map(<[u8]>::to_vec),
                prop::collection::vec(1u8..=255, 0..40)
                    .prop_map(|v| v.into_iter().filter(|&b| b != b'\n').collect()),
            ],
            0..40,
        ),
        crlf in any::<bool>(),
        trailing_newline in any::<bool>(),
    ) {
        let eol: &[u8] = if crlf { b"\r\n" } else { b"\n" };
        let mut bytes = serde_json::json!({"id": first_id, "text": "first"}).to_string().into_bytes();
        for l in &lines {
            bytes.extend_from_slice(eol);
            bytes.extend_from_slice(l);
        }
        if trailing_newline {
            bytes.extend_from_slice(eol);
        }
        let n = nonblank_lines(&bytes);
        let docs = stream(bytes);
        prop_assert_eq!(docs.len(), n, "{:?}", docs);
        prop_assert_eq!(&docs[0].source, "-:1");
        prop_assert_eq!(docs[0].text.as_deref(), Ok("first"));
        // Sources count lines in order.
        let mut last = 0usize;
        for d in &docs {
            let line: usize = d.source.strip_prefix("-:").unwrap().parse().unwrap();
            prop_assert!(line > last, "{:?}", docs);
            last = line;
        }
    }

    #[test]
    fn docx_body_never_panics(pieces in prop::collection::vec(prop::sample::select(DOCX_PIECES), 0..80)) {
        let xml = docx_document(&pieces.concat());
        if let Ok(text) = conferral::read::docx::body_text(&xml) {
            prop_assert!(text.ends_with('\n'));
            prop_assert!(!text.contains('\0') && !text.contains('\x0c'), "{text:?}");
        }
    }

    #[test]
    fn docx_paragraphs_come_back_in_order(
        paragraphs in prop::collection::vec("[A-Za-z0-9 .,;:()&<>\"'é]{0,40}", 1..12),
    ) {
        let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
        let body: String = paragraphs
            .iter()
            .map(|p| format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", esc(p)))
            .collect();
        let text = conferral::read::docx::body_text(&docx_document(&body)).expect("well formed");
        let kept: Vec<&str> = paragraphs
            .iter()
            .map(|p| p.trim_end())
            .filter(|p| !p.trim().is_empty())
            .collect();
        prop_assert_eq!(text, format!("{}\n", kept.join("\n\n")));
    }
}
