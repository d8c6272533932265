//! Corpus files: JSON Lines and CSV, one document per record (id and text from the named
//! fields, other fields carried into the output record). A bad record becomes an error
//! document naming `FILE:LINE`; the records after it are still read.

use serde_json::{Map, Value};
use std::io::{BufRead, Read};

use crate::read::document::*;

/// Takes a record's text `field` out of `obj`: the text, or why the record has none usable
/// (missing or null, blank, not a string), naming `location`.
pub fn take_text(
    obj: &mut Map<String, Value>,
    field: &str,
    location: &str,
) -> Result<String, InputError> {
    let (location, field) = (location.to_string(), field.to_string());
    match obj.remove(&field) {
        None | Some(Value::Null) => Err(InputError::MissingField { location, field }),
        Some(Value::String(s)) if s.trim().is_empty() => {
            Err(InputError::EmptyText { location, field })
        }
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(InputError::FieldNotText { location, field }),
    }
}

/// An id value as text; `None` for missing, null or empty ids.
pub(super) fn id_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

pub(super) struct JsonlReader {
    label: String,
    reader: Box<dyn BufRead + Send>,
    opts: InputOptions,
    line: usize,
    produced: bool,
    done: bool,
    buf: Vec<u8>,
}

impl JsonlReader {
    pub(super) fn new(
        label: &str,
        reader: Box<dyn BufRead + Send>,
        opts: &InputOptions,
    ) -> JsonlReader {
        JsonlReader {
            label: label.to_string(),
            reader,
            opts: opts.clone(),
            line: 0,
            produced: false,
            done: false,
            buf: Vec::new(),
        }
    }

    fn parse_line(&self, bytes: &[u8]) -> Document {
        let location = format!("{}:{}", self.label, self.line);
        let mut notes = Vec::new();
        let raw = decode(bytes.to_vec(), &mut notes);
        let value: Value = match serde_json::from_str(raw.trim()) {
            Ok(v) => v,
            Err(e) => {
                let err = InputError::BadJson {
                    location: location.clone(),
                    reason: json_reason(&e),
                };
                return with_notes(error_doc(&location, err), notes);
            }
        };
        let Value::Object(mut obj) = value else {
            return with_notes(
                error_doc(
                    &location,
                    InputError::NotObject {
                        location: location.clone(),
                    },
                ),
                notes,
            );
        };
        let id = id_text(obj.get(&self.opts.id_field)).unwrap_or_else(|| location.clone());
        obj.remove(&self.opts.id_field);
        let text = take_text(&mut obj, &self.opts.text_field, &location);
        let mut doc = Document::new(id, location, text);
        doc.notes = notes;
        doc.extra = obj;
        doc
    }
}

pub(super) fn with_notes(mut doc: Document, notes: Vec<String>) -> Document {
    doc.notes = notes;
    doc
}

/// serde_json's message without its "at line 1 column N" (always line 1 here).
pub(super) fn json_reason(e: &serde_json::Error) -> String {
    let s = e.to_string();
    let msg = s.find(" at line ").map_or(s.as_str(), |i| &s[..i]);
    format!("{msg} (column {})", e.column())
}

impl Iterator for JsonlReader {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    if !self.produced {
                        self.produced = true;
                        let err = InputError::NoRecords {
                            path: self.label.clone(),
                        };
                        return Some(error_doc(&self.label, err));
                    }
                }
                Ok(_) => {
                    self.line += 1;
                    let mut line = self.buf.as_slice();
                    if self.line == 1 {
                        line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
                    }
                    if line.trim_ascii().is_empty() {
                        continue;
                    }
                    self.produced = true;
                    return Some(self.parse_line(line));
                }
                Err(e) => {
                    // A read error mid-file (e.g. a vanished mount): report where, then stop.
                    self.done = true;
                    self.produced = true;
                    let location = format!("{}:{}", self.label, self.line + 1);
                    return Some(error_doc(&location, unreadable(&self.label, &e)));
                }
            }
        }
        None
    }
}

pub(super) fn csv_records(
    label: &str,
    reader: Box<dyn Read + Send>,
    opts: &InputOptions,
) -> DocIter {
    let one = |err: InputError| -> DocIter { Box::new(std::iter::once(error_doc(label, err))) };
    let mut rdr = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let headers: Vec<String> = match rdr.byte_headers() {
        Ok(h) => h
            .iter()
            .map(|f| {
                String::from_utf8_lossy(f)
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .to_string()
            })
            .collect(),
        Err(e) => {
            return one(InputError::BadCsv {
                location: label.to_string(),
                reason: e.to_string(),
            })
        }
    };
    let find = |name: &str| headers.iter().position(|h| h == name);
    let Some(text_col) = find(&opts.text_field) else {
        return one(InputError::MissingColumn {
            path: label.to_string(),
            field: opts.text_field.clone(),
            columns: headers.join(", "),
        });
    };
    Box::new(CsvReader {
        label: label.to_string(),
        id_col: find(&opts.id_field),
        text_col,
        text_field: opts.text_field.clone(),
        headers,
        rdr,
        produced: false,
        done: false,
    })
}

pub(super) struct CsvReader {
    label: String,
    rdr: csv::Reader<Box<dyn Read + Send>>,
    headers: Vec<String>,
    id_col: Option<usize>,
    text_col: usize,
    text_field: String,
    produced: bool,
    done: bool,
}

impl CsvReader {
    fn document(&self, rec: &csv::ByteRecord) -> Document {
        let line = rec.position().map_or(0, |p| p.line());
        let location = format!("{}:{line}", self.label);
        let mut notes = Vec::new();
        let mut field =
            |i: usize| -> Option<String> { rec.get(i).map(|b| decode(b.to_vec(), &mut notes)) };
        let id = self
            .id_col
            .and_then(&mut field)
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| location.clone());
        let f = self.text_field.clone();
        let text = match field(self.text_col) {
            None => Err(InputError::MissingField {
                location: location.clone(),
                field: f,
            }),
            Some(s) if s.trim().is_empty() => Err(InputError::EmptyText {
                location: location.clone(),
                field: f,
            }),
            Some(s) => Ok(s),
        };
        let mut extra = Map::new();
        for (i, name) in self.headers.iter().enumerate() {
            if Some(i) == self.id_col || i == self.text_col || name.is_empty() {
                continue;
            }
            if let Some(v) = field(i) {
                extra.insert(name.clone(), Value::String(v));
            }
        }
        notes.dedup();
        let mut doc = Document::new(id, location, text);
        doc.notes = notes;
        doc.extra = extra;
        doc
    }
}

impl Iterator for CsvReader {
    type Item = Document;

    fn next(&mut self) -> Option<Document> {
        if self.done {
            return None;
        }
        let mut rec = csv::ByteRecord::new();
        match self.rdr.read_byte_record(&mut rec) {
            Ok(true) => {
                self.produced = true;
                Some(self.document(&rec))
            }
            Ok(false) => {
                self.done = true;
                if self.produced {
                    return None;
                }
                let err = InputError::NoRecords {
                    path: self.label.clone(),
                };
                Some(error_doc(&self.label, err))
            }
            Err(e) => {
                self.produced = true;
                let line = self.rdr.position().line();
                let location = format!("{}:{line}", self.label);
                // An I/O error would repeat forever; a parse error affects only this record.
                if e.is_io_error() {
                    self.done = true;
                }
                let err = InputError::BadCsv {
                    location: location.clone(),
                    reason: e.to_string(),
                };
                Some(error_doc(&location, err))
            }
        }
    }
}
