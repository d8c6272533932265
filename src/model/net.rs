//! The network: `config.json`, the BERT encoder with its two heads (class and rubric
//! elements), and the padded batch tensors it reads. Laid out as Hugging Face's
//! `BertForSequenceClassification`, so the same weights load in transformers.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{Device, Tensor};
use candle_nn::{Linear, VarBuilder};
use serde::{Deserialize, Serialize};

use crate::corpus::dataset::ELEMENTS;
use crate::model::bert::{linear_rows, Bert, BertConfig, InferenceOptions, Mode};
use crate::model::error::{read, ModelError};

/// Tokens beyond this are cut: conferral statements are short, and cost grows with length.
pub const DEFAULT_MAX_LEN: usize = 256;

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
        Self::for_inference(cfg, vb, InferenceOptions::default())
    }

    /// [`Self::new`] with an encoder built by [`Bert::for_inference`].
    pub fn for_inference(
        cfg: &BertConfig,
        vb: VarBuilder,
        opts: InferenceOptions,
    ) -> candle_core::Result<Self> {
        let h = cfg.hidden_size;
        Ok(Classifier {
            bert: Bert::for_inference(cfg, vb.pp("bert"), opts)?,
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
            classes: linear_rows(&self.classifier, &pooled, mode)?,
            elements: linear_rows(&self.elements, &pooled, mode)?,
        })
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

/// Loads named tensors from a safetensors file into a map (for initialising training).
pub fn load_tensors(path: &Path, device: &Device) -> Result<HashMap<String, Tensor>, ModelError> {
    let bytes = read(path)?;
    candle_core::safetensors::load_buffer(&bytes, device).map_err(|e| ModelError::Invalid {
        path: path.to_path_buf(),
        message: e.to_string(),
    })
}
