//! `conferral score`: screen documents, write one record each.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use conferral::read::input::{self};
use conferral::report::output::{Format, RecordWriter, Summary};
use conferral::report::record::{Record, Verdict};
use conferral::screen::{Prepared, ScreenOptions, Screener};

use crate::cli::args::*;
use crate::cli::common::*;

/// Without --resume: stdout, or a temporary file renamed into place at the end. With it:
/// whole lines appended to the file itself, which a stopped run leaves consistent.
enum Sink {
    Records(RecordWriter),
    Append(conferral::report::resume::AppendLog),
}

pub(super) fn score(a: ScoreArgs) -> Result<i32> {
    for (name, v) in [
        ("--flag-below", a.flag_below),
        ("--pass-above", a.pass_above),
    ] {
        if v.is_some_and(|v| !(0.0..=1.0).contains(&v)) {
            bail!("{name} must be between 0 and 1");
        }
    }
    let shard =
        conferral::report::shard::resolve(a.shard, a.shard_count, |k| std::env::var(k).ok())?;
    let resume_path = match (a.resume, a.output.as_deref()) {
        (false, _) => None,
        (true, Some(p)) if p.as_os_str() != "-" => Some(p),
        (true, _) => bail!("--resume needs --output FILE (it continues that file)"),
    };
    if let (Some(_), Some(f @ (FormatArg::Csv | FormatArg::Table | FormatArg::Html))) =
        (resume_path, a.format)
    {
        bail!(
            "--resume writes JSON Lines only, not {}: drop --format or use --format jsonl",
            format!("{f:?}").to_lowercase()
        );
    }
    if let Some(path) = resume_path {
        // Appending to a file the inputs walk would feed the output back in, without end.
        let canon = |p: &Path| -> Option<std::path::PathBuf> {
            let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
            let dir = std::fs::canonicalize(parent.unwrap_or(Path::new("."))).ok()?;
            Some(dir.join(p.file_name()?))
        };
        let out = canon(path);
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let walked = input::read_extensions().contains(&ext.to_ascii_lowercase().as_str());
        for i in a.input.inputs.iter().filter(|i| i.as_os_str() != "-") {
            let Ok(inp) = std::fs::canonicalize(i) else {
                continue;
            };
            if out
                .as_ref()
                .is_some_and(|o| *o == inp || (walked && inp.is_dir() && o.starts_with(&inp)))
            {
                bail!(
                    "--output {} is read as input ({}): with --resume it would score its own records; write it elsewhere",
                    path.display(),
                    i.display()
                );
            }
        }
    }
    // Before any work, so that a signal during model loading is heard too.
    let stop =
        crate::cli::signals::Stop::install().context("installing the SIGINT/SIGTERM handler")?;
    let workers = workers(a.threads);
    let model_threads = a.model_threads.map_or(
        match a.engine {
            EngineArg::Candle => 1,
            EngineArg::Onnx => workers,
        },
        usize::from,
    );
    set_model_threads(model_threads);
    // Start-up time: compile the court profiles' patterns on another core while the model
    // loads (the registry is built once; a failure resurfaces where it is first used).
    std::thread::spawn(|| conferral::judge::profiles::Registry::embedded().is_ok());
    let engine = match a.engine {
        EngineArg::Candle => None,
        EngineArg::Onnx => Some(onnx_engine(
            a.model.dir.as_deref(),
            a.onnx.as_deref(),
            workers,
            model_threads,
        )?),
    };
    let model = load_model_on(a.model.dir.as_deref(), engine, a.model.precision)?;
    let mut decider = Screener::default_decider(&model);
    if let Some(f) = a.flag_below {
        decider.flag = f;
    }
    if let Some(p) = a.pass_above {
        decider.pass = p;
    }
    if let Some(id) = a.court.as_deref() {
        decider = decider.with_court(id)?;
    }
    if decider.flag > decider.pass {
        let from = |given: Option<f32>, flag: &str| match given {
            Some(_) => flag.to_string(),
            None => "the model's calibration".to_string(),
        };
        bail!(
            "the flag threshold {} ({}) must not exceed the pass threshold {} ({})",
            decider.flag,
            from(a.flag_below, "--flag-below"),
            decider.pass,
            from(a.pass_above, "--pass-above")
        );
    }
    let report_meta = conferral::report::html::ReportMeta::new(
        &model.origin,
        decider.flag,
        decider.pass,
        a.court.clone(),
    );
    let screener = Screener::new(
        model,
        ScreenOptions {
            statement_mode: a.statement,
            decider,
            batch_size: a.batch_size.max(1),
            workers,
        },
    );
    let stdout_tty = std::io::stdout().is_terminal();
    let format = match a.format {
        Some(FormatArg::Jsonl) => Format::Jsonl,
        Some(FormatArg::Csv) => Format::Csv,
        Some(FormatArg::Table) => Format::Table,
        Some(FormatArg::Html) => Format::Html,
        None => Format::default_for_terminal(stdout_tty && a.output.is_none()),
    };
    let (mut sink, done) = match resume_path {
        Some(path) => {
            let (log, done) = conferral::report::resume::open(path)?;
            if !a.quiet && (done.records > 0 || done.dropped_bytes > 0) {
                eprintln!(
                    "resuming {}: {} records already there{}",
                    path.display(),
                    done.records,
                    if done.dropped_bytes > 0 {
                        format!(", cut a partial last record ({} bytes)", done.dropped_bytes)
                    } else {
                        String::new()
                    }
                );
            }
            (Sink::Append(log), Some(done))
        }
        None => (
            Sink::Records(
                RecordWriter::new(format, a.output.as_deref())?.with_html_meta(report_meta.clone()),
            ),
            None,
        ),
    };
    if let (Some((s, origin)), false) = (shard, a.quiet) {
        eprintln!("scoring shard {s} (from {origin}; --shard 0/1 scores every document)");
    }
    let progress = if !a.quiet && std::io::stderr().is_terminal() {
        let pb = ProgressBar::new_spinner();
        pb.set_style(ProgressStyle::with_template(
            "{spinner} {pos} documents {per_sec} {msg}",
        )?);
        pb
    } else {
        ProgressBar::hidden()
    };
    let started = Instant::now();
    let mut summary = Summary::default();
    let (mut flagged, mut failed) = done
        .as_ref()
        .map_or((false, false), |d| (d.flagged, d.failed));
    // Documents of other shards, and those a resumed run already wrote, are left out by the
    // reader itself: for a file, before it is read (OCR of a scan takes seconds a page).
    let done = Arc::new(Mutex::new(done));
    let skipped = Arc::new(AtomicUsize::new(0));
    let gate: input::Gate = {
        let (done, skipped) = (done.clone(), skipped.clone());
        let shard = shard.map(|(s, _)| s);
        Box::new(move |source: &str, id: &str| {
            if shard.is_some_and(|s| !s.owns(id)) {
                return false;
            }
            let seen = done
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .as_mut()
                .is_some_and(|done| done.take(source, id));
            if seen {
                skipped.fetch_add(1, Ordering::Relaxed);
            }
            !seen
        })
    };
    let mut walk = input::documents(&a.input.inputs, &input_options(&a.input)).gated(gate);

    let mut report = match a.report.as_deref() {
        Some(p) => Some(RecordWriter::new(Format::Html, Some(p))?.with_html_meta(report_meta)),
        None => None,
    };
    let mut write = |records: Vec<Record>, sink: &mut Sink| -> Result<()> {
        for r in &records {
            flagged |= r.verdict.is_flagged();
            failed |= r.verdict == Verdict::Error;
            summary.add(r);
        }
        match sink {
            Sink::Records(w) => {
                for r in &records {
                    w.write(r)?;
                }
            }
            Sink::Append(log) => log.append(&records)?,
        }
        if let Some(w) = report.as_mut() {
            for r in &records {
                w.write(r)?;
            }
        }
        progress.inc(records.len() as u64);
        Ok(())
    };
    // Three stages overlap: reading (PDF text layers, OCR, Word files) runs on its own
    // thread; each chunk is located and tokenized while the chunk before runs its forward
    // passes. The reader hands the walk back at the end: what the directory walks skipped
    // is read after the loop.
    let (tx, rx) = std::sync::mpsc::sync_channel::<input::Document>(CHUNK);
    let reader = std::thread::spawn(move || {
        for doc in walk.by_ref() {
            if stop.requested() || tx.send(doc).is_err() {
                break;
            }
        }
        walk
    });
    // Scores `ready` (on a signal: the records of its finished prefix, in order) while
    // `next` is prepared beside it.
    let screener = &screener;
    let step = |ready: Option<(Vec<input::Document>, Vec<Prepared>)>,
                next: Vec<input::Document>| {
        std::thread::scope(|s| {
            let preparing = s.spawn(move || {
                let prepared = screener.prepare_all(&next);
                (next, prepared)
            });
            let records = ready
                .map(|(docs, p)| screener.screen_prepared_until(docs, p, &|| stop.requested()));
            let next = preparing
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (records, next)
        })
    };
    let mut ahead = None;
    let mut docs = rx.iter();
    loop {
        let chunk: Vec<input::Document> = docs
            .by_ref()
            .take_while(|_| !stop.requested())
            .take(CHUNK)
            .collect();
        if chunk.is_empty() || stop.requested() {
            break;
        }
        let (records, next) = step(ahead.take(), chunk);
        if let Some(records) = records {
            write(records, &mut sink)?;
        }
        ahead = Some(next);
    }
    if let Some((docs, prepared)) = ahead.take() {
        if !stop.requested() {
            write(
                screener.screen_prepared_until(docs, prepared, &|| stop.requested()),
                &mut sink,
            )?;
        }
    }
    drop(rx);
    let walk = reader
        .join()
        .unwrap_or_else(|p| std::panic::resume_unwind(p));
    summary.set_skipped(walk.skipped());
    if let Some(sig) = stop.signal() {
        progress.finish_and_clear();
        return interrupted(sig, sink, report, a.output.as_deref(), summary.total());
    }
    if let Sink::Records(w) = sink {
        w.finish()?;
    }
    if let Some(w) = report {
        w.finish()?;
    }
    progress.finish_and_clear();
    let skipped = skipped.load(Ordering::Relaxed);
    let done = done.lock().unwrap_or_else(|e| e.into_inner());
    if !a.quiet {
        if skipped > 0 {
            eprintln!("skipped {skipped} documents already in the output");
        }
        if let Some(n) = done.as_ref().map(|d| d.unmatched()).filter(|&n| n > 0) {
            eprintln!("warning: {n} records of the output match no input document (were the inputs changed?)");
        }
        eprintln!("{}", summary.line(started.elapsed()));
        if let Some(line) = summary.skipped_line(&input::read_extensions()) {
            eprintln!("{line}");
        }
    }
    Ok(if failed {
        2
    } else if flagged && a.fail_on_flag {
        1
    } else {
        0
    })
}

