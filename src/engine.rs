//! The inference engine behind [`crate::model::Model`]: something that turns a batch of
//! token-id sequences into the classifier's raw outputs. The default is candle (pure Rust);
//! the `onnx` cargo feature adds ONNX Runtime (`crate::engine_onnx`).

use candle_core::{Device, Tensor};

use crate::bert::Mode;
use crate::model::{batch_tensors, Classifier, ModelError};

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
        crate::train::tiny_trainee(7).save(dir.path()).unwrap();
        std::fs::remove_file(dir.path().join("model.safetensors")).unwrap();
        // Without weights candle cannot load: the error names the file.
        let err = crate::model::Model::load_dir(dir.path()).err().unwrap();
        assert!(err.to_string().contains("model.safetensors"), "{err}");
        let fixed = |short| -> crate::model::MakeEngine {
            Box::new(move || Ok(Box::new(Fixed { short }) as Box<dyn Engine>))
        };
        let m = crate::model::Model::load_dir_on(dir.path(), Some(fixed(false))).unwrap();
        assert_eq!(m.engine_name(), "fixed");
        let s = m.score_texts(&["We conferred.", "No."], 8).unwrap();
        assert_eq!(s.len(), 2);
        assert!((s[0].margin - 2.0).abs() < 1e-6);
        let broken = crate::model::Model::load_dir_on(dir.path(), Some(fixed(true))).unwrap();
        let err = broken.score_texts(&["We conferred."], 8).unwrap_err();
        assert!(matches!(err, ModelError::Engine(_)), "{err}");
    }
}
