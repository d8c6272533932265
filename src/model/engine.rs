//! The inference engine behind the classifier (`model::classifier::Model`): something that turns a batch of
//! token-id sequences into the classifier's raw outputs. The default is candle (pure Rust);
//! the `onnx` cargo feature adds ONNX Runtime (`engine_onnx.rs`).

use std::sync::Arc;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;

use crate::model::bert::{BertConfig, InferenceOptions, Mode, Precision};
use crate::model::error::ModelError;
use crate::model::net::{batch_tensors, Classifier};
use crate::model::weights::{RawEmbedding, WeightBytes};

/// One statement's raw model outputs.
#[derive(Clone, Debug, PartialEq)]
pub struct RawLogits {
    pub classes: [f32; 2],
    pub elements: [f32; 6],
}

/// Runs the classifier on a batch of token-id sequences (unpadded; the engine pads with 0
/// and masks). Output `i` belongs to `seqs[i]`. Called from several scoring workers at once.
pub trait Engine: Send + Sync {
    fn name(&self) -> &'static str;
    /// candle's precision of its encoder layers (`None` for engines without the choice).
    fn precision(&self) -> Option<Precision> {
        None
    }
    fn forward(&self, seqs: &[&[u32]]) -> Result<Vec<RawLogits>, ModelError>;
}

/// The candle encoder and heads on the CPU.
pub struct CandleEngine {
    net: Classifier,
    device: Device,
    precision: Precision,
}

impl CandleEngine {
    pub fn new(net: Classifier, device: Device, precision: Precision) -> Self {
        CandleEngine {
            net,
            device,
            precision,
        }
    }
}

impl Engine for CandleEngine {
    fn name(&self) -> &'static str {
        "candle"
    }

    fn precision(&self) -> Option<Precision> {
        Some(self.precision)
    }

    fn forward(&self, seqs: &[&[u32]]) -> Result<Vec<RawLogits>, ModelError> {
        let mut out = Vec::with_capacity(seqs.len());
        for part in token_bounded(seqs, MAX_PASS_TOKENS) {
            out.extend(self.forward_one(part)?);
        }
        Ok(out)
    }
}

/// Padded tokens per forward pass at most (unless one statement is longer): a worker's
/// activations are about 25 KiB per token (the 1,536-wide feed-forward layer, before and
/// after GELU), so 1,024 tokens keep them near 25 MiB. Larger passes were not faster.
pub const MAX_PASS_TOKENS: usize = 1024;

/// `seqs` cut, in order, into runs whose padded size (count x longest) stays within
/// `budget` tokens; each run holds at least one statement.
pub fn token_bounded<'a, 'b>(seqs: &'a [&'b [u32]], budget: usize) -> Vec<&'a [&'b [u32]]> {
    let mut parts = Vec::new();
    let (mut start, mut longest) = (0, 0);
    for (i, s) in seqs.iter().enumerate() {
        let l = longest.max(s.len().max(1));
        if i > start && l * (i + 1 - start) > budget {
            parts.push(&seqs[start..i]);
            (start, longest) = (i, s.len().max(1));
        } else {
            longest = l;
        }
    }
    if start < seqs.len() {
        parts.push(&seqs[start..]);
    }
    parts
}

impl CandleEngine {
    fn forward_one(&self, seqs: &[&[u32]]) -> Result<Vec<RawLogits>, ModelError> {
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        let (ids, mask) = batch_tensors(seqs, &self.device)?;
        let out = self.net.forward(&ids, &mask, Mode::Infer, None)?;
        let classes = rows::<2>(&out.classes)?;
        let elements = rows::<6>(&out.elements)?;
        Ok(classes
            .into_iter()
            .zip(elements)
            .map(|(classes, elements)| RawLogits { classes, elements })
            .collect())
    }
}

/// candle on safetensors `weights` at `precision`; `invalid` names the file in errors.
///
/// The weights are read tensor by tensor from `weights` (compiled in or memory-mapped), so no
/// second copy of the file is made; the word embeddings stay there, read row by row.
pub fn candle_engine(
    weights: Arc<WeightBytes>,
    bert: &BertConfig,
    precision: Precision,
    invalid: &dyn Fn(&str, String) -> ModelError,
) -> Result<Box<dyn Engine>, ModelError> {
    let device = Device::Cpu;
    let bad = |e: String| invalid("model.safetensors", e);
    let vb = VarBuilder::from_slice_safetensors(&weights, DType::F32, &device)
        .map_err(|e| bad(e.to_string()))?;
    if !vb.contains_tensor("classifier.weight") {
        return Err(invalid(
            "model.safetensors",
            "no classifier.* tensors: this is a bare BERT, not a fine-tuned conferral \
             classifier (make one with `conferral train`)"
                .into(),
        ));
    }
    let words = RawEmbedding::find(weights.clone(), "bert.embeddings.word_embeddings.weight")
        .map_err(bad)?;
    let opts = InferenceOptions {
        precision: Some(precision),
        words,
    };
    let net = Classifier::for_inference(bert, vb, opts).map_err(|e| bad(e.to_string()))?;
    Ok(Box::new(CandleEngine::new(net, device, precision)))
}

/// A (batch, N) tensor as fixed-size rows.
fn rows<const N: usize>(t: &Tensor) -> Result<Vec<[f32; N]>, ModelError> {
    let flat: Vec<f32> = t.flatten_all()?.to_vec1()?;
    if !flat.len().is_multiple_of(N) {
        return Err(ModelError::Engine(format!(
            "expected rows of {N} outputs, got {} values",
            flat.len()
        )));
    }
    Ok(flat
        .chunks_exact(N)
        .map(|c| c.try_into().expect("chunk of N"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passes_stay_within_the_token_budget_in_order() {
        let lens = [3usize, 3, 4, 10, 2, 30, 1];
        let seqs: Vec<Vec<u32>> = lens.iter().map(|&n| vec![7; n]).collect();
        let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
        let parts = token_bounded(&refs, 12);
        let sizes: Vec<Vec<usize>> = parts
            .iter()
            .map(|p| p.iter().map(|s| s.len()).collect())
            .collect();
        // 3 x 4 = 12 fits; 10 alone; 10 x 2 > 12, so 2 starts anew; 30 is over the
        // budget alone and still gets its pass.
        assert_eq!(
            sizes,
            vec![vec![3, 3, 4], vec![10], vec![2], vec![30], vec![1]]
        );
        assert!(token_bounded(&[], 12).is_empty());
    }

    #[test]
    fn rows_split_a_batch_and_reject_ragged_outputs() {
        let t = Tensor::new(&[[1f32, 2.], [3., 4.], [5., 6.]], &Device::Cpu).unwrap();
        assert_eq!(rows::<2>(&t).unwrap(), vec![[1., 2.], [3., 4.], [5., 6.]]);
        assert!(matches!(rows::<4>(&t), Err(ModelError::Engine(_))));
    }
}
