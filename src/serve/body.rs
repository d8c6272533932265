//! Reading the body of `POST /v1/score`: JSON (`{"documents": [{"id", "text"}], "statement",
//! "court"}`) or `multipart/form-data` (parts named `file`, read by their file name's
//! extension as `conferral score` reads files). A body that is not what it claims is a 400;
//! a document without usable text is an `error` record, as in the CLI.

use serde_json::Value;

use crate::read::input::{self, Document, InputOptions};
use crate::serve::error::ApiError;

/// What a score request asks for, before any document is read.
#[derive(Debug, Default)]
pub struct ScoreRequest {
    pub docs: Vec<Document>,
    /// Each text is the statement itself: skip locating.
    pub statement: bool,
    /// Judge every document by this court profile (else detected per document).
    pub court: Option<String>,
}

/// The kinds of body the score route reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Json,
    Multipart,
}

/// The body kind of a `Content-Type`, or a 415 naming what is read.
pub fn kind_of(content_type: Option<&str>) -> Result<BodyKind, ApiError> {
    let ct = content_type.unwrap_or("").trim();
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") {
        Ok(BodyKind::Json)
    } else if essence == "multipart/form-data" {
        Ok(BodyKind::Multipart)
    } else {
        Err(ApiError::unsupported(format!(
            "Content-Type {} is not read here: send application/json or multipart/form-data",
            if ct.is_empty() {
                "(none)".to_string()
            } else {
                format!("\"{ct}\"")
            }
        )))
    }
}

/// Parses a JSON score request. Structure errors are 400s naming the field; a document
/// whose text is missing, not text or empty becomes an error document (one record each).
pub fn parse_json(bytes: &[u8]) -> Result<ScoreRequest, ApiError> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::bad_request(format!("the body is not valid JSON: {e}")))?;
    let Value::Object(mut top) = value else {
        return Err(ApiError::bad_request(
            "the body must be a JSON object: {\"documents\": [{\"id\": ..., \"text\": ...}]}",
        ));
    };
    let statement = match top.remove("statement") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => b,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "\"statement\" must be true or false, not {other}"
            )))
        }
    };
    let court = match top.remove("court") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "\"court\" must be a court profile id (see GET /v1/courts) or null, not {other}"
            )))
        }
    };
    let docs = match top.remove("documents") {
        Some(Value::Array(a)) => a,
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "\"documents\" must be a list of {{\"id\", \"text\"}} objects, not {}",
                kind_name(&other)
            )))
        }
        None => return Err(ApiError::bad_request(
            "the body has no \"documents\" list: {\"documents\": [{\"id\": ..., \"text\": ...}]}",
        )),
    };
    if let Some(k) = top.keys().next() {
        return Err(ApiError::bad_request(format!(
            "unknown field \"{k}\": the body reads \"documents\", \"statement\" and \"court\""
        )));
    }
    let docs = docs
        .into_iter()
        .enumerate()
        .map(|(i, d)| json_document(i, d))
        .collect::<Result<_, _>>()?;
    Ok(ScoreRequest {
        docs,
        statement,
        court,
    })
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `documents[i]`: id (text or number; else `documents[i]`), text, other fields carried.
fn json_document(i: usize, d: Value) -> Result<Document, ApiError> {
    let location = format!("documents[{i}]");
    let Value::Object(mut obj) = d else {
        return Err(ApiError::bad_request(format!(
            "{location} must be an object with \"id\" and \"text\", not {}",
            kind_name(&d)
        )));
    };
    let id = match obj.remove("id") {
        None | Some(Value::Null) => location.clone(),
        Some(Value::String(s)) if s.trim().is_empty() => location.clone(),
        Some(Value::String(s)) => s,
        Some(n @ Value::Number(_)) => n.to_string(),
        Some(other) => {
            return Err(ApiError::bad_request(format!(
                "{location}: \"id\" must be text or a number, not {}",
                kind_name(&other)
            )))
        }
    };
    let text = crate::read::records::take_text(&mut obj, "text", &location);
    Ok(Document {
        id,
        source: location,
        text,
        notes: Vec::new(),
        extra: obj,
    })
}

