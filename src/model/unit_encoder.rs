//! The locator's second opinion on uncertain sentences: a three-layer encoder, fine-tuned to
//! say whether a sentence unit read with its neighbours lies in a conferral statement
//! (`scripts/train_unit_encoder.py`). It shares the classifier's embedding tables (read in
//! place from the embedded weights) and ships only its layers (linear weights as int8), pooler
//! and one-logit head (`models/locator/unit_encoder.safetensors`, 5.7 MB). Only units the
//! tagger half believes are read, under one per motion, so screening stays fast.

use std::sync::{Arc, LazyLock};

use candle_core::safetensors::SliceSafetensors;
use candle_core::{DType, Device, Tensor};
use candle_nn::var_builder::SimpleBackend;
use candle_nn::{Linear, VarBuilder};

use crate::find::locate::{locate_all_rescored, Candidate, Rescore, Tagger};
use crate::model::bert::{linear_rows, Bert, BertConfig, InferenceOptions, Mode, Precision};
use crate::model::classifier::embedded;
use crate::model::error::ModelError;
use crate::model::net::batch_tensors;
use crate::model::tokenize::TextEncoder;
use crate::model::weights::{RawEmbedding, WeightBytes};

static WEIGHTS: &[u8] = include_bytes!("../../models/locator/unit_encoder.safetensors");

/// Units the tagger scores in `[LOW, HIGH)` are re-read, and the encoder may only lower their
/// probability (a veto on sentences the tagger half believes); the rest keep the tagger's.
/// Chosen by leave-one-writer-out on the train writers, not on dev (locator model card):
/// replacing the tagger's probability located more on dev but recognised fewer motions
/// without a statement across writers.
pub const LOW: f32 = 0.03;
pub const HIGH: f32 = 0.9;
/// Characters of each neighbour read with a unit, and tokens per input (as in training).
const CONTEXT_CHARS: usize = 200;
const MAX_LEN: usize = 128;

static EMBEDDED: LazyLock<Option<UnitEncoder>> = LazyLock::new(|| {
    let enc = UnitEncoder::load(WEIGHTS, "embedded unit encoder", Precision::auto()).ok();
    release_pages(WEIGHTS);
    enc
});

/// Lets the kernel drop the resident pages of embedded bytes that were read once and copied
/// (the layers are built from them): they belong to the binary's file mapping, so a later
/// read would only fetch them from the file again. Peak memory of whole-motion screening
/// about 11 MiB lower (README, Performance).
fn release_pages(bytes: &'static [u8]) {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: sysconf has no preconditions.
        let page = usize::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
        let start = (bytes.as_ptr() as usize).div_ceil(page) * page;
        let end = (bytes.as_ptr() as usize + bytes.len()) / page * page;
        if end > start {
            // SAFETY: the range lies inside a read-only static that nothing writes, and nothing
            // reads it after the load either. On the binary's private file mapping
            // MADV_DONTNEED only discards clean pages, which a read would fault back in from
            // the file unchanged.
            unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_DONTNEED) };
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = bytes;
}

/// Tensors from the encoder's own file, else (the embeddings) from the classifier's.
struct Either<'a> {
    own: SliceSafetensors<'a>,
    shared: SliceSafetensors<'a>,
}

impl Either<'_> {
    fn pick(&self, name: &str) -> &dyn SimpleBackend {
        if self.own.get(name).is_ok() {
            &self.own
        } else {
            &self.shared
        }
    }

    /// A linear weight stored as int8 per output channel (u8 = q + 128, with `NAME_scale`):
    /// q x scale, from which the int8 path rebuilds the same integers.
    fn int8(&self, name: &str, dtype: DType, dev: &Device) -> Option<candle_core::Result<Tensor>> {
        let view = self.own.get(name).ok()?;
        if view.dtype() != safetensors::Dtype::U8 {
            return None;
        }
        let scale = format!("{name}_scale");
        Some((|| {
            let q = (self.own.load(name, dev)?.to_dtype(DType::F32)? - 128.0)?;
            let s = self.own.load(&scale, dev)?.to_dtype(DType::F32)?;
            q.broadcast_mul(&s.unsqueeze(1)?)?.to_dtype(dtype)
        })())
    }
}

