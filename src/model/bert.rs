//! A BERT encoder written for both fine-tuning and inference.
//!
//! candle-transformers' BERT cannot be fine-tuned: its fused layer norm and `softmax_last_dim`
//! pass no gradient (see ../shared/ENGINEERING.md). This encoder builds layer norm and softmax
//! from differentiable primitives in [`Mode::Train`] and uses the fused kernels in
//! [`Mode::Infer`]. Tensor names follow Hugging Face's `BertModel` so that weights load and
//! save unchanged.

use candle_core::{DType, Module, Result, Tensor, D};
use candle_nn::{Embedding, Linear, VarBuilder};
use serde::{Deserialize, Serialize};

use crate::model::int8::QLinear;
use crate::model::softmax::masked_softmax;
use crate::model::weights::RawEmbedding;

/// Attention scores computed at once in inference (4 Mi floats, 16 MiB; held twice, as
/// scores and probabilities): a batch of 8 statements of 256 tokens would otherwise hold
/// 8 x 12 x 256² = 6.3 Mi. At 1 Mi floats a 1,200-statement run peaked 12 MiB lower but
/// took 8% longer (one attention product per long statement).
const ATTENTION_FLOATS: usize = 4 << 20;

/// The parts of a Hugging Face BERT `config.json` this encoder needs.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BertConfig {
    pub vocab_size: usize,
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    pub max_position_embeddings: usize,
    #[serde(default = "default_type_vocab")]
    pub type_vocab_size: usize,
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f64,
}

fn default_type_vocab() -> usize {
    2
}
fn default_eps() -> f64 {
    1e-12
}

impl BertConfig {
    /// A tiny configuration for fast model-mechanics tests.
    pub fn tiny(vocab_size: usize) -> Self {
        BertConfig {
            vocab_size,
            hidden_size: 32,
            num_hidden_layers: 2,
            num_attention_heads: 4,
            intermediate_size: 64,
            max_position_embeddings: 128,
            type_vocab_size: 2,
            layer_norm_eps: 1e-12,
        }
    }
}

/// Whether the forward pass must be differentiable (training) or fast (inference).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Train,
    Infer,
}

/// How an encoder built for inference holds the encoder's linear layers (about 47% of the
/// weights and 95% of the arithmetic); see [`crate::model::int8`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    F32,
    Int8,
}

impl Precision {
    /// int8 where the CPU has AVX-512 VNNI, f32 elsewhere (the scalar int8 kernel is slower
    /// than candle's f32 products).
    pub fn auto() -> Self {
        if crate::model::int8::has_vnni() {
            Precision::Int8
        } else {
            Precision::F32
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Precision::F32 => "f32",
            Precision::Int8 => "int8",
        }
    }
}

/// Inference-only choices for [`Bert::for_inference`].
#[derive(Clone, Default)]
pub struct InferenceOptions {
    /// int8 encoder layers (`None` or `Some(F32)`: f32).
    pub precision: Option<Precision>,
    /// Word embeddings read in place from the weight file instead of an f32 tensor.
    pub words: Option<RawEmbedding>,
}

struct LayerNorm {
    weight: Tensor,
    bias: Tensor,
    eps: f64,
}

impl LayerNorm {
    fn new(size: usize, eps: f64, vb: VarBuilder) -> Result<Self> {
        Ok(LayerNorm {
            weight: vb.get_with_hints(size, "weight", candle_nn::Init::Const(1.0))?,
            bias: vb.get_with_hints(size, "bias", candle_nn::Init::Const(0.0))?,
            eps,
        })
    }

    fn forward(&self, x: &Tensor, mode: Mode) -> Result<Tensor> {
        match mode {
            Mode::Infer => candle_nn::ops::layer_norm(x, &self.weight, &self.bias, self.eps as f32),
            Mode::Train => {
                let mean = x.mean_keepdim(D::Minus1)?;
                let centred = x.broadcast_sub(&mean)?;
                let var = centred.sqr()?.mean_keepdim(D::Minus1)?;
                let normed = centred.broadcast_div(&(var + self.eps)?.sqrt()?)?;
                normed
                    .broadcast_mul(&self.weight)?
                    .broadcast_add(&self.bias)
            }
        }
    }
}

