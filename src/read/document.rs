//! The document every reader yields (id, source, text or the error that names the input),
//! the options shared by the readers, and decoding bytes to text.

use std::io;

use serde_json::{Map, Value};

use crate::report::record::{Record, Verdict};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputOptions {
    /// Field (JSONL) or column (CSV) holding the document id.
    pub id_field: String,
    /// Field (JSONL) or column (CSV) holding the document text.
    pub text_field: String,
    /// Which PDF pages are read with OCR ([`crate::read::ocr`]).
    pub ocr: OcrMode,
}

impl Default for InputOptions {
    fn default() -> Self {
        InputOptions {
            id_field: "id".to_string(),
            text_field: "text".to_string(),
            ocr: OcrMode::default(),
        }
    }
}

/// Which pages of a PDF are read with OCR (Tesseract, see [`crate::read::ocr`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OcrMode {
    /// Only pages without a text layer (scans); a PDF with text everywhere runs no OCR.
    #[default]
    Auto,
    /// Every page, replacing the text layer (for a scan with a poor hidden text layer).
    Always,
    /// None: a PDF without a text layer is an error record that says it needs OCR.
    Never,
}

/// One input document, or the reason it could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub id: String,
    /// Where it came from: the path, or `PATH:LINE` for a JSONL/CSV record.
    pub source: String,
    pub text: Result<String, InputError>,
    /// Things the reader repaired, e.g. "invalid UTF-8 decoded lossily".
    pub notes: Vec<String>,
    /// Other fields of a JSONL/CSV record (e.g. `court`), carried to the output record.
    pub extra: Map<String, Value>,
}

impl Document {
    pub(super) fn new(id: String, source: String, text: Result<String, InputError>) -> Document {
        Document {
            id,
            source,
            text,
            notes: Vec::new(),
            extra: Map::new(),
        }
    }

    /// A record for this document with the given verdict; notes become reasons and extra
    /// fields are carried.
    pub fn record(&self, verdict: Verdict) -> Record {
        Record::new(&self.id, &self.source, verdict)
            .with_reasons(self.notes.iter().cloned())
            .with_extra(self.extra.clone())
    }

    /// The error record for an unreadable document, or `None` when it has text.
    pub fn error_record(&self) -> Option<Record> {
        let err = self.text.as_ref().err()?;
        let mut r = self.record(Verdict::Error);
        r.error = Some(err.to_string());
        Some(r)
    }
}

/// Why an input produced no text. Messages name the input and say the cause in plain words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: String, reason: String },
    /// `detail` names the format when its first bytes tell it (`: a ZIP archive ...`), else
    /// is empty.
    #[error("{path} is a binary file, not text{detail}")]
    Binary { path: String, detail: String },
    #[error("{path} is empty")]
    Empty { path: String },
    #[error("{path} contains no records")]
    NoRecords { path: String },
    #[error("{path} is UTF-16 encoded; JSON Lines and CSV input must be UTF-8")]
    Utf16Records { path: String },
    #[error("{path} is a PDF without a text layer ({pages} page(s), probably scanned images); it needs OCR before it can be screened (OCR is off: --ocr never)")]
    PdfNeedsOcr { path: String, pages: usize },
    #[error("{path} is a PDF that cannot be read: {reason}")]
    BadPdf { path: String, reason: String },
    /// `missing` names the program or data and its Debian package.
    #[error("{path} has {pages} page(s) to read with OCR, but {missing} is not installed; install the OCR tools with `{install}`", install = crate::read::document::OCR_INSTALL)]
    OcrUnavailable {
        path: String,
        pages: usize,
        missing: String,
    },
    #[error("{path}: OCR of page {page} failed: {reason}")]
    OcrFailed {
        path: String,
        page: usize,
        reason: String,
    },
    #[error("{path} is a PDF without a text layer ({pages} page(s)), and OCR found no text on its pages either (blank or unreadable scans)")]
    OcrNoText { path: String, pages: usize },
    #[error("{path} is a Word document that cannot be read: {reason}")]
    BadDocx { path: String, reason: String },
    #[error("{location} is not valid JSON: {reason}")]
    BadJson { location: String, reason: String },
    #[error("{location} is not a JSON object")]
    NotObject { location: String },
    #[error("{location} has no \"{field}\" field")]
    MissingField { location: String, field: String },
    #[error("{location}: the \"{field}\" field is not text")]
    FieldNotText { location: String, field: String },
    #[error("{location}: the \"{field}\" field is empty")]
    EmptyText { location: String, field: String },
    #[error("{path} has no \"{field}\" column (columns: {columns})")]
    MissingColumn {
        path: String,
        field: String,
        columns: String,
    },
    #[error("{location} is not valid CSV: {reason}")]
    BadCsv { location: String, reason: String },
    #[error("{path} is a directory symlink loop: it leads back to {ancestor}")]
    SymlinkLoop { path: String, ancestor: String },
}

/// How to install the OCR programs (Debian and Ubuntu package names).
pub const OCR_INSTALL: &str = "apt-get install tesseract-ocr tesseract-ocr-eng poppler-utils";

pub(super) fn error_doc(label: &str, err: InputError) -> Document {
    Document::new(label.to_string(), label.to_string(), Err(err))
}

pub(super) fn is_loop(e: &io::Error) -> bool {
    e.raw_os_error() == Some(40) || e.to_string().contains("symbolic links")
}

/// The OS message without "(os error N)", starting lower-case to read inside a sentence.
pub(super) fn plain_io(e: &io::Error) -> String {
    let msg = match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    };
    let mut chars = msg.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => msg,
    }
}

pub(super) fn unreadable(label: &str, e: &io::Error) -> InputError {
    InputError::Unreadable {
        path: label.to_string(),
        reason: plain_io(e),
    }
}

/// Bytes to text: UTF-16 with a byte-order mark is decoded, a UTF-8 BOM dropped, invalid
/// UTF-8 replaced with U+FFFD and noted. Public for the fuzz targets (`fuzz/`): every text
/// the tool reads passes through here.
pub fn decode(bytes: Vec<u8>, notes: &mut Vec<String>) -> String {
    if is_utf16(&bytes) {
        let le = bytes[0] == 0xFF;
        let units = bytes[2..].chunks(2).map(|c| {
            let pair = [c[0], *c.get(1).unwrap_or(&0)];
            if le {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        });
        let text: String = char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        notes.push("decoded from UTF-16".to_string());
        return text;
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(body) {
        Ok(s) => s.to_string(),
        Err(_) => {
            notes.push("invalid UTF-8 decoded lossily".to_string());
            String::from_utf8_lossy(body).into_owned()
        }
    }
}

pub type DocIter = Box<dyn Iterator<Item = Document> + Send>;
pub(super) fn is_utf16(head: &[u8]) -> bool {
    head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF])
}
