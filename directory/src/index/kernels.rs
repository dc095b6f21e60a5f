//! Dot-product kernels for the flat index.
//!
//! The loops are written for LLVM's auto-vectoriser: 32 independent f32 accumulators per step
//! (four 8-lane AVX registers, or eight 4-lane SSE ones), so the additions do not wait on each
//! other. On x86-64 the same code is compiled a second time with AVX2 and FMA enabled and chosen
//! at run time when the CPU has them; elsewhere the portable build runs.

const LANES: usize = 32;

#[inline(always)]
fn dot_f32_body(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0f32; LANES];
    let mut ca = a.chunks_exact(LANES);
    let mut cb = b.chunks_exact(LANES);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for i in 0..LANES {
            acc[i] += x[i] * y[i];
        }
    }
    let mut tail = 0f32;
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        tail += x * y;
    }
    reduce(acc) + tail
}

/// Integer dot product of two int8 vectors: i16 products summed into 32 i32 lanes, which
/// LLVM turns into `vpmaddwd`-style code (no int-to-float conversion in the loop).
#[inline(always)]
fn dot_i8_body(a: &[i8], b: &[i8]) -> i32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0i32; LANES];
    let mut ca = a.chunks_exact(LANES);
    let mut cb = b.chunks_exact(LANES);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for i in 0..LANES {
            acc[i] += i32::from(i16::from(x[i]) * i16::from(y[i]));
        }
    }
    let mut tail = 0i32;
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        tail += i32::from(*x) * i32::from(*y);
    }
    acc.iter().sum::<i32>() + tail
}

#[inline(always)]
fn dot_f32_i8_body(a: &[f32], b: &[i8]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0f32; LANES];
    let mut ca = a.chunks_exact(LANES);
    let mut cb = b.chunks_exact(LANES);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for i in 0..LANES {
            acc[i] += x[i] * f32::from(y[i]);
        }
    }
    let mut tail = 0f32;
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        tail += x * f32::from(*y);
    }
    reduce(acc) + tail
}

#[inline(always)]
fn reduce(mut acc: [f32; LANES]) -> f32 {
    let mut width = LANES / 2;
    while width > 0 {
        for i in 0..width {
            acc[i] += acc[i + width];
        }
        width /= 2;
    }
    acc[0]
}

#[inline(always)]
fn score_rows_f32_body(matrix: &[f32], dim: usize, query: &[f32], rows: Option<&[u32]>, out: &mut Vec<f32>) {
    out.clear();
    match rows {
        None => out.extend(matrix.chunks_exact(dim).map(|v| dot_f32_body(v, query))),
        Some(rows) => out.extend(rows.iter().map(|&r| {
            let start = r as usize * dim;
            dot_f32_body(&matrix[start..start + dim], query)
        })),
    }
}

/// Scores int8 rows against a query quantised to int8 too; `scale` is the query's scale.
#[inline(always)]
fn score_rows_i8_body(
    codes: &[i8],
    scales: &[f32],
    dim: usize,
    query: &[i8],
    query_scale: f32,
    rows: Option<&[u32]>,
    out: &mut Vec<f32>,
) {
    out.clear();
    match rows {
        None => out.extend(
            codes
                .chunks_exact(dim)
                .zip(scales)
                .map(|(v, s)| s * query_scale * dot_i8_body(query, v) as f32),
        ),
        Some(rows) => out.extend(rows.iter().map(|&r| {
            let start = r as usize * dim;
            scales[r as usize] * query_scale * dot_i8_body(query, &codes[start..start + dim]) as f32
        })),
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    // SAFETY (all functions): callers check `has_avx2_fma()` first; the bodies are safe code
    // compiled with the features enabled.
    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
        super::dot_f32_body(a, b)
    }

    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn dot_f32_i8(a: &[f32], b: &[i8]) -> f32 {
        super::dot_f32_i8_body(a, b)
    }

    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn score_rows_f32(m: &[f32], dim: usize, q: &[f32], rows: Option<&[u32]>, out: &mut Vec<f32>) {
        super::score_rows_f32_body(m, dim, q, rows, out)
    }

    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn score_rows_i8(
        codes: &[i8],
        scales: &[f32],
        dim: usize,
        q: &[i8],
        q_scale: f32,
        rows: Option<&[u32]>,
        out: &mut Vec<f32>,
    ) {
        super::score_rows_i8_body(codes, scales, dim, q, q_scale, rows, out)
    }
}

