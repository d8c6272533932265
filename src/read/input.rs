//! Input documents from files, directories and stdin, streamed one at a time.
//!
//! Every input yields documents, never a panic: a file that cannot be used becomes a
//! [`Document`] whose `text` is an [`InputError`] naming the input and the cause, so the
//! output keeps one record per input and a bad file never stops the others.
//!
//! - plain text (`.txt`, `.md`, ... or any explicitly named file): one document, id = the path
//!   as given;
//! - JSON Lines (`.jsonl`, `.ndjson`) and CSV (`.csv`, with a header row): one document per
//!   record, read lazily, id from [`InputOptions::id_field`] or `PATH:LINE`;
//! - directories: walked lazily, entries sorted by name, hidden entries and unknown extensions
//!   skipped; the skipped extensions are counted ([`Documents::skipped`]) for the run summary,
//!   so that nothing is left out silently;
//! - PDFs (`.pdf`, or stdin starting with `%PDF-`): one document, the text layer with pages
//!   joined by form feeds (see [`crate::read::pdf`]), pages without one read with OCR as
//!   [`InputOptions::ocr`] says (see [`crate::read::ocr`]); a file the parser cannot read, or
//!   a scan that OCR cannot read, is an error document;
//! - Word files (`.docx`, or stdin starting like a ZIP archive): one document, the body text
//!   (see [`crate::read::docx`]); a damaged or encrypted file is an error document;
//! - `-` or no inputs: stdin, JSON Lines if its first non-blank line is a JSON object, else one
//!   text document with id `-`.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::read::document::*;
pub use crate::read::document::{decode, DocIter, Document, InputError, InputOptions, OcrMode};
use crate::read::records::{csv_records, JsonlReader};

/// Extensions read as one plain-text document each when found in a directory.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown"];
pub const JSONL_EXTENSIONS: &[&str] = &["jsonl", "ndjson"];
pub const CSV_EXTENSIONS: &[&str] = &["csv"];
/// Read through their text layer ([`crate::read::pdf`]) and OCR ([`crate::read::ocr`]).
pub const PDF_EXTENSIONS: &[&str] = &["pdf"];
/// Word documents ([`crate::read::docx`]).
pub const DOCX_EXTENSIONS: &[&str] = &["docx"];

/// Every extension a directory walk reads, in the order the README lists them.
pub fn read_extensions() -> Vec<&'static str> {
    [
        TEXT_EXTENSIONS,
        JSONL_EXTENSIONS,
        CSV_EXTENSIONS,
        PDF_EXTENSIONS,
        DOCX_EXTENSIONS,
    ]
    .concat()
}

/// How much of a file is examined for NUL bytes (git and ripgrep use the same idea).
const SNIFF_BYTES: usize = 8192;
/// Label of stdin in ids and sources.
pub const STDIN: &str = "-";

/// Streams the documents of `inputs` in order; no inputs means stdin.
///
/// Nothing is read until the iterator is advanced, and JSONL/CSV files are read one record
/// at a time, so memory stays flat however large the input.
pub fn documents(inputs: &[PathBuf], opts: &InputOptions) -> Documents {
    let mut work: Vec<Work> = inputs
        .iter()
        .rev()
        .map(|p| {
            if p.as_os_str() == STDIN {
                Work::Stdin
            } else {
                Work::Input {
                    path: p.clone(),
                    explicit: true,
                }
            }
        })
        .collect();
    if work.is_empty() {
        work.push(Work::Stdin);
    }
    Documents {
        opts: opts.clone(),
        work,
        current: None,
        skipped: BTreeMap::new(),
        gate: None,
    }
}

/// Whether a document is wanted, from its source and id (see [`Documents::gated`]).
pub type Gate = Box<dyn FnMut(&str, &str) -> bool + Send>;

/// The iterator returned by [`documents`]. `Send`, so it can feed a reader thread.
pub struct Documents {
    opts: InputOptions,
    /// Pending work, last = next.
    work: Vec<Work>,
    /// The JSONL/CSV file being read record by record.
    current: Option<Box<dyn Iterator<Item = Document> + Send>>,
    /// Files a directory walk passed over for their extension: extension -> count.
    skipped: BTreeMap<String, usize>,
    gate: Option<Gate>,
}

enum Work {
    Input {
        path: PathBuf,
        explicit: bool,
    },
    Stdin,
    /// A directory being walked; `canon` detects symlink loops among its descendants.
    Dir {
        label: String,
        canon: PathBuf,
        entries: std::vec::IntoIter<PathBuf>,
    },
    Ready(Box<Document>),
}

impl Iterator for Documents {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        loop {
            let (doc, asked) = self.next_ungated()?;
            if asked || self.admits(&doc.source, &doc.id) {
                return Some(doc);
            }
        }
    }
}

