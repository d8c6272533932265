//! int8 linear layers for inference.
//!
//! Weights are quantized once, per output channel (symmetric, 127 levels); each input row is
//! quantized as it arrives (dynamic, per row, asymmetric: its range [min, max], widened to
//! hold 0, in 255 steps, `x ≈ sa·(u − z)` with u8 `u` and zero point `z`). Asymmetric rows
//! matter: after GELU a row spans about [−0.17, max], and 255 steps over that are twice as
//! fine as 127 steps over [−max, max]. Products are summed exactly in i32 and scaled back:
//!
//! `y[r][c] = (Σ_k u[r][k]·w[c][k] − z[r]·Σ_k w[c][k]) · sa[r] · sw[c] + bias[c]`
//!
//! On CPUs with AVX-512 VNNI one `vpdpbusd` does 64 u8 × i8 products; elsewhere a scalar
//! loop computes the same integers, so both kernels give bit-identical outputs.

use crate::model::error::ModelError;

/// Output channels per SIMD block (16 i32 lanes of a 512-bit register).
const LANES: usize = 16;
/// Inputs per lane per instruction (VNNI sums 4 u8 × i8 products into one i32).
const GROUP: usize = 4;

/// A linear layer `y = x·Wᵀ + b` with int8 weights.
pub struct QLinear {
    /// Input features, and that rounded up to [`GROUP`].
    k: usize,
    kp: usize,
    /// Output features, and that rounded up to [`LANES`].
    n: usize,
    np: usize,
    /// Weights in VNNI order: block of 16 channels, then group of 4 inputs, then channel,
    /// then input: `packed[((blk * kp/4 + g) * 16 + lane) * 4 + t] = w[blk*16+lane][4g+t]`.
    /// Padding channels and inputs are 0.
    packed: Vec<i8>,
    /// Per channel (`np`): dequantization scale, sum of the int8 weights, bias.
    w_scale: Vec<f32>,
    w_sum: Vec<i32>,
    bias: Vec<f32>,
}

/// Which integer kernel runs the products (the results are identical).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernel {
    Scalar,
    /// AVX-512 VNNI (`vpdpbusd`); only where [`Kernel::best`] found it.
    Vnni,
}

impl Kernel {
    /// The fastest kernel this CPU runs.
    pub fn best() -> Kernel {
        if has_vnni() {
            Kernel::Vnni
        } else {
            Kernel::Scalar
        }
    }
}

/// Whether this CPU has AVX-512 VNNI (with the F and BW parts the kernel also uses).
pub fn has_vnni() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512bw")
            && is_x86_feature_detected!("avx512vnni")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Rows quantized for the kernels: u8 values (`kp` per row; padding meets 0 weights),
/// scales and zero points.
struct QRows {
    data: Vec<u8>,
    scale: Vec<f32>,
    zero: Vec<i32>,
}

/// A row's scale, 1/scale and zero point from its range, or `None` for a row of zeros
/// (scale 0). Shared by both kernels so that they agree to the bit.
#[inline]
fn row_params(lo: f32, hi: f32) -> Option<(f32, f32, i32)> {
    let (lo, hi) = (lo.min(0.0), hi.max(0.0));
    if hi == lo {
        return None;
    }
    let inv = 255.0 / (hi - lo);
    let zero = (-lo * inv).round_ties_even() as i32;
    Some(((hi - lo) / 255.0, inv, zero))
}

/// One value's u8: round(x / scale) + zero point, clamped to [0, 255].
#[inline]
fn quantize_one(x: f32, inv: f32, zero: i32) -> u8 {
    // Ties to even, as the SIMD conversion rounds.
    ((x * inv).round_ties_even() as i32 + zero).clamp(0, 255) as u8
}

