//! The conferral classifier: tokenizer + BERT encoder + heads, loaded from a model directory
//! laid out as Hugging Face's `BertForSequenceClassification` (`config.json`,
//! `model.safetensors`, `tokenizer.json`) plus `calibration.json`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

pub use crate::model::bert::Precision;
use crate::model::calibrate::{sigmoid, Thresholds};
use crate::model::engine::{candle_engine, Engine};
use crate::model::error::{read, ModelError};
use crate::model::net::ModelConfig;
use crate::model::tokenize::TextEncoder;
use crate::model::weights::WeightBytes;

/// One statement's model output.
#[derive(Clone, Debug, Serialize)]
pub struct Scored {
    /// Logit of sufficient minus logit of insufficient (before temperature).
    pub margin: f32,
    /// Uncalibrated probability of sufficient: softmax over the two logits, as Hugging Face
    /// computes it.
    pub raw_prob: f32,
    /// Calibrated probability of sufficient (temperature-scaled).
    pub prob: f32,
    /// Probability of each rubric element, in [`ELEMENTS`] order.
    pub elements: [f32; 6],
    /// Tokens the model read (after truncation).
    pub tokens: usize,
}

/// A loaded model directory, ready to score statements.
pub struct Model {
    pub config: ModelConfig,
    pub calibration: Thresholds,
    encoder: TextEncoder,
    engine: Box<dyn Engine>,
    /// Where it came from, for records and errors ("embedded" or a path).
    pub origin: String,
}

/// Builds another engine for a model (run beside the tokenizer's parsing at load).
pub type MakeEngine = Box<dyn FnOnce() -> Result<Box<dyn Engine>, ModelError> + Send>;

/// How a model runs: another engine (`engine`), else candle at `precision` (`None`: the
/// default for this CPU, [`Precision::auto`]).
#[derive(Default)]
pub struct RunOn {
    pub engine: Option<MakeEngine>,
    pub precision: Option<Precision>,
}

impl From<Option<MakeEngine>> for RunOn {
    fn from(engine: Option<MakeEngine>) -> Self {
        RunOn {
            engine,
            precision: None,
        }
    }
}

/// What runs the forward passes: candle on safetensors bytes, or another engine.
enum Net {
    Weights(WeightBytes, Precision),
    Make(MakeEngine),
}

impl Net {
    /// `how.engine` if given, else candle on the weights `read` returns (read only then).
    fn of(
        how: RunOn,
        read: impl FnOnce() -> Result<WeightBytes, ModelError>,
    ) -> Result<Net, ModelError> {
        match how.engine {
            Some(m) => Ok(Net::Make(m)),
            None => read().map(|w| Net::Weights(w, how.precision.unwrap_or_else(Precision::auto))),
        }
    }
}

/// The default model, compiled into the binary so that scoring needs no files.
pub(crate) mod embedded {
    pub const CONFIG: &[u8] = include_bytes!("../../models/conferral-minilm/config.json");
    pub const WEIGHTS: &[u8] = include_bytes!("../../models/conferral-minilm/model.safetensors");
    pub const TOKENIZER: &[u8] = include_bytes!("../../models/conferral-minilm/tokenizer.json");
    pub const CALIBRATION: &[u8] = include_bytes!("../../models/conferral-minilm/calibration.json");
}

impl Model {
    /// The model embedded in this binary.
    pub fn embedded() -> Result<Self, ModelError> {
        Self::embedded_on(RunOn::default())
    }

    /// The embedded model's tokenizer, calibration and thresholds, run as `how` says
    /// (default: candle on the embedded weights). Another engine's weights must be this
    /// model's (e.g. its ONNX export); the candle weights are then not loaded.
    pub fn embedded_on(how: impl Into<RunOn>) -> Result<Self, ModelError> {
        Self::from_parts(
            embedded::CONFIG,
            Net::of(how.into(), || Ok(WeightBytes::Static(embedded::WEIGHTS))),
            embedded::TOKENIZER,
            Some(embedded::CALIBRATION),
            "embedded",
        )
    }

    /// Loads a model directory. A missing `calibration.json` means temperature 1 and the
    /// default thresholds; any other missing file is an error naming it.
    pub fn load_dir(dir: &Path) -> Result<Self, ModelError> {
        Self::load_dir_on(dir, RunOn::default())
    }

    /// [`Self::load_dir`] run as `how` says (default: candle on `model.safetensors`,
    /// memory-mapped; with another engine that file is not read).
    pub fn load_dir_on(dir: &Path, how: impl Into<RunOn>) -> Result<Self, ModelError> {
        let cal_path = dir.join("calibration.json");
        let cal = if cal_path.exists() {
            Some(read(&cal_path)?)
        } else {
            None
        };
        Self::from_parts(
            &read(&dir.join("config.json"))?,
            Net::of(how.into(), || {
                WeightBytes::map(&dir.join("model.safetensors"))
            }),
            &read(&dir.join("tokenizer.json"))?,
            cal.as_deref(),
            &dir.display().to_string(),
        )
    }

