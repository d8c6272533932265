//! Fine-tuning the classifier end to end with candle: AdamW with warm-up and linear decay,
//! balanced class weights, an auxiliary element head, and early stopping on dev loss.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor, Var, D};
use candle_nn::{AdamW, Optimizer, ParamsAdamW, VarBuilder, VarMap};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde::Serialize;

use crate::corpus::dataset::Example;
use crate::model::bert::{BertConfig, Mode};
use crate::model::error::ModelError;
use crate::model::net::{batch_tensors, load_tensors, Classifier, ModelConfig};
use crate::model::tokenize::TextEncoder;

/// Hyper-parameters; the defaults are the ones the shipped model was trained with.
#[derive(Clone, Debug, Serialize)]
pub struct TrainConfig {
    pub epochs: usize,
    pub lr: f64,
    pub batch_size: usize,
    pub seed: u64,
    pub max_len: usize,
    pub weight_decay: f64,
    /// Fraction of steps with linearly rising learning rate.
    pub warmup: f64,
    /// Stop after this many epochs without a better dev loss.
    pub patience: usize,
    /// Weight of the element head's loss relative to the class loss.
    pub element_weight: f64,
    /// Dropout on the pooled output, as in Hugging Face's head.
    pub dropout: f32,
    /// Real (non-synthetic) training examples count this many times in the loss: they are
    /// few but are the distribution the tool serves.
    pub real_weight: f64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 3,
            lr: 5e-5,
            batch_size: 16,
            seed: 17,
            max_len: 256,
            weight_decay: 0.01,
            warmup: 0.1,
            patience: 1,
            element_weight: 0.5,
            dropout: 0.1,
            real_weight: 3.0,
        }
    }
}

/// What one epoch measured on dev.
#[derive(Clone, Debug, Serialize)]
pub struct EpochReport {
    pub epoch: usize,
    pub train_loss: f64,
    pub dev_loss: f64,
    pub dev_accuracy: f64,
}

#[derive(Debug, Serialize)]
pub struct TrainSummary {
    pub epochs: Vec<EpochReport>,
    pub best_epoch: usize,
    pub out: PathBuf,
    pub seconds: f64,
}

/// Inputs of one encoded example.
struct Item {
    ids: Vec<u32>,
    label: u32,
    weight: f32,
    elements: Option<[bool; 6]>,
}

fn encode_all(
    examples: &[Example],
    enc: &TextEncoder,
    class_w: [f64; 2],
    real_weight: f64,
) -> Result<Vec<Item>, ModelError> {
    examples
        .iter()
        .map(|ex| {
            let real = ex.label_source() != "synthetic";
            let w = class_w[ex.label.index()] * if real { real_weight } else { 1.0 };
            Ok(Item {
                ids: enc.encode(&ex.text)?,
                label: ex.label.index() as u32,
                weight: w as f32,
                elements: ex.elements(),
            })
        })
        .collect()
}

/// Balanced class weights: each class contributes equally to the loss.
fn class_weights(examples: &[Example]) -> [f64; 2] {
    let n = examples.len() as f64;
    let pos = examples.iter().filter(|e| e.label.is_sufficient()).count() as f64;
    let neg = n - pos;
    [n / (2.0 * neg.max(1.0)), n / (2.0 * pos.max(1.0))]
}

/// Batches of similar length, in a seeded random order: sort within windows of several
/// batches so padding stays small while the order stays random.
fn make_batches(items: &[Item], batch: usize, rng: &mut StdRng) -> Vec<Vec<usize>> {
    let mut idx: Vec<usize> = (0..items.len()).collect();
    idx.shuffle(rng);
    let mut batches = Vec::new();
    for window in idx.chunks(batch * 8) {
        let mut w = window.to_vec();
        w.sort_by_key(|&i| items[i].ids.len());
        batches.extend(w.chunks(batch).map(|c| c.to_vec()));
    }
    batches.shuffle(rng);
    batches
}