impl Documents {
    /// Yields only the documents `gate(source, id)` admits. Each document is asked exactly
    /// once, and a file whose id is its path (text, PDF, Word) is asked before it is read,
    /// so that a document another shard scores, or that a resumed run already wrote, costs
    /// no reading and no OCR (minutes for a long scan). Records of JSONL/CSV files are asked
    /// as they are parsed, their ids being inside.
    pub fn gated(mut self, gate: Gate) -> Documents {
        self.gate = Some(gate);
        self
    }

    fn admits(&mut self, source: &str, id: &str) -> bool {
        self.gate.as_mut().is_none_or(|g| g(source, id))
    }

    /// The next document, and whether the gate was already asked about it.
    fn next_ungated(&mut self) -> Option<(Document, bool)> {
        loop {
            if let Some(cur) = self.current.as_mut() {
                match cur.next() {
                    Some(doc) => return Some((doc, false)),
                    None => self.current = None,
                }
            }
            let next_entry = match self.work.last_mut()? {
                Work::Dir { entries, .. } => match entries.next() {
                    Some(p) => Some(p),
                    None => {
                        self.work.pop();
                        continue;
                    }
                },
                _ => None,
            };
            let (path, explicit) = match next_entry {
                Some(p) => (p, false),
                None => match self.work.pop()? {
                    Work::Input { path, explicit } => (path, explicit),
                    Work::Stdin => {
                        self.current = Some(stdin_documents(&self.opts));
                        continue;
                    }
                    Work::Ready(doc) => return Some((*doc, false)),
                    Work::Dir { .. } => unreachable!("handled above"),
                },
            };
            if let Some(opened) = self.open(&path, explicit) {
                return Some(opened);
            }
        }
    }

    /// Files the directory walks so far skipped because of their extension, by extension
    /// (lower case with its dot, e.g. `.doc`; `(none)` for names without one). A file named
    /// on the command line is never skipped: it is read as text or is an error record.
    pub fn skipped(&self) -> &BTreeMap<String, usize> {
        &self.skipped
    }

