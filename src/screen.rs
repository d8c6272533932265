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
    /// Every located statement; the first is the record's `statement`.
    spans: Vec<Span>,
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
                // Several statements (e.g. a Rule 37(a)(1) certification and a local-rule
                // certificate) are judged together: the showing is their union.
                Ok(spans) if !spans.is_empty() => {
                    let joined: Vec<&str> = spans.iter().map(|s| s.text.as_str()).collect();
                    match self.model.encoder().encode(&joined.join("\n\n")) {
                        Ok(ids) => pending.push(Pending { idx, spans, ids }),
                        Err(e) => records[idx] = Some(error_record(doc, &e.to_string())),
                    }
                }
                Ok(_) => {
                    records[idx] = Some(base(doc, Record::no_certificate(&doc.id, &doc.source)))
                }
                Err(msg) => records[idx] = Some(error_record(doc, &msg)),
            }
        }
        let seqs: Vec<Vec<u32>> = pending.iter().map(|p| p.ids.clone()).collect();
        match self.model.score_encoded(&seqs, self.opts.batch_size) {
            Ok(scores) => {
                for (p, s) in pending.into_iter().zip(scores) {
                    records[p.idx] = Some(self.finish(&docs[p.idx], p.spans, &s));
                }
            }
            // A failed batch must not cost the others their result: retry one by one.
            Err(_) => {
                for p in pending {
                    let doc = &docs[p.idx];
                    records[p.idx] = Some(match self.model.score_batch(&[p.ids.as_slice()]) {
                        Ok(mut s) => self.finish(doc, p.spans, &s.remove(0)),
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

    /// The statements to score (none: the document holds no conferral statement), or an
    /// error message for unreadable input.
    fn prepare(&self, doc: &Document) -> Result<Vec<Span>, String> {
        let text = doc.text.as_ref().map_err(|e| e.to_string())?;
        if text.trim().is_empty() {
            return Err(format!("{}: the document is empty", doc.source));
        }
        if self.opts.statement_mode {
            return Ok(Span::from_byte_range(text, 0, text.len())
                .into_iter()
                .collect());
        }
        Ok(locate::locate_all(text)
            .into_iter()
            .filter_map(|c| Span::from_byte_range(text, c.start, c.end))
            .collect())
    }

    /// The record of a scored document: [`Self::record`] plus every statement and, for a
    /// PDF, the page each starts on.
    fn finish(&self, doc: &Document, spans: Vec<Span>, s: &Scored) -> Record {
        let mut r = self.record(doc, spans[0].clone(), s);
        if let (Ok(text), true) = (&doc.text, crate::input::is_pdf_source(&doc.source)) {
            let pages: Vec<usize> = spans
                .iter()
                .map(|sp| crate::pdf::page_of(text, sp.start))
                .collect();
            r.extra.insert("pages".into(), json!(pages));
        }
        if spans.len() > 1 {
            r.extra.insert("statements".into(), json!(spans));
        }
        r
    }

    /// The record of a scored statement: thresholds, then the court profile (given with
    /// `--court` through the decider, else detected from the caption) checked against the
    /// rule evidence of the statement merged with the element head.
    fn record(&self, doc: &Document, span: Span, s: &Scored) -> Record {
        let evidence = crate::elements::detect(&span.text);
        let (verdict, reasons, elements, profile) = match crate::profiles::Registry::embedded() {
            Ok(reg) => {
                let text = doc.text.as_deref().unwrap_or("");
                let choice = crate::court::choose(reg, self.opts.decider.court, text);
                let d = self.opts.decider.decide_in(reg, s, &evidence, &choice);
                let (elements, profile) = (d.elements_json(), Some(d.profile_json()));
                (d.verdict, d.reasons, elements, profile)
            }
            // Unreachable with the tested embedded profiles; scored without them if so.
            Err(e) => {
                let (v, mut reasons) = self.opts.decider.decide(s);
                reasons.push(format!("court profiles not applied: {e}"));
                let elements = crate::decide::merge_elements(s, &evidence)
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), json!(v)))
                    .collect::<serde_json::Map<_, _>>();
                (v, reasons, Value::Object(elements), None)
            }
        };
        let mut r = base(
            doc,
            Record::scored(&doc.id, &doc.source, verdict, s.prob, span),
        )
        .with_reasons(reasons);
        r.extra.insert("elements".into(), elements);
        if let Some(p) = profile {
            r.extra.insert("profile".into(), p);
        }
        if s.tokens >= self.model.encoder().max_len() {
            r.reasons.push(format!(
                "statement truncated to its first {} tokens",
                self.model.encoder().max_len()
            ));
        }
        r
    }
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
