//! f32 compute kernels for the encoder: a packed-weight GEMM specialised for few-token
//! activations, LayerNorm, GELU (erf) and the attention inner loops.
//!
//! On x86-64 with AVX-512F (checked once at run time) the GEMM uses 12-row by 32-column
//! tiles of 512-bit registers; with AVX2+FMA, 6 by 16 tiles of 256-bit ones; elsewhere a
//! portable version that the compiler auto-vectorises is used. Every path computes each output
//! as the same chain of fused multiply-adds over `k` in order, then `+ bias` and the epilogue,
//! so the result does not depend on the batch shape (a text's embedding does not depend on
//! what it was batched with) nor on which of the x86 paths ran.

/// Output columns per packed panel (two AVX registers).
pub(crate) const NR: usize = 16;
/// Activation rows per micro-tile (AVX2 and portable paths).
pub(crate) const MR: usize = 6;
/// Activation rows per micro-tile on the AVX-512 path (two panels wide: 24 accumulators).
pub(crate) const MR512: usize = 12;

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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// AVX-512F for the GEMM (the machine also has AVX2+FMA, used for attention).
    #[cfg(target_arch = "x86_64")]
    Avx512,
}

/// The best path this machine can run, or the one `FRONTDOOR_KERNELS` names (`portable`,
/// `avx2`, `avx512`) when the machine can run it (to compare them, or to avoid AVX-512 where
/// it slows the clock down).
pub(crate) fn detect_isa() -> Isa {
    let mut isas = available_isas();
    let wanted = std::env::var("FRONTDOOR_KERNELS").unwrap_or_default();
    if let Some(i) = isas.iter().position(|i| i.name() == wanted.trim()) {
        return isas[i];
    }
    isas.pop().unwrap_or(Isa::Portable)
}

impl Isa {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Isa::Portable => "portable",
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2Fma => "avx2",
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => "avx512",
        }
    }
}

/// Every path this machine can run, best last.
pub(crate) fn available_isas() -> Vec<Isa> {
    #[allow(unused_mut)]
    let mut isas = vec![Isa::Portable];
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            isas.push(Isa::Avx2Fma);
            if std::is_x86_feature_detected!("avx512f") {
                isas.push(Isa::Avx512);
            }
        }
    }
    isas
}

