//! `conferral train`: fine-tune a model directory from a base.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};

use conferral::corpus::dataset::{self, Example};
use conferral::model::train::{TrainConfig, Trainee};

use crate::cli::args::*;

pub(super) fn train_config(h: &HyperArgs) -> TrainConfig {
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
pub(super) fn attach_elements(
    examples: &mut [Example],
    files: &[std::path::PathBuf],
) -> Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let mut notes = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        notes.extend(
            conferral::eval::element_eval::parse_annotations(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        );
    }
    let n = conferral::eval::element_eval::attach(examples, &notes);
    eprintln!(
        "element annotations attached to {n} of {} statements",
        examples.len()
    );
    Ok(())
}

/// Trains one model with a progress bar; returns it, ready to save.
pub(super) fn fit(
    train: &[Example],
    dev: &[Example],
    base: &Path,
    cfg: &TrainConfig,
) -> Result<Trainee> {
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

pub(super) fn train(a: TrainArgs) -> Result<i32> {
    let mut train = dataset::read_many(&a.train)?;
    attach_elements(&mut train, &a.hyper.elements)?;
    let dev = dataset::read_many(&a.dev)?;
    let cfg = train_config(&a.hyper);
    eprintln!("training on {} statements, dev {}", train.len(), dev.len());
    let trainee = fit(&train, &dev, &a.base, &cfg)?;
    let dtype = match a.weights_dtype {
        WeightsDtype::F32 => candle_core::DType::F32,
        WeightsDtype::F16 => candle_core::DType::F16,
    };
    trainee.save_as(&a.out, dtype)?;
    eprintln!("wrote {}", a.out.display());
    Ok(0)
}
