//! Subcommand implementations: argument values in, library calls, output and exit code out.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use conferral::dataset::{self, Example};
use conferral::evaluate;
use conferral::input::{self, InputOptions};
use conferral::model::{MakeEngine, Model};
use conferral::output::{Format, RecordWriter, Summary};
use conferral::record::Verdict;
use conferral::screen::{is_flagged, ScreenOptions, Screener};
use conferral::train::{TrainConfig, Trainee};

use crate::cli::*;

/// Documents screened per model call: large enough to batch well, small enough to stream.
const CHUNK: usize = 256;

pub fn run(cmd: Command) -> Result<i32> {
    match cmd {
        Command::Score(a) => score(a),
        Command::Locate(a) => locate(a),
        Command::Train(a) => train(a),
        Command::Eval(a) => eval(a),
        Command::Calibrate(a) => calibrate(a),
        Command::Crossval(a) => crossval(a),
        Command::Synth(a) => synth(a),
        Command::Split(a) => split(a),
        Command::Courts(a) => courts(a),
    }
}

fn input_options(a: &InputArgs) -> InputOptions {
    InputOptions {
        id_field: a.id_field.clone(),
        text_field: a.text_field.clone(),
    }
}

pub fn load_model(dir: Option<&Path>) -> Result<Model> {
    load_model_on(dir, None)
}

/// The model's tokenizer and calibration with `engine` (`None`: candle on its weights).
fn load_model_on(dir: Option<&Path>, engine: Option<MakeEngine>) -> Result<Model> {
    Ok(match dir {
        Some(d) => Model::load_dir_on(d, engine)
            .with_context(|| format!("loading model {}", d.display()))?,
        None => Model::embedded_on(engine).context("loading the embedded model")?,
    })
}

/// Threads per forward pass; candle reads these once, at its first parallel operation.
fn set_model_threads(n: usize) {
    std::env::set_var("RAYON_NUM_THREADS", n.to_string());
    std::env::set_var("CANDLE_NUM_THREADS", n.to_string());
}

/// `--threads`, else the cores this process may use (its CPU mask or cgroup quota).
fn workers(threads: Option<u16>) -> usize {
    threads.map(usize::from).unwrap_or_else(|| {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    })
}

/// The ONNX Runtime engine for `--engine onnx`: the graph given, else `model.onnx` beside
/// the model's weights; `threads` per forward pass, and as many sessions as the workers
/// can keep busy with that (each session holds its own copy of the weights). Returns its
/// maker, run while the tokenizer loads.
#[cfg(feature = "onnx")]
fn onnx_engine(
    dir: Option<&Path>,
    onnx: Option<&Path>,
    workers: usize,
    threads: usize,
) -> Result<MakeEngine> {
    let path = match (onnx, dir) {
        (Some(p), _) => p.to_path_buf(),
        (None, Some(d)) => d.join("model.onnx"),
        (None, None) => bail!(
            "--engine onnx needs --onnx FILE with the embedded model (export one with \
             `python3 scripts/export_onnx.py --model models/conferral-minilm`)"
        ),
    };
    let sessions = (workers / threads.max(1)).max(1);
    Ok(Box::new(move || {
        let engine = conferral::engine_onnx::OnnxEngine::with_layout(&path, sessions, threads)?;
        Ok(Box::new(engine) as Box<dyn conferral::engine::Engine>)
    }))
}

#[cfg(not(feature = "onnx"))]
fn onnx_engine(_: Option<&Path>, _: Option<&Path>, _: usize, _: usize) -> Result<MakeEngine> {
    bail!(
        "this conferral was built without ONNX Runtime: rebuild with \
         `cargo build --release --features onnx` to use --engine onnx"
    )
}

/// Without --resume: stdout, or a temporary file renamed into place at the end. With it:
/// whole lines appended to the file itself, which a stopped run leaves consistent.
enum Sink {
    Records(RecordWriter),
    Append(conferral::resume::AppendLog),
}

