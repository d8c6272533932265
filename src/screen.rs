//! The document pipeline: document -> locate -> tokenize -> model -> decider -> record.
//!
//! [`Screener`] loads a model once and screens documents in batches; every document yields
//! exactly one [`Record`], in input order, whatever goes wrong with it.

use serde_json::{json, Value};

use crate::decide::Decider;
use crate::input::Document;
use crate::locate;
use crate::model::{Model, Scored};
use crate::record::{Record, Span, Verdict};

#[derive(Clone, Debug)]
pub struct ScreenOptions {
    /// Treat each text as the statement itself (skip locating).
    pub statement_mode: bool,
    pub decider: Decider,
    /// Statements per forward pass.
    pub batch_size: usize,
}

pub struct Screener {
    model: Model,
    opts: ScreenOptions,
}

/// A document whose statement awaits scoring.
struct Pending {
    idx: usize,
    span: Span,
    ids: Vec<u32>,
}

impl Screener {
    pub fn new(model: Model, opts: ScreenOptions) -> Self {
        Screener { model, opts }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The thresholds of `model`'s calibration, for defaults.
    pub fn default_decider(model: &Model) -> Decider {
        Decider::new(model.calibration.flag, model.calibration.pass)
    }

    /// Screens one text (convenience for library users).
    pub fn screen_text(&self, id: &str, text: &str) -> Record {
        let doc = Document {
            id: id.to_string(),
            source: id.to_string(),
            text: Ok(text.to_string()),
            notes: Vec::new(),
            extra: Default::default(),
        };
        self.screen(vec![doc])
            .pop()
            .expect("one record per document")
    }

    /// Screens a batch of documents: one record per document, in the same order.
    pub fn screen(&self, docs: Vec<Document>) -> Vec<Record> {
        let mut records: Vec<Option<Record>> = vec![None; docs.len()];
        let mut pending = Vec::new();
        for (idx, doc) in docs.iter().enumerate() {
            match self.prepare(doc) {
                Ok(Some(span)) => match self.model.encoder().encode(&span.text) {
                    Ok(ids) => pending.push(Pending { idx, span, ids }),
                    Err(e) => records[idx] = Some(error_record(doc, &e.to_string())),
                },
                Ok(None) => {
                    records[idx] = Some(base(doc, Record::no_certificate(&doc.id, &doc.source)))
                }
                Err(msg) => records[idx] = Some(error_record(doc, &msg)),
            }
        }
        let seqs: Vec<Vec<u32>> = pending.iter().map(|p| p.ids.clone()).collect();
        match self.model.score_encoded(&seqs, self.opts.batch_size) {
            Ok(scores) => {
                for (p, s) in pending.into_iter().zip(scores) {
                    records[p.idx] = Some(self.record(&docs[p.idx], p.span, &s));
                }
            }
            // A failed batch must not cost the others their result: retry one by one.
            Err(_) => {
                for p in pending {
                    let doc = &docs[p.idx];
                    records[p.idx] = Some(match self.model.score_batch(&[p.ids.as_slice()]) {
                        Ok(mut s) => self.record(doc, p.span, &s.remove(0)),
                        Err(e) => error_record(doc, &format!("model failed: {e}")),
                    });
                }
            }
        }
        records
            .into_iter()
            .map(|r| r.expect("every document has a record"))
            .collect()
    }

    /// The span to score, `None` when the document holds no conferral statement, or an
    /// error message for unreadable input.
    fn prepare(&self, doc: &Document) -> Result<Option<Span>, String> {
        let text = doc.text.as_ref().map_err(|e| e.to_string())?;
        if text.trim().is_empty() {
            return Err(format!("{}: the document is empty", doc.source));
        }
        if self.opts.statement_mode {
            return Ok(Span::from_byte_range(text, 0, text.len()));
        }
        Ok(locate::locate(text).and_then(|c| Span::from_byte_range(text, c.start, c.end)))
    }

    fn record(&self, doc: &Document, span: Span, s: &Scored) -> Record {
        let (verdict, reasons) = self.opts.decider.decide(s);
        let mut r = base(
            doc,
            Record::scored(&doc.id, &doc.source, verdict, s.prob, span),
        )
        .with_reasons(reasons);
        r.extra.insert("elements".into(), elements_json(s));
        if s.tokens >= self.model.encoder().max_len() {
            r.reasons.push(format!(
                "statement truncated to its first {} tokens",
                self.model.encoder().max_len()
            ));
        }
        r
    }
}

fn elements_json(s: &Scored) -> Value {
    let m: serde_json::Map<String, Value> = crate::dataset::ELEMENTS
        .iter()
        .zip(s.elements)
        .map(|(k, p)| (k.to_string(), json!((p * 1000.0).round() / 1000.0)))
        .collect();
    Value::Object(m)
}

/// Adds what every record of a document carries: its input fields and notes.
fn base(doc: &Document, r: Record) -> Record {
    let mut r = r.with_extra(doc.extra.clone());
    if !doc.notes.is_empty() {
        r.extra.insert("notes".into(), json!(doc.notes));
    }
    r
}

fn error_record(doc: &Document, msg: &str) -> Record {
    base(doc, Record::error(&doc.id, &doc.source, msg))
}

/// Whether a verdict counts as flagged for `--fail-on-flag`.
pub fn is_flagged(v: &Verdict) -> bool {
    matches!(v, Verdict::Insufficient | Verdict::NoCertificate)
}