    fn skip(&mut self, path: &Path) {
        let ext = path
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy().to_lowercase()))
            .unwrap_or_else(|| "(none)".to_string());
        *self.skipped.entry(ext).or_default() += 1;
    }

    /// Starts on one path: returns a document directly (and whether the gate was asked about
    /// it), or queues a directory, or sets `current` to a record reader, or skips (`None`).
    fn open(&mut self, path: &Path, explicit: bool) -> Option<(Document, bool)> {
        let label = path.to_string_lossy().into_owned();
        let kind = Kind::of(path);
        let meta = match fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                // A dangling or looping link inside a directory matters only if it looks
                // like a document we would have read.
                if !explicit && kind == Kind::Other && !is_loop(&e) {
                    self.skip(path);
                    return None;
                }
                return Some((error_doc(&label, unreadable(&label, &e)), false));
            }
        };
        if meta.is_dir() {
            self.push_dir(path, label);
            return None;
        }
        if kind == Kind::Other && !explicit {
            self.skip(path);
            return None;
        }
        // One document whose id is the path: ask before reading it.
        if !matches!(kind, Kind::Jsonl | Kind::Csv) && !self.admits(&label, &label) {
            return None;
        }
        let doc = match kind {
            Kind::Pdf => read_pdf_file(path, label, self.opts.ocr),
            Kind::Docx => read_docx_file(path, label),
            Kind::Text | Kind::Other => read_text_file(path, label),
            Kind::Jsonl | Kind::Csv => match open_records(path, &label, kind, &self.opts) {
                Ok(reader) => {
                    self.current = Some(reader);
                    return None;
                }
                Err(doc) => return Some((*doc, false)),
            },
        };
        Some((doc, true))
    }

    fn push_dir(&mut self, path: &Path, label: String) {
        let canon = match fs::canonicalize(path) {
            Ok(c) => c,
            Err(e) => {
                let err = unreadable(&label, &e);
                self.work
                    .push(Work::Ready(Box::new(error_doc(&label, err))));
                return;
            }
        };
        let ancestor = self.work.iter().find_map(|w| match w {
            Work::Dir {
                label: l, canon: c, ..
            } if *c == canon => Some(l.clone()),
            _ => None,
        });
        if let Some(ancestor) = ancestor {
            let err = InputError::SymlinkLoop {
                path: label.clone(),
                ancestor,
            };
            self.work
                .push(Work::Ready(Box::new(error_doc(&label, err))));
            return;
        }
        let listing = match fs::read_dir(path) {
            Ok(rd) => rd,
            Err(e) => {
                let err = unreadable(&label, &e);
                self.work
                    .push(Work::Ready(Box::new(error_doc(&label, err))));
                return;
            }
        };
        // Names only: file contents are read when their turn comes.
        let mut entries = Vec::new();
        let mut failure = None;
        for entry in listing {
            match entry {
                Ok(e) => {
                    if !e.file_name().to_string_lossy().starts_with('.') {
                        entries.push(e.path());
                    }
                }
                Err(e) => failure = Some(unreadable(&label, &e)),
            }
        }
        entries.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
        self.work.push(Work::Dir {
            label: label.clone(),
            canon,
            entries: entries.into_iter(),
        });
        // Reported after the entries that could be listed.
        if let Some(err) = failure {
            let n = self.work.len() - 1;
            self.work
                .insert(n, Work::Ready(Box::new(error_doc(&label, err))));
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    Jsonl,
    Csv,
    Pdf,
    Docx,
    Other,
}

impl Kind {
    fn of(path: &Path) -> Kind {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let ext = ext.as_str();
        if TEXT_EXTENSIONS.contains(&ext) {
            Kind::Text
        } else if JSONL_EXTENSIONS.contains(&ext) {
            Kind::Jsonl
        } else if CSV_EXTENSIONS.contains(&ext) {
            Kind::Csv
        } else if PDF_EXTENSIONS.contains(&ext) {
            Kind::Pdf
        } else if DOCX_EXTENSIONS.contains(&ext) {
            Kind::Docx
        } else {
            Kind::Other
        }
    }
}

/// Reads up to [`SNIFF_BYTES`] from the start of `r` (fewer only at end of input).
pub(super) fn read_head(r: &mut dyn Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    r.take(SNIFF_BYTES as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// Problems visible in the first bytes: empty or binary.
pub(super) fn check_head(label: &str, head: &[u8]) -> Result<(), InputError> {
    if head.is_empty() {
        return Err(InputError::Empty {
            path: label.to_string(),
        });
    }
    if !is_utf16(head) && head.contains(&0) {
        return Err(InputError::Binary {
            path: label.to_string(),
            detail: binary_format(head)
                .map(|f| format!(": {f}"))
                .unwrap_or_default(),
        });
    }
    Ok(())
}

/// What a binary file is, from its first bytes, when that helps the user: formats people
/// hand over as motions under other names.
fn binary_format(head: &[u8]) -> Option<&'static str> {
    const FORMATS: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF (name it .pdf to have it read)"),
        (
            b"PK\x03\x04",
            "a ZIP archive (a Word file is read when it is named .docx)",
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            "a legacy Microsoft Office file (.doc, .xls); save it as .docx or PDF",
        ),
        (
            b"\x89PNG",
            "a PNG image; put scans in a PDF to have them read with OCR",
        ),
        (
            b"\xFF\xD8\xFF",
            "a JPEG image; put scans in a PDF to have them read with OCR",
        ),
        (
            b"II*\x00",
            "a TIFF image; put scans in a PDF to have them read with OCR",
        ),
        (
            b"MM\x00*",
            "a TIFF image; put scans in a PDF to have them read with OCR",
        ),
    ];
    FORMATS
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map(|&(_, what)| what)
}

/// Whole-text document from head + rest of a reader.
fn text_document(label: String, head: Vec<u8>, rest: &mut dyn Read) -> Document {
    if let Err(e) = check_head(&label, &head) {
        return error_doc(&label, e);
    }
    let mut bytes = head;
    if let Err(e) = rest.read_to_end(&mut bytes) {
        return error_doc(&label, unreadable(&label, &e));
    }
    let mut notes = Vec::new();
    let text = decode(bytes, &mut notes);
    let text = if text.trim().is_empty() {
        Err(InputError::Empty {
            path: label.clone(),
        })
    } else {
        Ok(text)
    };
    let mut doc = Document::new(label.clone(), label, text);
    doc.notes = notes;
    doc
}

fn read_text_file(path: &Path, label: String) -> Document {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) => return error_doc(&label, unreadable(&label, &e)),
    };
    match read_head(&mut file) {
        Ok(head) => text_document(label, head, &mut file),
        Err(e) => error_doc(&label, unreadable(&label, &e)),
    }
}

/// Whether a document came from a PDF file (its source ends in `.pdf`), so that offsets in
/// its text can be mapped to pages with [`crate::read::pdf::page_of`].
pub fn is_pdf_source(source: &str) -> bool {
    Kind::of(Path::new(source)) == Kind::Pdf
}

fn read_pdf_file(path: &Path, label: String, ocr: OcrMode) -> Document {
    match fs::read(path) {
        Ok(bytes) => pdf_document(label, &bytes, ocr),
        Err(e) => error_doc(&label, unreadable(&label, &e)),
    }
}

fn read_docx_file(path: &Path, label: String) -> Document {
    match fs::read(path) {
        Ok(bytes) => docx_document(label, &bytes),
        Err(e) => error_doc(&label, unreadable(&label, &e)),
    }
}