#[inline]
fn has_avx2_fma() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Dot product of two f32 slices (over the shorter length).
pub fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
    #[cfg(target_arch = "x86_64")]
    if has_avx2_fma() {
        // SAFETY: the CPU has AVX2 and FMA.
        return unsafe { avx2::dot_f32(a, b) };
    }
    dot_f32_body(a, b)
}

/// Dot product of an f32 query with an int8 vector (unscaled).
pub fn dot_f32_i8(a: &[f32], b: &[i8]) -> f32 {
    #[cfg(target_arch = "x86_64")]
    if has_avx2_fma() {
        // SAFETY: the CPU has AVX2 and FMA.
        return unsafe { avx2::dot_f32_i8(a, b) };
    }
    dot_f32_i8_body(a, b)
}

/// Scores every row of a row-major f32 matrix (or only `rows`) against `query` into `out`.
pub(crate) fn score_rows_f32(matrix: &[f32], dim: usize, query: &[f32], rows: Option<&[u32]>, out: &mut Vec<f32>) {
    #[cfg(target_arch = "x86_64")]
    if has_avx2_fma() {
        // SAFETY: the CPU has AVX2 and FMA.
        return unsafe { avx2::score_rows_f32(matrix, dim, query, rows, out) };
    }
    score_rows_f32_body(matrix, dim, query, rows, out)
}

/// Scores int8 rows (each with its scale) against an int8 query (with its scale) into `out`.
pub(crate) fn score_rows_i8(
    codes: &[i8],
    scales: &[f32],
    dim: usize,
    query: &[i8],
    query_scale: f32,
    rows: Option<&[u32]>,
    out: &mut Vec<f32>,
) {
    #[cfg(target_arch = "x86_64")]
    if has_avx2_fma() {
        // SAFETY: the CPU has AVX2 and FMA.
        return unsafe { avx2::score_rows_i8(codes, scales, dim, query, query_scale, rows, out) };
    }
    score_rows_i8_body(codes, scales, dim, query, query_scale, rows, out)
}

/// Quantises a unit vector to int8 with one scale: `v[i] ≈ scale * codes[i]`.
pub(crate) fn quantise_i8(v: &[f32]) -> (Vec<i8>, f32) {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    if max == 0.0 {
        return (vec![0; v.len()], 0.0);
    }
    let scale = max / 127.0;
    let codes = v
        .iter()
        .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8)
        .collect();
    (codes, scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn kernels_agree_with_the_naive_sum_at_awkward_lengths() {
        for len in [0, 1, 7, 31, 32, 33, 100, 384, 385] {
            let a: Vec<f32> = (0..len).map(|i| ((i * 7 % 13) as f32 - 6.0) / 10.0).collect();
            let b: Vec<f32> = (0..len).map(|i| ((i * 5 % 11) as f32 - 5.0) / 10.0).collect();
            assert!((dot_f32(&a, &b) - naive(&a, &b)).abs() < 1e-3, "len {len}");
            assert!(
                (dot_f32_body(&a, &b) - naive(&a, &b)).abs() < 1e-3,
                "portable, len {len}"
            );
        }
    }

    #[test]
    fn integer_dot_products_are_exact() {
        let a: Vec<i8> = (0..385).map(|i| (i * 37 % 255 - 127) as i8).collect();
        let b: Vec<i8> = (0..385).map(|i| (i * 91 % 255 - 127) as i8).collect();
        let want: i32 = a.iter().zip(&b).map(|(x, y)| i32::from(*x) * i32::from(*y)).sum();
        assert_eq!(dot_i8_body(&a, &b), want);
    }

    #[test]
    fn int8_quantisation_keeps_scores_close() {
        let a: Vec<f32> = (0..384).map(|i| ((i * 37 % 101) as f32 - 50.0) / 300.0).collect();
        let b: Vec<f32> = (0..384).map(|i| ((i * 53 % 97) as f32 - 48.0) / 280.0).collect();
        let (codes, scale) = quantise_i8(&b);
        let approx = scale * dot_f32_i8(&a, &codes);
        let exact = naive(&a, &b);
        assert!(
            (approx - exact).abs() < 0.01 * exact.abs().max(1.0),
            "{approx} vs {exact}"
        );
    }
}