/// Weighted cross-entropy over the two classes plus masked binary cross-entropy on
/// elements; returns (total loss, sum of class-loss weights) built from differentiable ops.
fn batch_loss(
    net: &Classifier,
    items: &[&Item],
    device: &Device,
    mode: Mode,
    dropout: Option<&Tensor>,
    element_weight: f64,
) -> candle_core::Result<Tensor> {
    let seqs: Vec<&[u32]> = items.iter().map(|i| i.ids.as_slice()).collect();
    let (ids, mask) = batch_tensors(&seqs, device)?;
    let out = net.forward(&ids, &mask, mode, dropout)?;
    let labels = Tensor::from_vec(
        items.iter().map(|i| i.label).collect::<Vec<_>>(),
        items.len(),
        device,
    )?;
    let weights = Tensor::from_vec(
        items.iter().map(|i| i.weight).collect::<Vec<_>>(),
        items.len(),
        device,
    )?;
    let logp = candle_nn::ops::log_softmax(&out.classes, D::Minus1)?;
    let picked = logp.gather(&labels.unsqueeze(1)?, 1)?.squeeze(1)?;
    let class_loss = (picked.mul(&weights)?.sum_all()?.neg()? / weights.sum_all()?)?;
    let class_loss = class_loss.to_dtype(DType::F32)?;

    let with_el: Vec<(usize, [bool; 6])> = items
        .iter()
        .enumerate()
        .filter_map(|(k, i)| i.elements.map(|e| (k, e)))
        .collect();
    if with_el.is_empty() || element_weight == 0.0 {
        return Ok(class_loss);
    }
    let rows = Tensor::from_vec(
        with_el.iter().map(|(k, _)| *k as u32).collect::<Vec<_>>(),
        with_el.len(),
        device,
    )?;
    let targets: Vec<f32> = with_el
        .iter()
        .flat_map(|(_, e)| e.iter().map(|&b| if b { 1.0 } else { 0.0 }))
        .collect();
    let y = Tensor::from_vec(targets, (with_el.len(), 6), device)?;
    let x = out.elements.index_select(&rows, 0)?;
    // Stable BCE with logits: max(x,0) - x*y + log(1 + exp(-|x|)).
    let bce = ((x.relu()? - x.mul(&y)?)? + ((x.abs()?.neg()?.exp()? + 1.0)?.log()?))?;
    class_loss + (bce.mean_all()? * element_weight)?
}

fn lr_at(step: usize, total: usize, cfg: &TrainConfig) -> f64 {
    let warm = ((total as f64) * cfg.warmup).max(1.0);
    let s = step as f64;
    if s < warm {
        cfg.lr * (s + 1.0) / warm
    } else {
        cfg.lr * ((total as f64 - s) / (total as f64 - warm).max(1.0)).max(0.0)
    }
}

/// Deterministic initialisation for tensors the base model lacks (the heads): normal(0,
/// 0.02) weights and zero biases, as Hugging Face initialises a new head.
fn init_missing(
    varmap: &VarMap,
    base: &HashMap<String, Tensor>,
    seed: u64,
) -> candle_core::Result<()> {
    let mut rng = StdRng::seed_from_u64(seed ^ 0x5eed);
    let data = varmap.data().lock().expect("varmap lock");
    let mut names: Vec<&String> = data.keys().collect();
    names.sort();
    for name in names {
        let var: &Var = &data[name];
        let from_base = base
            .get(name)
            .or_else(|| name.strip_prefix("bert.").and_then(|n| base.get(n)));
        match from_base {
            Some(t) => var.set(&t.to_dtype(DType::F32)?)?,
            None => {
                let n = var.elem_count();
                let vals: Vec<f32> = if name.ends_with(".bias") || name.ends_with("LayerNorm.bias")
                {
                    vec![0.0; n]
                } else if name.ends_with("LayerNorm.weight") {
                    vec![1.0; n]
                } else {
                    (0..n).map(|_| normal(&mut rng) * 0.02).collect()
                };
                var.set(&Tensor::from_vec(vals, var.shape(), var.device())?)?;
            }
        }
    }
    Ok(())
}

fn normal(rng: &mut StdRng) -> f32 {
    // Box-Muller: enough for initialisation, and reproducible across platforms.
    let u1: f32 = rng.random::<f32>().max(1e-7);
    let u2: f32 = rng.random::<f32>();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f32::consts::PI * u2).cos()
}

