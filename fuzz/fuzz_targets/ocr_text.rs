//! OCR's output path: any bytes as Tesseract's text for the pages of a scan (pages split at
//! 0x01), through `ocr::page_text`, joined as the PDF reader joins pages, then located.
//! Checks: the joined text has exactly one form feed between pages (so `pages` in records
//! stays right) and no NUL; every located span is in bounds, on character boundaries, on a
//! page that exists, and statements do not overlap.
#![no_main]

use conferral::find::locate::locate_all;
use conferral::read::ocr::page_text;
use conferral::read::pdf::{page_of, PdfPages, PAGE_BREAK};
use conferral::report::record::Span;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let pages: Vec<String> = data
        .split(|&b| b == 1)
        .take(40)
        .map(|p| page_text(p.to_vec()))
        .collect();
    for p in &pages {
        assert!(!p.contains(PAGE_BREAK) && !p.contains('\0'), "{p:?}");
    }
    let n = pages.len();
    let joined = PdfPages {
        pages,
        failed_pages: Vec::new(),
        first_failure: None,
    }
    .into_text("fuzz.pdf");
    let Ok(pdf) = joined else {
        return; // too few letters: an error record that says the scan has no text
    };
    assert_eq!(pdf.pages, n);
    let text = pdf.text;
    assert_eq!(text.chars().filter(|&c| c == PAGE_BREAK).count(), n - 1);
    let mut last_end = 0;
    let mut found = locate_all(&text);
    found.sort_by_key(|c| c.start);
    for c in &found {
        assert!(c.start < c.end && c.end <= text.len());
        assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
        assert!(c.start >= last_end, "statements overlap");
        last_end = c.end;
        let span = Span::from_byte_range(&text, c.start, c.end).expect("a span");
        assert!(page_of(&text, span.start) <= n);
    }
});
