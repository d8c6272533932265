//! The JSON Lines reader: one document per non-blank line (one error document for a file
//! without records), ids and sources well formed, errors naming the file and line.
#![no_main]

mod doc_check;

use std::io::Cursor;

use conferral::read::input::{jsonl_documents, InputOptions};
use libfuzzer_sys::fuzz_target;

const LABEL: &str = "f.jsonl";

fuzz_target!(|data: &[u8]| {
    let docs: Vec<_> =
        jsonl_documents(LABEL, Cursor::new(data.to_vec()), &InputOptions::default()).collect();
    let lines = data
        .split(|&b| b == b'\n')
        .enumerate()
        .filter(|(i, l)| {
            let l = if *i == 0 {
                l.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(l)
            } else {
                l
            };
            !l.trim_ascii().is_empty()
        })
        .count();
    assert_eq!(docs.len(), lines.max(1), "one document per record line");
    for doc in &docs {
        doc_check::check(doc, LABEL);
    }
});