/// Ends a run stopped by `sig` after `done` documents: what was written stays consistent,
/// and the message says what to do next. Exit code 128 + `sig` (130 SIGINT, 143 SIGTERM).
fn interrupted(
    sig: i32,
    sink: Sink,
    report: Option<RecordWriter>,
    output: Option<&Path>,
    done: usize,
) -> Result<i32> {
    let what = format!(
        "conferral: interrupted by {}: stopped after {done} documents",
        crate::cli::signals::name(sig)
    );
    let output = output.filter(|p| p.as_os_str() != "-");
    match (sink, output) {
        // Every record is already appended and synced; dropping the log unlocks the file.
        (Sink::Append(log), _) => {
            if let Some(w) = report {
                w.finish()?;
            }
            eprintln!(
                "{what}; {} holds only complete records: rerun the same command (with --resume) to continue",
                log.path().display()
            );
        }
        // Written only whole: dropping the writer removes its temporary file, and an older
        // output (or none) stays in place rather than a partial one under the final name.
        (Sink::Records(w), Some(path)) => {
            drop((w, report));
            eprintln!(
                "{what}; {} was not written (it is only written whole; --resume keeps the progress of a stopped run)",
                path.display()
            );
        }
        // Standard output: the records written so far are complete; flush them.
        (Sink::Records(w), None) => {
            drop(report);
            w.finish()?;
            eprintln!("{what}; the records written are complete");
        }
    }
    Ok(crate::cli::signals::exit_code(sig))
}
