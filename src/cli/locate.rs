//! `conferral locate`: the located statements only, with offsets.

use anyhow::{Context, Result};

use conferral::read::input::{self};

use crate::cli::args::*;
use crate::cli::common::*;

pub(super) fn locate(a: LocateArgs) -> Result<i32> {
    // Weights from a file (to inspect a newly trained tagger), else the embedded ones.
    let own = match &a.tagger {
        Some(path) => Some(
            conferral::find::locate::Tagger::from_bytes(
                &std::fs::read(path).with_context(|| format!("reading {}", path.display()))?,
            )
            .with_context(|| format!("{}", path.display()))?,
        ),
        None => None,
    };
    let tagger = match &own {
        Some(t) => Some(t),
        None => conferral::find::locate::Tagger::embedded(),
    };
    // The unit encoder re-reads the sentences the tagger leaves uncertain, as screening does.
    let encoder: Option<&dyn conferral::find::locate::Rescore> = if a.no_encoder {
        None
    } else {
        conferral::model::unit_encoder::UnitEncoder::embedded().map(|e| e as _)
    };
    let mut failed = false;
    let out = std::io::stdout();
    let mut out = out.lock();
    let mut walk = input::documents(&a.input.inputs, &input_options(&a.input));
    for doc in walk.by_ref() {
        let line = match &doc.text {
            Err(e) => {
                failed = true;
                serde_json::json!({"id": doc.id, "source": doc.source, "error": e.to_string()})
            }
            Ok(text) => {
                // Every statement (e.g. a Rule 37(a)(1) certification and a local-rule
                // certificate), or with --all every candidate, weak ones included.
                let cands = if a.all {
                    conferral::find::locate::candidates_rescored(text, tagger, encoder)
                        .into_iter()
                        .map(|(c, _)| c)
                        .collect()
                } else {
                    conferral::find::locate::locate_all_rescored(text, tagger, encoder)
                };
                let pdf = input::is_pdf_source(&doc.source);
                let statements: Vec<_> = cands
                    .iter()
                    .filter_map(|c| {
                        let span =
                            conferral::report::record::Span::from_byte_range(text, c.start, c.end)?
                                .with_heading(text, c.heading);
                        let mut s = serde_json::json!({
                            "start": span.start, "end": span.end, "text": span.text,
                            "heading": span.heading,
                            "confidence": c.confidence, "cue": c.cue,
                        });
                        if pdf {
                            // Pages are joined by form feeds: count them before the start.
                            s["page"] = conferral::read::pdf::page_of(text, span.start).into();
                        }
                        Some(s)
                    })
                    .collect();
                let mut line = serde_json::json!({"id": doc.id, "source": doc.source, "statements": statements});
                if a.sentences {
                    let tagger = tagger.context("the embedded locator weights do not parse")?;
                    let units = conferral::find::locate::sentence_scores(text, tagger);
                    // Where the encoder lowered a sentence's probability, the result as `encoder`.
                    let mut second: Vec<f32> = units.iter().map(|u| u.2).collect();
                    if let Some(r) = encoder {
                        let spans: Vec<(usize, usize)> = units.iter().map(|u| (u.0, u.1)).collect();
                        r.rescore(text, &spans, &mut second);
                    }
                    let scored: Vec<_> = units
                        .into_iter()
                        .zip(second)
                        .filter_map(|((s, e, p), q)| {
                            let span = conferral::report::record::Span::from_byte_range(text, s, e)?;
                            let mut v = serde_json::json!({"start": span.start, "end": span.end, "p": p, "text": span.text});
                            if q != p {
                                v["encoder"] = q.into();
                            }
                            Some(v)
                        })
                        .collect();
                    line["sentences"] = scored.into();
                }
                if !doc.notes.is_empty() {
                    line["notes"] = serde_json::json!(doc.notes);
                }
                line
            }
        };
        use std::io::Write;
        writeln!(out, "{line}")?;
    }
    // No silent skips: what the directory walks passed over, as score says it.
    let mut summary = conferral::report::output::Summary::new();
    summary.set_skipped(walk.skipped());
    if let Some(line) = summary.skipped_line(&input::read_extensions()) {
        eprintln!("{line}");
    }
    Ok(if failed { 2 } else { 0 })
}