/// An encoder linear layer: candle's f32 `Linear` (training, `--precision f32`) or int8.
enum Dense {
    F32(Linear),
    Int8(QLinear),
}

impl Dense {
    fn new(input: usize, output: usize, vb: VarBuilder, precision: Precision) -> Result<Self> {
        let l = candle_nn::linear(input, output, vb)?;
        match precision {
            Precision::F32 => Ok(Dense::F32(l)),
            Precision::Int8 => {
                let w: Vec<f32> = l.weight().flatten_all()?.to_vec1()?;
                let b: Option<Vec<f32>> = l.bias().map(Tensor::to_vec1).transpose()?;
                QLinear::quantize(&w, output, input, b.as_deref())
                    .map(Dense::Int8)
                    .map_err(candle_core::Error::msg)
            }
        }
    }
}

/// Applies a linear layer to (batch, seq, in) as one (batch*seq, in) matrix product: one
/// large GEMM is much faster on CPU than candle's batch of per-item products.
fn linear3(layer: &Dense, x: &Tensor) -> Result<Tensor> {
    let (b, s, h) = x.dims3()?;
    let x2 = x.reshape((b * s, h))?;
    match layer {
        Dense::F32(l) => {
            let y = l.forward(&x2)?;
            let o = y.dim(1)?;
            y.reshape((b, s, o))
        }
        Dense::Int8(q) => {
            let x2 = x2.contiguous()?;
            let (storage, layout) = x2.storage_and_layout();
            let candle_core::Storage::Cpu(cpu) = &*storage else {
                candle_core::bail!("int8 layers run on the CPU only")
            };
            let at = layout.start_offset();
            let y = q.forward(&cpu.as_slice::<f32>()?[at..at + b * s * h], b * s);
            Tensor::from_vec(y, (b, s, q.out_features()), x.device())
        }
    }
}

/// `x · Wᵀ + b` for the small layers that read one vector per statement (pooler, heads) in
/// inference: each output is summed over the inputs in one fixed order whatever the number
/// of rows, so a statement's score does not depend on its batch (candle's product picks
/// kernels, and so summation orders, by matrix shape). `Train` keeps candle's differentiable
/// product.
pub(crate) fn linear_rows(l: &Linear, x: &Tensor, mode: Mode) -> Result<Tensor> {
    if mode == Mode::Train || x.dtype() != DType::F32 || !x.device().is_cpu() {
        return l.forward(x);
    }
    let (rows, k) = x.dims2()?;
    let (n, kw) = l.weight().dims2()?;
    if kw != k {
        candle_core::bail!("linear_rows: {rows} x {k} input for a {n} x {kw} weight")
    }
    let x = x.contiguous()?;
    let weight = l.weight().contiguous()?;
    let b: Option<Vec<f32>> = l.bias().map(Tensor::to_vec1).transpose()?;
    let mut out = Vec::with_capacity(rows * n);
    // Read in place: the pooler's weights are 384 x 384, copied on every pass otherwise.
    let (xs, xl) = x.storage_and_layout();
    let (ws, wl) = weight.storage_and_layout();
    let (candle_core::Storage::Cpu(xs), candle_core::Storage::Cpu(ws)) = (&*xs, &*ws) else {
        candle_core::bail!("linear_rows: CPU tensors only")
    };
    let xs = &xs.as_slice::<f32>()?[xl.start_offset()..][..rows * k];
    let w = &ws.as_slice::<f32>()?[wl.start_offset()..][..n * k];
    for row in xs.chunks_exact(k) {
        for (c, wr) in w.chunks_exact(k).enumerate() {
            out.push(dot(row, wr) + b.as_ref().map_or(0.0, |b| b[c]));
        }
    }
    Tensor::from_vec(out, (rows, n), x.device())
}