/// A document from the bytes of a Word file: its body text, or why it cannot be read.
fn docx_document(label: String, bytes: &[u8]) -> Document {
    match crate::read::docx::extract(&label, bytes) {
        Ok(text) => Document::new(label.clone(), label, Ok(text)),
        Err(e) => error_doc(&label, e),
    }
}

/// A document from the bytes of a PDF: its text layer and OCR as `ocr` says, or why there
/// is no text.
fn pdf_document(label: String, bytes: &[u8], ocr: OcrMode) -> Document {
    if bytes.is_empty() {
        return error_doc(
            &label,
            InputError::Empty {
                path: label.clone(),
            },
        );
    }
    match crate::read::ocr::read_pdf(&label, bytes, ocr) {
        Ok(read) => {
            let p = read.pdf;
            let mut doc = Document::new(label.clone(), label, Ok(p.text));
            doc.notes = read.notes;
            if !p.failed_pages.is_empty() {
                let pages: Vec<String> = p.failed_pages.iter().map(usize::to_string).collect();
                doc.notes.push(format!(
                    "text of PDF page(s) {} could not be extracted",
                    pages.join(", ")
                ));
            }
            doc
        }
        Err(e) => error_doc(&label, e),
    }
}

/// A lazy record reader for a JSONL or CSV file, or the error document for the whole file.
fn open_records(
    path: &Path,
    label: &str,
    kind: Kind,
    opts: &InputOptions,
) -> Result<DocIter, Box<Document>> {
    let fail = |e: InputError| Box::new(error_doc(label, e));
    let file = File::open(path).map_err(|e| fail(unreadable(label, &e)))?;
    records_of(label, kind, file, opts)
}

/// Documents of an uploaded file named `name` (its id and source, or the JSONL/CSV file's
/// label), read by its extension as a directory walk reads it; `None` when no reader takes
/// that extension (see [`read_extensions`]).
pub fn named_documents(name: &str, bytes: Vec<u8>, opts: &InputOptions) -> Option<DocIter> {
    let one = |doc: Document| -> DocIter { Box::new(std::iter::once(doc)) };
    let label = name.to_string();
    Some(match Kind::of(Path::new(name)) {
        Kind::Pdf => one(pdf_document(label, &bytes, opts.ocr)),
        Kind::Docx => one(docx_document(label, &bytes)),
        Kind::Text => {
            let mut r = Cursor::new(bytes);
            match read_head(&mut r) {
                Ok(head) => one(text_document(label, head, &mut r)),
                Err(e) => one(error_doc(name, unreadable(name, &e))),
            }
        }
        kind @ (Kind::Jsonl | Kind::Csv) => {
            match records_of(name, kind, Cursor::new(bytes), opts) {
                Ok(docs) => docs,
                Err(doc) => one(*doc),
            }
        }
        Kind::Other => return None,
    })
}

/// A lazy record reader over `reader` (a JSONL or CSV file named `label`), or the error
/// document for the whole file.
fn records_of<R: Read + Send + 'static>(
    label: &str,
    kind: Kind,
    mut reader: R,
    opts: &InputOptions,
) -> Result<DocIter, Box<Document>> {
    let fail = |e: InputError| Box::new(error_doc(label, e));
    let head = read_head(&mut reader).map_err(|e| fail(unreadable(label, &e)))?;
    check_head(label, &head).map_err(fail)?;
    if is_utf16(&head) {
        return Err(fail(InputError::Utf16Records {
            path: label.to_string(),
        }));
    }
    let reader = Cursor::new(head).chain(reader);
    Ok(match kind {
        Kind::Csv => csv_records(label, Box::new(reader), opts),
        _ => Box::new(JsonlReader::new(
            label,
            Box::new(BufReader::new(reader)),
            opts,
        )),
    })
}

/// Documents of a JSON Lines stream, as of a `.jsonl` file named `label` (a record without
/// an id gets `label:LINE`). For library users and the fuzz targets; [`documents`] sniffs the
/// head of a file (empty, binary, UTF-16) before this.
pub fn jsonl_documents<R: Read + Send + 'static>(
    label: &str,
    reader: R,
    opts: &InputOptions,
) -> DocIter {
    Box::new(JsonlReader::new(
        label,
        Box::new(BufReader::new(reader)),
        opts,
    ))
}

/// Documents of a CSV stream with a header row, as of a `.csv` file named `label`.
pub fn csv_documents<R: Read + Send + 'static>(
    label: &str,
    reader: R,
    opts: &InputOptions,
) -> DocIter {
    csv_records(label, Box::new(reader), opts)
}

fn stdin_documents(opts: &InputOptions) -> DocIter {
    stream_documents(io::stdin(), opts)
}

