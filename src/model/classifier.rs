//! The conferral classifier: tokenizer + BERT encoder + heads, loaded from a model directory
//! laid out as Hugging Face's `BertForSequenceClassification` (`config.json`,
//! `model.safetensors`, `tokenizer.json`) plus `calibration.json`.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::calibrate::{sigmoid, Thresholds};
use crate::model::engine::{candle_engine, Engine};
use crate::model::error::{read, ModelError};
use crate::model::net::ModelConfig;
use crate::model::tokenize::TextEncoder;

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

/// What runs the forward passes: candle on safetensors bytes, or another engine.
enum Net {
    Weights(std::borrow::Cow<'static, [u8]>),
    Make(MakeEngine),
}

impl Net {
    /// `make` if given, else the weights `read` returns (read only then).
    fn of(
        make: Option<MakeEngine>,
        read: impl FnOnce() -> Result<std::borrow::Cow<'static, [u8]>, ModelError>,
    ) -> Result<Net, ModelError> {
        match make {
            Some(m) => Ok(Net::Make(m)),
            None => read().map(Net::Weights),
        }
    }
}

/// The default model, compiled into the binary so that scoring needs no files.
mod embedded {
    pub const CONFIG: &[u8] = include_bytes!("../../models/conferral-minilm/config.json");
    pub const WEIGHTS: &[u8] = include_bytes!("../../models/conferral-minilm/model.safetensors");
    pub const TOKENIZER: &[u8] = include_bytes!("../../models/conferral-minilm/tokenizer.json");
    pub const CALIBRATION: &[u8] = include_bytes!("../../models/conferral-minilm/calibration.json");
}

impl Model {
    /// The model embedded in this binary.
    pub fn embedded() -> Result<Self, ModelError> {
        Self::embedded_on(None)
    }

    /// The embedded model's tokenizer, calibration and thresholds with the engine `engine`
    /// makes running the forward passes (`None`: candle on the embedded weights). Another
    /// engine's weights must be this model's (e.g. its ONNX export); the candle weights are
    /// then not loaded.
    pub fn embedded_on(engine: Option<MakeEngine>) -> Result<Self, ModelError> {
        Self::from_parts(
            embedded::CONFIG,
            Net::of(engine, || Ok(embedded::WEIGHTS.into())),
            embedded::TOKENIZER,
            Some(embedded::CALIBRATION),
            "embedded",
        )
    }

    /// Loads a model directory. A missing `calibration.json` means temperature 1 and the
    /// default thresholds; any other missing file is an error naming it.
    pub fn load_dir(dir: &Path) -> Result<Self, ModelError> {
        Self::load_dir_on(dir, None)
    }

    /// [`Self::load_dir`] with the engine `engine` makes running the forward passes
    /// (`None`: candle on `model.safetensors`, which is otherwise not read).
    pub fn load_dir_on(dir: &Path, engine: Option<MakeEngine>) -> Result<Self, ModelError> {
        let cal_path = dir.join("calibration.json");
        let cal = if cal_path.exists() {
            Some(read(&cal_path)?)
        } else {
            None
        };
        Self::from_parts(
            &read(&dir.join("config.json"))?,
            Net::of(engine, || {
                read(&dir.join("model.safetensors")).map(Into::into)
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
        // while the engine loads (candle copies the weights into tensors).
        let (engine, encoder) = std::thread::scope(|s| {
            let encoder = s.spawn(|| TextEncoder::from_bytes(tokenizer, config.max_len()));
            let engine = match net {
                Net::Weights(w) => candle_engine(&w, &config.bert, &invalid),
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
        assert_eq!(m.engine_name(), "fixed");
        let s = m.score_texts(&["We conferred.", "No."], 8).unwrap();
        assert_eq!(s.len(), 2);
        assert!((s[0].margin - 2.0).abs() < 1e-6);
        let broken = Model::load_dir_on(dir.path(), Some(fixed(true))).unwrap();
        let err = broken.score_texts(&["We conferred."], 8).unwrap_err();
        assert!(matches!(err, ModelError::Engine(_)), "{err}");
    }
}
