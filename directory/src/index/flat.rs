//! The embedded exact index: every candidate is scored, so recall is perfect by construction.
//!
//! Layout is columnar: one contiguous row-major matrix of unit vectors (f32, or int8 with one
//! scale per row), and beside it compact filter columns (language and need bitmasks, f32
//! coordinates). A search first selects the rows that pass the filter, then scores only those
//! with the SIMD kernels, then keeps the best `limit` in a heap. Large indexes are scored on
//! several threads.

use super::kernels::{quantise_i8, score_rows_f32, score_rows_i8};
use super::{normalised, IndexError, IndexHit, IndexPoint, Payload, PayloadFilter, VectorIndex};
use async_trait::async_trait;
use frontdoor_core::types::ServiceId;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

/// How vectors are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precision {
    /// 4 bytes per dimension; exact scores.
    #[default]
    F32,
    /// 1 byte per dimension and a scale per vector: a quarter of the memory traffic.
    /// With `rescore`, f32 copies are kept too and the best int8 candidates are rescored
    /// exactly, so results match F32 except in rare near-ties at the candidate cut.
    Int8 {
        /// Keep f32 vectors and rescore the top candidates exactly.
        rescore: bool,
    },
}

impl Precision {
    /// The measured best for a directory of `services`: f32 up to 20,000 (exact, about 0.2 ms
    /// at 5k), int8 with exact rescoring beyond, where f32 scans become memory-bound (100k:
    /// about 4 ms instead of 10-12 ms on one core, with the same top 10 in the benchmark).
    pub fn for_size(services: usize) -> Self {
        if services <= 20_000 {
            Precision::F32
        } else {
            Precision::Int8 { rescore: true }
        }
    }
}

/// Languages beyond this many distinct codes are filtered by exact comparison.
const LANGUAGE_BITS: usize = 64;
/// Below this many multiply-adds a search runs on the calling thread.
const PARALLEL_WORK: usize = 4_000_000;

/// The embedded exact vector index.
#[derive(Debug, Clone)]
pub struct FlatIndex {
    dim: usize,
    precision: Precision,
    threads: usize,
    ids: Vec<ServiceId>,
    positions: HashMap<ServiceId, usize>,
    vectors: Vec<f32>,
    codes: Vec<i8>,
    scales: Vec<f32>,
    payloads: Vec<Payload>,
    language_codes: Vec<String>,
    language_bits: Vec<u64>,
    need_bits: Vec<u32>,
    lat: Vec<f32>,
    lon: Vec<f32>,
}

impl FlatIndex {
    /// An empty index of `dim` dimensions.
    pub fn new(dim: usize, precision: Precision) -> Self {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(4);
        Self {
            dim,
            precision,
            threads,
            ids: Vec::new(),
            positions: HashMap::new(),
            vectors: Vec::new(),
            codes: Vec::new(),
            scales: Vec::new(),
            payloads: Vec::new(),
            language_codes: Vec::new(),
            language_bits: Vec::new(),
            need_bits: Vec::new(),
            lat: Vec::new(),
            lon: Vec::new(),
        }
    }

