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

/// Applies a linear layer to (batch, seq, in) as one (batch*seq, in) matrix product: one
/// large GEMM is much faster on CPU than candle's batch of per-item products.
fn linear3(layer: &Linear, x: &Tensor) -> Result<Tensor> {
    let (b, s, h) = x.dims3()?;
    let y = layer.forward(&x.reshape((b * s, h))?)?;
    let o = y.dim(1)?;
    y.reshape((b, s, o))
}

fn softmax(x: &Tensor, mode: Mode) -> Result<Tensor> {
    match mode {
        Mode::Infer => candle_nn::ops::softmax_last_dim(x),
        Mode::Train => candle_nn::ops::softmax(x, D::Minus1),
    }
}

struct Layer {
    query: Linear,
    key: Linear,
    value: Linear,
    attn_out: Linear,
    attn_norm: LayerNorm,
    intermediate: Linear,
    output: Linear,
    out_norm: LayerNorm,
    heads: usize,
    head_dim: usize,
}

impl Layer {
    fn new(cfg: &BertConfig, vb: VarBuilder) -> Result<Self> {
        let h = cfg.hidden_size;
        let att = vb.pp("attention");
        Ok(Layer {
            query: candle_nn::linear(h, h, att.pp("self").pp("query"))?,
            key: candle_nn::linear(h, h, att.pp("self").pp("key"))?,
            value: candle_nn::linear(h, h, att.pp("self").pp("value"))?,
            attn_out: candle_nn::linear(h, h, att.pp("output").pp("dense"))?,
            attn_norm: LayerNorm::new(h, cfg.layer_norm_eps, att.pp("output").pp("LayerNorm"))?,
            intermediate: candle_nn::linear(
                h,
                cfg.intermediate_size,
                vb.pp("intermediate").pp("dense"),
            )?,
            output: candle_nn::linear(cfg.intermediate_size, h, vb.pp("output").pp("dense"))?,
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
        let scores = (q.matmul(&k.t()?.contiguous()?)? * scale)?.broadcast_add(mask)?;
        let probs = softmax(&scores, mode)?;
        let ctx = probs
            .matmul(&v)?
            .transpose(1, 2)?
            .contiguous()?
            .reshape((b, s, h))?;
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

/// BERT embeddings, encoder and pooler (`BertModel` with its pooling layer).
pub struct Bert {
    word: Embedding,
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
        let h = cfg.hidden_size;
        let emb = vb.pp("embeddings");
        let layers = (0..cfg.num_hidden_layers)
            .map(|i| Layer::new(cfg, vb.pp("encoder").pp("layer").pp(i)))
            .collect::<Result<Vec<_>>>()?;
        Ok(Bert {
            word: candle_nn::embedding(cfg.vocab_size, h, emb.pp("word_embeddings"))?,
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
            pooler: candle_nn::linear(h, h, vb.pp("pooler").pp("dense"))?,
        })
    }

    /// Returns the pooled output (tanh of a dense layer over the [CLS] state), shape
    /// (batch, hidden). `ids` and `mask` are u32 tensors of shape (batch, seq); mask is 1
    /// for real tokens and 0 for padding.
    pub fn pooled(&self, ids: &Tensor, mask: &Tensor, mode: Mode) -> Result<Tensor> {
        let (_, s) = ids.dims2()?;
        let positions = Tensor::arange(0u32, s as u32, ids.device())?.unsqueeze(0)?;
        let types = ids.zeros_like()?;
        let x = self
            .word
            .forward(ids)?
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
        self.pooler.forward(&cls)?.tanh()
    }
}
