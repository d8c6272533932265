//! What the corpus-reader targets (`jsonl`, `csv`) assert of every document they yield.

use conferral::read::input::Document;

/// An id, a source naming the input `label`, text that is not blank or an error naming
/// `label`, and a record (what the output writes) that serializes.
pub fn check(doc: &Document, label: &str) {
    assert!(!doc.id.is_empty());
    assert!(doc.source.starts_with(label), "{}", doc.source);
    match &doc.text {
        Ok(t) => assert!(!t.trim().is_empty()),
        Err(e) => assert!(e.to_string().contains(label), "{e}"),
    }
    let r = doc
        .error_record()
        .unwrap_or_else(|| doc.record(conferral::report::record::Verdict::Review));
    serde_json::to_string(&r).expect("record serializes");
}
