//! The CSV reader: ends, yields at least one document, ids and sources well formed, errors
//! naming the file.
#![no_main]

use std::io::Cursor;

use conferral::input::{csv_documents, InputOptions};
use libfuzzer_sys::fuzz_target;

const LABEL: &str = "f.csv";

fuzz_target!(|data: &[u8]| {
    let mut n = 0;
    for doc in csv_documents(LABEL, Cursor::new(data.to_vec()), &InputOptions::default()) {
        n += 1;
        // A reader that repeats an error forever would hang the run.
        assert!(n <= data.len() + 1, "more documents than bytes");
        assert!(!doc.id.is_empty());
        assert!(doc.source.starts_with(LABEL), "{}", doc.source);
        match &doc.text {
            Ok(t) => assert!(!t.trim().is_empty()),
            Err(e) => assert!(e.to_string().contains(LABEL), "{e}"),
        }
        let r = doc
            .error_record()
            .unwrap_or_else(|| doc.record(conferral::record::Verdict::Review));
        serde_json::to_string(&r).expect("record serializes");
    }
    assert!(n >= 1, "every input yields a document");
});
