//! Attention probabilities for inference in one pass: scale the scores, add the padding
//! bias, softmax over the last axis.
//!
//! candle does this as three operations, each a new tensor of batch x heads x seq², and its
//! softmax calls a scalar libm `expf` per element (about 9% of an int8 forward pass here).
//! This op reads the scores once and uses an exp that the compiler vectorises. Training keeps
//! candle's ops, which have gradients.

use candle_core::{CpuStorage, CustomOp2, Layout, Result, Shape, Tensor};

/// exp(x) for x <= 0 (callers subtract the row maximum): 2^n · p(r) with x = n·ln2 + r,
/// |r| <= ln2/2, p a degree-7 Taylor polynomial; within 2e-7 relative of `f32::exp` (pinned
/// below). Branch-free, and rounding uses the 1.5·2^23 trick instead of `round()`, which
/// is a libm call on the baseline x86-64 target, so the loop vectorises.
#[inline(always)]
fn exp_nonpositive(x: f32) -> f32 {
    const LOG2E: f32 = std::f32::consts::LOG2_E;
    // ln 2 split so that n·LN2_HI is exact for |n| < 2^8.
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    const ROUND: f32 = 12_582_912.0; // 1.5 · 2^23
                                     // Below -87 the result is under f32's normal range: 0 to the precision that matters.
    let x = x.max(-87.0);
    let n = (x * LOG2E + ROUND) - ROUND;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    // 1/k! for k = 7 down to 0, in Horner's order.
    const C: [f32; 8] = [
        1.0 / 5040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
        1.0,
        1.0,
    ];
    let mut p = C[0];
    for c in &C[1..] {
        p = p * r + c;
    }
    // 2^n by building the exponent bits; n is in [-126, 0] here.
    let scale = f32::from_bits(((n as i32 + 127) as u32) << 23);
    p * scale
}

/// Lanes of the manual reductions: the compiler keeps float sums and maxima in order, so a
/// plain loop would not vectorise; 16 running partial results do.
const LANES: usize = 16;

/// Bias at or below this marks padding: such keys get probability exactly 0.
const MASKED: f32 = -1e3;

/// One row: `dst = softmax(src · scale + bias)`. Trailing padding is left out of the sums
/// (its probabilities are exactly 0), so a row's result does not depend on how much padding
/// its batch added: a statement scores the same whatever it is batched with.
#[inline(always)]
fn row(src: &[f32], bias: &[f32], scale: f32, dst: &mut [f32]) {
    let len = bias.iter().rposition(|&m| m > MASKED).map_or(0, |i| i + 1);
    if len == 0 {
        // Every key masked: uniform, as softmax over equal scores would be.
        dst.fill(1.0 / dst.len() as f32);
        return;
    }
    let (dst, pad) = dst.split_at_mut(len);
    pad.fill(0.0);
    for ((d, s), m) in dst.iter_mut().zip(src).zip(bias) {
        *d = s * scale + m;
    }
    let mut lanes = [f32::NEG_INFINITY; LANES];
    let mut chunks = dst.chunks_exact(LANES);
    for c in &mut chunks {
        for (l, v) in lanes.iter_mut().zip(c) {
            *l = if *v > *l { *v } else { *l };
        }
    }
    let max = chunks
        .remainder()
        .iter()
        .chain(&lanes)
        .fold(f32::NEG_INFINITY, |a, &v| if v > a { v } else { a });
    for d in dst.iter_mut() {
        *d = exp_nonpositive(*d - max);
    }
    let mut lanes = [0f32; LANES];
    let mut chunks = dst.chunks_exact(LANES);
    for c in &mut chunks {
        for (l, v) in lanes.iter_mut().zip(c) {
            *l += v;
        }
    }
    let sum: f32 = lanes.iter().chain(chunks.remainder()).sum();
    let inv = 1.0 / sum;
    for d in dst.iter_mut() {
        *d *= inv;
    }
}

/// [`row`] compiled for AVX-512 (the default target only has SSE2).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn row_avx512(src: &[f32], bias: &[f32], scale: f32, dst: &mut [f32]) {
    row(src, bias, scale, dst)
}