/// One uploaded file: its name and bytes.
#[derive(Debug)]
pub struct Upload {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Every extension an upload may have, for messages.
fn extensions() -> String {
    input::read_extensions()
        .iter()
        .map(|e| format!(".{e}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks an upload's file name before its bytes are read: 415 for a type no reader takes.
pub fn check_upload_name(name: &str) -> Result<(), ApiError> {
    let ext = std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if input::read_extensions().contains(&ext.as_str()) {
        Ok(())
    } else {
        Err(ApiError::unsupported(format!(
            "{name}: files of this type are not read; upload {}",
            extensions()
        )))
    }
}

/// The documents of uploaded files, in upload order (blocking: PDFs may need OCR).
pub fn upload_documents(
    uploads: Vec<Upload>,
    opts: &InputOptions,
) -> Result<Vec<Document>, ApiError> {
    let mut docs = Vec::new();
    for u in uploads {
        let Some(read) = input::named_documents(&u.name, u.bytes, opts) else {
            return Err(ApiError::unsupported(format!(
                "{}: files of this type are not read; upload {}",
                u.name,
                extensions()
            )));
        };
        docs.extend(read);
    }
    Ok(docs)
}

/// A form field's value as a flag (`statement`): true/false, on/off, 1/0, or empty (false).
pub fn form_flag(name: &str, value: &str) -> Result<bool, ApiError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "on" | "1" | "yes" => Ok(true),
        "false" | "off" | "0" | "no" | "" => Ok(false),
        other => Err(ApiError::bad_request(format!(
            "form field \"{name}\" must be true or false, not \"{other}\""
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::input::InputError;

    #[test]
    fn content_types() {
        assert_eq!(kind_of(Some("application/json")), Ok(BodyKind::Json));
        assert_eq!(
            kind_of(Some("Application/JSON; charset=utf-8")),
            Ok(BodyKind::Json)
        );
        assert_eq!(
            kind_of(Some("multipart/form-data; boundary=x")),
            Ok(BodyKind::Multipart)
        );
        let e = kind_of(Some("text/plain")).unwrap_err();
        assert_eq!(e.status.as_u16(), 415);
        assert!(e.message.contains("\"text/plain\""), "{}", e.message);
        assert!(kind_of(None).unwrap_err().message.contains("(none)"));
    }

    #[test]
    fn json_requests() {
        let r = parse_json(
            br#"{"documents": [{"id": "a", "text": "x", "court": "ndtex"}, {"text": "y"}, {"id": 7, "text": ""}],
                 "statement": true, "court": "frcp-37"}"#,
        )
        .unwrap();
        assert!(r.statement);
        assert_eq!(r.court.as_deref(), Some("frcp-37"));
        let ids: Vec<&str> = r.docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "documents[1]", "7"]);
        assert_eq!(r.docs[0].extra["court"], "ndtex");
        assert!(matches!(r.docs[2].text, Err(InputError::EmptyText { .. })));
        for (bad, says) in [
            (&b"{"[..], "not valid JSON"),
            (b"[]", "must be a JSON object"),
            (b"{}", "no \"documents\""),
            (br#"{"documents": {}}"#, "not an object"),
            (br#"{"documents": [1]}"#, "documents[0] must be an object"),
            (
                br#"{"documents": [], "statment": true}"#,
                "unknown field \"statment\"",
            ),
            (
                br#"{"documents": [], "statement": "yes"}"#,
                "\"statement\" must be",
            ),
            (
                br#"{"documents": [{"id": [], "text": "x"}]}"#,
                "\"id\" must be",
            ),
        ] {
            let e = parse_json(bad).unwrap_err();
            assert_eq!(e.status.as_u16(), 400);
            assert!(e.message.contains(says), "{}: {}", says, e.message);
        }
    }

    #[test]
    fn uploads_by_extension() {
        assert!(check_upload_name("motion.TXT").is_ok());
        assert_eq!(
            check_upload_name("scan.png").unwrap_err().status.as_u16(),
            415
        );
        let docs = upload_documents(
            vec![
                Upload {
                    name: "a.txt".into(),
                    bytes: b"Counsel conferred.".to_vec(),
                },
                Upload {
                    name: "b.jsonl".into(),
                    bytes: b"{\"id\": \"r1\", \"text\": \"x\"}\n{\"text\": \"y\"}\n".to_vec(),
                },
                Upload {
                    name: "c.csv".into(),
                    bytes: b"id,text\nc1,hello\n".to_vec(),
                },
            ],
            &InputOptions::default(),
        )
        .unwrap();
        let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a.txt", "r1", "b.jsonl:2", "c1"]);
        assert_eq!(form_flag("statement", "on"), Ok(true));
        assert!(form_flag("statement", "maybe").is_err());
    }
}