fn dropout_mask(
    rows: usize,
    cols: usize,
    p: f32,
    rng: &mut StdRng,
    device: &Device,
) -> candle_core::Result<Tensor> {
    let keep = 1.0 / (1.0 - p);
    let vals: Vec<f32> = (0..rows * cols)
        .map(|_| if rng.random::<f32>() < p { 0.0 } else { keep })
        .collect();
    Tensor::from_vec(vals, (rows, cols), device)
}

fn snapshot(varmap: &VarMap) -> candle_core::Result<HashMap<String, Tensor>> {
    let data = varmap.data().lock().expect("varmap lock");
    data.iter()
        .map(|(k, v)| Ok((k.clone(), v.as_tensor().copy()?)))
        .collect()
}

/// A classifier being trained: its variables, the network over them, and the encoder.
pub struct Trainee {
    pub varmap: VarMap,
    pub net: Classifier,
    pub encoder: TextEncoder,
    pub bert: BertConfig,
    pub tokenizer_json: Vec<u8>,
    pub device: Device,
}

impl Trainee {
    /// Starts from a base directory holding `config.json`, `model.safetensors` and
    /// `tokenizer.json`: a bare sentence-transformers BERT (heads new) or a conferral model
    /// (continue training).
    pub fn from_base(base: &Path, max_len: usize, seed: u64) -> Result<Self, ModelError> {
        let read = |f: &str| {
            let p = base.join(f);
            std::fs::read(&p).map_err(|source| ModelError::Io { path: p, source })
        };
        let bert: BertConfig =
            serde_json::from_slice(&read("config.json")?).map_err(|e| ModelError::Invalid {
                path: base.join("config.json"),
                message: e.to_string(),
            })?;
        let tokenizer_json = read("tokenizer.json")?;
        let device = Device::Cpu;
        let tensors = load_tensors(&base.join("model.safetensors"), &device)?;
        Self::new(bert, tokenizer_json, &tensors, max_len, seed)
    }

    /// Builds from a config and initial tensors (missing ones are initialised).
    pub fn new(
        bert: BertConfig,
        tokenizer_json: Vec<u8>,
        tensors: &HashMap<String, Tensor>,
        max_len: usize,
        seed: u64,
    ) -> Result<Self, ModelError> {
        let device = Device::Cpu;
        let varmap = VarMap::new();
        let vb = VarBuilder::from_varmap(&varmap, DType::F32, &device);
        let net = Classifier::new(&bert, vb)?;
        init_missing(&varmap, tensors, seed)?;
        let encoder = TextEncoder::from_bytes(&tokenizer_json, max_len)?;
        Ok(Trainee {
            varmap,
            net,
            encoder,
            bert,
            tokenizer_json,
            device,
        })
    }

    /// Writes a model directory loadable by [`crate::model::classifier::Model::load_dir`] and by Hugging
    /// Face transformers. Calibration is written separately (`conferral calibrate`).
    pub fn save(&self, out: &Path) -> Result<(), ModelError> {
        self.save_as(out, DType::F32)
    }

    /// [`Self::save`] with the weights stored as `dtype`: F16 halves the file (the shipped
    /// model), and candle and Hugging Face read it back into f32 tensors.
    pub fn save_as(&self, out: &Path, dtype: DType) -> Result<(), ModelError> {
        let io = |path: PathBuf| move |source| ModelError::Io { path, source };
        std::fs::create_dir_all(out).map_err(io(out.to_path_buf()))?;
        let cfg = ModelConfig::for_classifier(self.bert.clone(), self.encoder.max_len());
        let p = out.join("config.json");
        std::fs::write(
            &p,
            serde_json::to_string_pretty(&cfg).expect("config serialises"),
        )
        .map_err(io(p))?;
        let p = out.join("tokenizer.json");
        std::fs::write(&p, &self.tokenizer_json).map_err(io(p))?;
        let weights = snapshot(&self.varmap)?
            .into_iter()
            .map(|(k, v)| Ok((k, v.to_dtype(dtype)?)))
            .collect::<candle_core::Result<HashMap<_, _>>>()?;
        candle_core::safetensors::save(&weights, out.join("model.safetensors"))?;
        Ok(())
    }

