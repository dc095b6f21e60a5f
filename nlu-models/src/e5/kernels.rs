//! f32 compute kernels for the encoder: a packed-weight GEMM specialised for few-token
//! activations, LayerNorm, GELU (erf) and the attention inner loops.
//!
//! On x86-64 with AVX2+FMA (checked once at run time) the hot loops use explicit intrinsics;
//! elsewhere a portable version that the compiler auto-vectorises is used. Both compute every
//! output row with the same operation order whatever the batch shape, so a text's embedding
//! does not depend on what it was batched with.

/// Output columns per packed panel (two AVX registers).
pub(crate) const NR: usize = 16;
/// Activation rows per micro-tile.
pub(crate) const MR: usize = 6;

/// 64-byte aligned group of 16 floats: one k-step of one panel.
#[derive(Clone, Copy)]
#[repr(C, align(64))]
pub(crate) struct Lane16(pub [f32; NR]);

/// A linear layer `y = x · Wᵀ + b` with `W` pre-packed into panels of [`NR`] output columns:
/// panel `p` holds, for every input index `k`, the 16 weights `W[p*16 + j][k]`.
#[derive(Clone)]
pub(crate) struct PackedLinear {
    pub n_out: usize,
    pub n_in: usize,
    panels: Vec<Lane16>,
    pub bias: Vec<f32>,
}

impl PackedLinear {
    /// `rows` is `[n_out][n_in]` row-major (PyTorch layout); `n_out % 16 == 0`.
    pub fn from_rows(rows: &[f32], bias: Vec<f32>, n_out: usize, n_in: usize) -> Self {
        assert_eq!(rows.len(), n_out * n_in);
        assert_eq!(bias.len(), n_out);
        assert_eq!(n_out % NR, 0, "n_out must be a multiple of {NR}");
        let np = n_out / NR;
        let mut panels = vec![Lane16([0.0; NR]); np * n_in];
        for p in 0..np {
            for k in 0..n_in {
                let lane = &mut panels[p * n_in + k].0;
                for (j, l) in lane.iter_mut().enumerate() {
                    *l = rows[(p * NR + j) * n_in + k];
                }
            }
        }
        PackedLinear {
            n_out,
            n_in,
            panels,
            bias,
        }
    }

    /// Adds `scale · B·A` to the output rows `row0..row0 + B.rows` (a low-rank update: `b` is
    /// `[rows][rank]`, `a` is `[rank][n_in]`, both row-major).
    pub fn add_low_rank(&mut self, row0: usize, b: &[f32], a: &[f32], rank: usize, scale: f32) {
        let n_in = self.n_in;
        assert!(rank > 0 && b.len().is_multiple_of(rank) && a.len() == rank * n_in);
        let rows = b.len() / rank;
        assert!(row0 + rows <= self.n_out);
        let mut delta = vec![0f32; n_in];
        for o in 0..rows {
            let (p, j) = ((row0 + o) / NR, (row0 + o) % NR);
            delta.fill(0.0);
            for (r, &br) in b[o * rank..(o + 1) * rank].iter().enumerate() {
                for (d, &ar) in delta.iter_mut().zip(&a[r * n_in..(r + 1) * n_in]) {
                    *d += br * ar;
                }
            }
            for (lane, d) in self.panels[p * n_in..(p + 1) * n_in].iter_mut().zip(&delta) {
                lane.0[j] += scale * d;
            }
        }
    }

    pub fn heap_bytes(&self) -> usize {
        self.panels.capacity() * std::mem::size_of::<Lane16>() + self.bias.capacity() * 4
    }

    fn panel(&self, p: usize) -> &[Lane16] {
        &self.panels[p * self.n_in..(p + 1) * self.n_in]
    }
}

/// What to do with a tile after `x·Wᵀ + b`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Epilogue {
    None,
    /// `gelu(·)` (erf form).
    Gelu,
    /// `+ residual[row]` (same shape as the output).
    Residual,
}

/// Which instruction set the kernels use (decided once per process).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Isa {
    Portable,
    #[cfg(target_arch = "x86_64")]
    Avx2Fma,
}

