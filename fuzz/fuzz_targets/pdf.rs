//! The PDF reader: an answer (text or a reason) for any bytes, never a panic or a hang; the
//! text keeps one form feed between pages, so offsets map to the right page.
#![no_main]

use conferral::pdf::{extract, page_of, PAGE_BREAK};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match extract(data) {
        Ok(p) => {
            assert!(p.pages >= 1);
            assert_eq!(p.text.matches(PAGE_BREAK).count() + 1, p.pages);
            assert_eq!(page_of(&p.text, p.text.chars().count()), p.pages);
            assert!(p.failed_pages.windows(2).all(|w| w[0] < w[1]));
            assert!(p.failed_pages.iter().all(|&n| (1..=p.pages).contains(&n)));
            assert!(!p.text.contains('\0'));
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
});
