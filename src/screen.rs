//! The document pipeline: document -> locate -> tokenize -> model -> decider -> record.
//!
//! [`Screener`] loads a model once and screens documents in batches; every document yields
//! exactly one [`Record`], in input order, whatever goes wrong with it.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde_json::{json, Value};

use crate::judge::decide::Decider;
use crate::model::classifier::{Model, Scored};
use crate::model::unit_encoder;
use crate::read::input::Document;
use crate::report::record::{Record, Span};

#[derive(Clone, Debug)]
pub struct ScreenOptions {
    /// Treat each text as the statement itself (skip locating).
    pub statement_mode: bool,
    pub decider: Decider,
    /// Statements per forward pass.
    pub batch_size: usize,
    /// Threads that locate, tokenize and score side by side (each forward pass runs on
    /// one of them; see `conferral score --threads`).
    pub workers: usize,
}

pub struct Screener {
    model: Model,
    opts: ScreenOptions,
}

/// A document after locating and tokenizing ([`Screener::prepare`]): its record when it needs
/// no model, else its statements awaiting scores.
pub enum Prepared {
    Done(Record),
    Pending(Statements),
}

/// Every located statement of a document, in document order, with its token ids.
#[derive(Clone, Debug)]
pub struct Statements {
    pub spans: Vec<Span>,
    pub ids: Vec<Vec<u32>>,
}

/// A statement's score, its error, or `None` when a stopped run did not reach it.
type StatementScore = Option<Result<Scored, String>>;

/// A document whose statements await scoring.
struct Pending {
    idx: usize,
    /// Every located statement, in document order, with its token ids.
    spans: Vec<Span>,
    ids: Vec<Vec<u32>>,
}

impl Screener {
    pub fn new(model: Model, opts: ScreenOptions) -> Self {
        // Load the locator's unit encoder now, before the workers start, so that the first
        // motion does not wait for it.
        if !opts.statement_mode {
            let _ = unit_encoder::UnitEncoder::embedded();
        }
        Screener { model, opts }
    }

