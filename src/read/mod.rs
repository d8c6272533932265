//! Stage 1, document -> text: files, directories, stdin, JSON Lines and CSV corpora, PDFs
//! (with OCR for scanned pages), Word files.
//! A document that cannot be read becomes an error document (one record, naming the input),
//! never a panic or a silent skip.

pub mod document;
pub mod docx;
pub mod input;
pub mod ocr;
pub mod pdf;
pub mod records;
