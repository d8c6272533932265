//! The conferral classifier: tokenizer + BERT encoder + heads, loaded from a model directory
//! laid out as Hugging Face's `BertForSequenceClassification` (`config.json`,
//! `model.safetensors`, `tokenizer.json`) plus `calibration.json`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::{Linear, VarBuilder};
use serde::{Deserialize, Serialize};
use tokenizers::Tokenizer;

use crate::bert::{Bert, BertConfig, Mode};
use crate::calibrate::{sigmoid, Thresholds};
use crate::dataset::ELEMENTS;
use crate::engine::{CandleEngine, Engine};

/// Tokens beyond this are cut: conferral statements are short, and cost grows with length.
pub const DEFAULT_MAX_LEN: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    #[error("model computation failed: {0}")]
    Candle(#[from] candle_core::Error),
    #[error("inference engine failed: {0}")]
    Engine(String),
}

/// `config.json` of a model directory: the BERT fields plus the classifier's own.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ModelConfig {
    #[serde(flatten)]
    pub bert: BertConfig,
    /// Maximum tokens per statement (`conferral` key; defaults to [`DEFAULT_MAX_LEN`]).
    #[serde(default)]
    pub conferral_max_length: Option<usize>,
    /// Everything else in the file (`architectures`, `id2label`, ...), kept on save.
    #[serde(flatten)]
    pub rest: serde_json::Map<String, serde_json::Value>,
}

impl ModelConfig {
    pub fn max_len(&self) -> usize {
        self.conferral_max_length
            .unwrap_or(DEFAULT_MAX_LEN)
            .min(self.bert.max_position_embeddings)
    }

    /// The config written next to fine-tuned weights: Hugging Face reads it as a
    /// `BertForSequenceClassification` with labels 0 insufficient, 1 sufficient.
    pub fn for_classifier(bert: BertConfig, max_len: usize) -> Self {
        let rest = serde_json::json!({
            "architectures": ["BertForSequenceClassification"],
            "model_type": "bert",
            "hidden_act": "gelu",
            "position_embedding_type": "absolute",
            "pad_token_id": 0,
            "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1,
            "classifier_dropout": null,
            "initializer_range": 0.02,
            "id2label": {"0": "insufficient", "1": "sufficient"},
            "label2id": {"insufficient": 0, "sufficient": 1},
            "problem_type": "single_label_classification",
            "conferral_elements": ELEMENTS,
        });
        let serde_json::Value::Object(rest) = rest else {
            unreachable!("literal is an object")
        };
        ModelConfig {
            bert,
            conferral_max_length: Some(max_len),
            rest,
        }
    }
}

/// Encoder plus heads: `classifier` (2 logits, as in Hugging Face) and `conferral_elements`
/// (one logit per rubric element; an extra tensor that Hugging Face ignores).
pub struct Classifier {
    bert: Bert,
    classifier: Linear,
    elements: Linear,
}

/// Raw outputs for a batch: class logits (batch, 2) and element logits (batch, 6).
pub struct Logits {
    pub classes: Tensor,
    pub elements: Tensor,
}

impl Classifier {
    pub fn new(cfg: &BertConfig, vb: VarBuilder) -> candle_core::Result<Self> {
        let h = cfg.hidden_size;
        Ok(Classifier {
            bert: Bert::new(cfg, vb.pp("bert"))?,
            classifier: candle_nn::linear(h, 2, vb.pp("classifier"))?,
            elements: candle_nn::linear(h, ELEMENTS.len(), vb.pp("conferral_elements"))?,
        })
    }

    /// `dropout` (train only) multiplies the pooled output by a mask, as the Hugging Face
    /// head's dropout does.
    pub fn forward(
        &self,
        ids: &Tensor,
        mask: &Tensor,
        mode: Mode,
        dropout: Option<&Tensor>,
    ) -> candle_core::Result<Logits> {
        let mut pooled = self.bert.pooled(ids, mask, mode)?;
        if let Some(d) = dropout {
            pooled = pooled.mul(d)?;
        }
        Ok(Logits {
            classes: self.classifier.forward(&pooled)?,
            elements: self.elements.forward(&pooled)?,
        })
    }
}