fn quantize_rows(x: &[f32], m: usize, k: usize, kp: usize) -> QRows {
    let mut data = vec![0u8; m * kp];
    let mut scale = vec![0f32; m];
    let mut zero = vec![0i32; m];
    for r in 0..m {
        let row = &x[r * k..(r + 1) * k];
        if row.iter().any(|v| !v.is_finite()) {
            // The f32 path would give NaN too: say so by a NaN scale, not a wrong number.
            scale[r] = f32::NAN;
            continue;
        }
        let lo = row.iter().fold(f32::INFINITY, |a, &v| a.min(v));
        let hi = row.iter().fold(f32::NEG_INFINITY, |a, &v| a.max(v));
        let Some((sa, inv, z)) = row_params(lo, hi) else {
            continue; // all zero: u 0, zero point 0, scale 0
        };
        (scale[r], zero[r]) = (sa, z);
        for (d, &v) in data[r * kp..r * kp + k].iter_mut().zip(row) {
            *d = quantize_one(v, inv, z);
        }
    }
    QRows { data, scale, zero }
}

impl QLinear {
    /// Quantizes `w` (`n` rows of `k`, row-major, as a `Linear` stores it) per row.
    pub fn quantize(
        w: &[f32],
        n: usize,
        k: usize,
        bias: Option<&[f32]>,
    ) -> Result<Self, ModelError> {
        if w.len() != n * k || bias.is_some_and(|b| b.len() != n) {
            return Err(ModelError::Engine(format!(
                "int8 layer: {} weights and {:?} biases for {n} x {k}",
                w.len(),
                bias.map(<[f32]>::len)
            )));
        }
        let kp = k.div_ceil(GROUP) * GROUP;
        let np = n.div_ceil(LANES) * LANES;
        let groups = kp / GROUP;
        let mut packed = vec![0i8; np * kp];
        let mut w_scale = vec![0f32; np];
        let mut w_sum = vec![0i32; np];
        let mut b = vec![0f32; np];
        for c in 0..n {
            let row = &w[c * k..(c + 1) * k];
            let max = row.iter().fold(0f32, |a, v| a.max(v.abs()));
            let inv = if max > 0.0 { 127.0 / max } else { 0.0 };
            w_scale[c] = max / 127.0;
            let (blk, lane) = (c / LANES, c % LANES);
            for (i, v) in row.iter().enumerate() {
                let q = (v * inv).round().clamp(-127.0, 127.0) as i8;
                packed[((blk * groups + i / GROUP) * LANES + lane) * GROUP + i % GROUP] = q;
                w_sum[c] += i32::from(q);
            }
            if let Some(bias) = bias {
                b[c] = bias[c];
            }
        }
        Ok(QLinear {
            k,
            kp,
            n,
            np,
            packed,
            w_scale,
            w_sum,
            bias: b,
        })
    }

    pub fn in_features(&self) -> usize {
        self.k
    }

    pub fn out_features(&self) -> usize {
        self.n
    }

    /// Bytes this layer holds (weights, scales, sums, biases).
    pub fn bytes(&self) -> usize {
        self.packed.len() + self.np * 12
    }

    /// `x` is `m` rows of `in_features`; returns `m` rows of `out_features`.
    pub fn forward(&self, x: &[f32], m: usize) -> Vec<f32> {
        self.forward_with(x, m, Kernel::best())
    }

    /// [`Self::forward`] with a chosen kernel (tests compare them). A `Vnni` request on a
    /// CPU without it runs the scalar kernel.
    pub fn forward_with(&self, x: &[f32], m: usize, kernel: Kernel) -> Vec<f32> {
        assert_eq!(x.len(), m * self.k, "int8 layer input is m x in_features");
        let mut out = vec![0f32; m * self.n];
        #[cfg(target_arch = "x86_64")]
        if kernel == Kernel::Vnni && has_vnni() {
            // SAFETY: the CPU has the features the `vnni` functions are compiled for.
            unsafe {
                let q = vnni::quantize_rows(x, m, self.k, self.kp);
                vnni::gemm(self, &q, m, &mut out);
            }
            return out;
        }
        let _ = kernel;
        let q = quantize_rows(x, m, self.k, self.kp);
        self.gemm_scalar(&q, m, &mut out);
        out
    }