impl SimpleBackend for Either<'_> {
    fn get(
        &self,
        s: candle_core::Shape,
        name: &str,
        h: candle_nn::Init,
        dtype: DType,
        dev: &Device,
    ) -> candle_core::Result<Tensor> {
        match self.int8(name, dtype, dev) {
            Some(t) => {
                let t = t?;
                if t.shape() != &s {
                    candle_core::bail!("{name}: shape {:?}, expected {s:?}", t.shape());
                }
                Ok(t)
            }
            None => self.pick(name).get(s, name, h, dtype, dev),
        }
    }

    fn get_unchecked(&self, name: &str, dtype: DType, dev: &Device) -> candle_core::Result<Tensor> {
        match self.int8(name, dtype, dev) {
            Some(t) => t,
            None => self.pick(name).get_unchecked(name, dtype, dev),
        }
    }

    fn contains_tensor(&self, name: &str) -> bool {
        self.own.get(name).is_ok() || self.shared.get(name).is_ok()
    }
}

/// The encoder, its head and its tokenizer.
pub struct UnitEncoder {
    bert: Bert,
    head: Linear,
    tokens: TextEncoder,
}

impl UnitEncoder {
    /// The embedded encoder, or `None` if its weights do not load (a unit test pins that they
    /// do; without it the locator keeps the tagger's probabilities).
    pub fn embedded() -> Option<&'static UnitEncoder> {
        EMBEDDED.as_ref()
    }

    /// Builds from the encoder's own weights and the embedded classifier's embeddings and
    /// tokenizer.
    pub fn load(weights: &[u8], origin: &str, precision: Precision) -> Result<Self, ModelError> {
        let invalid = |message: String| ModelError::Invalid {
            path: origin.into(),
            message,
        };
        let device = Device::Cpu;
        let mut cfg: BertConfig = serde_json::from_slice(embedded::CONFIG)
            .map_err(|e| invalid(format!("the classifier's config: {e}")))?;
        let own = SliceSafetensors::new(weights).map_err(|e| invalid(e.to_string()))?;
        cfg.num_hidden_layers = (0..)
            .take_while(|i| {
                own.get(&format!("bert.encoder.layer.{i}.output.dense.weight"))
                    .is_ok()
            })
            .count();
        if cfg.num_hidden_layers == 0 || own.get("head.weight").is_err() {
            return Err(invalid("no encoder layers or no head".into()));
        }
        // Tensors are read one at a time as the layers are built (int8 layers keep no f32
        // copy); the embeddings come from the classifier, the word table read in place.
        let shared =
            SliceSafetensors::new(embedded::WEIGHTS).map_err(|e| invalid(e.to_string()))?;
        let vb = VarBuilder::from_backend(Box::new(Either { own, shared }), DType::F32, device);
        let classifier = Arc::new(WeightBytes::Static(embedded::WEIGHTS));
        let words = RawEmbedding::find(classifier, "bert.embeddings.word_embeddings.weight")
            .map_err(invalid)?;
        let opts = InferenceOptions {
            precision: Some(precision),
            words,
        };
        let bert = Bert::for_inference(&cfg, vb.pp("bert"), opts)?;
        let head = candle_nn::linear(cfg.hidden_size, 1, vb.pp("head"))?;
        let tokens = TextEncoder::from_bytes(embedded::TOKENIZER, MAX_LEN)?;
        Ok(UnitEncoder { bert, head, tokens })
    }

    /// The probability that each of `texts` (built by [`input`]) lies in a statement.
    pub fn probs(&self, texts: &[String]) -> Result<Vec<f32>, ModelError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let ids = texts
            .iter()
            .map(|t| self.tokens.encode(t))
            .collect::<Result<Vec<_>, _>>()?;
        let seqs: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
        let (ids, mask) = batch_tensors(&seqs, &Device::Cpu)?;
        let pooled = self.bert.pooled(&ids, &mask, Mode::Infer)?;
        let logits: Vec<f32> = linear_rows(&self.head, &pooled, Mode::Infer)?
            .flatten_all()?
            .to_vec1()?;
        Ok(logits.iter().map(|z| 1.0 / (1.0 + (-z).exp())).collect())
    }
}