    fn restore(&self, snap: &HashMap<String, Tensor>) -> candle_core::Result<()> {
        let data = self.varmap.data().lock().expect("varmap lock");
        for (k, v) in data.iter() {
            v.set(&snap[k])?;
        }
        Ok(())
    }

    /// Mean weighted loss over a set, without gradients, and accuracy at 0.5.
    fn evaluate(&self, items: &[Item], batch: usize) -> candle_core::Result<(f64, f64)> {
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by_key(|&i| items[i].ids.len());
        let (mut loss, mut wsum, mut correct) = (0.0, 0.0, 0usize);
        for chunk in order.chunks(batch) {
            let refs: Vec<&Item> = chunk.iter().map(|&i| &items[i]).collect();
            let seqs: Vec<&[u32]> = refs.iter().map(|i| i.ids.as_slice()).collect();
            let (ids, mask) = batch_tensors(&seqs, &self.device)?;
            let out = self.net.forward(&ids, &mask, Mode::Infer, None)?;
            let logp: Vec<Vec<f32>> =
                candle_nn::ops::log_softmax(&out.classes, D::Minus1)?.to_vec2()?;
            for (it, lp) in refs.iter().zip(&logp) {
                loss -= (lp[it.label as usize] * it.weight) as f64;
                wsum += it.weight as f64;
                let pred = u32::from(lp[1] > lp[0]);
                correct += usize::from(pred == it.label);
            }
        }
        Ok((
            loss / wsum.max(1e-9),
            correct as f64 / items.len().max(1) as f64,
        ))
    }

    /// One loss and backward pass over a batch, returning the gradients (for tests).
    pub fn gradients(
        &self,
        examples: &[Example],
    ) -> Result<(f64, candle_core::backprop::GradStore), ModelError> {
        let items = encode_all(examples, &self.encoder, [1.0, 1.0], 1.0)?;
        let refs: Vec<&Item> = items.iter().collect();
        let loss = batch_loss(&self.net, &refs, &self.device, Mode::Train, None, 0.5)?;
        let grads = loss.backward()?;
        Ok((loss.to_scalar::<f32>()? as f64, grads))
    }

    /// Fine-tunes on `train`, keeps the weights of the epoch with the lowest dev loss; with
    /// no dev examples, runs every epoch and keeps the last.
    /// `on_step` receives (step, total steps, batch loss) for progress display.
    pub fn fit(
        &mut self,
        train: &[Example],
        dev: &[Example],
        cfg: &TrainConfig,
        mut on_step: impl FnMut(usize, usize, f64),
        mut on_epoch: impl FnMut(&EpochReport),
    ) -> Result<(Vec<EpochReport>, usize), ModelError> {
        let cw = class_weights(train);
        let items = encode_all(train, &self.encoder, cw, cfg.real_weight)?;
        // Dev loss weighs classes equally, real and synthetic alike: it picks the epoch.
        let dev_items = encode_all(dev, &self.encoder, class_weights(dev), 1.0)?;
        let mut rng = StdRng::seed_from_u64(cfg.seed);
        let steps_per_epoch = items.len().div_ceil(cfg.batch_size);
        let total = steps_per_epoch * cfg.epochs;
        let mut opt = AdamW::new(
            self.varmap.all_vars(),
            ParamsAdamW {
                lr: cfg.lr,
                weight_decay: cfg.weight_decay,
                ..Default::default()
            },
        )?;
        let mut reports = Vec::new();
        let mut best: Option<(f64, usize, HashMap<String, Tensor>)> = None;
        let mut step = 0;
        for epoch in 1..=cfg.epochs {
            let mut sum = 0.0;
            let batches = make_batches(&items, cfg.batch_size, &mut rng);
            let n_batches = batches.len();
            for b in batches {
                opt.set_learning_rate(lr_at(step, total, cfg));
                let refs: Vec<&Item> = b.iter().map(|&i| &items[i]).collect();
                let mask = (cfg.dropout > 0.0)
                    .then(|| {
                        dropout_mask(
                            refs.len(),
                            self.bert.hidden_size,
                            cfg.dropout,
                            &mut rng,
                            &self.device,
                        )
                    })
                    .transpose()?;
                let loss = batch_loss(
                    &self.net,
                    &refs,
                    &self.device,
                    Mode::Train,
                    mask.as_ref(),
                    cfg.element_weight,
                )?;
                opt.backward_step(&loss)?;
                let l = loss.to_scalar::<f32>()? as f64;
                sum += l;
                step += 1;
                on_step(step, total, l);
            }
            let (dev_loss, dev_accuracy) = if dev_items.is_empty() {
                (f64::NAN, f64::NAN)
            } else {
                self.evaluate(&dev_items, 64)?
            };
            let report = EpochReport {
                epoch,
                train_loss: sum / n_batches.max(1) as f64,
                dev_loss,
                dev_accuracy,
            };
            on_epoch(&report);
            reports.push(report);
            let better = match &best {
                None => true,
                Some((l, _, _)) => dev_loss < *l || dev_loss.is_nan(),
            };
            if better {
                best = Some((dev_loss, epoch, snapshot(&self.varmap)?));
            } else if epoch - best.as_ref().map_or(epoch, |b| b.1) >= cfg.patience {
                break;
            }
        }
        let best_epoch = match best {
            Some((_, e, snap)) => {
                self.restore(&snap)?;
                e
            }
            None => 0,
        };
        Ok((reports, best_epoch))
    }
}