/// Token ids of one text: [CLS] ... [SEP], truncated to the model's maximum length.
pub struct TextEncoder {
    tokenizer: Tokenizer,
    max_len: usize,
}

impl TextEncoder {
    pub fn from_bytes(bytes: &[u8], max_len: usize) -> Result<Self, ModelError> {
        let mut tokenizer =
            Tokenizer::from_bytes(bytes).map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        // Padding is done per batch (after sorting by length), never by the tokenizer.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(tokenizers::TruncationParams {
                max_length: max_len,
                ..Default::default()
            }))
            .map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        Ok(TextEncoder { tokenizer, max_len })
    }

    pub fn max_len(&self) -> usize {
        self.max_len
    }

    pub fn encode(&self, text: &str) -> Result<Vec<u32>, ModelError> {
        let enc = self
            .tokenizer
            .encode(text, true)
            .map_err(|e| ModelError::Tokenizer(e.to_string()))?;
        Ok(enc.get_ids().to_vec())
    }
}

/// Pads token id lists to the longest and returns (ids, mask) tensors of shape (batch, seq).
pub fn batch_tensors(seqs: &[&[u32]], device: &Device) -> candle_core::Result<(Tensor, Tensor)> {
    let len = seqs.iter().map(|s| s.len()).max().unwrap_or(0).max(1);
    let mut ids = Vec::with_capacity(seqs.len() * len);
    let mut mask = Vec::with_capacity(seqs.len() * len);
    for s in seqs {
        ids.extend_from_slice(s);
        ids.extend(std::iter::repeat_n(0u32, len - s.len()));
        mask.extend(std::iter::repeat_n(1u32, s.len()));
        mask.extend(std::iter::repeat_n(0u32, len - s.len()));
    }
    let shape = (seqs.len(), len);
    Ok((
        Tensor::from_vec(ids, shape, device)?,
        Tensor::from_vec(mask, shape, device)?,
    ))
}

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

/// candle on safetensors `weights`; `invalid` names the file in errors.
fn candle_engine(
    weights: &[u8],
    bert: &BertConfig,
    invalid: &dyn Fn(&str, String) -> ModelError,
) -> Result<Box<dyn Engine>, ModelError> {
    let device = Device::Cpu;
    let tensors = candle_core::safetensors::load_buffer(weights, &device)
        .map_err(|e| invalid("model.safetensors", e.to_string()))?;
    if !tensors.contains_key("classifier.weight") {
        return Err(invalid(
            "model.safetensors",
            "no classifier.* tensors: this is a bare BERT, not a fine-tuned conferral \
             classifier (make one with `conferral train`)"
                .into(),
        ));
    }
    let vb = VarBuilder::from_tensors(tensors, DType::F32, &device);
    let net = Classifier::new(bert, vb).map_err(|e| invalid("model.safetensors", e.to_string()))?;
    Ok(Box::new(CandleEngine::new(net, device)))
}

/// The default model, compiled into the binary so that scoring needs no files.
mod embedded {
    pub const CONFIG: &[u8] = include_bytes!("../models/conferral-minilm/config.json");
    pub const WEIGHTS: &[u8] = include_bytes!("../models/conferral-minilm/model.safetensors");
    pub const TOKENIZER: &[u8] = include_bytes!("../models/conferral-minilm/tokenizer.json");
    pub const CALIBRATION: &[u8] = include_bytes!("../models/conferral-minilm/calibration.json");
}

fn read(path: &Path) -> Result<Vec<u8>, ModelError> {
    std::fs::read(path).map_err(|source| ModelError::Io {
        path: path.to_path_buf(),
        source,
    })
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

/// Loads named tensors from a safetensors file into a map (for initialising training).
pub fn load_tensors(path: &Path, device: &Device) -> Result<HashMap<String, Tensor>, ModelError> {
    let bytes = read(path)?;
    candle_core::safetensors::load_buffer(&bytes, device).map_err(|e| ModelError::Invalid {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}