pub(crate) fn detect_isa() -> Isa {
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            return Isa::Avx2Fma;
        }
    }
    Isa::Portable
}

/// Computes rows `r0..r1` of `y[.., panel p]` (a column strip of 16).
///
/// # Safety
/// `x` is `[*, n_in]` with at least `r1` rows; `y` (and `res` when the epilogue is
/// `Residual`) are `[*, ldy]` with at least `r1` rows and `ldy >= (p+1)*16`; the caller
/// guarantees no other thread writes this strip.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn linear_strip(
    isa: Isa,
    w: &PackedLinear,
    p: usize,
    x: *const f32,
    r0: usize,
    r1: usize,
    y: *mut f32,
    ldy: usize,
    res: *const f32,
    ep: Epilogue,
) {
    let k = w.n_in;
    let panel = w.panel(p).as_ptr() as *const f32;
    let bias = w.bias.as_ptr().add(p * NR);
    let mut r = r0;
    while r < r1 {
        let m = (r1 - r).min(MR);
        let xr = x.add(r * k);
        let yr = y.add(r * ldy + p * NR);
        let rr = if ep == Epilogue::Residual {
            res.add(r * ldy + p * NR)
        } else {
            res
        };
        match isa {
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2Fma => match m {
                6 => avx2::tile::<6>(k, xr, panel, bias, rr, yr, ldy, ep),
                5 => avx2::tile::<5>(k, xr, panel, bias, rr, yr, ldy, ep),
                4 => avx2::tile::<4>(k, xr, panel, bias, rr, yr, ldy, ep),
                3 => avx2::tile::<3>(k, xr, panel, bias, rr, yr, ldy, ep),
                2 => avx2::tile::<2>(k, xr, panel, bias, rr, yr, ldy, ep),
                _ => avx2::tile::<1>(k, xr, panel, bias, rr, yr, ldy, ep),
            },
            Isa::Portable => match m {
                6 => portable::tile::<6>(k, xr, panel, bias, rr, yr, ldy, ep),
                5 => portable::tile::<5>(k, xr, panel, bias, rr, yr, ldy, ep),
                4 => portable::tile::<4>(k, xr, panel, bias, rr, yr, ldy, ep),
                3 => portable::tile::<3>(k, xr, panel, bias, rr, yr, ldy, ep),
                2 => portable::tile::<2>(k, xr, panel, bias, rr, yr, ldy, ep),
                _ => portable::tile::<1>(k, xr, panel, bias, rr, yr, ldy, ep),
            },
        }
        r += m;
    }
}

// ---------------------------------------------------------------------------------------
// erf / gelu / exp: branch-free rational and polynomial forms that vectorise.

/// erf(x) as a rational function on [-4, 4] (|error| < 2e-7; erf(±4) rounds to ±1 in f32).
/// Coefficients: the minimax fit used by Eigen/TensorFlow (`generic_fast_erf_float`).
#[inline(always)]
pub(crate) fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = x2 * -2.726_142_3e-10 + 2.770_681_4e-8;
    p = x2 * p + -2.101_024e-6;
    p = x2 * p + -5.692_506_4e-5;
    p = x2 * p + -7.349_906e-4;
    p = x2 * p + -2.954_600_2e-3;
    p = x2 * p + -1.609_603_3e-2;
    p *= x;
    let mut q = x2 * -1.456_607_2e-5 + -2.133_740_6e-4;
    q = x2 * q + -1.682_827e-3;
    q = x2 * q + -7.373_329_3e-3;
    q = x2 * q + -1.426_474e-2;
    p / q
}

#[inline(always)]
pub(crate) fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x * std::f32::consts::FRAC_1_SQRT_2))
}

