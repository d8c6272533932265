//! Shared by the subcommands: input options, loading a model, worker counts, engines.

use std::path::Path;

use anyhow::{bail, Context, Result};

use conferral::model::classifier::{MakeEngine, Model, Precision, RunOn};
use conferral::read::input::{InputOptions, OcrMode};

use crate::cli::args::*;

/// Documents screened per model call: large enough to batch well, small enough to stream.
pub(super) const CHUNK: usize = 256;

pub(super) fn input_options(a: &InputArgs) -> InputOptions {
    InputOptions {
        id_field: a.id_field.clone(),
        text_field: a.text_field.clone(),
        ocr: match a.ocr {
            OcrArg::Auto => OcrMode::Auto,
            OcrArg::Always => OcrMode::Always,
            OcrArg::Never => OcrMode::Never,
        },
    }
}

pub(super) fn load_model(m: &ModelArgs) -> Result<Model> {
    load_model_on(m.dir.as_deref(), None, m.precision)
}

/// The model's tokenizer and calibration with `engine` (`None`: candle on its weights at
/// `precision`).
pub(super) fn load_model_on(
    dir: Option<&Path>,
    engine: Option<MakeEngine>,
    precision: PrecisionArg,
) -> Result<Model> {
    let how = RunOn {
        engine,
        precision: match precision {
            PrecisionArg::Auto => None,
            PrecisionArg::Int8 => Some(Precision::Int8),
            PrecisionArg::F32 => Some(Precision::F32),
        },
    };
    Ok(match dir {
        Some(d) => {
            Model::load_dir_on(d, how).with_context(|| format!("loading model {}", d.display()))?
        }
        None => Model::embedded_on(how).context("loading the embedded model")?,
    })
}

/// Threads per forward pass; candle reads these once, at its first parallel operation.
pub(super) fn set_model_threads(n: usize) {
    std::env::set_var("RAYON_NUM_THREADS", n.to_string());
    std::env::set_var("CANDLE_NUM_THREADS", n.to_string());
}

/// `--threads`, else the cores this process may use (its CPU mask or cgroup quota).
pub(super) fn workers(threads: Option<u16>) -> usize {
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
pub(super) fn onnx_engine(
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
        let engine =
            conferral::model::engine_onnx::OnnxEngine::with_layout(&path, sessions, threads)?;
        Ok(Box::new(engine) as Box<dyn conferral::model::engine::Engine>)
    }))
}

#[cfg(not(feature = "onnx"))]
pub(super) fn onnx_engine(
    _: Option<&Path>,
    _: Option<&Path>,
    _: usize,
    _: usize,
) -> Result<MakeEngine> {
    bail!(
        "this conferral was built without ONNX Runtime: rebuild with \
         `cargo build --release --features onnx` to use --engine onnx"
    )
}
