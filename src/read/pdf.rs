//! The text layer of PDF motions, page by page.
//!
//! Extraction uses `pdf-extract` (pure Rust, over `lopdf`), so nothing outside the crate
//! registry is needed. Pages are joined with a form feed (`\x0c`), as `pdftotext` does, so a
//! character offset maps back to its page by counting form feeds ([`page_of`]). A PDF whose
//! pages have no text (a scan) is an error that says it needs OCR; [`crate::read::ocr`]
//! reads such pages from [`extract_pages`] instead. `pdf-extract` panics on
//! some malformed files, so extraction runs under `catch_unwind`: a hostile file becomes a
//! an [`InputError`] naming the file, never a crash.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::read::document::InputError;

/// Page separator in extracted text.
pub const PAGE_BREAK: char = '\x0c';

/// A PDF with fewer letters and digits than this in all its pages has no usable text layer.
const MIN_TEXT_CHARS: usize = 20;

/// Text of a PDF, pages joined by [`PAGE_BREAK`].
#[derive(Clone, Debug, PartialEq)]
pub struct PdfText {
    pub text: String,
    /// Number of pages in the file (pages that failed to extract are empty, not dropped, so
    /// page numbers stay right).
    pub pages: usize,
    /// 1-based numbers of pages whose text could not be extracted.
    pub failed_pages: Vec<usize>,
}

impl PdfText {
    /// 1-based page holding the character at `char_offset` (Unicode scalar offset).
    pub fn page_of(&self, char_offset: usize) -> usize {
        page_of(&self.text, char_offset)
    }
}

/// Why a PDF gave no text, worded to read on after "FILE is a PDF that cannot be read: ".
fn unreadable(label: &str, reason: impl Into<String>) -> InputError {
    InputError::BadPdf {
        path: label.to_string(),
        reason: reason.into(),
    }
}

/// 1-based page of the character at `char_offset` in text whose pages are separated by
/// [`PAGE_BREAK`]: one more than the number of form feeds before it.
pub fn page_of(text: &str, char_offset: usize) -> usize {
    1 + text
        .chars()
        .take(char_offset)
        .filter(|&c| c == PAGE_BREAK)
        .count()
}

/// Extracts the text layer of the PDF in `bytes`.
/// `label` names the file in errors.
pub fn extract(label: &str, bytes: &[u8]) -> Result<PdfText, InputError> {
    extract_pages(label, bytes)?.into_text(label)
}

/// The text layer of each page, before deciding whether the whole has enough text: what OCR
/// ([`crate::read::ocr`]) starts from, to read only the pages without text.
#[derive(Clone, Debug, PartialEq)]
pub struct PdfPages {
    /// Text of each page (empty for a page without text or whose extraction failed), each
    /// ending in one newline.
    pub pages: Vec<String>,
    /// 1-based numbers of pages whose text could not be extracted.
    pub failed_pages: Vec<usize>,
    /// Why the first failed page failed.
    pub first_failure: Option<String>,
}

impl PdfPages {
    /// The pages joined by [`PAGE_BREAK`], or why they hold no usable text: every page failed
    /// (the parser's reason), or too few letters in all (a scan that needs OCR).
    pub fn into_text(self, label: &str) -> Result<PdfText, InputError> {
        let pages = self.pages.len();
        let text = self.pages.join(&PAGE_BREAK.to_string());
        if letters(&text) < MIN_TEXT_CHARS {
            if let (true, Some(why)) = (self.failed_pages.len() == pages, self.first_failure) {
                return Err(parser_failed(label, why));
            }
            return Err(InputError::PdfNeedsOcr {
                path: label.to_string(),
                pages,
            });
        }
        Ok(PdfText {
            text,
            pages,
            failed_pages: self.failed_pages,
        })
    }
}

/// Letters and digits in `text`: what tells a text layer from none.
pub fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphanumeric()).count()
}

/// The text layer of every page of the PDF in `bytes` (see [`PdfPages`]); an error only when
/// the file as a whole cannot be parsed. `label` names the file in errors.
pub fn extract_pages(label: &str, bytes: &[u8]) -> Result<PdfPages, InputError> {
    quiet_parser_panics();
    QUIET.with(|q| q.set(true));
    let r = catch_unwind(AssertUnwindSafe(|| extract_inner(label, bytes)));
    QUIET.with(|q| q.set(false));
    match r {
        Ok(r) => r,
        Err(payload) => Err(parser_failed(label, panic_message(&payload))),
    }
}

