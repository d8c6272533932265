//! What the `docx` target asserts of any answer `docx::extract` gives.

use conferral::read::input::InputError;

pub const LABEL: &str = "fuzz.docx";

pub fn check(result: Result<String, InputError>) {
    match result {
        Ok(text) => {
            assert!(text.ends_with('\n'));
            assert!(text.chars().any(char::is_alphanumeric));
            assert!(!text.contains('\0') && !text.contains('\x0c'));
        }
        Err(e) => assert!(e.to_string().contains(LABEL), "{e}"),
    }
}