/// A tiny randomly initialised classifier with the embedded model's tokenizer, for the
/// unit tests of model mechanics (fast to build, save and run).
#[cfg(test)]
pub(crate) fn tiny_trainee(seed: u64) -> Trainee {
    const TOKENIZER: &[u8] = include_bytes!("../../models/conferral-minilm/tokenizer.json");
    Trainee::new(
        BertConfig::tiny(30522),
        TOKENIZER.to_vec(),
        &HashMap::new(),
        64,
        seed,
    )
    .expect("tiny model")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f16_weights_are_half_the_size_and_score_alike() {
        let t = tiny_trainee(3);
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        t.save(a.path()).unwrap();
        t.save_as(b.path(), DType::F16).unwrap();
        let size = |d: &Path| {
            std::fs::metadata(d.join("model.safetensors"))
                .unwrap()
                .len()
        };
        assert!(
            size(b.path()) * 10 < size(a.path()) * 6,
            "f16 file not about half"
        );
        let texts = [
            "On May 3, counsel conferred by phone about RFP 9.",
            "We tried.",
        ];
        let f32s = Model::load_dir(a.path())
            .unwrap()
            .score_texts(&texts, 8)
            .unwrap();
        let f16s = Model::load_dir(b.path())
            .unwrap()
            .score_texts(&texts, 8)
            .unwrap();
        for (x, y) in f32s.iter().zip(&f16s) {
            assert!((x.prob - y.prob).abs() < 1e-3, "{} vs {}", x.prob, y.prob);
        }
    }
    use crate::corpus::dataset::Label;
    use crate::model::classifier::Model;

    fn ex(id: &str, text: &str, label: Label, elements: Option<[bool; 6]>) -> Example {
        let mut extra = serde_json::Map::new();
        if let Some(e) = elements {
            let m: serde_json::Map<String, serde_json::Value> = crate::corpus::dataset::ELEMENTS
                .iter()
                .zip(e)
                .map(|(k, v)| (k.to_string(), v.into()))
                .collect();
            extra.insert("elements".into(), m.into());
        }
        Example {
            id: id.into(),
            text: text.into(),
            label,
            extra,
        }
    }

    /// Class logits of the trainee's network for `texts`, batched, in `mode`.
    fn class_logits(t: &Trainee, texts: &[&str], mode: Mode) -> Vec<Vec<f32>> {
        let seqs: Vec<Vec<u32>> = texts.iter().map(|s| t.encoder.encode(s).unwrap()).collect();
        let refs: Vec<&[u32]> = seqs.iter().map(|s| s.as_slice()).collect();
        let (ids, mask) = batch_tensors(&refs, &t.device).unwrap();
        let out = t.net.forward(&ids, &mask, mode, None).unwrap();
        out.classes.to_vec2().unwrap()
    }

    fn toy() -> Vec<Example> {
        let good = "On May 2, 2022 counsel for Plaintiff and counsel for Defendant conferred by telephone about the motion; Defendant opposes.";
        let bad = "Counsel certifies a good faith effort to resolve the dispute.";
        (0..8)
            .map(|i| {
                if i % 2 == 0 {
                    ex(&format!("g{i}"), good, Label::Sufficient, Some([true; 6]))
                } else {
                    ex(&format!("b{i}"), bad, Label::Insufficient, Some([false; 6]))
                }
            })
            .collect()
    }

    #[test]
    fn every_trainable_tensor_gets_a_gradient() {
        let t = tiny_trainee(1);
        let (_, grads) = t.gradients(&toy()).unwrap();
        let data = t.varmap.data().lock().unwrap();
        let mut missing = Vec::new();
        for (name, var) in data.iter() {
            let ok = grads
                .get(var.as_tensor())
                .map(|g| {
                    g.abs()
                        .unwrap()
                        .sum_all()
                        .unwrap()
                        .to_scalar::<f32>()
                        .unwrap()
                        > 0.0
                })
                .unwrap_or(false);
            // Position rows beyond the toy length and unused token types get no gradient by
            // nature; their tensors as a whole still do.
            if !ok {
                missing.push(name.clone());
            }
        }
        assert!(data.len() > 30, "{} tensors", data.len());
        assert!(missing.is_empty(), "no gradient for {missing:?}");
    }

    #[test]
    fn training_a_tiny_bert_reduces_loss() {
        let mut t = tiny_trainee(2);
        let data = toy();
        let before = t.gradients(&data).unwrap().0;
        let cfg = TrainConfig {
            epochs: 15,
            lr: 1e-2,
            batch_size: 4,
            warmup: 0.0,
            patience: 100,
            dropout: 0.0,
            ..TrainConfig::default()
        };
        let (reports, kept) = t.fit(&data, &[], &cfg, |_, _, _| {}, |_| {}).unwrap();
        let after = t.gradients(&data).unwrap().0;
        assert!(after < before * 0.5, "loss {before} -> {after}");
        // Without dev data nothing can stop early: every epoch runs and the last is kept.
        assert_eq!((reports.len(), kept), (15, 15));
    }

    #[test]
    fn save_then_load_gives_identical_outputs_and_batch_equals_single() {
        let t = tiny_trainee(3);
        let dir = tempfile::tempdir().unwrap();
        t.save(dir.path()).unwrap();
        let model = Model::load_dir(dir.path()).unwrap();
        let texts = [
            "Counsel conferred by phone on March 3.",
            "No conference took place.",
            "On May 2, 2022, counsel for Plaintiff (A. Smith) and counsel for Defendant (B. Jones) conferred by telephone about the relief requested in this motion. Defendant opposes the motion.",
        ];
        // The trainee's own network in inference mode is the reference.
        let want = class_logits(&t, &texts, Mode::Infer);
        let batched = model.score_texts(&texts, 8).unwrap();
        for (i, text) in texts.iter().enumerate() {
            let single = model.score_texts(&[text], 1).unwrap().remove(0);
            assert!((single.margin - (want[i][1] - want[i][0])).abs() < 1e-5);
            assert!(
                (single.raw_prob - batched[i].raw_prob).abs() < 1e-5,
                "batch vs single"
            );
            for k in 0..6 {
                assert!((single.elements[k] - batched[i].elements[k]).abs() < 1e-5);
            }
        }
    }

    #[test]
    fn train_and_infer_modes_agree() {
        let t = tiny_trainee(4);
        let data = toy();
        let texts: Vec<&str> = data.iter().map(|e| e.text.as_str()).collect();
        let a = class_logits(&t, &texts, Mode::Infer);
        let b = class_logits(&t, &texts, Mode::Train);
        for (x, y) in a.iter().flatten().zip(b.iter().flatten()) {
            assert!((x - y).abs() < 1e-4, "{x} vs {y}");
        }
    }

    #[test]
    fn learning_rate_warms_up_then_decays() {
        let cfg = TrainConfig {
            lr: 1.0,
            warmup: 0.1,
            ..TrainConfig::default()
        };
        assert!(lr_at(0, 100, &cfg) < lr_at(5, 100, &cfg));
        assert!((lr_at(9, 100, &cfg) - 1.0).abs() < 1e-9);
        assert!(lr_at(99, 100, &cfg) < 0.05);
    }
}