thread_local! {
    /// Set while this thread runs the parser, whose panics become errors, not messages.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Wraps the panic hook once so that a parser panic, already reported as an error,
/// does not also print a message and backtrace; every other panic reaches the old hook.
fn quiet_parser_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    let msg = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown error".to_string());
    // Parser internals ("unexpected entry in unicode map ...") can be long: keep the gist.
    msg.chars().take(200).collect()
}

fn parser_failed(label: &str, why: String) -> InputError {
    unreadable(label, format!("the text extractor failed on it ({why})"))
}

fn extract_inner(label: &str, bytes: &[u8]) -> Result<PdfPages, InputError> {
    use pdf_extract::{output_doc_page, Document, PlainTextOutput};

    let mut doc = Document::load_mem(bytes).map_err(|e| unreadable(label, e.to_string()))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(unreadable(label, "it is encrypted and needs a password"));
    }
    let page_ids = doc.get_pages();
    let pages = page_ids.len();
    if pages == 0 {
        return Err(unreadable(label, "it has no pages"));
    }
    let mut texts = Vec::with_capacity(pages);
    let mut failed_pages = Vec::new();
    let mut first_failure = None;
    for n in 1..=pages {
        let mut page = String::new();
        // A content stream the parser could not read (e.g. a bogus /Length) is dropped or
        // left empty without an error, which would make the page look blank like a scan: a
        // failed page instead.
        let damaged = page_ids
            .get(&(n as u32))
            .is_some_and(|&id| content_damaged(&doc, id));
        // One bad page (an odd font, a broken stream) costs that page, not the document.
        let result = if damaged {
            Err("its content stream is missing or damaged".to_string())
        } else {
            catch_unwind(AssertUnwindSafe(|| {
                let mut out = PlainTextOutput::new(&mut page);
                output_doc_page(&doc, &mut out, n as u32).map_err(|e| e.to_string())
            }))
            .unwrap_or_else(|payload| Err(panic_message(&payload)))
        };
        if let Err(why) = result {
            failed_pages.push(n);
            first_failure.get_or_insert(format!("page {n}: {why}"));
            texts.push(String::new());
            continue;
        }
        texts.push(clean_page(&page));
    }
    Ok(PdfPages {
        pages: texts,
        failed_pages,
        first_failure,
    })
}

/// Whether the page's `/Contents` names a content stream that the parser could not read: a
/// missing object, a stream dictionary without its stream (what a bogus `/Length` leaves), or
/// a stream left empty though its `/Length` is not 0. A page without `/Contents` is blank,
/// not damaged.
fn content_damaged(doc: &pdf_extract::Document, page: pdf_extract::ObjectId) -> bool {
    use pdf_extract::Object;
    let Ok(contents) = doc.get_dictionary(page).and_then(|p| p.get(b"Contents")) else {
        return false;
    };
    let parts: Vec<&Object> = match doc.dereference(contents) {
        Ok((_, Object::Array(a))) => a.iter().collect(),
        _ => vec![contents],
    };
    parts.into_iter().any(|part| match doc.dereference(part) {
        Ok((_, Object::Stream(s))) => {
            let declared = s
                .dict
                .get(b"Length")
                .and_then(|l| doc.dereference(l))
                .and_then(|(_, l)| l.as_i64());
            s.content.is_empty() && declared.map_or(true, |l| l != 0)
        }
        Ok((_, Object::Null)) => false,
        _ => true,
    })
}

/// A page's text without stray form feeds (they would shift page numbers) or NULs, and
/// without the blank lines the extractor (or Tesseract) leaves at the page's top and bottom.
pub(crate) fn clean_page(page: &str) -> String {
    let s: String = page
        .chars()
        .map(|c| match c {
            PAGE_BREAK | '\0' => '\n',
            c => c,
        })
        .collect();
    let s = s.trim_matches(|c: char| c == '\n' || c == '\r');
    format!("{s}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_of_counts_form_feeds() {
        let t = "a\x0cb\x0c\x0cc";
        assert_eq!(page_of(t, 0), 1);
        assert_eq!(page_of(t, 1), 1);
        assert_eq!(page_of(t, 2), 2);
        assert_eq!(page_of(t, 5), 4);
        assert_eq!(page_of(t, 99), 4);
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for bytes in [
            &b""[..],
            b"%PDF-1.7",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
            b"\x00\x01\x02 not a pdf",
        ] {
            assert!(extract("x.pdf", bytes).is_err(), "{bytes:?}");
        }
    }
}