/// Documents of an unnamed stream (stdin), labelled `-`: JSON Lines when the first
/// non-blank line is a JSON object, else one text document.
pub fn stream_documents<R: Read + Send + 'static>(reader: R, opts: &InputOptions) -> DocIter {
    let one = |doc: Document| -> DocIter { Box::new(std::iter::once(doc)) };
    let mut stdin = BufReader::new(reader);
    let mut head = match read_head(&mut stdin) {
        Ok(h) => h,
        Err(e) => return one(error_doc(STDIN, unreadable("standard input", &e))),
    };
    if head.starts_with(b"%PDF-") {
        if let Err(e) = stdin.read_to_end(&mut head) {
            return one(error_doc(STDIN, unreadable("standard input", &e)));
        }
        return one(pdf_document(STDIN.to_string(), &head, opts.ocr));
    }
    // Text never starts like a ZIP archive; a Word file piped in does.
    if crate::read::docx::is_zip(&head) {
        if let Err(e) = stdin.read_to_end(&mut head) {
            return one(error_doc(STDIN, unreadable("standard input", &e)));
        }
        return one(docx_document(STDIN.to_string(), &head));
    }
    if check_head(STDIN, &head).is_err() || is_utf16(&head) {
        return one(text_document(STDIN.to_string(), head, &mut stdin));
    }
    // A first record longer than the sniffed head: read on to the end of its line.
    while head.len() >= SNIFF_BYTES && first_nonblank_line(&head).is_none() {
        match stdin.read_until(b'\n', &mut head) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return one(error_doc(STDIN, unreadable("standard input", &e))),
        }
    }
    let line = first_nonblank_line(&head).unwrap_or(&head);
    if looks_like_json_object(line) {
        let reader = BufReader::new(Cursor::new(head).chain(stdin));
        Box::new(JsonlReader::new(STDIN, Box::new(reader), opts))
    } else {
        one(text_document(STDIN.to_string(), head, &mut stdin))
    }
}

/// The first complete (newline-terminated) non-blank line of `buf`.
fn first_nonblank_line(buf: &[u8]) -> Option<&[u8]> {
    buf.split_inclusive(|&b| b == b'\n')
        .take_while(|l| l.ends_with(b"\n"))
        .find(|l| !l.trim_ascii().is_empty())
}