/// Computes rows `r0..r1` of the column strips `p0..p1` of `y` (16 columns each).
///
/// # Safety
/// `x` is `[*, n_in]` with at least `r1` rows; `y` (and `res` when the epilogue is
/// `Residual`) are `[*, ldy]` with at least `r1` rows and `ldy >= p1*16`; the caller
/// guarantees no other thread writes these strips.
#[allow(clippy::too_many_arguments)]
pub(crate) unsafe fn linear_panels(
    isa: Isa,
    w: &PackedLinear,
    p0: usize,
    p1: usize,
    x: *const f32,
    r0: usize,
    r1: usize,
    y: *mut f32,
    ldy: usize,
    res: *const f32,
    ep: Epilogue,
) {
    #[cfg(target_arch = "x86_64")]
    if isa == Isa::Avx512 {
        return avx512::panels(w, p0, p1, x, r0, r1, y, ldy, res, ep);
    }
    let k = w.n_in;
    for p in p0..p1 {
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
                Isa::Avx2Fma | Isa::Avx512 => match m {
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
}

// ---------------------------------------------------------------------------------------
// erf / gelu / exp: branch-free rational and polynomial forms that vectorise.

/// erf(x) as a rational function on [-4, 4] (|error| < 2e-7; erf(±4) rounds to ±1 in f32).
/// Coefficients: the minimax fit used by Eigen/TensorFlow (`generic_fast_erf_float`).
#[inline(always)]
pub(crate) fn erf(x: f32) -> f32 {
    let x = x.clamp(-4.0, 4.0);
    let x2 = x * x;
    let p = ERF_P[1..].iter().fold(ERF_P[0], |p, &c| x2 * p + c) * x;
    let q = ERF_Q[1..].iter().fold(ERF_Q[0], |q, &c| x2 * q + c);
    p / q
}

/// erf's numerator (an odd polynomial: these in x², times x) and denominator (in x²),
/// highest power first; the SIMD forms evaluate them in the same order.
const ERF_P: [f32; 7] = [
    -2.726_142_3e-10,
    2.770_681_4e-8,
    -2.101_024e-6,
    -5.692_506_4e-5,
    -7.349_906e-4,
    -2.954_600_2e-3,
    -1.609_603_3e-2,
];
const ERF_Q: [f32; 5] = [
    -1.456_607_2e-5,
    -2.133_740_6e-4,
    -1.682_827e-3,
    -7.373_329_3e-3,
    -1.426_474e-2,
];

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
        Isa::Avx2Fma | Isa::Avx512 => avx2::attention_head(qkv, hidden, d, head, s0, s1, ctx, kt, probs),
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

/// erf and GELU (erf form) over one SIMD vector type, from its intrinsics: the same operations
/// in the same order as the scalar [`erf`] and [`gelu`], so every width gives the same lanes.
#[cfg(target_arch = "x86_64")]
macro_rules! erf_gelu {
    ($feat:literal, $v:ty, $erf:ident, $gelu:ident; $set1:ident, $min:ident, $max:ident, $mul:ident, $fmadd:ident, $div:ident) => {
        #[inline]
        #[target_feature(enable = $feat)]
        unsafe fn $erf(x: $v) -> $v {
            let x = $max($min(x, $set1(4.0)), $set1(-4.0));
            let x2 = $mul(x, x);
            let p = ERF_P[1..]
                .iter()
                .fold($set1(ERF_P[0]), |p, &k| $fmadd(x2, p, $set1(k)));
            let q = ERF_Q[1..]
                .iter()
                .fold($set1(ERF_Q[0]), |q, &k| $fmadd(x2, q, $set1(k)));
            $div($mul(p, x), q)
        }

        #[inline]
        #[target_feature(enable = $feat)]
        unsafe fn $gelu(v: $v) -> $v {
            let e = $erf($mul(v, $set1(std::f32::consts::FRAC_1_SQRT_2)));
            let half_v = $mul(v, $set1(0.5));
            $fmadd(half_v, e, half_v)
        }
    };
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::*;
    use std::arch::x86_64::*;

    erf_gelu!("avx2,fma", __m256, erf8, gelu8;
        _mm256_set1_ps, _mm256_min_ps, _mm256_max_ps, _mm256_mul_ps, _mm256_fmadd_ps, _mm256_div_ps);

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
        let lp = l.div_ceil(16) * 16;
        let w3 = 3 * hidden;
        let base = qkv.as_ptr();
        debug_assert!(s1 * w3 <= qkv.len());
        let ko = hidden + head * 32;
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
        probs.resize(4 * lp, 0.0);
        let pp = probs.as_mut_ptr();
        // Queries four at a time: independent accumulators keep both FMA units busy, where
        // one query's single chain of 32 dependent FMAs would wait on their latency.
        let mut i = 0;
        while i < l {
            let m = (l - i).min(4);
            let at = Block {
                base,
                hidden,
                head,
                s0,
                l,
                lp,
                ktp,
                pp,
                ctx,
            };
            match m {
                4 => at.queries::<4>(i),
                3 => at.queries::<3>(i),
                2 => at.queries::<2>(i),
                _ => at.queries::<1>(i),
            }
            i += m;
        }
    }

    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn hmax8(v: __m256) -> f32 {
        let m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps::<1>(v));
        let m = _mm_max_ps(m, _mm_movehl_ps(m, m));
        _mm_cvtss_f32(_mm_max_ss(m, _mm_movehdup_ps(m)))
    }

    #[inline]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn hsum8(v: __m256) -> f32 {
        let m = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps::<1>(v));
        let m = _mm_add_ps(m, _mm_movehl_ps(m, m));
        _mm_cvtss_f32(_mm_add_ss(m, _mm_movehdup_ps(m)))
    }

    /// One head of one segment, as [`attention_head`] laid it out.
    struct Block {
        base: *const f32,
        hidden: usize,
        head: usize,
        s0: usize,
        l: usize,
        lp: usize,
        ktp: *const f32,
        pp: *mut f32,
        ctx: *mut f32,
    }

    impl Block {
        /// Queries `i..i+M`: scores (each the same FMA chain over the 32 dimensions as a
        /// single query would run), softmax, then the weighted sum of values.
        #[inline]
        #[target_feature(enable = "avx2,fma")]
        unsafe fn queries<const M: usize>(&self, i: usize) {
            let Block {
                base,
                hidden,
                head,
                s0,
                l,
                lp,
                ktp,
                pp,
                ctx,
            } = *self;
            let w3 = 3 * hidden;
            let (qo, vo) = (head * 32, 2 * hidden + head * 32);
            let q: [*const f32; M] = std::array::from_fn(|r| base.add((s0 + i + r) * w3 + qo));
            let mut jb = 0;
            while jb < lp {
                let mut acc0 = [_mm256_setzero_ps(); M];
                let mut acc1 = [_mm256_setzero_ps(); M];
                let mut kp = ktp.add(jb);
                for e in 0..32 {
                    let k0 = _mm256_loadu_ps(kp);
                    let k1 = _mm256_loadu_ps(kp.add(8));
                    for r in 0..M {
                        let qv = _mm256_broadcast_ss(&*q[r].add(e));
                        acc0[r] = _mm256_fmadd_ps(qv, k0, acc0[r]);
                        acc1[r] = _mm256_fmadd_ps(qv, k1, acc1[r]);
                    }
                    kp = kp.add(lp);
                }
                for r in 0..M {
                    _mm256_storeu_ps(pp.add(r * lp + jb), acc0[r]);
                    _mm256_storeu_ps(pp.add(r * lp + jb + 8), acc1[r]);
                }
                jb += 16;
            }
            let mut inv = [0f32; M];
            for (r, inv) in inv.iter_mut().enumerate() {
                let row = pp.add(r * lp);
                // Padding columns hold 0 (zero keys): out of the max, then out of the sum.
                for j in l..lp {
                    *row.add(j) = f32::NEG_INFINITY;
                }
                let mut mv = _mm256_loadu_ps(row);
                for jb in (8..lp).step_by(8) {
                    mv = _mm256_max_ps(mv, _mm256_loadu_ps(row.add(jb)));
                }
                let mv = _mm256_set1_ps(hmax8(mv));
                for jb in (0..lp).step_by(8) {
                    let e = exp8(_mm256_sub_ps(_mm256_loadu_ps(row.add(jb)), mv));
                    _mm256_storeu_ps(row.add(jb), e);
                }
                for j in l..lp {
                    *row.add(j) = 0.0;
                }
                let mut sv = _mm256_loadu_ps(row);
                for jb in (8..lp).step_by(8) {
                    sv = _mm256_add_ps(sv, _mm256_loadu_ps(row.add(jb)));
                }
                *inv = 1.0 / hsum8(sv);
            }
            // Values two queries at a time: 8 accumulators, 4 value registers.
            let mut r = 0;
            while r < M {
                let pair = r + 1 < M;
                let (mut a, mut b) = ([_mm256_setzero_ps(); 4], [_mm256_setzero_ps(); 4]);
                let (pa, pb) = (pp.add(r * lp), pp.add((r + pair as usize) * lp));
                let mut v = base.add(s0 * w3 + vo);
                for j in 0..l {
                    let x = _mm256_set1_ps(*pa.add(j) * inv[r]);
                    let y = _mm256_set1_ps(*pb.add(j) * inv[r + pair as usize]);
                    for u in 0..4 {
                        let vv = _mm256_loadu_ps(v.add(u * 8));
                        a[u] = _mm256_fmadd_ps(x, vv, a[u]);
                        if pair {
                            b[u] = _mm256_fmadd_ps(y, vv, b[u]);
                        }
                    }
                    v = v.add(w3);
                }
                let out = ctx.add((s0 + i + r) * hidden + qo);
                for u in 0..4 {
                    _mm256_storeu_ps(out.add(u * 8), a[u]);
                    if pair {
                        _mm256_storeu_ps(out.add(hidden + u * 8), b[u]);
                    }
                }
                r += 2;
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

#[cfg(target_arch = "x86_64")]
mod avx512 {
    use super::*;
    use std::arch::x86_64::*;

    erf_gelu!("avx512f", __m512, erf16, gelu16;
        _mm512_set1_ps, _mm512_min_ps, _mm512_max_ps, _mm512_mul_ps, _mm512_fmadd_ps, _mm512_div_ps);

    /// `M` rows by `W` panels (16 columns each, `W` is 1 or 2).
    #[inline]
    #[target_feature(enable = "avx512f")]
    #[allow(clippy::too_many_arguments)]
    unsafe fn tile<const M: usize, const W: usize>(
        k: usize,
        x: *const f32,
        w: [*const f32; 2],
        bias: *const f32,
        res: *const f32,
        y: *mut f32,
        ldy: usize,
        ep: Epilogue,
    ) {
        let mut c0 = [_mm512_setzero_ps(); M];
        let mut c1 = [_mm512_setzero_ps(); M];
        let (mut w0, mut w1, mut xk) = (w[0], w[1], x);
        for _ in 0..k {
            let a = _mm512_load_ps(w0);
            let b = if W == 2 { _mm512_load_ps(w1) } else { a };
            for r in 0..M {
                let xv = _mm512_set1_ps(*xk.add(r * k));
                c0[r] = _mm512_fmadd_ps(xv, a, c0[r]);
                if W == 2 {
                    c1[r] = _mm512_fmadd_ps(xv, b, c1[r]);
                }
            }
            w0 = w0.add(NR);
            w1 = w1.add(NR);
            xk = xk.add(1);
        }
        for r in 0..M {
            for j in 0..W {
                let acc = if j == 0 { c0[r] } else { c1[r] };
                let mut v = _mm512_add_ps(acc, _mm512_loadu_ps(bias.add(j * NR)));
                match ep {
                    Epilogue::None => {}
                    Epilogue::Gelu => v = gelu16(v),
                    Epilogue::Residual => v = _mm512_add_ps(v, _mm512_loadu_ps(res.add(r * ldy + j * NR))),
                }
                _mm512_storeu_ps(y.add(r * ldy + j * NR), v);
            }
        }
    }

    /// See [`super::linear_panels`]: panels two at a time, rows in balanced tiles of at most
    /// [`MR512`] (16 rows are two tiles of 8, not 12 + 4).
    #[target_feature(enable = "avx512f")]
    #[allow(clippy::too_many_arguments)]
    pub(super) unsafe fn panels(
        w: &PackedLinear,
        p0: usize,
        p1: usize,
        x: *const f32,
        r0: usize,
        r1: usize,
        y: *mut f32,
        ldy: usize,
        res: *const f32,
        ep: Epilogue,
    ) {
        let k = w.n_in;
        let rows = r1.saturating_sub(r0);
        let ntiles = rows.div_ceil(MR512);
        let mut p = p0;
        while p < p1 {
            let two = p + 1 < p1;
            let wp = [
                w.panel(p).as_ptr() as *const f32,
                w.panel(if two { p + 1 } else { p }).as_ptr() as *const f32,
            ];
            let bias = w.bias.as_ptr().add(p * NR);
            let mut r = r0;
            for i in 0..ntiles {
                let m = rows * (i + 1) / ntiles - rows * i / ntiles;
                let xr = x.add(r * k);
                let yr = y.add(r * ldy + p * NR);
                let rr = if ep == Epilogue::Residual {
                    res.add(r * ldy + p * NR)
                } else {
                    res
                };
                macro_rules! go {
                    ($($m:literal)*) => {
                        match (m, two) {
                            $(($m, true) => tile::<$m, 2>(k, xr, wp, bias, rr, yr, ldy, ep),
                              ($m, false) => tile::<$m, 1>(k, xr, wp, bias, rr, yr, ldy, ep),)*
                            _ => unreachable!("tile of {m} rows"),
                        }
                    };
                }
                go!(1 2 3 4 5 6 7 8 9 10 11 12);
                r += m;
            }
            p += if two { 2 } else { 1 };
        }
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
        if available_isas().contains(&Isa::Avx2Fma) {
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
        // 3 panels: the AVX-512 path runs a pair and a lone panel; 13 and 30 rows make
        // uneven row tiles on every path.
        let (n_out, n_in) = (48, 64);
        let wrows: Vec<f32> = (0..n_out * n_in)
            .map(|i| ((i * 37 % 101) as f32 - 50.0) / 50.0)
            .collect();
        let bias: Vec<f32> = (0..n_out).map(|i| i as f32 / 10.0).collect();
        let w = PackedLinear::from_rows(&wrows, bias.clone(), n_out, n_in);
        for t in [1, 13, 30] {
            let x: Vec<f32> = (0..t * n_in).map(|i| ((i * 13 % 29) as f32 - 14.0) / 7.0).collect();
            let res: Vec<f32> = (0..t * n_out).map(|i| (i % 7) as f32).collect();
            for ep in [Epilogue::None, Epilogue::Gelu, Epilogue::Residual] {
                let mut simd_out: Option<(Isa, Vec<f32>)> = None;
                for isa in available_isas() {
                    let mut y = vec![0f32; t * n_out];
                    unsafe {
                        linear_panels(
                            isa,
                            &w,
                            0,
                            n_out / NR,
                            x.as_ptr(),
                            0,
                            t,
                            y.as_mut_ptr(),
                            n_out,
                            res.as_ptr(),
                            ep,
                        )
                    };
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
                            assert!(
                                (got - v).abs() < 1e-3 * (1.0 + v.abs()),
                                "{isa:?} {t} {r} {o} {got} {v}"
                            );
                        }
                    }
                    // The x86 paths run the same operations in the same order: bit-identical.
                    if isa != Isa::Portable {
                        match &simd_out {
                            Some((first, want)) => {
                                assert!(y == *want, "{isa:?} differs from {first:?} ({t} rows, {ep:?})")
                            }
                            None => simd_out = Some((isa, y)),
                        }
                    }
                }
            }
        }
    }
}
