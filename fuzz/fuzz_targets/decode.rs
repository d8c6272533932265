//! The text decoder (BOMs, UTF-16, lossy UTF-8) and the stdin sniffer that picks text, JSON
//! Lines or PDF: never a panic, and every document it yields is well formed.
#![no_main]

use std::io::Cursor;

use conferral::read::input::{decode, stream_documents, InputOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut notes = Vec::new();
    let text = decode(data.to_vec(), &mut notes);
    // Valid UTF-8 passes unchanged (less a BOM); anything repaired says so.
    let body = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    if notes.is_empty() {
        assert_eq!(text.as_bytes(), body);
    } else {
        assert!(
            std::str::from_utf8(body).is_err()
                || data.starts_with(&[0xFF, 0xFE])
                || data.starts_with(&[0xFE, 0xFF])
        );
    }
    // The PDF branch has its own target (and is slow): here only text and JSON Lines.
    if data.starts_with(b"%PDF-") {
        return;
    }
    let docs = stream_documents(Cursor::new(data.to_vec()), &InputOptions::default());
    let mut n = 0;
    for doc in docs {
        n += 1;
        assert!(n <= data.len() + 1, "more documents than bytes");
        common_checks(&doc);
    }
    assert!(n >= 1, "every input yields a document");
});

fn common_checks(doc: &conferral::read::input::Document) {
    assert!(!doc.id.is_empty() && !doc.source.is_empty());
    match &doc.text {
        Ok(t) => assert!(!t.trim().is_empty(), "blank text must be an error"),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}