fn looks_like_json_object(line: &[u8]) -> bool {
    let line = line
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(line)
        .trim_ascii();
    line.starts_with(b"{") && serde_json::from_slice::<Map<String, Value>>(line).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::record::Verdict;
    use std::io::Write;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
        let p = dir.join(name);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::File::create(&p).unwrap().write_all(bytes).unwrap();
        p
    }

    fn docs(inputs: &[PathBuf]) -> Vec<Document> {
        documents(inputs, &InputOptions::default()).collect()
    }

    fn err(d: &Document) -> String {
        d.text.as_ref().unwrap_err().to_string()
    }

    #[test]
    fn documents_is_send() {
        fn send<T: Send>(_: T) {}
        send(documents(&[], &InputOptions::default()));
    }

    #[test]
    fn text_file_is_one_document_with_given_path_as_id() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "m.txt",
            "\u{feff}CERTIFICATE OF CONFERENCE\n".as_bytes(),
        );
        let d = docs(std::slice::from_ref(&p));
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].id, p.to_string_lossy());
        assert_eq!(d[0].source, d[0].id);
        assert_eq!(d[0].text.as_deref(), Ok("CERTIFICATE OF CONFERENCE\n"));
        assert!(d[0].notes.is_empty());
    }

    #[test]
    fn bad_files_become_error_documents_and_do_not_stop_others() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let inputs = vec![
            d.join("missing.txt"),
            write(d, "empty.txt", b""),
            write(d, "blank.txt", b"  \n\n"),
            write(d, "bin.dat", b"%PDF\x00\x01\x02"),
            write(d, "latin1.txt", b"Caf\xe9 conferred"),
            write(d, "scan.pdf", b"%PDF-1.7"),
            write(d, "ok.txt", b"fine"),
        ];
        let out = docs(&inputs);
        assert_eq!(out.len(), inputs.len());
        assert!(
            err(&out[0]).contains("no such file or directory"),
            "{}",
            err(&out[0])
        );
        assert!(err(&out[0]).contains("missing.txt"));
        assert!(err(&out[1]).ends_with("empty.txt is empty"));
        assert!(err(&out[2]).ends_with("is empty"));
        assert!(err(&out[3]).contains("binary file"));
        assert_eq!(out[4].text.as_deref(), Ok("Caf\u{fffd} conferred"));
        assert_eq!(out[4].notes, vec!["invalid UTF-8 decoded lossily"]);
        // A PDF header and nothing else: read as a PDF, reported as unreadable.
        assert!(
            err(&out[5]).contains("scan.pdf is a PDF that cannot be read"),
            "{}",
            err(&out[5])
        );
        assert_eq!(out[6].text.as_deref(), Ok("fine"));
        let rec = out[0].error_record().unwrap();
        assert_eq!(rec.verdict, Verdict::Error);
        assert!(out[6].error_record().is_none());
    }

    #[test]
    fn utf16_text_is_decoded() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = vec![0xFF, 0xFE];
        for u in "Conferred ✓".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let p = write(dir.path(), "w.txt", &bytes);
        let d = docs(&[p]);
        assert_eq!(d[0].text.as_deref(), Ok("Conferred ✓"));
        assert_eq!(d[0].notes, vec!["decoded from UTF-16"]);
    }

    #[test]
    fn jsonl_records_in_order_with_errors_and_extras() {
        let dir = tempfile::tempdir().unwrap();
        let body = concat!(
            "{\"id\": \"a\", \"text\": \"one\", \"court\": \"ksd\"}\n",
            "\n",
            "{not json}\n",
            "{\"text\": \"no id\"}\r\n",
            "{\"id\": 7, \"body\": \"no text\"}\n",
            "[1, 2]\n",
            "{\"id\": \"e\", \"text\": 3}\n",
            "{\"id\": \"f\", \"text\": \"last\"}" // no trailing newline
        );
        let p = write(dir.path(), "r.jsonl", body.as_bytes());
        let l = p.to_string_lossy().into_owned();
        let out = docs(&[p]);
        let ids: Vec<&str> = out.iter().map(|d| d.id.as_str()).collect();
        let (l3, l4, l6) = (format!("{l}:3"), format!("{l}:4"), format!("{l}:6"));
        assert_eq!(ids, ["a", &l3, &l4, "7", &l6, "e", "f"]);
        assert_eq!(out[0].source, format!("{l}:1"));
        assert_eq!(out[0].extra.get("court"), Some(&Value::from("ksd")));
        assert!(out[0].extra.get("text").is_none() && out[0].extra.get("id").is_none());
        assert!(
            err(&out[1]).starts_with(&format!("{l}:3 is not valid JSON")),
            "{}",
            err(&out[1])
        );
        assert_eq!(out[2].text.as_deref(), Ok("no id"));
        assert_eq!(err(&out[3]), format!("{l}:5 has no \"text\" field"));
        assert_eq!(out[3].extra.get("body"), Some(&Value::from("no text")));
        assert!(err(&out[4]).contains("not a JSON object"));
        assert!(err(&out[5]).contains("is not text"));
        assert_eq!(out[6].text.as_deref(), Ok("last"));
    }

    #[test]
    fn custom_fields_and_empty_record_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "r.jsonl",
            b"{\"doc\": \"x\", \"body\": \"hello\"}\n",
        );
        let e = write(dir.path(), "e.jsonl", b"\n\n");
        let opts = InputOptions {
            id_field: "doc".into(),
            text_field: "body".into(),
            ..Default::default()
        };
        let out: Vec<_> = documents(&[p, e], &opts).collect();
        assert_eq!(out[0].id, "x");
        assert_eq!(out[0].text.as_deref(), Ok("hello"));
        assert!(err(&out[1]).ends_with("contains no records"));
    }

    #[test]
    fn csv_records_with_headers() {
        let dir = tempfile::tempdir().unwrap();
        let body =
            "id,court,text\nc1,txnd,\"Counsel conferred,\nby phone.\"\n,ksd,second\nc3,cod\n";
        let p = write(dir.path(), "r.csv", body.as_bytes());
        let l = p.to_string_lossy().into_owned();
        let out = docs(&[p]);
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].id, "c1");
        assert_eq!(out[0].text.as_deref(), Ok("Counsel conferred,\nby phone."));
        assert_eq!(out[0].extra.get("court"), Some(&Value::from("txnd")));
        assert_eq!(out[1].id, format!("{l}:4"));
        assert_eq!(out[1].source, format!("{l}:4"));
        assert!(err(&out[2]).contains("has no \"text\" field"));

        let nocol = write(dir.path(), "n.csv", b"id,body\n1,x\n");
        let out = docs(&[nocol]);
        assert_eq!(out.len(), 1);
        assert!(err(&out[0]).contains("has no \"text\" column (columns: id, body)"));
    }

    #[test]
    fn directories_sorted_filtered_and_recursive() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "b.txt", b"b");
        write(d, "a.md", b"a");
        write(d, "notes.rtf", b"skipped");
        write(d, "scan.png", b"\x89PNG skipped");
        write(d, "README", b"skipped");
        write(d, "x.RTF", b"skipped");
        write(
            d,
            "m.docx",
            &crate::read::docx::tests::docx("<w:p><w:r><w:t>Word</w:t></w:r></w:p>"),
        );
        write(d, ".hidden.txt", b"skipped");
        write(
            d,
            "sub/c.jsonl",
            b"{\"id\":\"c1\",\"text\":\"c\"}\n{\"id\":\"c2\",\"text\":\"c\"}\n",
        );
        write(d, "sub/z.csv", b"text\nz\n");
        let mut walk = documents(&[d.to_path_buf()], &InputOptions::default());
        let out: Vec<Document> = walk.by_ref().collect();
        let ids: Vec<String> = out.iter().map(|x| x.id.clone()).collect();
        let p = |s: &str| d.join(s).to_string_lossy().into_owned();
        let expected = vec![
            p("a.md"),
            p("b.txt"),
            p("m.docx"),
            "c1".into(),
            "c2".into(),
            format!("{}:2", p("sub/z.csv")),
        ];
        assert_eq!(ids, expected);
        assert_eq!(out[2].text.as_deref(), Ok("Word\n"));
        // Skipped files are counted by extension, not passed over silently.
        let skipped: Vec<(&str, usize)> = walk
            .skipped()
            .iter()
            .map(|(e, n)| (e.as_str(), *n))
            .collect();
        assert_eq!(skipped, [("(none)", 1), (".png", 1), (".rtf", 2)]);
        // An explicitly named file of unknown extension is read as text, or is an error
        // record that says what it is.
        let named = docs(&[d.join("notes.rtf"), d.join("scan.png")]);
        assert_eq!(named[0].text.as_deref(), Ok("skipped"));
        let png = write(d, "scan.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
        let named = docs(&[png]);
        assert!(
            err(&named[0]).ends_with("scan.png is a binary file, not text: a PNG image; put scans in a PDF to have them read with OCR"),
            "{}",
            err(&named[0])
        );
    }

    #[test]
    fn the_gate_is_asked_once_per_document_and_before_reading_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "a.txt", b"a");
        write(
            d,
            "b.jsonl",
            b"{\"id\":\"r1\",\"text\":\"x\"}\n{\"id\":\"r2\",\"text\":\"y\"}\n",
        );
        write(d, "c.pdf", b"%PDF-1.7 unreadable");
        let inputs = [d.to_path_buf(), d.join("missing.txt")];
        let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = asked.clone();
        let gate: Gate = Box::new(move |_source: &str, id: &str| {
            log.lock().unwrap().push(id.to_string());
            // Only r2 and the missing file pass.
            id == "r2" || id.ends_with("missing.txt")
        });
        let out: Vec<Document> = documents(&inputs, &InputOptions::default())
            .gated(gate)
            .collect();
        let ids: Vec<&str> = out.iter().map(|d| d.id.as_str()).collect();
        let p = |n: &str| d.join(n).to_string_lossy().into_owned();
        assert_eq!(ids, ["r2", p("missing.txt").as_str()]);
        assert_eq!(
            *asked.lock().unwrap(),
            [
                p("a.txt"),
                "r1".into(),
                "r2".into(),
                p("c.pdf"),
                p("missing.txt")
            ]
        );
    }

    #[test]
    fn word_files_from_paths_and_stdin() {
        let dir = tempfile::tempdir().unwrap();
        let body =
            "<w:p><w:r><w:t>MOTION</w:t></w:r></w:p><w:p><w:r><w:t>CERTIFICATE</w:t></w:r></w:p>";
        let bytes = crate::read::docx::tests::docx(body);
        let good = write(dir.path(), "Motion.DOCX", &bytes);
        let bad = write(dir.path(), "bad.docx", b"not a zip at all");
        let out = docs(&[good.clone(), bad]);
        assert_eq!(out[0].id, good.to_string_lossy());
        assert_eq!(out[0].text.as_deref(), Ok("MOTION\n\nCERTIFICATE\n"));
        assert!(
            err(&out[1]).contains(
                "bad.docx is a Word document that cannot be read: it is not a valid ZIP archive"
            ),
            "{}",
            err(&out[1])
        );
        assert!(!is_pdf_source(&out[0].source));
        let piped: Vec<Document> =
            stream_documents(Cursor::new(bytes), &InputOptions::default()).collect();
        assert_eq!(piped.len(), 1);
        assert_eq!(piped[0].id, "-");
        assert_eq!(piped[0].text.as_deref(), Ok("MOTION\n\nCERTIFICATE\n"));
        let zip: Vec<Document> = stream_documents(
            Cursor::new(b"PK\x03\x04 not really".to_vec()),
            &InputOptions::default(),
        )
        .collect();
        assert!(err(&zip[0]).starts_with("- is a Word document that cannot be read"));
    }

    #[cfg(unix)]
    #[test]
    fn directory_symlink_loop_is_an_error_record() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        write(d, "top/a.txt", b"a");
        std::os::unix::fs::symlink(d.join("top"), d.join("top/loop")).unwrap();
        std::os::unix::fs::symlink(d.join("top/self.txt"), d.join("top/self.txt")).unwrap();
        let out = docs(&[d.join("top")]);
        assert_eq!(out.len(), 3, "{out:?}");
        assert_eq!(out[0].text.as_deref(), Ok("a"));
        assert!(err(&out[1]).contains("symlink loop"), "{}", err(&out[1]));
        assert!(err(&out[2]).contains("self.txt"), "{}", err(&out[2]));
    }

    #[test]
    fn large_jsonl_streams() {
        // Records come out before the file is exhausted: the reader holds one line at a time.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.jsonl");
        let mut f = std::io::BufWriter::new(File::create(&p).unwrap());
        for i in 0..20_000 {
            writeln!(f, "{{\"id\": \"{i}\", \"text\": \"t\"}}").unwrap();
        }
        drop(f);
        let mut it = docs_iter(&p);
        assert_eq!(it.next().unwrap().id, "0");
        assert_eq!(it.count(), 19_999);
    }

    fn docs_iter(p: &Path) -> Documents {
        documents(&[p.to_path_buf()], &InputOptions::default())
    }

    #[test]
    fn stdin_sniffing_helpers() {
        assert!(looks_like_json_object(b"  {\"id\": 1}\n"));
        assert!(!looks_like_json_object(b"{Defendant moves}\n"));
        assert!(!looks_like_json_object(b"MOTION TO COMPEL\n"));
        assert_eq!(
            first_nonblank_line(b"\n \n{\"a\":1}\nrest"),
            Some(&b"{\"a\":1}\n"[..])
        );
        assert_eq!(first_nonblank_line(b"\n{\"a\":1"), None);
    }

    #[test]
    fn stdin_is_jsonl_or_one_text_document() {
        let opts = InputOptions::default();
        let run = |bytes: Vec<u8>| -> Vec<Document> {
            stream_documents(Cursor::new(bytes), &opts).collect()
        };
        let out = run(b"\n{\"id\": \"a\", \"text\": \"x\"}\n{\"text\": \"y\"}\n".to_vec());
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].id, "a");
        assert_eq!(out[0].source, "-:2");
        assert_eq!(out[1].id, "-:3");
        // A first record longer than the sniffed head still makes JSONL.
        let long = format!("{{\"id\": \"L\", \"text\": \"{}\"}}\n", "w ".repeat(10_000));
        let out = run(long.into_bytes());
        assert_eq!((out.len(), out[0].id.as_str()), (1, "L"));
        let out = run(b"MOTION TO COMPEL\n\n{\"not\": \"a record\"}\n".to_vec());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].id, "-");
        assert!(out[0].text.as_ref().unwrap().starts_with("MOTION"));
        assert!(err(&run(Vec::new())[0]).contains("- is empty"));
        assert!(err(&run(b"\x00\x01".to_vec())[0]).contains("binary"));
    }

    #[test]
    fn pdf_on_stdin_is_read_as_a_pdf() {
        let out: Vec<Document> = stream_documents(
            Cursor::new(b"%PDF-1.7\n%\xe2\xe3\n".to_vec()),
            &Default::default(),
        )
        .collect();
        assert_eq!(out.len(), 1);
        assert!(
            err(&out[0]).starts_with("- is a PDF that cannot be read"),
            "{}",
            err(&out[0])
        );
        assert!(is_pdf_source("dir/Motion.PDF") && !is_pdf_source("motion.txt"));
    }

    #[test]
    fn plain_io_messages() {
        let e = io::Error::from_raw_os_error(40);
        assert_eq!(plain_io(&e), "too many levels of symbolic links");
        assert!(is_loop(&e));
    }

    #[test]
    fn records_read_from_memory() {
        let opts = InputOptions::default();
        let jsonl = b"{\"id\":\"a\",\"text\":\"conferred\"}\n\n{\"text\":\"x\"}\nnope\n".to_vec();
        let docs: Vec<_> = jsonl_documents("m.jsonl", Cursor::new(jsonl), &opts).collect();
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "m.jsonl:3", "m.jsonl:4"]);
        assert!(docs[2].text.is_err());
        let csv = b"id,text\n1,conferred\n".to_vec();
        let docs: Vec<_> = csv_documents("m.csv", Cursor::new(csv), &opts).collect();
        assert_eq!((docs.len(), docs[0].id.as_str()), (1, "1"));
        let mut notes = Vec::new();
        assert_eq!(decode(b"\xEF\xBB\xBFok".to_vec(), &mut notes), "ok");
        assert!(notes.is_empty());
    }
}
