//! The inference engine behind the classifier (`model::classifier::Model`): something that turns a batch of
//! token-id sequences into the classifier's raw outputs. The default is candle (pure Rust);
//! the `onnx` cargo feature adds ONNX Runtime (`engine_onnx.rs`).

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;

use crate::model::bert::{BertConfig, Mode};
use crate::model::error::ModelError;
use crate::model::net::{batch_tensors, Classifier};

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
    fn forward(&self, seqs: &[&[u32]]) -> Result<Vec<RawLogits>, ModelError>;
}

/// The candle encoder and heads on the CPU.
pub struct CandleEngine {
    net: Classifier,
    device: Device,
}

impl CandleEngine {
    pub fn new(net: Classifier, device: Device) -> Self {
        CandleEngine { net, device }
    }
}

impl Engine for CandleEngine {
    fn name(&self) -> &'static str {
        "candle"
    }

    fn forward(&self, seqs: &[&[u32]]) -> Result<Vec<RawLogits>, ModelError> {
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

/// candle on safetensors `weights`; `invalid` names the file in errors.
pub fn candle_engine(
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
    fn rows_split_a_batch_and_reject_ragged_outputs() {
        let t = Tensor::new(&[[1f32, 2.], [3., 4.], [5., 6.]], &Device::Cpu).unwrap();
        assert_eq!(rows::<2>(&t).unwrap(), vec![[1., 2.], [3., 4.], [5., 6.]]);
        assert!(matches!(rows::<4>(&t), Err(ModelError::Engine(_))));
    }
}
