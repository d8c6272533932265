//! The output record: one per input document, stable field names (schema [`SCHEMA`]).
//!
//! Offsets in [`Span`] count characters (Unicode scalar values), not bytes, so that
//! consumers in any language (Python `str`, JavaScript after surrogate care) can slice the
//! document text they sent with them.

use std::fmt;
use std::str::FromStr;

use crate::report::error::ReportError;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

/// Schema version written into every record; bump when a field changes meaning.
pub const SCHEMA: &str = "conferral/1";

/// Field names the record itself owns; input fields with these names are not carried as extras
/// (a flattened duplicate key would make the JSON ambiguous).
pub const RESERVED_FIELDS: [&str; 13] = [
    "schema",
    "id",
    "source",
    "verdict",
    "score",
    "statement",
    "reasons",
    "error",
    "elements",
    "notes",
    "statements",
    "pages",
    "profile",
];

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Sufficient,
    Review,
    Insufficient,
    NoCertificate,
    Error,
}

impl Verdict {
    pub const ALL: [Verdict; 5] = [
        Verdict::Sufficient,
        Verdict::Review,
        Verdict::Insufficient,
        Verdict::NoCertificate,
        Verdict::Error,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Sufficient => "sufficient",
            Verdict::Review => "review",
            Verdict::Insufficient => "insufficient",
            Verdict::NoCertificate => "no_certificate",
            Verdict::Error => "error",
        }
    }

    /// Whether this verdict counts as flagged for `--fail-on-flag`.
    pub fn is_flagged(self) -> bool {
        matches!(self, Verdict::Insufficient | Verdict::NoCertificate)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Verdict {
    type Err = ReportError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Verdict::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| ReportError::UnknownVerdict(s.to_string()))
    }
}

/// A stretch of the document text, offsets in characters, `end` exclusive.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The statement's heading ("CERTIFICATE OF CONFERENCE"), kept apart from the body in
    /// `text`; `null` when the statement has none.
    #[serde(default)]
    pub heading: Option<Heading>,
}

/// A statement's heading, offsets in characters.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Span {
    /// The span of `text[start..end]` (byte offsets) in character offsets; `None` when the
    /// range is reversed, out of bounds or not on character boundaries.
    pub fn from_byte_range(text: &str, start: usize, end: usize) -> Option<Span> {
        let slice = text.get(start..end)?;
        let char_start = text[..start].chars().count();
        Some(Span {
            start: char_start,
            end: char_start + slice.chars().count(),
            text: slice.to_string(),
            heading: None,
        })
    }

    /// The same span with the heading at byte range `heading` of `text` (ignored when it is
    /// off a character boundary).
    pub fn with_heading(mut self, text: &str, heading: Option<(usize, usize)>) -> Span {
        self.heading = heading.and_then(|(s, e)| {
            let h = Span::from_byte_range(text, s, e)?;
            Some(Heading {
                start: h.start,
                end: h.end,
                text: h.text,
            })
        });
        self
    }
}

/// Character offset of byte offset `byte` in `text` (`None` off a boundary or past the end).
pub fn char_offset(text: &str, byte: usize) -> Option<usize> {
    text.get(..byte).map(|s| s.chars().count())
}

/// One verdict for one input document.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Record {
    pub schema: String,
    pub id: String,
    pub source: String,
    pub verdict: Verdict,
    /// Calibrated probability that the statement is sufficient; `null` without a statement.
    #[serde(serialize_with = "short_f32")]
    pub score: Option<f32>,
    pub statement: Option<Span>,
    pub reasons: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Input fields carried through (e.g. `court`), written after the record's own fields.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

// f32 -> f64 widening would print 0.8999999761581421 for 0.9; go through the shortest
// f32 decimal instead.
fn short_f32<S: Serializer>(v: &Option<f32>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(x) if x.is_finite() => {
            let wide: f64 = x.to_string().parse().unwrap_or(f64::from(*x));
            s.serialize_f64(wide)
        }
        _ => s.serialize_none(),
    }
}

impl Record {
    pub fn new(id: impl Into<String>, source: impl Into<String>, verdict: Verdict) -> Record {
        Record {
            schema: SCHEMA.to_string(),
            id: id.into(),
            source: source.into(),
            verdict,
            score: None,
            statement: None,
            reasons: Vec::new(),
            error: None,
            extra: Map::new(),
        }
    }

    /// A record for an input that could not be scored; `msg` says why in plain words.
    pub fn error(
        id: impl Into<String>,
        source: impl Into<String>,
        msg: impl Into<String>,
    ) -> Record {
        let mut r = Record::new(id, source, Verdict::Error);
        r.error = Some(msg.into());
        r
    }

    /// A record for a readable document in which no conferral statement was found.
    pub fn no_certificate(id: impl Into<String>, source: impl Into<String>) -> Record {
        Record::new(id, source, Verdict::NoCertificate).with_reason("no conferral statement found")
    }