/// Every statement of a motion as screening finds it: the embedded tagger, then this encoder
/// on the sentences the tagger leaves uncertain ([`crate::find::locate::locate_all`] is the
/// tagger alone).
pub fn locate_all(text: &str) -> Vec<Candidate> {
    locate_all_rescored(
        text,
        Tagger::embedded(),
        UnitEncoder::embedded().map(|e| e as &dyn Rescore),
    )
}

/// The encoder's input for unit `i`: the unit, then the end of the one before and the start
/// of the one after, whitespace collapsed (`unit_inputs` in the training script).
pub fn input(text: &str, units: &[(usize, usize)], i: usize) -> String {
    let unit = |k: usize| {
        let (s, e) = units[k];
        text[s..e].split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let prev = match i.checked_sub(1).map(unit) {
        Some(p) => {
            let n = p.chars().count();
            p.chars().skip(n.saturating_sub(CONTEXT_CHARS)).collect()
        }
        None => String::new(),
    };
    let next: String = if i + 1 < units.len() {
        unit(i + 1).chars().take(CONTEXT_CHARS).collect()
    } else {
        String::new()
    };
    format!("{} [SEP] {prev} [SEP] {next}", unit(i))
}

impl Rescore for UnitEncoder {
    fn rescore(&self, text: &str, units: &[(usize, usize)], p: &mut [f32]) {
        let picked: Vec<usize> = (0..p.len())
            .filter(|&i| (LOW..HIGH).contains(&p[i]))
            .collect();
        if picked.is_empty() {
            return;
        }
        // A failed pass leaves the tagger's probability: locating never fails.
        // One unit per pass: a unit's probability does not depend on the others, and the
        // small passes kept peak memory of whole-motion screening 20 MiB lower than one
        // batch per motion, at the same speed (README, Performance). Only the picked units
        // and their neighbours are read.
        for i in picked {
            if let Ok(q) = self.probs(&[input(text, units, i)]) {
                p[i] = p[i].min(q[0]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_weights_load_and_separate_a_statement_from_argument() {
        let enc = UnitEncoder::embedded().expect("the embedded unit encoder loads");
        let text = "Defendant has not produced the documents. Counsel for Plaintiff spoke with \
                    counsel for Defendant by telephone on May 2, 2024 about Requests 3 to 9, and \
                    Defendant maintained its objections. The Court should compel production.";
        let units = [(0, 41), (42, 178), (179, text.len())];
        let all: Vec<String> = (0..units.len()).map(|i| input(text, &units, i)).collect();
        let q = enc.probs(&all).unwrap();
        assert!(q[1] > 0.5 && q[0] < 0.5 && q[2] < 0.5, "{q:?}");
    }

    #[test]
    fn input_reads_a_unit_with_the_ends_of_its_neighbours() {
        let long = "a".repeat(250);
        let text = format!("First  unit.\n{long} Third unit.");
        let units = [(0, 12), (13, 13 + 250), (14 + 250, text.len())];
        let got: Vec<String> = (0..units.len()).map(|i| input(&text, &units, i)).collect();
        assert_eq!(
            got[0],
            format!("First unit. [SEP]  [SEP] {}", "a".repeat(200))
        );
        assert_eq!(
            got[1],
            format!("{long} [SEP] First unit. [SEP] Third unit.")
        );
        assert_eq!(
            got[2],
            format!("Third unit. [SEP] {} [SEP] ", "a".repeat(200))
        );
    }

    #[test]
    fn uncertain_units_are_reread_and_only_lowered() {
        let enc = UnitEncoder::embedded().unwrap();
        let text = "Defendant has not produced the documents. Counsel for Plaintiff spoke with \
                    counsel for Defendant by telephone on May 2, 2024 about Requests 3 to 9, and \
                    Defendant maintained its objections. The Court should compel production.";
        let units = [(0, 41), (42, 178), (179, text.len())];
        // Outside the band: kept. In it: the statement sentence is not raised, the argument
        // sentence is lowered.
        let mut p = [0.001, 0.5, 0.95];
        enc.rescore(text, &units, &mut p);
        assert_eq!((p[0], p[1], p[2]), (0.001, 0.5, 0.95));
        let mut p = [0.5, 0.5, 0.5];
        enc.rescore(text, &units, &mut p);
        assert!(p[0] < 0.5 && p[1] == 0.5 && p[2] < 0.5, "{p:?}");
    }
}
