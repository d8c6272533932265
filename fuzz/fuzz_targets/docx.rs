//! The Word reader on raw bytes: text or a reason for any input, never a panic or a hang;
//! the text ends in a newline and holds letters, no NULs and no form feeds (which would be
//! taken for PDF page breaks); an error names the file.
#![no_main]

mod docx_check;

use conferral::read::docx::extract;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| docx_check::check(extract(docx_check::LABEL, data)));
