//! What the PDF targets assert of any answer `extract` gives (shared by `pdf` and
//! `pdf_objects`).

use conferral::read::input::InputError;
use conferral::read::pdf::{page_of, PdfText, PAGE_BREAK};

/// An `Ok` has at least one page, one form feed between pages (so offsets map to pages),
/// sorted in-range failed pages and no NULs; an `Err` says something.
pub fn check(result: Result<PdfText, InputError>) {
    match result {
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
}