    /// A scored statement.
    pub fn scored(
        id: impl Into<String>,
        source: impl Into<String>,
        verdict: Verdict,
        score: f32,
        statement: Span,
    ) -> Record {
        Record::new(id, source, verdict)
            .with_score(Some(score))
            .with_statement(Some(statement))
    }

    pub fn with_score(mut self, score: Option<f32>) -> Record {
        self.score = score;
        self
    }

    pub fn with_statement(mut self, statement: Option<Span>) -> Record {
        self.statement = statement;
        self
    }

    pub fn with_reason(mut self, reason: impl Into<String>) -> Record {
        self.reasons.push(reason.into());
        self
    }

    pub fn with_reasons<I, S>(mut self, reasons: I) -> Record
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.reasons.extend(reasons.into_iter().map(Into::into));
        self
    }

    /// Carries input fields, dropping any that would collide with the record's own.
    pub fn with_extra(mut self, extra: Map<String, Value>) -> Record {
        for (k, v) in extra {
            if !RESERVED_FIELDS.contains(&k.as_str()) {
                self.extra.insert(k, v);
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn verdict_names_round_trip() {
        for v in Verdict::ALL {
            assert_eq!(v.as_str().parse::<Verdict>().unwrap(), v);
            assert_eq!(serde_json::to_value(v).unwrap(), json!(v.as_str()));
            assert_eq!(v.to_string(), v.as_str());
        }
        assert!("nope".parse::<Verdict>().is_err());
    }

    #[test]
    fn record_json_shape() {
        let text = "Motion.\nCERTIFICATE OF CONFERENCE\nConferred.";
        let span = Span::from_byte_range(text, 34, text.len())
            .unwrap()
            .with_heading(text, Some((8, 33)));
        let mut extra = Map::new();
        extra.insert("court".into(), json!("txnd"));
        extra.insert("id".into(), json!("collides"));
        let r = Record::scored("a", "a.txt", Verdict::Sufficient, 0.9, span)
            .with_reason("names who conferred")
            .with_extra(extra);
        let v: Value = serde_json::to_value(&r).unwrap();
        assert_eq!(
            v,
            json!({"schema": SCHEMA, "id": "a", "source": "a.txt", "verdict": "sufficient",
                   "score": 0.9, "statement": {"start": 34, "end": 44, "text": "Conferred.",
                   "heading": {"start": 8, "end": 33, "text": "CERTIFICATE OF CONFERENCE"}},
                   "reasons": ["names who conferred"], "court": "txnd"})
        );
        let back: Record = serde_json::from_value(v).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn error_record_has_error_and_null_score() {
        let r = Record::error("x", "x.txt", "file is empty");
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["verdict"], "error");
        assert_eq!(v["error"], "file is empty");
        assert!(v["score"].is_null() && v["statement"].is_null());
        let ok = serde_json::to_value(Record::no_certificate("y", "y.txt")).unwrap();
        assert!(ok.get("error").is_none());
    }

    #[test]
    fn span_rejects_bad_ranges() {
        let t = "añb";
        assert!(Span::from_byte_range(t, 2, 3).is_none()); // inside 'ñ'
        assert!(Span::from_byte_range(t, 3, 1).is_none());
        assert!(Span::from_byte_range(t, 0, 99).is_none());
        assert_eq!(char_offset(t, 3), Some(2));
        assert_eq!(char_offset(t, 2), None);
    }

    /// Property: for every boundary-aligned byte range of many multibyte strings, the span's
    /// char offsets select exactly the same text from the document.
    #[test]
    fn spans_index_documents_in_chars() {
        let pieces = [
            "a", "é", "ß", "中", "😀", "\u{301}", "\r\n", "\u{c}", " ", "—", "İ", "\u{feff}", "ﬁ",
        ];
        let mut docs = Vec::new();
        // Deterministic pseudo-random mixes (LCG), plus each piece repeated.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for len in 0..40 {
            let mut s = String::new();
            for _ in 0..len {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                s.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            docs.push(s);
        }
        docs.extend(pieces.iter().map(|p| p.repeat(5)));
        for doc in &docs {
            let bounds: Vec<usize> = doc
                .char_indices()
                .map(|(i, _)| i)
                .chain([doc.len()])
                .collect();
            for (a, &s) in bounds.iter().enumerate() {
                for &e in &bounds[a..] {
                    let span = Span::from_byte_range(doc, s, e).unwrap();
                    let by_chars: String = doc
                        .chars()
                        .skip(span.start)
                        .take(span.end - span.start)
                        .collect();
                    assert_eq!(by_chars, span.text, "doc {doc:?} bytes {s}..{e}");
                    assert_eq!(span.text, &doc[s..e]);
                }
            }
        }
    }
}