/// exp(x) for x <= 0 (softmax after max-subtraction); ~2 ulp, flushes below -87 to 0.
#[inline(always)]
pub(crate) fn exp_neg(x: f32) -> f32 {
    let x = x.max(-87.0);
    // n = round(x / ln 2), r = x - n ln2 in [-ln2/2, ln2/2]
    let n = (x * std::f32::consts::LOG2_E + 12_582_912.0) - 12_582_912.0; // round-to-nearest
    let r = x - n * 0.693_145_75 - n * 1.428_606_8e-6;
    // Remez polynomial for e^r on the reduced range (Cephes expf coefficients).
    let mut p = 1.987_569_1e-4f32;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 0.5;
    let e = p * r * r + r + 1.0;
    let bits = ((n as i32 + 127) as u32) << 23;
    e * f32::from_bits(bits)
}

/// In place `x = LayerNorm(x) * g + b` over one row.
#[inline(always)]
pub(crate) fn layer_norm_row(x: &mut [f32], g: &[f32], b: &[f32], eps: f32) {
    let h = x.len();
    let mut acc = [0f32; 8];
    for c in x.chunks_exact(8) {
        for i in 0..8 {
            acc[i] += c[i];
        }
    }
    let mean = (acc.iter().sum::<f32>() + x[h / 8 * 8..].iter().sum::<f32>()) / h as f32;
    let mut acc = [0f32; 8];
    for c in x.chunks_exact(8) {
        for i in 0..8 {
            let d = c[i] - mean;
            acc[i] += d * d;
        }
    }
    let tail: f32 = x[h / 8 * 8..].iter().map(|v| (v - mean) * (v - mean)).sum();
    let var = (acc.iter().sum::<f32>() + tail) / h as f32;
    let inv = 1.0 / (var + eps).sqrt();
    for ((v, &gg), &bb) in x.iter_mut().zip(g).zip(b) {
        *v = (*v - mean) * inv * gg + bb;
    }
}

