//! The PDF reader: an answer (text or a reason) for any bytes, never a panic or a hang; the
//! text keeps one form feed between pages, so offsets map to the right page.
#![no_main]

mod pdf_check;

use conferral::read::pdf::extract;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| pdf_check::check(extract("fuzz.pdf", data)));