    fn from_parts(
        config: &[u8],
        net: Result<Net, ModelError>,
        tokenizer: &[u8],
        calibration: Option<&[u8]>,
        origin: &str,
    ) -> Result<Self, ModelError> {
        let invalid = |file: &str, message: String| ModelError::Invalid {
            path: PathBuf::from(origin).join(file),
            message,
        };
        let config: ModelConfig =
            serde_json::from_slice(config).map_err(|e| invalid("config.json", e.to_string()))?;
        let calibration = match calibration {
            Some(bytes) => serde_json::from_slice(bytes)
                .map_err(|e| invalid("calibration.json", e.to_string()))?,
            None => Thresholds::default(),
        };
        let net = net?;
        // Start-up time: parse the tokenizer (its 30k-entry vocabulary) on another core
        // while the engine loads (f32 tensors or int8 layers from the weights).
        let (engine, encoder) = std::thread::scope(|s| {
            let encoder = s.spawn(|| TextEncoder::from_bytes(tokenizer, config.max_len()));
            let engine = match net {
                Net::Weights(w, p) => candle_engine(Arc::new(w), &config.bert, p, &invalid),
                Net::Make(make) => make(),
            };
            let encoder = encoder
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (engine, encoder)
        });
        let (engine, encoder) = (engine?, encoder?);
        Ok(Model {
            config,
            calibration,
            encoder,
            engine,
            origin: origin.to_string(),
        })
    }

    pub fn encoder(&self) -> &TextEncoder {
        &self.encoder
    }

    /// Runs this model's tokenizer, calibration and thresholds on another engine (e.g. ONNX
    /// Runtime on the same weights).
    pub fn with_engine(mut self, engine: Box<dyn Engine>) -> Self {
        self.engine = engine;
        self
    }

    pub fn engine_name(&self) -> &'static str {
        self.engine.name()
    }

    /// The engine with its precision where it has one ("candle int8"; "onnx").
    pub fn engine_label(&self) -> String {
        match self.engine.precision() {
            Some(p) => format!("{} {}", self.engine.name(), p.name()),
            None => self.engine.name().to_string(),
        }
    }

    /// Scores pre-tokenized statements in one batch (no reordering).
    pub fn score_batch(&self, seqs: &[&[u32]]) -> Result<Vec<Scored>, ModelError> {
        let out = self.engine.forward(seqs)?;
        if out.len() != seqs.len() {
            return Err(ModelError::Engine(format!(
                "{} returned {} results for {} statements",
                self.engine.name(),
                out.len(),
                seqs.len()
            )));
        }
        Ok(out
            .iter()
            .zip(seqs)
            .map(|(raw, s)| {
                let margin = raw.classes[1] - raw.classes[0];
                let el = raw.elements.map(|v| sigmoid(f64::from(v)) as f32);
                Scored {
                    margin,
                    raw_prob: sigmoid(f64::from(margin)) as f32,
                    prob: self.calibration.prob(margin),
                    elements: el,
                    tokens: s.len(),
                }
            })
            .collect())
    }

    /// Scores texts, batching neighbours of similar token length (padding costs linear
    /// time) and returning results in input order.
    pub fn score_texts(
        &self,
        texts: &[&str],
        batch_size: usize,
    ) -> Result<Vec<Scored>, ModelError> {
        let seqs = texts
            .iter()
            .map(|t| self.encoder.encode(t))
            .collect::<Result<Vec<_>, _>>()?;
        self.score_encoded(&seqs, batch_size)
    }

    pub fn score_encoded(
        &self,
        seqs: &[Vec<u32>],
        batch_size: usize,
    ) -> Result<Vec<Scored>, ModelError> {
        let mut order: Vec<usize> = (0..seqs.len()).collect();
        order.sort_by_key(|&i| seqs[i].len());
        let mut out: Vec<Option<Scored>> = vec![None; seqs.len()];
        for chunk in order.chunks(batch_size.max(1)) {
            let batch: Vec<&[u32]> = chunk.iter().map(|&i| seqs[i].as_slice()).collect();
            for (&i, s) in chunk.iter().zip(self.score_batch(&batch)?) {
                out[i] = Some(s);
            }
        }
        Ok(out
            .into_iter()
            .map(|s| s.expect("every index scored"))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::engine::RawLogits;

    /// Fixed outputs, or one result too few (a broken engine).
    struct Fixed {
        short: bool,
    }

    impl Engine for Fixed {
        fn name(&self) -> &'static str {
            "fixed"
        }
        fn forward(&self, seqs: &[&[u32]]) -> Result<Vec<RawLogits>, ModelError> {
            let n = seqs.len() - usize::from(self.short);
            Ok(vec![
                RawLogits {
                    classes: [0.0, 2.0],
                    elements: [0.0; 6]
                };
                n
            ])
        }
    }

    #[test]
    fn another_engine_runs_without_the_candle_weights_and_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        crate::model::train::tiny_trainee(7)
            .save(dir.path())
            .unwrap();
        std::fs::remove_file(dir.path().join("model.safetensors")).unwrap();
        // Without weights candle cannot load: the error names the file.
        let err = Model::load_dir(dir.path()).err().unwrap();
        assert!(err.to_string().contains("model.safetensors"), "{err}");
        let fixed = |short| -> MakeEngine {
            Box::new(move || Ok(Box::new(Fixed { short }) as Box<dyn Engine>))
        };
        let m = Model::load_dir_on(dir.path(), Some(fixed(false))).unwrap();
        assert_eq!(m.engine_label(), "fixed");
        assert_eq!(m.engine_name(), "fixed");
        let s = m.score_texts(&["We conferred.", "No."], 8).unwrap();
        assert_eq!(s.len(), 2);
        assert!((s[0].margin - 2.0).abs() < 1e-6);
        let broken = Model::load_dir_on(dir.path(), Some(fixed(true))).unwrap();
        let err = broken.score_texts(&["We conferred."], 8).unwrap_err();
        assert!(matches!(err, ModelError::Engine(_)), "{err}");
    }
}