    /// Sets how many threads a large search may use (1 = the calling thread only).
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
    }

    /// The storage precision.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// How many points it holds.
    pub fn size(&self) -> usize {
        self.ids.len()
    }

    /// Approximate heap memory in bytes (vectors, filter columns, ids, payloads).
    pub fn memory_bytes(&self) -> usize {
        let vectors = self.vectors.capacity() * 4 + self.codes.capacity() + self.scales.capacity() * 4;
        let columns = self.language_bits.capacity() * 8 + self.need_bits.capacity() * 4 + self.lat.capacity() * 8;
        let ids: usize = self.ids.iter().map(|id| id.as_str().len() * 2 + 2 * 24 + 16).sum();
        let payloads: usize = self
            .payloads
            .iter()
            .map(|p| {
                std::mem::size_of::<Payload>()
                    + p.languages.iter().map(|l| l.len() + 24).sum::<usize>()
                    + p.taxonomy.iter().map(|t| t.len() + 24).sum::<usize>()
                    + p.needs.len()
            })
            .sum();
        vectors + columns + ids + payloads
    }

    /// Adds or replaces points.
    pub fn insert(&mut self, points: Vec<IndexPoint>) -> Result<(), IndexError> {
        for point in &points {
            if point.vector.len() != self.dim {
                return Err(IndexError::Dimension {
                    expected: self.dim,
                    got: point.vector.len(),
                });
            }
        }
        for point in points {
            let unit = normalised(&point.vector);
            let languages = self.language_mask(&point.payload.languages);
            let needs = point.payload.needs.iter().fold(0u32, |m, n| m | need_bit(*n));
            let (lat, lon) = point
                .payload
                .point
                .map_or((f32::NAN, f32::NAN), |p| (p.lat as f32, p.lon as f32));
            let keep_f32 = !matches!(self.precision, Precision::Int8 { rescore: false });
            let keep_i8 = matches!(self.precision, Precision::Int8 { .. });
            let (codes, scale) = if keep_i8 { quantise_i8(&unit) } else { (Vec::new(), 0.0) };
            let row = match self.positions.get(&point.id) {
                Some(&row) => row,
                None => {
                    let row = self.ids.len();
                    self.positions.insert(point.id.clone(), row);
                    self.ids.push(point.id);
                    if keep_f32 {
                        self.vectors.resize(self.vectors.len() + self.dim, 0.0);
                    }
                    if keep_i8 {
                        self.codes.resize(self.codes.len() + self.dim, 0);
                        self.scales.push(0.0);
                    }
                    self.payloads.push(Payload::default());
                    self.language_bits.push(0);
                    self.need_bits.push(0);
                    self.lat.push(f32::NAN);
                    self.lon.push(f32::NAN);
                    row
                }
            };
            let span = row * self.dim..(row + 1) * self.dim;
            if keep_f32 {
                self.vectors[span.clone()].copy_from_slice(&unit);
            }
            if keep_i8 {
                self.codes[span].copy_from_slice(&codes);
                self.scales[row] = scale;
            }
            self.payloads[row] = point.payload;
            self.language_bits[row] = languages;
            self.need_bits[row] = needs;
            self.lat[row] = lat;
            self.lon[row] = lon;
        }
        Ok(())
    }

    /// Removes points by id.
    pub fn delete(&mut self, ids: &[ServiceId]) {
        for id in ids {
            let Some(row) = self.positions.remove(id) else { continue };
            let last = self.ids.len() - 1;
            self.ids.swap_remove(row);
            self.payloads.swap_remove(row);
            self.language_bits.swap_remove(row);
            self.need_bits.swap_remove(row);
            self.lat.swap_remove(row);
            self.lon.swap_remove(row);
            if !self.scales.is_empty() {
                self.scales.swap_remove(row);
                swap_remove_row(&mut self.codes, row, last, self.dim);
            }
            if !self.vectors.is_empty() {
                swap_remove_row(&mut self.vectors, row, last, self.dim);
            }
            if row != last {
                self.positions.insert(self.ids[row].clone(), row);
            }
        }
    }

    /// The `limit` best points passing `filter`, best first (equal scores in id order).
    pub fn top_k(&self, query: &[f32], filter: &PayloadFilter, limit: usize) -> Result<Vec<IndexHit>, IndexError> {
        if query.len() != self.dim {
            return Err(IndexError::Dimension {
                expected: self.dim,
                got: query.len(),
            });
        }
        if limit == 0 || self.ids.is_empty() {
            return Ok(Vec::new());
        }
        let query = normalised(query);
        let rows = (!filter.is_empty()).then(|| self.rows_passing(filter));
        let rows = rows.as_deref();
        let hits = match self.precision {
            Precision::F32 => self.select(&self.score(&query, rows, false), rows, limit),
            Precision::Int8 { rescore: false } => self.select(&self.score(&query, rows, true), rows, limit),
            Precision::Int8 { rescore: true } => {
                let pool = (limit * 4).max(limit + 32);
                let candidates = self.select(&self.score(&query, rows, true), rows, pool);
                let rows: Vec<u32> = candidates.iter().map(|&(_, r)| r as u32).collect();
                self.select(&self.score(&query, Some(&rows), false), Some(&rows), limit)
            }
        };
        Ok(hits
            .into_iter()
            .map(|(score, row)| IndexHit {
                id: self.ids[row].clone(),
                score,
            })
            .collect())
    }

    /// Rows whose payload passes the filter, from the compact columns where possible.
    fn rows_passing(&self, filter: &PayloadFilter) -> Vec<u32> {
        let language_mask = self.wanted_language_mask(&filter.languages_any);
        let exact_languages = self.language_codes.len() >= LANGUAGE_BITS && !filter.languages_any.is_empty();
        let need_mask = filter.needs_any.iter().fold(0u32, |m, n| m | need_bit(*n));
        let mut rows = Vec::new();
        for row in 0..self.ids.len() {
            if !filter.languages_any.is_empty() {
                let ok = if exact_languages {
                    let p = &self.payloads[row];
                    p.languages
                        .iter()
                        .any(|l| filter.languages_any.iter().any(|w| crate::languages::serves(l, w)))
                } else {
                    self.language_bits[row] & language_mask != 0
                };
                if !ok {
                    continue;
                }
            }
            if need_mask != 0 && self.need_bits[row] & need_mask == 0 {
                continue;
            }
            if let Some(geo) = &filter.geo {
                let (lat, lon) = (self.lat[row], self.lon[row]);
                let inside = if lat.is_nan() {
                    geo.include_unlocated
                } else {
                    let b = &geo.bbox;
                    let (lat, lon) = (f64::from(lat), f64::from(lon));
                    // f32 coordinates are within ~1 m: widen the box by that much.
                    const SLACK: f64 = 1e-5;
                    lat >= b.min_lat - SLACK
                        && lat <= b.max_lat + SLACK
                        && lon >= b.min_lon - SLACK
                        && lon <= b.max_lon + SLACK
                };
                if !inside {
                    continue;
                }
            }
            if !filter.taxonomy_any.is_empty()
                && !self.payloads[row]
                    .taxonomy
                    .iter()
                    .any(|c| filter.taxonomy_any.iter().any(|p| crate::taxonomy::code_is_under(c, p)))
            {
                continue;
            }
            rows.push(row as u32);
        }
        rows
    }

    /// Scores the selected rows (all when `rows` is `None`), in row order of the selection.
    fn score(&self, query: &[f32], rows: Option<&[u32]>, int8: bool) -> Vec<f32> {
        let count = rows.map_or(self.ids.len(), <[u32]>::len);
        let threads = if count * self.dim >= PARALLEL_WORK {
            self.threads
        } else {
            1
        };
        let (query_codes, query_scale) = if int8 { quantise_i8(query) } else { (Vec::new(), 0.0) };
        let run = |rows: Option<&[u32]>, range: std::ops::Range<usize>, out: &mut Vec<f32>| {
            let dim = self.dim;
            let (q8, qs) = (query_codes.as_slice(), query_scale);
            match (int8, rows) {
                (false, Some(r)) => score_rows_f32(&self.vectors, dim, query, Some(&r[range]), out),
                (false, None) => {
                    score_rows_f32(&self.vectors[range.start * dim..range.end * dim], dim, query, None, out)
                }
                (true, Some(r)) => score_rows_i8(&self.codes, &self.scales, dim, q8, qs, Some(&r[range]), out),
                (true, None) => score_rows_i8(
                    &self.codes[range.start * dim..range.end * dim],
                    &self.scales[range.clone()],
                    dim,
                    q8,
                    qs,
                    None,
                    out,
                ),
            }
        };
        if threads <= 1 {
            let mut out = Vec::with_capacity(count);
            run(rows, 0..count, &mut out);
            return out;
        }
        let chunk = count.div_ceil(threads);
        let parts: Vec<Vec<f32>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let range = (t * chunk).min(count)..((t + 1) * chunk).min(count);
                    let run = &run;
                    s.spawn(move || {
                        let mut out = Vec::with_capacity(range.len());
                        run(rows, range, &mut out);
                        out
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap_or_default()).collect()
        });
        parts.concat()
    }

    /// The best `limit` (score, row) pairs, best first.
    fn select(&self, scores: &[f32], rows: Option<&[u32]>, limit: usize) -> Vec<(f32, usize)> {
        let row_of = |i: usize| rows.map_or(i, |r| r[i] as usize);
        let mut heap: BinaryHeap<Worst<'_>> = BinaryHeap::with_capacity(limit + 1);
        for (i, &score) in scores.iter().enumerate() {
            let score = if score.is_nan() { f32::NEG_INFINITY } else { score };
            if heap.len() == limit {
                let worst = heap.peek().map_or(f32::NEG_INFINITY, |w| w.score);
                if score < worst {
                    continue;
                }
            }
            let row = row_of(i);
            heap.push(Worst {
                score,
                row,
                id: &self.ids[row],
            });
            if heap.len() > limit {
                heap.pop();
            }
        }
        let mut best: Vec<Worst<'_>> = heap.into_vec();
        best.sort(); // Ascending "worseness": best first.
        best.into_iter().map(|w| (w.score, w.row)).collect()
    }

    fn language_mask(&mut self, languages: &[String]) -> u64 {
        let mut mask = 0u64;
        for code in languages {
            let bit = match self.language_codes.iter().position(|c| c == code) {
                Some(i) => i,
                None => {
                    self.language_codes.push(code.clone());
                    self.language_codes.len() - 1
                }
            };
            if bit < LANGUAGE_BITS {
                mask |= 1 << bit;
            }
        }
        mask
    }

    fn wanted_language_mask(&self, wanted: &[String]) -> u64 {
        let mut mask = 0u64;
        for (bit, code) in self.language_codes.iter().enumerate().take(LANGUAGE_BITS) {
            if wanted.iter().any(|w| crate::languages::serves(code, w)) {
                mask |= 1 << bit;
            }
        }
        mask
    }
}