    fn gemm_scalar(&self, q: &QRows, m: usize, out: &mut [f32]) {
        let groups = self.kp / GROUP;
        for r in 0..m {
            let a = &q.data[r * self.kp..(r + 1) * self.kp];
            for c in 0..self.n {
                let (blk, lane) = (c / LANES, c % LANES);
                let mut acc = 0i32;
                for g in 0..groups {
                    let w = &self.packed[((blk * groups + g) * LANES + lane) * GROUP..][..GROUP];
                    for t in 0..GROUP {
                        acc += i32::from(a[g * GROUP + t]) * i32::from(w[t]);
                    }
                }
                out[r * self.n + c] = self.dequant(acc, q.scale[r], q.zero[r], c);
            }
        }
    }

    /// One output from its integer sum; the SIMD epilogue computes the same expression in
    /// the same order.
    #[inline]
    fn dequant(&self, acc: i32, a_scale: f32, zero: i32, c: usize) -> f32 {
        let v = (acc - zero * self.w_sum[c]) as f32;
        v * (a_scale * self.w_scale[c]) + self.bias[c]
    }
}

#[cfg(target_arch = "x86_64")]
mod vnni {
    use super::{QLinear, QRows, GROUP, LANES};
    use std::arch::x86_64::*;

    /// Rows per micro-kernel call and 16-channel blocks per call: 4 x 4 accumulators.
    const MR: usize = 4;
    const NR: usize = 4;
    /// Rows per cache block: their u8 rows stay in L2 while every panel of weights passes.
    const ROW_BLOCK: usize = 64;

    /// `super::quantize_rows`, 16 values at a time; the same bytes, scales and zero points.
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub(super) unsafe fn quantize_rows(x: &[f32], m: usize, k: usize, kp: usize) -> QRows {
        let mut data = vec![0u8; m * kp];
        let mut scale = vec![0f32; m];
        let mut zero = vec![0i32; m];
        let whole = k / LANES * LANES;
        for r in 0..m {
            let row = x.as_ptr().add(r * k);
            let mut lo = _mm512_set1_ps(f32::INFINITY);
            let mut hi = _mm512_set1_ps(f32::NEG_INFINITY);
            let mut bad: __mmask16 = 0;
            for i in (0..whole).step_by(LANES) {
                let v = _mm512_loadu_ps(row.add(i));
                bad |= _mm512_cmp_ps_mask::<_CMP_UNORD_Q>(v, v);
                lo = _mm512_min_ps(lo, v);
                hi = _mm512_max_ps(hi, v);
            }
            let (mut lo, mut hi) = (_mm512_reduce_min_ps(lo), _mm512_reduce_max_ps(hi));
            for i in whole..k {
                let v = *row.add(i);
                bad |= u16::from(v.is_nan());
                (lo, hi) = (lo.min(v), hi.max(v));
            }
            if bad != 0 || lo.is_infinite() || hi.is_infinite() {
                scale[r] = f32::NAN;
                continue;
            }
            let Some((sa, inv, z)) = super::row_params(lo, hi) else {
                continue;
            };
            (scale[r], zero[r]) = (sa, z);
            let out = data.as_mut_ptr().add(r * kp);
            let (vinv, vz) = (_mm512_set1_ps(inv), _mm512_set1_epi32(z));
            let (min, max) = (_mm512_setzero_si512(), _mm512_set1_epi32(255));
            for i in (0..whole).step_by(LANES) {
                let v = _mm512_mul_ps(_mm512_loadu_ps(row.add(i)), vinv);
                // Rounds to nearest even (the default MXCSR mode), as `quantize_one`.
                let q = _mm512_add_epi32(_mm512_cvtps_epi32(v), vz);
                let q = _mm512_min_epi32(_mm512_max_epi32(q, min), max);
                _mm_storeu_si128(out.add(i) as *mut __m128i, _mm512_cvtepi32_epi8(q));
            }
            for i in whole..k {
                *out.add(i) = super::quantize_one(*row.add(i), inv, z);
            }
        }
        QRows { data, scale, zero }
    }

    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub(super) unsafe fn gemm(l: &QLinear, q: &QRows, m: usize, out: &mut [f32]) {
        let blocks = l.np / LANES;
        let mut r0 = 0;
        while r0 < m {
            let rows_here = ROW_BLOCK.min(m - r0);
            let mut b0 = 0;
            while b0 < blocks {
                let nr = NR.min(blocks - b0);
                let mut r = r0;
                while r < r0 + rows_here {
                    let mr = MR.min(r0 + rows_here - r);
                    dispatch(l, q, r, mr, b0, nr, out);
                    r += mr;
                }
                b0 += nr;
            }
            r0 += rows_here;
        }
    }

    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    unsafe fn dispatch(
        l: &QLinear,
        q: &QRows,
        r: usize,
        mr: usize,
        b0: usize,
        nr: usize,
        out: &mut [f32],
    ) {
        macro_rules! go {
            ($m:literal, $n:literal) => {
                micro::<$m, $n>(l, q, r, b0, out)
            };
        }
        match (mr, nr) {
            (4, 4) => go!(4, 4),
            (4, 3) => go!(4, 3),
            (4, 2) => go!(4, 2),
            (4, 1) => go!(4, 1),
            (3, 4) => go!(3, 4),
            (3, 3) => go!(3, 3),
            (3, 2) => go!(3, 2),
            (3, 1) => go!(3, 1),
            (2, 4) => go!(2, 4),
            (2, 3) => go!(2, 3),
            (2, 2) => go!(2, 2),
            (2, 1) => go!(2, 1),
            (1, 4) => go!(1, 4),
            (1, 3) => go!(1, 3),
            (1, 2) => go!(1, 2),
            _ => go!(1, 1),
        }
    }