/// A dot product in a fixed order: 8 running sums over the vector, then those in order.
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..8 {
            lanes[i] += x[i] * y[i];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

fn softmax(x: &Tensor, mode: Mode) -> Result<Tensor> {
    match mode {
        Mode::Infer => candle_nn::ops::softmax_last_dim(x),
        Mode::Train => candle_nn::ops::softmax(x, D::Minus1),
    }
}

struct Layer {
    query: Dense,
    key: Dense,
    value: Dense,
    attn_out: Dense,
    attn_norm: LayerNorm,
    intermediate: Dense,
    output: Dense,
    out_norm: LayerNorm,
    heads: usize,
    head_dim: usize,
}

impl Layer {
    fn new(cfg: &BertConfig, vb: VarBuilder, p: Precision) -> Result<Self> {
        let h = cfg.hidden_size;
        let att = vb.pp("attention");
        Ok(Layer {
            query: Dense::new(h, h, att.pp("self").pp("query"), p)?,
            key: Dense::new(h, h, att.pp("self").pp("key"), p)?,
            value: Dense::new(h, h, att.pp("self").pp("value"), p)?,
            attn_out: Dense::new(h, h, att.pp("output").pp("dense"), p)?,
            attn_norm: LayerNorm::new(h, cfg.layer_norm_eps, att.pp("output").pp("LayerNorm"))?,
            intermediate: Dense::new(
                h,
                cfg.intermediate_size,
                vb.pp("intermediate").pp("dense"),
                p,
            )?,
            output: Dense::new(cfg.intermediate_size, h, vb.pp("output").pp("dense"), p)?,
            out_norm: LayerNorm::new(h, cfg.layer_norm_eps, vb.pp("output").pp("LayerNorm"))?,
            heads: cfg.num_attention_heads,
            head_dim: h / cfg.num_attention_heads,
        })
    }

    /// `mask` is the additive attention bias, shape (batch, 1, 1, seq).
    fn forward(&self, x: &Tensor, mask: &Tensor, mode: Mode) -> Result<Tensor> {
        let (b, s, h) = x.dims3()?;
        let split = |t: Tensor| -> Result<Tensor> {
            t.reshape((b, s, self.heads, self.head_dim))?
                .transpose(1, 2)?
                .contiguous()
        };
        let q = split(linear3(&self.query, x)?)?;
        let k = split(linear3(&self.key, x)?)?;
        let v = split(linear3(&self.value, x)?)?;
        let scale = 1.0 / (self.head_dim as f64).sqrt();
        let ctx = match mode {
            Mode::Train => {
                let scores = (q.matmul(&k.t()?.contiguous()?)? * scale)?.broadcast_add(mask)?;
                softmax(&scores, mode)?.matmul(&v)?
            }
            Mode::Infer => {
                // A few items at a time, so that the scores (heads x seq² per item) of one
                // pass stay under ATTENTION_FLOATS: memory per worker does not grow with
                // the batch.
                let per_item = self.heads * s * s;
                let step = (ATTENTION_FLOATS / per_item).clamp(1, b);
                let kt = k.t()?.contiguous()?;
                let mut parts = Vec::with_capacity(b.div_ceil(step));
                for at in (0..b).step_by(step) {
                    let n = step.min(b - at);
                    let scores = q.narrow(0, at, n)?.matmul(&kt.narrow(0, at, n)?)?;
                    let probs = masked_softmax(&scores, &mask.narrow(0, at, n)?, scale as f32)?;
                    parts.push(probs.matmul(&v.narrow(0, at, n)?)?);
                }
                Tensor::cat(&parts, 0)?
            }
        };
        let ctx = ctx.transpose(1, 2)?.contiguous()?.reshape((b, s, h))?;
        let attn = self
            .attn_norm
            .forward(&(linear3(&self.attn_out, &ctx)? + x)?, mode)?;
        let inter = linear3(&self.intermediate, &attn)?;
        let inter = match mode {
            Mode::Infer => crate::model::gelu::gelu_erf(&inter)?,
            Mode::Train => inter.gelu_erf()?,
        };
        self.out_norm
            .forward(&(linear3(&self.output, &inter)? + attn)?, mode)
    }
}

/// The word-embedding table: a tensor (training) or rows read in place (inference).
enum Words {
    Table(Embedding),
    Raw(RawEmbedding),
}

/// BERT embeddings, encoder and pooler (`BertModel` with its pooling layer).
pub struct Bert {
    word: Words,
    position: Embedding,
    token_type: Embedding,
    emb_norm: LayerNorm,
    layers: Vec<Layer>,
    pooler: Linear,
}

impl Bert {
    /// Builds the encoder from `vb` (rooted at the `bert` prefix of a classifier, or at the
    /// root of a bare `BertModel` file).
    pub fn new(cfg: &BertConfig, vb: VarBuilder) -> Result<Self> {
        Self::for_inference(cfg, vb, InferenceOptions::default())
    }

    /// [`Self::new`] with the inference-only choices of `opts` (the f32, tensor-table
    /// defaults are what training needs).
    pub fn for_inference(cfg: &BertConfig, vb: VarBuilder, opts: InferenceOptions) -> Result<Self> {
        let h = cfg.hidden_size;
        let p = opts.precision.unwrap_or(Precision::F32);
        let emb = vb.pp("embeddings");
        let layers = (0..cfg.num_hidden_layers)
            .map(|i| Layer::new(cfg, vb.pp("encoder").pp("layer").pp(i), p))
            .collect::<Result<Vec<_>>>()?;
        let word = match opts.words {
            Some(raw) if raw.rows() == cfg.vocab_size && raw.cols() == h => Words::Raw(raw),
            Some(raw) => candle_core::bail!(
                "word embeddings are {} x {}, the config says {} x {h}",
                raw.rows(),
                raw.cols(),
                cfg.vocab_size
            ),
            None => Words::Table(candle_nn::embedding(
                cfg.vocab_size,
                h,
                emb.pp("word_embeddings"),
            )?),
        };
        Ok(Bert {
            word,
            position: candle_nn::embedding(
                cfg.max_position_embeddings,
                h,
                emb.pp("position_embeddings"),
            )?,
            token_type: candle_nn::embedding(
                cfg.type_vocab_size,
                h,
                emb.pp("token_type_embeddings"),
            )?,
            emb_norm: LayerNorm::new(h, cfg.layer_norm_eps, emb.pp("LayerNorm"))?,
            layers,
            // The pooler reads one vector per statement: f32 at no cost.
            pooler: candle_nn::linear(h, h, vb.pp("pooler").pp("dense"))?,
        })
    }

    /// Returns the pooled output (tanh of a dense layer over the [CLS] state), shape
    /// (batch, hidden). `ids` and `mask` are u32 tensors of shape (batch, seq); mask is 1
    /// for real tokens and 0 for padding.
    pub fn pooled(&self, ids: &Tensor, mask: &Tensor, mode: Mode) -> Result<Tensor> {
        let (b, s) = ids.dims2()?;
        let positions = Tensor::arange(0u32, s as u32, ids.device())?.unsqueeze(0)?;
        let types = ids.zeros_like()?;
        let words = match &self.word {
            Words::Table(e) => e.forward(ids)?,
            Words::Raw(raw) => {
                let flat: Vec<u32> = ids.flatten_all()?.to_vec1()?;
                let rows = raw.gather(&flat).map_err(candle_core::Error::msg)?;
                Tensor::from_vec(rows, (b, s, raw.cols()), ids.device())?
            }
        };
        let x = words
            .broadcast_add(&self.position.forward(&positions)?)?
            .add(&self.token_type.forward(&types)?)?;
        let mut x = self.emb_norm.forward(&x, mode)?;
        // Padding gets a large negative bias so that softmax gives it no weight.
        let bias = ((mask.to_dtype(DType::F32)? - 1.0)? * 1e4)?
            .unsqueeze(1)?
            .unsqueeze(1)?;
        for layer in &self.layers {
            x = layer.forward(&x, &bias, mode)?;
        }
        let cls = x.narrow(1, 0, 1)?.squeeze(1)?;
        linear_rows(&self.pooler, &cls, mode)?.tanh()
    }
}
