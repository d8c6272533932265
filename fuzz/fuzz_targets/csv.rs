//! The CSV reader: ends, yields at least one document, ids and sources well formed, errors
//! naming the file.
#![no_main]

mod doc_check;

use std::io::Cursor;

use conferral::read::input::{csv_documents, InputOptions};
use libfuzzer_sys::fuzz_target;

const LABEL: &str = "f.csv";

fuzz_target!(|data: &[u8]| {
    let mut n = 0;
    for doc in csv_documents(LABEL, Cursor::new(data.to_vec()), &InputOptions::default()) {
        n += 1;
        // A reader that repeats an error forever would hang the run.
        assert!(n <= data.len() + 1, "more documents than bytes");
        doc_check::check(&doc, LABEL);
    }
    assert!(n >= 1, "every input yields a document");
});