    /// `M` rows from `r` times `N` blocks of 16 channels from block `b0`.
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    unsafe fn micro<const M: usize, const N: usize>(
        l: &QLinear,
        q: &QRows,
        r: usize,
        b0: usize,
        out: &mut [f32],
    ) {
        let groups = l.kp / GROUP;
        let a = q.data.as_ptr().add(r * l.kp);
        let w = l.packed.as_ptr();
        let mut acc = [[_mm512_setzero_si512(); N]; M];
        for g in 0..groups {
            let mut wv = [_mm512_setzero_si512(); N];
            for (j, v) in wv.iter_mut().enumerate() {
                let at = ((b0 + j) * groups + g) * LANES * GROUP;
                *v = _mm512_loadu_si512(w.add(at) as *const _);
            }
            for (i, row) in acc.iter_mut().enumerate() {
                let four = (a.add(i * l.kp + g * GROUP) as *const i32).read_unaligned();
                let av = _mm512_set1_epi32(four);
                for (j, c) in row.iter_mut().enumerate() {
                    *c = _mm512_dpbusd_epi32(*c, av, wv[j]);
                }
            }
        }
        // Epilogue, as `QLinear::dequant`: (acc - z·Σw) as f32 · (sa·sw) + bias.
        for (i, row) in acc.iter().enumerate() {
            let sa = _mm512_set1_ps(q.scale[r + i]);
            let z = _mm512_set1_epi32(q.zero[r + i]);
            let o = out.as_mut_ptr().add((r + i) * l.n);
            for (j, c) in row.iter().enumerate() {
                let col = (b0 + j) * LANES;
                let sum = _mm512_loadu_si512(l.w_sum.as_ptr().add(col) as *const _);
                let v = _mm512_cvtepi32_ps(_mm512_sub_epi32(*c, _mm512_mullo_epi32(sum, z)));
                let scale = _mm512_mul_ps(sa, _mm512_loadu_ps(l.w_scale.as_ptr().add(col)));
                let y = _mm512_add_ps(
                    _mm512_mul_ps(v, scale),
                    _mm512_loadu_ps(l.bias.as_ptr().add(col)),
                );
                let valid = l.n.saturating_sub(col).min(LANES);
                let mask: __mmask16 = if valid == LANES {
                    0xffff
                } else {
                    (1u16 << valid) - 1
                };
                _mm512_mask_storeu_ps(o.add(col), mask, y);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    fn random(n: usize, seed: u64, scale: f32) -> Vec<f32> {
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        (0..n).map(|_| rng.random_range(-scale..scale)).collect()
    }

    fn matmul(x: &[f32], m: usize, w: &[f32], n: usize, k: usize, b: &[f32]) -> Vec<f32> {
        let mut y = vec![0f32; m * n];
        for r in 0..m {
            for c in 0..n {
                let dot: f32 = (0..k).map(|i| x[r * k + i] * w[c * k + i]).sum();
                y[r * n + c] = dot + b[c];
            }
        }
        y
    }

    #[test]
    fn int8_is_close_to_f32_on_odd_shapes() {
        // Shapes that are not multiples of the kernel's 4 x 64 tiles, 4 inputs or 16 lanes.
        for (m, n, k) in [(1, 1, 1), (5, 17, 7), (9, 70, 33), (67, 48, 384)] {
            let x = random(m * k, 1, 2.0);
            let w = random(n * k, 2, 0.1);
            let b = random(n, 3, 0.5);
            let l = QLinear::quantize(&w, n, k, Some(&b)).unwrap();
            let want = matmul(&x, m, &w, n, k, &b);
            let got = l.forward_with(&x, m, Kernel::Scalar);
            // Each rounding is at most half a step (x: 4/255, w: 0.1/127): bound the error.
            let bound = (k as f32) * (0.5 * 4.0 / 255.0 * 0.1 + 0.5 * 0.1 / 127.0 * 2.0) + 1e-4;
            for (g, w) in got.iter().zip(&want) {
                assert!((g - w).abs() <= bound, "{m}x{n}x{k}: {g} vs {w}");
            }
        }
    }

    #[test]
    fn vnni_kernel_gives_the_scalar_kernel_bits() {
        if !has_vnni() {
            eprintln!("no AVX-512 VNNI on this CPU: only the scalar kernel is tested");
            return;
        }
        for (m, n, k) in [
            (1, 16, 4),
            (3, 20, 10),
            (13, 80, 384),
            (70, 1536, 96),
            (130, 384, 1536),
        ] {
            let x = random(m * k, 4, 3.0);
            let w = random(n * k, 5, 0.2);
            let b = random(n, 6, 0.5);
            let l = QLinear::quantize(&w, n, k, Some(&b)).unwrap();
            let scalar = l.forward_with(&x, m, Kernel::Scalar);
            let vnni = l.forward_with(&x, m, Kernel::Vnni);
            assert_eq!(scalar.len(), vnni.len());
            for (i, (s, v)) in scalar.iter().zip(&vnni).enumerate() {
                assert_eq!(
                    s.to_bits(),
                    v.to_bits(),
                    "{m}x{n}x{k} output {i}: {s} vs {v}"
                );
            }
        }
    }

    #[test]
    fn zero_rows_give_the_bias_and_bad_shapes_are_errors() {
        let l = QLinear::quantize(&[1.0, -2.0, 0.5, 0.25], 2, 2, Some(&[0.5, -1.0])).unwrap();
        assert_eq!(l.forward(&[0.0, 0.0], 1), vec![0.5, -1.0]);
        assert!(QLinear::quantize(&[1.0; 5], 2, 2, None).is_err());
        assert!(QLinear::quantize(&[1.0; 4], 2, 2, Some(&[0.0])).is_err());
    }

    #[test]
    fn a_non_finite_input_row_is_nan_not_a_number_that_looks_right() {
        let l = QLinear::quantize(&[1.0; 20], 1, 20, None).unwrap();
        for kernel in [Kernel::Scalar, Kernel::Vnni] {
            for bad in [f32::INFINITY, f32::NAN] {
                // The bad value in the SIMD part of a row and in its scalar tail.
                for at in [3, 18] {
                    let mut x = vec![1.0f32; 40];
                    x[at] = bad;
                    let y = l.forward_with(&x, 2, kernel);
                    assert!(y[0].is_nan(), "{kernel:?} {bad} at {at}");
                    assert!((y[1] - 20.0).abs() < 0.1, "{kernel:?}: {}", y[1]);
                }
            }
        }
    }
}