#[cfg(not(target_arch = "x86_64"))]
unsafe fn row_avx512(src: &[f32], bias: &[f32], scale: f32, dst: &mut [f32]) {
    row(src, bias, scale, dst)
}

/// Whether this CPU has AVX-512F (for the functions compiled for it here and in `gelu`).
pub(crate) fn has_avx512() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        is_x86_feature_detected!("avx512f")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// `softmax(scores · scale + bias)` over the last axis. `scores` is (batch, heads, q, k),
/// `bias` is (batch, 1, 1, k) (0 for tokens, a large negative value for padding).
pub fn masked_softmax(scores: &Tensor, bias: &Tensor, scale: f32) -> Result<Tensor> {
    scores.apply_op2_no_bwd(bias, &MaskedSoftmax { scale })
}

struct MaskedSoftmax {
    scale: f32,
}

impl CustomOp2 for MaskedSoftmax {
    fn name(&self) -> &'static str {
        "masked-softmax"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let (CpuStorage::F32(scores), CpuStorage::F32(bias)) = (s1, s2) else {
            candle_core::bail!("masked-softmax: f32 only")
        };
        let (b, h, q, k) = l1.shape().dims4()?;
        if l2.shape().dims4()? != (b, 1, 1, k) {
            candle_core::bail!(
                "masked-softmax: bias {:?} for scores {:?}",
                l2.shape(),
                l1.shape()
            )
        }
        let (Some((s0, s1e)), Some((b0, b1e))) = (l1.contiguous_offsets(), l2.contiguous_offsets())
        else {
            candle_core::bail!("masked-softmax: inputs must be contiguous")
        };
        let (scores, bias) = (&scores[s0..s1e], &bias[b0..b1e]);
        let mut out = vec![0f32; scores.len()];
        let per_item = h * q * k;
        let wide = has_avx512();
        for (i, (src, dst)) in scores
            .chunks_exact(k)
            .zip(out.chunks_exact_mut(k))
            .enumerate()
        {
            let m = &bias[(i * k / per_item) * k..][..k];
            if wide {
                // SAFETY: the CPU has AVX-512F.
                unsafe { row_avx512(src, m, self.scale, dst) }
            } else {
                row(src, m, self.scale, dst)
            }
        }
        Ok((CpuStorage::F32(out), l1.shape().clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, D};

    #[test]
    fn exp_is_within_2e_7_relative_of_libm() {
        let mut worst = 0f32;
        for i in 0..=200_000 {
            let x = -87.0 * i as f32 / 200_000.0;
            let (got, want) = (exp_nonpositive(x), x.exp());
            worst = worst.max(((got - want) / want).abs());
        }
        assert!(worst < 2e-7, "worst relative error {worst}");
        assert_eq!(exp_nonpositive(0.0), 1.0);
        assert!(exp_nonpositive(-1e4) < 1e-37);
    }

    #[test]
    fn equals_candles_three_operations() {
        let dev = Device::Cpu;
        let scores = Tensor::randn(0f32, 3.0, (2, 3, 5, 5), &dev).unwrap();
        // Item 0 has 5 tokens, item 1 has 3 and 2 padding positions.
        let mask = Tensor::new(&[[1f32, 1., 1., 1., 1.], [1., 1., 1., 0., 0.]], &dev).unwrap();
        let bias = ((mask - 1.0).unwrap() * 1e4)
            .unwrap()
            .reshape((2, 1, 1, 5))
            .unwrap();
        let want = candle_nn::ops::softmax(
            &(&scores * 0.25).unwrap().broadcast_add(&bias).unwrap(),
            D::Minus1,
        )
        .unwrap();
        let got = masked_softmax(&scores, &bias, 0.25).unwrap();
        let diff = (got - want)
            .unwrap()
            .abs()
            .unwrap()
            .flatten_all()
            .unwrap()
            .max(0)
            .unwrap()
            .to_scalar::<f32>()
            .unwrap();
        assert!(diff < 1e-6, "{diff}");
    }
}