fn need_bit(need: frontdoor_core::types::NeedLabel) -> u32 {
    let i = frontdoor_core::types::NeedLabel::ALL
        .iter()
        .position(|n| *n == need)
        .unwrap_or(31);
    1 << i
}

fn swap_remove_row<T: Copy>(matrix: &mut Vec<T>, row: usize, last: usize, dim: usize) {
    if row != last {
        matrix.copy_within(last * dim..(last + 1) * dim, row * dim);
    }
    matrix.truncate(last * dim);
}

/// A heap entry ordered so the heap's top is the worst kept result: lower score is "greater",
/// and among equal scores the larger id is worse (results tie-break in id order).
struct Worst<'a> {
    score: f32,
    row: usize,
    id: &'a ServiceId,
}

impl Ord for Worst<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        other.score.total_cmp(&self.score).then_with(|| self.id.cmp(other.id))
    }
}

impl PartialOrd for Worst<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Worst<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Worst<'_> {}

#[async_trait]
impl VectorIndex for FlatIndex {
    fn backend(&self) -> &'static str {
        "flat"
    }

    fn dim(&self) -> usize {
        self.dim
    }

    async fn count(&self) -> Result<usize, IndexError> {
        Ok(self.size())
    }

    async fn upsert(&mut self, points: Vec<IndexPoint>) -> Result<(), IndexError> {
        self.insert(points)
    }

    async fn remove(&mut self, ids: &[ServiceId]) -> Result<(), IndexError> {
        self.delete(ids);
        Ok(())
    }

    async fn search(&self, query: &[f32], filter: &PayloadFilter, limit: usize) -> Result<Vec<IndexHit>, IndexError> {
        self.top_k(query, filter, limit)
    }
}