fn score(a: ScoreArgs) -> Result<i32> {
    for (name, v) in [
        ("--flag-below", a.flag_below),
        ("--pass-above", a.pass_above),
    ] {
        if v.is_some_and(|v| !(0.0..=1.0).contains(&v)) {
            bail!("{name} must be between 0 and 1");
        }
    }
    let shard = conferral::shard::resolve(a.shard, a.shard_count, |k| std::env::var(k).ok())?;
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
        let walked = [
            input::TEXT_EXTENSIONS,
            input::JSONL_EXTENSIONS,
            input::CSV_EXTENSIONS,
            input::PDF_EXTENSIONS,
        ]
        .concat()
        .contains(&ext.to_ascii_lowercase().as_str());
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
    let stop = crate::signals::Stop::install().context("installing the SIGINT/SIGTERM handler")?;
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
    std::thread::spawn(|| conferral::profiles::Registry::embedded().is_ok());
    let engine = match a.engine {
        EngineArg::Candle => None,
        EngineArg::Onnx => Some(onnx_engine(
            a.model.as_deref(),
            a.onnx.as_deref(),
            workers,
            model_threads,
        )?),
    };
    let model = load_model_on(a.model.as_deref(), engine)?;
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
    let report_meta = conferral::html::ReportMeta::new(
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
    let (mut sink, mut done) = match resume_path {
        Some(path) => {
            let (log, done) = conferral::resume::open(path)?;
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
    let mut skipped = 0usize;
    let docs = input::documents(&a.input.inputs, &input_options(&a.input))
        .filter(|d| shard.is_none_or(|(s, _)| s.owns(&d.id)))
        .filter(|d| {
            let seen = done
                .as_mut()
                .is_some_and(|done| done.take(&d.source, &d.id));
            skipped += usize::from(seen);
            !seen
        });
    let mut report = match a.report.as_deref() {
        Some(p) => Some(RecordWriter::new(Format::Html, Some(p))?.with_html_meta(report_meta)),
        None => None,
    };
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut flush = |chunk: &mut Vec<input::Document>, sink: &mut Sink| -> Result<()> {
        // On a signal: the records of the finished prefix of the chunk, in order.
        let records = screener.screen_until(std::mem::take(chunk), &|| stop.requested());
        for r in &records {
            flagged |= is_flagged(&r.verdict);
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
    for doc in docs {
        if stop.requested() {
            break;
        }
        chunk.push(doc);
        if chunk.len() >= CHUNK {
            flush(&mut chunk, &mut sink)?;
        }
    }
    flush(&mut chunk, &mut sink)?;
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
    if !a.quiet {
        if skipped > 0 {
            eprintln!("skipped {skipped} documents already in the output");
        }
        if let Some(n) = done.as_ref().map(|d| d.unmatched()).filter(|&n| n > 0) {
            eprintln!("warning: {n} records of the output match no input document (were the inputs changed?)");
        }
        eprintln!("{}", summary.line(started.elapsed()));
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
        crate::signals::name(sig)
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
    Ok(crate::signals::exit_code(sig))
}

fn locate(a: LocateArgs) -> Result<i32> {
    let mut failed = false;
    let out = std::io::stdout();
    let mut out = out.lock();
    for doc in input::documents(&a.input.inputs, &input_options(&a.input)) {
        let line = match &doc.text {
            Err(e) => {
                failed = true;
                serde_json::json!({"id": doc.id, "source": doc.source, "error": e.to_string()})
            }
            Ok(text) => {
                // Every statement (e.g. a Rule 37(a)(1) certification and a local-rule
                // certificate), or with --all every candidate, weak ones included.
                let cands = if a.all {
                    conferral::locate::candidates(text)
                } else {
                    conferral::locate::locate_all(text)
                };
                let pdf = input::is_pdf_source(&doc.source);
                let statements: Vec<_> = cands
                    .iter()
                    .filter_map(|c| {
                        let span = conferral::record::Span::from_byte_range(text, c.start, c.end)?;
                        let mut s = serde_json::json!({
                            "start": span.start, "end": span.end, "text": span.text,
                            "confidence": c.confidence, "cue": c.cue,
                        });
                        if pdf {
                            // Pages are joined by form feeds: count them before the start.
                            s["page"] = conferral::pdf::page_of(text, span.start).into();
                        }
                        Some(s)
                    })
                    .collect();
                let mut line = serde_json::json!({"id": doc.id, "source": doc.source, "statements": statements});
                if !doc.notes.is_empty() {
                    line["notes"] = serde_json::json!(doc.notes);
                }
                line
            }
        };
        use std::io::Write;
        writeln!(out, "{line}")?;
    }
    Ok(if failed { 2 } else { 0 })
}

fn train_config(h: &HyperArgs) -> TrainConfig {
    TrainConfig {
        epochs: h.epochs,
        lr: h.lr,
        batch_size: h.batch_size.max(1),
        seed: h.seed,
        max_len: h.max_len,
        patience: h.patience,
        real_weight: h.real_weight,
        element_weight: h.element_weight,
        ..TrainConfig::default()
    }
}

/// Attaches element annotations from `files` to the statements they name (by id and
/// occurrence), reporting how many were attached.
fn attach_elements(examples: &mut [Example], files: &[std::path::PathBuf]) -> Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let mut notes = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        notes.extend(
            conferral::element_eval::parse_annotations(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        );
    }
    let n = conferral::element_eval::attach(examples, &notes);
    eprintln!(
        "element annotations attached to {n} of {} statements",
        examples.len()
    );
    Ok(())
}

/// Trains one model with a progress bar; returns it, ready to save.
pub fn fit(train: &[Example], dev: &[Example], base: &Path, cfg: &TrainConfig) -> Result<Trainee> {
    let mut trainee = Trainee::from_base(base, cfg.max_len, cfg.seed)
        .with_context(|| format!("loading base model {}", base.display()))?;
    let pb = if std::io::stderr().is_terminal() {
        ProgressBar::new(0)
    } else {
        ProgressBar::hidden()
    };
    pb.set_style(ProgressStyle::with_template(
        "{bar:30} {pos}/{len} steps {elapsed}/{eta} loss {msg}",
    )?);
    let started = Instant::now();
    let (_, best) = trainee.fit(
        train,
        dev,
        cfg,
        |step, total, loss| {
            pb.set_length(total as u64);
            pb.set_position(step as u64);
            pb.set_message(format!("{loss:.4}"));
            if !pb.is_hidden() {
                return;
            }
            if step % 50 == 0 || step == total {
                eprintln!(
                    "step {step}/{total} loss {loss:.4} ({:.0}s)",
                    started.elapsed().as_secs_f64()
                );
            }
        },
        |r| {
            pb.suspend(|| {
                eprintln!(
                    "epoch {}: train loss {:.4}, dev loss {:.4}, dev accuracy {:.3}",
                    r.epoch, r.train_loss, r.dev_loss, r.dev_accuracy
                )
            });
        },
    )?;
    pb.finish_and_clear();
    eprintln!(
        "kept epoch {best} ({:.0}s)",
        started.elapsed().as_secs_f64()
    );
    Ok(trainee)
}

fn train(a: TrainArgs) -> Result<i32> {
    let mut train = dataset::read_many(&a.train)?;
    attach_elements(&mut train, &a.hyper.elements)?;
    let dev = dataset::read_many(&a.dev)?;
    let cfg = train_config(&a.hyper);
    eprintln!("training on {} statements, dev {}", train.len(), dev.len());
    let trainee = fit(&train, &dev, &a.base, &cfg)?;
    trainee.save(&a.out)?;
    eprintln!("wrote {}", a.out.display());
    Ok(0)
}

fn synth(a: SynthArgs) -> Result<i32> {
    let data = conferral::synth::generate(a.n, a.seed);
    dataset::write_jsonl(&a.out, &data)?;
    let pos = data.iter().filter(|e| e.label.is_sufficient()).count();
    eprintln!(
        "wrote {} statements ({pos} sufficient) to {}",
        data.len(),
        a.out.display()
    );
    Ok(0)
}

fn split(a: SplitArgs) -> Result<i32> {
    let data = dataset::read_many(&a.data)?;
    let (train, dev) = dataset::split_by_group(&data, a.dev_frac, a.seed);
    dataset::write_jsonl(&a.train_out, &train)?;
    dataset::write_jsonl(&a.dev_out, &dev)?;
    eprintln!("train {} / dev {}", train.len(), dev.len());
    Ok(0)
}

fn eval(a: EvalArgs) -> Result<i32> {
    let data = dataset::read_many(&a.data)?;
    if data.is_empty() {
        bail!("no labeled statements in {:?}", a.data);
    }
    let model = load_model(a.model.as_deref())?;
    let (flag, pass) = (model.calibration.flag, model.calibration.pass);
    let preds = evaluate::predict(&model, &data, 32)?;
    let report = evaluate::report(&data, &preds.probs, flag, pass);
    let baselines = if a.baseline_train.is_empty() {
        None
    } else {
        let train = dataset::read_many(&a.baseline_train)?;
        Some(evaluate::baselines(&train, &data, flag, pass))
    };
    let out = serde_json::json!({
        "model": model.origin,
        "data": a.data,
        "calibration": model.calibration,
        "report": report,
        "elements": evaluate::element_scores(&data, &preds.elements),
        "baselines": baselines,
    });
    if let Some(dir) = &a.report {
        let files = conferral::plots::write_report_plots(
            &report,
            &preds.probs,
            &evaluate::labels(&data),
            dir,
        )?;
        let path = dir.join("report.json");
        std::fs::write(&path, serde_json::to_string_pretty(&out)?)
            .with_context(|| format!("writing {}", path.display()))?;
        eprintln!(
            "wrote {} and {} plots to {}",
            path.display(),
            files.len(),
            dir.display()
        );
    }
    println!("{}", serde_json::to_string_pretty(&out)?);
    Ok(0)
}

fn calibrate(a: CalibrateArgs) -> Result<i32> {
    let data = dataset::read_many(&a.data)?;
    let model = load_model(Some(&a.model))?;
    let preds = evaluate::predict(&model, &data, 32)?;
    let fitted_on = a
        .data
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" ");
    let th = evaluate::calibrate(
        &preds.margins,
        &evaluate::labels(&data),
        a.target_recall,
        a.target_precision,
        &fitted_on,
    );
    let path = a.model.join("calibration.json");
    th.save(&path)?;
    println!("{}", serde_json::to_string_pretty(&th)?);
    eprintln!("wrote {}", path.display());
    Ok(0)
}

/// One held-out prediction of the cross-validation.
#[derive(serde::Serialize, serde::Deserialize)]
struct Oof {
    id: String,
    fold: usize,
    label: dataset::Label,
    margin: f32,
    tfidf: f32,
    checklist: f32,
}

fn crossval(a: CrossvalArgs) -> Result<i32> {
    let mut real = dataset::read_many(&a.real)?;
    attach_elements(&mut real, &a.hyper.elements)?;
    let mut synthetic = dataset::read_many(&a.synthetic)?;
    if let Some(n) = a.synthetic_limit {
        synthetic.truncate(n);
    }
    let dev = dataset::read_many(&a.dev)?;
    std::fs::create_dir_all(&a.out)?;
    let cfg = train_config(&a.hyper);
    let folds = dataset::group_folds(&real, a.folds, a.hyper.seed);
    let mut oof: Vec<Oof> = Vec::new();
    for k in 0..a.folds {
        let fold_path = a.out.join(format!("fold{k}.jsonl"));
        // Resumable: a finished fold is read back, not retrained.
        if let Ok(done) = std::fs::read_to_string(&fold_path) {
            let rows: Vec<Oof> = done
                .lines()
                .map(serde_json::from_str)
                .collect::<Result<_, _>>()?;
            eprintln!("fold {k}: reusing {}", fold_path.display());
            oof.extend(rows);
            continue;
        }
        let test: Vec<Example> = real
            .iter()
            .zip(&folds)
            .filter(|(_, f)| **f == k)
            .map(|(e, _)| e.clone())
            .collect();
        let mut train: Vec<Example> = real
            .iter()
            .zip(&folds)
            .filter(|(_, f)| **f != k)
            .map(|(e, _)| e.clone())
            .collect();
        train.extend(synthetic.iter().cloned());
        eprintln!(
            "fold {k}: train {} (real {}), test {}",
            train.len(),
            train.len() - synthetic.len(),
            test.len()
        );
        let trainee = fit(&train, &dev, &a.base, &cfg)?;
        let dir = a.out.join(format!("model{k}"));
        trainee.save(&dir)?;
        let model = Model::load_dir(&dir)?;
        let preds = evaluate::predict(&model, &test, 32)?;
        let (tfidf, checklist) = evaluate::baseline_probs(&train, &test);
        let rows: Vec<Oof> = test
            .iter()
            .enumerate()
            .map(|(i, e)| Oof {
                id: e.id.clone(),
                fold: k,
                label: e.label,
                margin: preds.margins[i],
                tfidf: tfidf[i],
                checklist: checklist[i],
            })
            .collect();
        let text = rows
            .iter()
            .map(|r| serde_json::to_string(r).map(|s| s + "\n"))
            .collect::<Result<String, _>>()?;
        std::fs::write(&fold_path, text)?;
        // Fold models are large and reproducible: keep only their predictions.
        std::fs::remove_dir_all(&dir)?;
        oof.extend(rows);
    }
    let by_id: std::collections::HashMap<&str, &Oof> =
        oof.iter().map(|o| (o.id.as_str(), o)).collect();
    let ordered: Vec<&Oof> = real.iter().map(|e| by_id[e.id.as_str()]).collect();
    let labels = evaluate::labels(&real);
    let margins: Vec<f32> = ordered.iter().map(|o| o.margin).collect();
    let raw: Vec<f32> = margins
        .iter()
        .map(|m| conferral::calibrate::apply_temperature(*m, 1.0))
        .collect();
    // Thresholds chosen on these same held-out predictions (cross-fitted calibration).
    let th = evaluate::calibrate(
        &margins,
        &labels,
        0.95,
        0.9,
        &format!(
            "{}-fold out-of-fold predictions on {}",
            a.folds,
            a.real
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(" + ")
        ),
    );
    let cal: Vec<f32> = margins.iter().map(|m| th.prob(*m)).collect();
    let tfidf: Vec<f32> = ordered.iter().map(|o| o.tfidf).collect();
    let checklist: Vec<f32> = ordered.iter().map(|o| o.checklist).collect();
    let words = word_counts(&real);
    // Per fold, every scorer on the same statements: fold-to-fold spread is most of the
    // noise, so comparisons between recipes are read fold by fold.
    let per_fold: Vec<_> = (0..a.folds)
        .map(|k| {
            let idx: Vec<usize> = (0..real.len()).filter(|&i| folds[i] == k).collect();
            let l: Vec<bool> = idx.iter().map(|&i| labels[i]).collect();
            let auc = |s: &[f32]| {
                let p: Vec<f32> = idx.iter().map(|&i| s[i]).collect();
                conferral::metrics::auc_roc(&p, &l)
            };
            serde_json::json!({
                "fold": k, "n": idx.len(), "sufficient": l.iter().filter(|&&b| b).count(),
                "auc_roc": auc(&raw), "tfidf_auc_roc": auc(&tfidf),
                "checklist_auc_roc": auc(&checklist), "word_count_auc_roc": auc(&words),
            })
        })
        .collect();
    let summary = serde_json::json!({
        "real": a.real, "folds": a.folds, "synthetic": synthetic.len(), "hyper": cfg,
        "calibration_from_oof": th,
        "transformer_raw": conferral::metrics::compute_metrics(&raw, &labels, 0.5, 0.5),
        "transformer_calibrated": conferral::metrics::compute_metrics(&cal, &labels, th.flag, th.pass),
        "tfidf_logreg": conferral::metrics::compute_metrics(&tfidf, &labels, 0.5, 0.5),
        "checklist": conferral::metrics::compute_metrics(&checklist, &labels, 0.5, 0.5),
        // A reference, not a scorer: how far length alone ranks the real statements.
        "word_count_auc_roc": conferral::metrics::auc_roc(&words, &labels),
        "per_fold": per_fold,
        "report_calibrated": evaluate::report(&real, &cal, th.flag, th.pass),
    });
    th.save(&a.out.join("calibration.json"))?;
    let path = a.out.join("summary.json");
    std::fs::write(&path, serde_json::to_string_pretty(&summary)?)?;
    println!("{}", serde_json::to_string_pretty(&summary)?);
    eprintln!("wrote {}", path.display());
    Ok(0)
}

/// Word counts mapped monotonically into (0, 1), the range the metrics take; ranks, and so
/// the AUC, are those of the counts.
fn word_counts(examples: &[Example]) -> Vec<f32> {
    examples
        .iter()
        .map(|e| {
            let n = e.text.split_whitespace().count() as f32;
            n / (n + 100.0)
        })
        .collect()
}

/// `conferral courts`: the embedded court profiles; `courts show ID`: one as TOML.
fn courts(a: CourtsArgs) -> Result<i32> {
    use std::io::Write;
    let reg = conferral::profiles::Registry::embedded()?;
    let out = std::io::stdout();
    let mut out = out.lock();
    match a.action {
        Some(CourtsAction::Show { id }) => {
            let p = reg.get(&id)?;
            write!(out, "{}", p.source)?;
        }
        None => {
            let w = reg.profiles().iter().map(|p| p.id.len()).max().unwrap_or(0);
            let n = reg
                .profiles()
                .iter()
                .map(|p| p.name.chars().count())
                .max()
                .unwrap_or(0);
            for p in reg.profiles() {
                writeln!(out, "{:w$}  {:n$}  {}", p.id, p.name, p.rule)?;
            }
        }
    }
    Ok(0)
}