    /// A screener that judges by `model`'s calibrated thresholds (and each document's
    /// detected court profile).
    pub fn with_calibrated(
        model: Model,
        statement_mode: bool,
        batch_size: usize,
        workers: usize,
    ) -> Self {
        let decider = Self::default_decider(&model);
        Screener::new(
            model,
            ScreenOptions {
                statement_mode,
                decider,
                batch_size,
                workers,
            },
        )
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn options(&self) -> &ScreenOptions {
        &self.opts
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
        self.screen_until(docs, &|| false)
    }

    /// Like [`Self::screen`], but asks `stop` before each forward pass. Once it says yes,
    /// returns only the records of the longest complete prefix of `docs`: a stopped run
    /// (SIGINT, SIGTERM) then writes whole records in input order, and a resumed run scores
    /// the rest. Forward passes in progress are finished, so a stop waits for at most one
    /// per worker.
    pub fn screen_until(
        &self,
        docs: Vec<Document>,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Vec<Record> {
        let prepared = self.prepare_all(&docs);
        self.screen_prepared_until(docs, prepared, stop)
    }

    /// Locates and tokenizes `docs` on the workers ([`Self::prepare`] of each, in order).
    /// A caller may run it for the next chunk while [`Self::screen_prepared_until`] scores
    /// this one (`conferral score` does).
    pub fn prepare_all(&self, docs: &[Document]) -> Vec<Prepared> {
        let statement_mode = self.opts.statement_mode;
        par_map(docs, self.opts.workers.max(1), |doc| {
            self.prepare(doc, statement_mode)
        })
    }

    /// [`Self::screen_until`] of documents already prepared by [`Self::prepare_all`].
    pub fn screen_prepared_until(
        &self,
        docs: Vec<Document>,
        prepared: Vec<Prepared>,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Vec<Record> {
        assert_eq!(docs.len(), prepared.len(), "one preparation per document");
        let workers = self.opts.workers.max(1);
        let mut records: Vec<Option<Record>> = vec![None; docs.len()];
        let mut pending = Vec::new();
        for (idx, p) in prepared.into_iter().enumerate() {
            match p {
                Prepared::Done(r) => records[idx] = Some(r),
                Prepared::Pending(Statements { spans, ids }) => {
                    pending.push(Pending { idx, spans, ids })
                }
            }
        }
        // Every statement of every pending document, as (document, statement).
        let flat: Vec<(usize, usize)> = pending
            .iter()
            .enumerate()
            .flat_map(|(i, p)| (0..p.ids.len()).map(move |j| (i, j)))
            .collect();
        let seqs: Vec<&[u32]> = flat
            .iter()
            .map(|&(i, j)| pending[i].ids[j].as_slice())
            .collect();
        // Batched as `Model::score_encoded` does (neighbours in length: least padding).
        // Workers take the next batch from a shared counter (batches differ in cost), each
        // asking `stop` before it starts one; the longest go first, so that the last batches,
        // which one worker may finish alone while the others wait, are the shortest.
        let mut order: Vec<usize> = (0..seqs.len()).collect();
        order.sort_by_key(|&k| std::cmp::Reverse(seqs[k].len()));
        let batches: Vec<&[usize]> = order.chunks(self.opts.batch_size.max(1)).collect();
        let next = AtomicUsize::new(0);
        let stopped = AtomicBool::new(false);
        let work = || {
            let mut done: Vec<(usize, Result<Scored, String>)> = Vec::new();
            loop {
                if stopped.load(Ordering::Relaxed) || stop() {
                    stopped.store(true, Ordering::Relaxed);
                    break;
                }
                let Some(batch) = batches.get(next.fetch_add(1, Ordering::Relaxed)) else {
                    break;
                };
                let these: Vec<&[u32]> = batch.iter().map(|&k| seqs[k]).collect();
                done.extend(batch.iter().copied().zip(self.score_seqs(&these)));
            }
            done
        };
        let results = on_threads(workers.min(batches.len()).max(1), work);
        let mut scores: Vec<Vec<StatementScore>> =
            pending.iter().map(|p| vec![None; p.ids.len()]).collect();
        for (k, s) in results.into_iter().flatten() {
            let (i, j) = flat[k];
            scores[i][j] = Some(s);
        }
        let finished: Vec<(usize, Option<Record>)> = {
            let items: Vec<(Pending, Vec<StatementScore>)> =
                pending.into_iter().zip(scores).collect();
            par_map(&items, workers, |(p, s)| {
                let doc = &docs[p.idx];
                // A statement not scored (stopped run): the document waits for a resume.
                let r = s.iter().all(Option::is_some).then(|| match best_scored(s) {
                    Ok(best) => self.finish(doc, &p.spans, s, best, &self.opts.decider),
                    Err(msg) => error_record(doc, &msg),
                });
                (p.idx, r)
            })
        };
        for (idx, r) in finished {
            records[idx] = r;
        }
        if stopped.into_inner() {
            return records.into_iter().map_while(|r| r).collect();
        }
        records
            .into_iter()
            .map(|r| r.expect("every document has a record"))
            .collect()
    }

    /// Scores one forward pass of statements (token ids), one result each, in order; a
    /// failed batch must not cost the others their result, so it is retried one by one.
    pub fn score_seqs(&self, seqs: &[&[u32]]) -> Vec<Result<Scored, String>> {
        match self.model.score_batch(seqs) {
            Ok(s) => s.into_iter().map(Ok).collect(),
            Err(_) => seqs
                .iter()
                .map(|&seq| {
                    self.model
                        .score_batch(&[seq])
                        .map(|mut s| s.remove(0))
                        .map_err(|e| format!("model failed: {e}"))
                })
                .collect(),
        }
    }

    /// A document's record when it needs no model (no statement, unreadable, untokenizable),
    /// else its statements and their token ids. `statement_mode`: the text is the statement.
    pub fn prepare(&self, doc: &Document, statement_mode: bool) -> Prepared {
        match self.spans(doc, statement_mode) {
            // Several statements (e.g. a Rule 37(a)(1) certification and a local-rule
            // certificate) are scored one by one; the verdict uses the best supported.
            Ok(spans) if !spans.is_empty() => {
                let ids: Result<Vec<Vec<u32>>, _> = spans
                    .iter()
                    .map(|s| self.model.encoder().encode(&s.text))
                    .collect();
                match ids {
                    Ok(ids) => Prepared::Pending(Statements { spans, ids }),
                    Err(e) => Prepared::Done(error_record(doc, &e.to_string())),
                }
            }
            Ok(_) => Prepared::Done(base(doc, Record::no_certificate(&doc.id, &doc.source))),
            Err(msg) => Prepared::Done(error_record(doc, &msg)),
        }
    }

    /// The statements to score (none: the document holds no conferral statement), or an
    /// error message for unreadable input.
    fn spans(&self, doc: &Document, statement_mode: bool) -> Result<Vec<Span>, String> {
        let text = doc.text.as_ref().map_err(|e| e.to_string())?;
        if text.trim().is_empty() {
            return Err(format!("{}: the document is empty", doc.source));
        }
        if statement_mode {
            return Ok(Span::from_byte_range(text, 0, text.len())
                .into_iter()
                .collect());
        }
        Ok(unit_encoder::locate_all(text)
            .into_iter()
            .filter_map(|c| {
                Span::from_byte_range(text, c.start, c.end).map(|s| s.with_heading(text, c.heading))
            })
            .collect())
    }

    /// The record of a prepared document from the scores of its statements (in the order of
    /// `st`), judged by `decider`: the best-supported statement's, or an error record when
    /// none could be scored.
    pub fn complete(
        &self,
        doc: &Document,
        st: &Statements,
        scores: Vec<Result<Scored, String>>,
        decider: &Decider,
    ) -> Record {
        let scores: Vec<StatementScore> = scores.into_iter().map(Some).collect();
        if scores.len() != st.spans.len() {
            return error_record(doc, "internal: a statement has no score");
        }
        match best_scored(&scores) {
            Ok(best) => self.finish(doc, &st.spans, &scores, best, decider),
            Err(msg) => error_record(doc, &msg),
        }
    }

    /// The record of a scored document: [`Self::record`] of its best-supported statement
    /// (`best`), plus every statement with its score and, for a PDF, the page each starts on.
    fn finish(
        &self,
        doc: &Document,
        spans: &[Span],
        scores: &[StatementScore],
        best: usize,
        decider: &Decider,
    ) -> Record {
        let Some(Ok(s)) = &scores[best] else {
            return error_record(doc, "internal: the chosen statement has no score");
        };
        let mut r = self.record(doc, spans[best].clone(), s, decider);
        if let (Ok(text), true) = (&doc.text, crate::read::input::is_pdf_source(&doc.source)) {
            let pages: Vec<usize> = spans
                .iter()
                .map(|sp| crate::read::pdf::page_of(text, sp.start))
                .collect();
            r.extra.insert("pages".into(), json!(pages));
        }
        if spans.len() > 1 {
            let listed: Vec<Value> = spans
                .iter()
                .zip(scores)
                .map(|(sp, sc)| {
                    let mut v = json!(sp);
                    v["score"] = match sc {
                        Some(Ok(s)) => json!(s.prob),
                        _ => Value::Null,
                    };
                    v
                })
                .collect();
            r.extra.insert("statements".into(), Value::Array(listed));
            r.extra.insert("statement_index".into(), json!(best));
            let what = spans[best].heading.as_ref().map_or_else(
                || "without a heading".to_string(),
                |h| format!("\"{}\"", h.text),
            );
            r.reasons.push(format!(
                "{} conferral statements found; the verdict uses the best supported, number {} ({what})",
                spans.len(),
                best + 1
            ));
        }
        r
    }

    /// The record of a scored statement: thresholds, then the court profile (given with
    /// `--court` through the decider, else detected from the caption) checked against the
    /// rule evidence of the statement merged with the element head.
    fn record(&self, doc: &Document, span: Span, s: &Scored, decider: &Decider) -> Record {
        // Element evidence is found once here and handed forward: the rule evidence, then
        // its merge with the element head, which the decider reads and the record shows.
        let evidence = crate::find::elements::detect(&span.text);
        let merged = crate::judge::decide::merge_elements(s, &evidence);
        let (verdict, reasons, elements, profile) =
            match crate::judge::profiles::Registry::embedded() {
                Ok(reg) => {
                    let text = doc.text.as_deref().unwrap_or("");
                    let choice = crate::judge::court::choose(reg, decider.court, text);
                    let d = decider.decide_in(reg, s, &evidence, merged, &choice);
                    let (elements, profile) = (d.elements_json(), Some(d.profile_json()));
                    (d.verdict, d.reasons, elements, profile)
                }
                // Unreachable with the tested embedded profiles; scored without them if so.
                Err(e) => {
                    let (v, mut reasons) = decider.decide(s);
                    reasons.push(format!("court profiles not applied: {e}"));
                    let elements = merged
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

/// `f` over `items`, results in order, on up to `workers` scoped threads that each take the
/// next item from a shared counter (documents differ in cost: a 40-page motion beside
/// one-page ones would leave a contiguous slice's worker alone at the end).
fn par_map<T: Sync, R: Send>(items: &[T], workers: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if workers <= 1 || items.len() < 2 {
        return items.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let parts = on_threads(workers.min(items.len()), work);
    let mut out: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    for (i, r) in parts.into_iter().flatten() {
        out[i] = Some(r);
    }
    out.into_iter()
        .map(|r| r.expect("every item mapped"))
        .collect()
}

/// `work` on `n` scoped threads at once (the calling one among them); their results.
fn on_threads<R: Send>(n: usize, work: impl Fn() -> R + Sync) -> Vec<R> {
    if n <= 1 {
        return vec![work()];
    }
    std::thread::scope(|s| {
        let others: Vec<_> = (1..n).map(|_| s.spawn(&work)).collect();
        let mut out = vec![work()];
        out.extend(
            others
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))),
        );
        out
    })
}

/// Adds what every record of a document carries: its input fields and notes.
fn base(doc: &Document, r: Record) -> Record {
    let mut r = r.with_extra(doc.extra.clone());
    if !doc.notes.is_empty() {
        r.extra.insert("notes".into(), json!(doc.notes));
    }
    r
}

/// The statement with the highest score (the first on ties); an error only when none could
/// be scored.
fn best_scored(scores: &[StatementScore]) -> Result<usize, String> {
    let mut best: Option<(usize, f32)> = None;
    let mut first_err = None;
    for (j, s) in scores.iter().enumerate() {
        match s {
            Some(Ok(s)) if best.is_none_or(|(_, p)| s.prob > p) => best = Some((j, s.prob)),
            Some(Err(e)) if first_err.is_none() => first_err = Some(e.clone()),
            _ => {}
        }
    }
    best.map(|(j, _)| j)
        .ok_or_else(|| first_err.unwrap_or_else(|| "no statement was scored".to_string()))
}

fn error_record(doc: &Document, msg: &str) -> Record {
    base(doc, Record::error(&doc.id, &doc.source, msg))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::record::Verdict;

    /// A tiny random classifier (mechanics only) with the embedded model's tokenizer.
    fn tiny_screener(batch_size: usize, workers: usize) -> Screener {
        let dir = tempfile::tempdir().unwrap();
        crate::model::train::tiny_trainee(7)
            .save(dir.path())
            .unwrap();
        Screener::with_calibrated(
            Model::load_dir(dir.path()).unwrap(),
            true,
            batch_size,
            workers,
        )
    }

    fn doc(id: &str, text: &str) -> Document {
        Document {
            id: id.into(),
            source: id.into(),
            text: Ok(text.into()),
            notes: Vec::new(),
            extra: Default::default(),
        }
    }

    /// Texts of growing length, so the shortest-first batches follow input order.
    fn docs() -> Vec<Document> {
        let mut docs = vec![doc("empty", "  ")];
        let mut text = String::from("Counsel conferred by phone.");
        for i in 0..5 {
            docs.push(doc(&format!("d{i}"), &text));
            text.push_str(" The parties could not agree.");
        }
        docs
    }

    #[test]
    fn a_stop_keeps_only_the_complete_prefix() {
        let s = tiny_screener(1, 1);
        // Longest first in input order, as passes take the longest statements first.
        let docs = || {
            let mut d = docs();
            d[1..].reverse();
            d
        };
        let whole = s.screen(docs());
        assert_eq!(whole.len(), 6);
        assert_eq!(whole[0].verdict, Verdict::Error);
        // Two forward passes (one statement each) are allowed, then the stop is heard.
        let passes = AtomicUsize::new(0);
        let stop = || passes.fetch_add(1, Ordering::SeqCst) >= 2;
        let part = s.screen_until(docs(), &stop);
        let ids: Vec<&str> = part.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["empty", "d4", "d3"]);
        for (a, b) in part.iter().zip(&whole) {
            assert_eq!(a.verdict, b.verdict);
            assert!((a.score.unwrap_or(0.0) - b.score.unwrap_or(0.0)).abs() < 1e-6);
        }
        // Stopped before any pass: only the records that need no model.
        assert_eq!(s.screen_until(docs(), &|| true).len(), 1);
        assert_eq!(s.screen_until(Vec::new(), &|| true).len(), 0);
    }

    #[test]
    fn workers_give_the_records_of_one_worker_in_input_order() {
        // Interleave lengths so that shortest-first batches do not follow input order.
        let mut many = Vec::new();
        for round in 0..7 {
            for (i, d) in docs().into_iter().enumerate().rev() {
                many.push(doc(&format!("r{round}-{i}"), d.text.as_deref().unwrap()));
            }
        }
        let one = tiny_screener(3, 1).screen(many.clone());
        for workers in [2, 3, 8] {
            let par = tiny_screener(3, workers).screen(many.clone());
            assert_eq!(par.len(), many.len());
            for (a, b) in par.iter().zip(&one) {
                assert_eq!(a.id, b.id);
                assert_eq!(a.verdict, b.verdict);
                assert_eq!(a.score, b.score, "{}: same batches, same numbers", a.id);
            }
        }
    }

    #[test]
    fn a_stop_with_workers_still_keeps_a_gap_free_prefix() {
        let many: Vec<Document> = (0..40)
            .map(|i| {
                doc(
                    &format!("d{i}"),
                    &"Counsel conferred by phone. ".repeat(1 + i % 5),
                )
            })
            .collect();
        let s = tiny_screener(2, 3);
        let whole = s.screen(many.clone());
        let passes = AtomicUsize::new(0);
        let part = s.screen_until(many.clone(), &|| passes.fetch_add(1, Ordering::SeqCst) >= 5);
        assert!(part.len() < many.len());
        for (a, b) in part.iter().zip(&whole) {
            assert_eq!(a.id, b.id);
            assert_eq!(a.score, b.score);
        }
    }
}