/// Attention for one head of one segment.
///
/// `qkv` rows are `[q | k | v]` of width `3*hidden` (q already scaled by 1/√d); rows
/// `s0..s1` form the segment; head columns `h*d..(h+1)*d`. Writes `ctx[s0..s1, head]`
/// (row width `hidden`). `kt` and `probs` are scratch.
///
/// # Safety
/// `ctx` must be valid for the rows and head columns named, and no other thread may write
/// them.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn attention_head(
    isa: Isa,
    qkv: &[f32],
    hidden: usize,
    d: usize,
    head: usize,
    s0: usize,
    s1: usize,
    ctx: *mut f32,
    kt: &mut Vec<f32>,
    probs: &mut Vec<f32>,
) {
    match isa {
        #[cfg(target_arch = "x86_64")]
        Isa::Avx2Fma => avx2::attention_head(qkv, hidden, d, head, s0, s1, ctx, kt, probs),
        Isa::Portable => attention_head_body(qkv, hidden, d, head, s0, s1, ctx, kt, probs),
    }
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
unsafe fn attention_head_body(
    qkv: &[f32],
    hidden: usize,
    d: usize,
    head: usize,
    s0: usize,
    s1: usize,
    ctx: *mut f32,
    kt: &mut Vec<f32>,
    probs: &mut Vec<f32>,
) {
    let l = s1 - s0;
    let w3 = 3 * hidden;
    let qo = head * d;
    let ko = hidden + head * d;
    let vo = 2 * hidden + head * d;
    // K transposed: kt[e][j] = k[s0+j][e]
    kt.clear();
    kt.resize(d * l, 0.0);
    for j in 0..l {
        let krow = &qkv[(s0 + j) * w3 + ko..(s0 + j) * w3 + ko + d];
        for e in 0..d {
            kt[e * l + j] = krow[e];
        }
    }
    probs.clear();
    probs.resize(l, 0.0);
    for i in 0..l {
        let q = &qkv[(s0 + i) * w3 + qo..(s0 + i) * w3 + qo + d];
        let s = &mut probs[..];
        s.fill(0.0);
        for e in 0..d {
            let qe = q[e];
            let kr = &kt[e * l..(e + 1) * l];
            for (sv, &kv) in s.iter_mut().zip(kr) {
                *sv += qe * kv;
            }
        }
        let mx = s.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
        let mut sum = 0.0;
        for sv in s.iter_mut() {
            *sv = exp_neg(*sv - mx);
            sum += *sv;
        }
        let inv = 1.0 / sum;
        let out = std::slice::from_raw_parts_mut(ctx.add((s0 + i) * hidden + qo), d);
        out.fill(0.0);
        for j in 0..l {
            let p = s[j] * inv;
            let v = &qkv[(s0 + j) * w3 + vo..(s0 + j) * w3 + vo + d];
            for (o, &vv) in out.iter_mut().zip(v) {
                *o += p * vv;
            }
        }
    }
}

mod portable {
    use super::*;

    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    pub(super) unsafe fn tile<const M: usize>(
        k: usize,
        x: *const f32,
        w: *const f32,
        bias: *const f32,
        res: *const f32,
        y: *mut f32,
        ldy: usize,
        ep: Epilogue,
    ) {
        let mut acc = [[0f32; NR]; M];
        for kk in 0..k {
            let wr = &*(w.add(kk * NR) as *const [f32; NR]);
            for (r, a) in acc.iter_mut().enumerate() {
                let xv = *x.add(r * k + kk);
                for j in 0..NR {
                    a[j] += xv * wr[j];
                }
            }
        }
        for (r, a) in acc.iter().enumerate() {
            let yr = std::slice::from_raw_parts_mut(y.add(r * ldy), NR);
            for j in 0..NR {
                let v = a[j] + *bias.add(j);
                yr[j] = match ep {
                    Epilogue::None => v,
                    Epilogue::Gelu => gelu(v),
                    Epilogue::Residual => v + *res.add(r * ldy + j),
                };
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::*;
    use std::arch::x86_64::*;

    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn erf8(x: __m256) -> __m256 {
        let x = _mm256_max_ps(_mm256_min_ps(x, _mm256_set1_ps(4.0)), _mm256_set1_ps(-4.0));
        let x2 = _mm256_mul_ps(x, x);
        let c = _mm256_set1_ps;
        let mut p = _mm256_fmadd_ps(x2, c(-2.726_142_3e-10), c(2.770_681_4e-8));
        p = _mm256_fmadd_ps(x2, p, c(-2.101_024e-6));
        p = _mm256_fmadd_ps(x2, p, c(-5.692_506_4e-5));
        p = _mm256_fmadd_ps(x2, p, c(-7.349_906e-4));
        p = _mm256_fmadd_ps(x2, p, c(-2.954_600_2e-3));
        p = _mm256_fmadd_ps(x2, p, c(-1.609_603_3e-2));
        p = _mm256_mul_ps(p, x);
        let mut q = _mm256_fmadd_ps(x2, c(-1.456_607_2e-5), c(-2.133_740_6e-4));
        q = _mm256_fmadd_ps(x2, q, c(-1.682_827e-3));
        q = _mm256_fmadd_ps(x2, q, c(-7.373_329_3e-3));
        q = _mm256_fmadd_ps(x2, q, c(-1.426_474e-2));
        _mm256_div_ps(p, q)
    }

    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn gelu8(v: __m256) -> __m256 {
        let e = erf8(_mm256_mul_ps(v, _mm256_set1_ps(std::f32::consts::FRAC_1_SQRT_2)));
        let half_v = _mm256_mul_ps(v, _mm256_set1_ps(0.5));
        _mm256_fmadd_ps(half_v, e, half_v)
    }

    #[inline]
    #[target_feature(enable = "avx2,fma")]
    #[allow(clippy::too_many_arguments)]
    pub(super) unsafe fn tile<const M: usize>(
        k: usize,
        x: *const f32,
        w: *const f32,
        bias: *const f32,
        res: *const f32,
        y: *mut f32,
        ldy: usize,
        ep: Epilogue,
    ) {
        let mut c0 = [_mm256_setzero_ps(); M];
        let mut c1 = [_mm256_setzero_ps(); M];
        let mut wp = w;
        let mut kk = 0;
        while kk < k {
            let w0 = _mm256_load_ps(wp);
            let w1 = _mm256_load_ps(wp.add(8));
            for r in 0..M {
                let xv = _mm256_broadcast_ss(&*x.add(r * k + kk));
                c0[r] = _mm256_fmadd_ps(xv, w0, c0[r]);
                c1[r] = _mm256_fmadd_ps(xv, w1, c1[r]);
            }
            wp = wp.add(NR);
            kk += 1;
        }
        let b0 = _mm256_loadu_ps(bias);
        let b1 = _mm256_loadu_ps(bias.add(8));
        for r in 0..M {
            let mut v0 = _mm256_add_ps(c0[r], b0);
            let mut v1 = _mm256_add_ps(c1[r], b1);
            match ep {
                Epilogue::None => {}
                Epilogue::Gelu => {
                    v0 = gelu8(v0);
                    v1 = gelu8(v1);
                }
                Epilogue::Residual => {
                    v0 = _mm256_add_ps(v0, _mm256_loadu_ps(res.add(r * ldy)));
                    v1 = _mm256_add_ps(v1, _mm256_loadu_ps(res.add(r * ldy + 8)));
                }
            }
            _mm256_storeu_ps(y.add(r * ldy), v0);
            _mm256_storeu_ps(y.add(r * ldy + 8), v1);
        }
    }

    /// e^x for x <= 0, 8 lanes (same reduction and polynomial as [`super::exp_neg`]).
    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn exp8(x: __m256) -> __m256 {
        let c = _mm256_set1_ps;
        let x = _mm256_max_ps(x, c(-87.0));
        let n = _mm256_round_ps::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(_mm256_mul_ps(
            x,
            c(std::f32::consts::LOG2_E),
        ));
        let r = _mm256_fnmadd_ps(n, c(0.693_145_75), x);
        let r = _mm256_fnmadd_ps(n, c(1.428_606_8e-6), r);
        let mut p = c(1.987_569_1e-4);
        p = _mm256_fmadd_ps(p, r, c(1.398_199_9e-3));
        p = _mm256_fmadd_ps(p, r, c(8.333_452e-3));
        p = _mm256_fmadd_ps(p, r, c(4.166_579_6e-2));
        p = _mm256_fmadd_ps(p, r, c(1.666_666_5e-1));
        p = _mm256_fmadd_ps(p, r, c(0.5));
        let e = _mm256_add_ps(_mm256_fmadd_ps(p, _mm256_mul_ps(r, r), r), c(1.0));
        let pow2 = _mm256_castsi256_ps(_mm256_slli_epi32::<23>(_mm256_add_epi32(
            _mm256_cvtps_epi32(n),
            _mm256_set1_epi32(127),
        )));
        _mm256_mul_ps(e, pow2)
    }

    #[target_feature(enable = "avx2,fma")]
    #[allow(clippy::too_many_arguments)]
    pub(super) unsafe fn attention_head(
        qkv: &[f32],
        hidden: usize,
        d: usize,
        head: usize,
        s0: usize,
        s1: usize,
        ctx: *mut f32,
        kt: &mut Vec<f32>,
        probs: &mut Vec<f32>,
    ) {
        if d != 32 {
            return super::attention_head_body(qkv, hidden, d, head, s0, s1, ctx, kt, probs);
        }
        let l = s1 - s0;
        let lp = l.div_ceil(8) * 8;
        let w3 = 3 * hidden;
        let base = qkv.as_ptr();
        debug_assert!(s1 * w3 <= qkv.len());
        let (qo, ko, vo) = (head * 32, hidden + head * 32, 2 * hidden + head * 32);
        // K of this head transposed to [32][lp] (padding columns zero).
        kt.clear();
        kt.resize(32 * lp, 0.0);
        let ktp = kt.as_mut_ptr();
        for j in 0..l {
            let kr = base.add((s0 + j) * w3 + ko);
            for e in 0..32 {
                *ktp.add(e * lp + j) = *kr.add(e);
            }
        }
        probs.clear();
        probs.resize(lp, 0.0);
        let pp = probs.as_mut_ptr();
        for i in 0..l {
            let q = base.add((s0 + i) * w3 + qo);
            let mut jb = 0;
            while jb < lp {
                let mut acc = _mm256_setzero_ps();
                for e in 0..32 {
                    acc = _mm256_fmadd_ps(
                        _mm256_broadcast_ss(&*q.add(e)),
                        _mm256_loadu_ps(ktp.add(e * lp + jb)),
                        acc,
                    );
                }
                _mm256_storeu_ps(pp.add(jb), acc);
                jb += 8;
            }
            let mut mx = f32::NEG_INFINITY;
            for j in 0..l {
                mx = mx.max(*pp.add(j));
            }
            let mv = _mm256_set1_ps(mx);
            let mut jb = 0;
            while jb < lp {
                let e = exp8(_mm256_sub_ps(_mm256_loadu_ps(pp.add(jb)), mv));
                _mm256_storeu_ps(pp.add(jb), e);
                jb += 8;
            }
            let mut sum = 0.0;
            for j in 0..l {
                sum += *pp.add(j);
            }
            let inv = 1.0 / sum;
            let mut a = [_mm256_setzero_ps(); 4];
            for j in 0..l {
                let p = _mm256_set1_ps(*pp.add(j) * inv);
                let v = base.add((s0 + j) * w3 + vo);
                for (u, acc) in a.iter_mut().enumerate() {
                    *acc = _mm256_fmadd_ps(p, _mm256_loadu_ps(v.add(u * 8)), *acc);
                }
            }
            let out = ctx.add((s0 + i) * hidden + qo);
            for (u, acc) in a.iter().enumerate() {
                _mm256_storeu_ps(out.add(u * 8), *acc);
            }
        }
    }

    #[cfg(test)]
    pub(super) fn exp8_lane(x: f32) -> f32 {
        let mut o = [0f32; 8];
        unsafe { _mm256_storeu_ps(o.as_mut_ptr(), exp8(_mm256_set1_ps(x))) };
        o[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn erf_ref(x: f64) -> f64 {
        // Abramowitz–Stegun 7.1.26 is too coarse; use the series / continued fraction.
        if x.abs() < 3.0 {
            let mut sum = x;
            let mut term = x;
            let x2 = x * x;
            for n in 1..200 {
                term *= -x2 / n as f64;
                sum += term / (2 * n + 1) as f64;
            }
            sum * 2.0 / std::f64::consts::PI.sqrt()
        } else {
            // erfc asymptotic continued fraction (Lentz), fine for |x| >= 3
            let ax = x.abs();
            let mut f = 0.0;
            for n in (1..60).rev() {
                f = n as f64 / 2.0 / (ax + f);
            }
            let erfc = (-ax * ax).exp() / (ax + f) / std::f64::consts::PI.sqrt();
            (1.0 - erfc) * x.signum()
        }
    }

    #[test]
    fn erf_and_exp_are_accurate() {
        let mut worst = 0f64;
        for i in -6000..=6000 {
            let x = i as f32 / 1000.0;
            let e = (erf(x) as f64 - erf_ref(x as f64)).abs();
            worst = worst.max(e);
        }
        assert!(worst < 5e-7, "erf max error {worst}");
        let mut worst = 0f64;
        for i in 0..=9000 {
            let x = -(i as f32) / 100.0;
            let r = (x as f64).exp();
            let e = ((exp_neg(x) as f64 - r) / r.max(1e-30)).abs();
            if r > 1e-37 {
                worst = worst.max(e);
            }
        }
        assert!(worst < 1e-6, "exp rel error {worst}");
        #[cfg(target_arch = "x86_64")]
        if detect_isa() == Isa::Avx2Fma {
            for i in 0..=9000 {
                let x = -(i as f32) / 100.0;
                let r = (x as f64).exp();
                if r > 1e-37 {
                    let e = ((avx2::exp8_lane(x) as f64 - r) / r).abs();
                    assert!(e < 1e-6, "exp8({x}) rel error {e}");
                }
            }
        }
    }

    #[test]
    fn attention_paths_agree() {
        let (hidden, d, t) = (64, 32, 21);
        let qkv: Vec<f32> = (0..t * 3 * hidden)
            .map(|i| (((i * 31) % 97) as f32 - 48.0) / 40.0)
            .collect();
        let mut want = vec![0f32; t * hidden];
        let (mut kt, mut pr) = (Vec::new(), Vec::new());
        for head in 0..2 {
            for (s0, s1) in [(0, 9), (9, 21)] {
                unsafe {
                    attention_head(
                        Isa::Portable,
                        &qkv,
                        hidden,
                        d,
                        head,
                        s0,
                        s1,
                        want.as_mut_ptr(),
                        &mut kt,
                        &mut pr,
                    )
                };
            }
        }
        // naive reference for segment (9, 21), head 1, query 12
        let (s0, s1, head, i) = (9, 21, 1, 12);
        let w3 = 3 * hidden;
        let sc: Vec<f64> = (s0..s1)
            .map(|j| {
                (0..d)
                    .map(|e| (qkv[i * w3 + head * d + e] * qkv[j * w3 + hidden + head * d + e]) as f64)
                    .sum()
            })
            .collect();
        let mx = sc.iter().cloned().fold(f64::MIN, f64::max);
        let z: f64 = sc.iter().map(|s| (s - mx).exp()).sum();
        for e in 0..d {
            let r: f64 = (s0..s1)
                .map(|j| (sc[j - s0] - mx).exp() / z * qkv[j * w3 + 2 * hidden + head * d + e] as f64)
                .sum();
            assert!((want[i * hidden + head * d + e] as f64 - r).abs() < 1e-4);
        }
        if detect_isa() != Isa::Portable {
            let mut got = vec![0f32; t * hidden];
            for head in 0..2 {
                for (s0, s1) in [(0, 9), (9, 21)] {
                    unsafe {
                        attention_head(
                            detect_isa(),
                            &qkv,
                            hidden,
                            d,
                            head,
                            s0,
                            s1,
                            got.as_mut_ptr(),
                            &mut kt,
                            &mut pr,
                        )
                    };
                }
            }
            for (a, b) in got.iter().zip(&want) {
                assert!((a - b).abs() < 1e-5, "{a} {b}");
            }
        }
    }

    #[test]
    fn kernels_agree_with_naive() {
        let (n_out, n_in, t) = (48, 64, 13);
        let wrows: Vec<f32> = (0..n_out * n_in)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 50.0)
            .collect();
        let bias: Vec<f32> = (0..n_out).map(|i| i as f32 / 10.0).collect();
        let x: Vec<f32> = (0..t * n_in).map(|i| ((i * 13 % 29) as f32 - 14.0) / 7.0).collect();
        let res: Vec<f32> = (0..t * n_out).map(|i| (i % 7) as f32).collect();
        let w = PackedLinear::from_rows(&wrows, bias.clone(), n_out, n_in);
        let mut isas = vec![Isa::Portable];
        if detect_isa() != Isa::Portable {
            isas.push(detect_isa());
        }
        for isa in isas {
            for ep in [Epilogue::None, Epilogue::Gelu, Epilogue::Residual] {
                let mut y = vec![0f32; t * n_out];
                for p in 0..n_out / NR {
                    unsafe { linear_strip(isa, &w, p, x.as_ptr(), 0, t, y.as_mut_ptr(), n_out, res.as_ptr(), ep) };
                }
                for r in 0..t {
                    for o in 0..n_out {
                        let mut v = bias[o];
                        for k in 0..n_in {
                            v += x[r * n_in + k] * wrows[o * n_in + k];
                        }
                        let v = match ep {
                            Epilogue::None => v,
                            Epilogue::Gelu => gelu(v),
                            Epilogue::Residual => v + res[r * n_out + o],
                        };
                        let got = y[r * n_out + o];
                        assert!((got - v).abs() < 1e-3 * (1.0 + v.abs()), "{isa:?} {r} {o} {got} {v}");
                    }
                }
            }
        }
    }
}
