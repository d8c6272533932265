//! The Word reader's XML part: `docx::body_text` on any text as `word/document.xml`. Raw-byte
//! mutations of a `.docx` (the `docx` target) almost always fail the ZIP checksums first, so
//! this is what reaches the paragraph, table and skip logic.
#![no_main]

use conferral::read::docx::body_text;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let xml = String::from_utf8_lossy(data);
    match body_text(&xml) {
        Ok(text) => {
            assert!(text.ends_with('\n'));
            assert!(!text.contains('\0') && !text.contains('\x0c'));
            // Blank paragraphs are dropped, so the text never starts with a blank line.
            assert!(!text.starts_with("\n\n"));
        }
        Err(why) => assert!(!why.is_empty()),
    }
});
