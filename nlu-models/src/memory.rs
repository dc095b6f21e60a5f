//! The exemplar memory: the need classifier's nearest labelled neighbours.
//!
//! The softmax head draws one straight boundary per class through the need encoder's space; the
//! training messages themselves say more about the corners of that space ("meals on wheels",
//! "a presto card on odsp", "ESL conversation circle") than 384 weights per class can. So the
//! classifier also keeps every training message's embedding and, for a new message, lets its
//! `k` nearest ones vote for their class, each weighted `exp(sharpness · (cos − best cos))`.
//! The votes enter the softmax as a bias on the head's logits, `weight · ln(vote + floor)`
//! ([`MemorySettings`]), before the calibration temperature. With the weights of December 2026
//! it lifted dev macro-F1 from 0.81 (head alone) to 0.85, and helped test less (see
//! `docs/NEED_CLASSIFIER.md`).
//!
//! The vectors are written by `frontdoor train nlu` beside the weights (`X.json` →
//! `X.memory.bin`), quantised to 8 bits per component with one scale per row (390 bytes a
//! message: 3.3 MB for 8,408); the weights record the file's SHA-256, and loading refuses a file
//! that does not match. They stay 8-bit in memory; a message's embedding is quantised the same
//! way, and one message costs one pass of about 3 M 8-bit multiply-adds: 0.35 to 0.4 ms on a
//! 2-core AMD EPYC with 7,242 rows, 0.28 ms on a 2-core Xeon with 8,089 (`--bench understand`,
//! `head_and_memory_logits`; the head alone is 4 to 9 µs), bound by reading the file's bytes
//! rather than by the arithmetic (an AVX2 build of the loop gained 12%).
//!
//! # File format (`FDMEM001`)
//!
//! Little-endian, packed: magic `FDMEM001`, `u32` rows, `u32` dim, then per row a `u16` output
//! class (an index into [`crate::classifier::ClassifierWeights::classes`]), an `f32` scale and
//! `dim` `i8` components (component = `i8 · scale`).

use serde::{Deserialize, Serialize};

use crate::model_files::sha256_bytes;

const MAGIC: &[u8; 8] = b"FDMEM001";

/// How the memory's votes are read (stored in the weights file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemorySettings {
    /// Neighbours that vote.
    pub k: usize,
    /// A neighbour's vote is `exp(sharpness · (its cosine − the best cosine))`.
    pub sharpness: f32,
    /// The votes' share of a class enters its logit as `weight · ln(share + floor)`.
    pub weight: f32,
    /// See `weight`: keeps a class no neighbour voted for in the running.
    pub floor: f32,
    /// Rows of the memory file.
    pub rows: usize,
    /// SHA-256 of the memory file (`X.memory.bin`).
    pub sha256: String,
}

/// Why a memory file was refused.
#[derive(Debug, thiserror::Error)]
#[error("exemplar memory: {0}")]
pub struct MemoryError(pub String);

/// Labelled embeddings, dequantised.
#[derive(Clone)]
pub struct ExemplarMemory {
    dim: usize,
    classes: Vec<u16>,
    /// Row-major `rows x dim` 8-bit components, as in the file...
    codes: Vec<i8>,
    /// ...and each row's scale.
    scales: Vec<f32>,
    sha256: String,
}

impl std::fmt::Debug for ExemplarMemory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExemplarMemory")
            .field("rows", &self.classes.len())
            .field("dim", &self.dim)
            .field("sha256", &self.sha256)
            .finish()
    }
}

impl ExemplarMemory {
    /// Builds the memory from embeddings and their output classes, quantised exactly as the file
    /// stores them (so training reads the votes the shipped file will give).
    ///
    /// # Panics
    /// If the lengths disagree or a class does not fit in 16 bits.
    pub fn from_embeddings(embeddings: &[Vec<f32>], classes: &[usize]) -> Self {
        assert_eq!(embeddings.len(), classes.len(), "one class per embedding");
        let dim = embeddings.first().map_or(0, Vec::len);
        let mut memory = Self {
            dim,
            classes: Vec::with_capacity(classes.len()),
            codes: Vec::with_capacity(embeddings.len() * dim),
            scales: Vec::with_capacity(embeddings.len()),
            sha256: String::new(),
        };
        for (e, &class) in embeddings.iter().zip(classes) {
            assert_eq!(e.len(), dim, "embedding dimension");
            memory
                .classes
                .push(u16::try_from(class).expect("class index fits in u16"));
            let (scale, codes) = quantise(e);
            memory.scales.push(scale);
            memory.codes.extend(codes);
        }
        memory.sha256 = sha256_bytes(&memory.to_bytes());
        memory
    }

    /// Parses a memory file's bytes.
    pub fn parse(bytes: &[u8]) -> Result<Self, MemoryError> {
        let bad = |why: String| MemoryError(why);
        if bytes.len() < 16 || &bytes[..8] != MAGIC {
            return Err(bad("not an exemplar memory (bad magic, expected FDMEM001)".into()));
        }
        let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        let (rows, dim) = (u32_at(8), u32_at(12));
        let row_bytes = 6 + dim;
        let want = rows.checked_mul(row_bytes).and_then(|b| b.checked_add(16));
        if dim == 0 || dim > 1 << 16 || want != Some(bytes.len()) {
            return Err(bad(format!(
                "{} bytes for {rows} rows of {dim} components",
                bytes.len()
            )));
        }
        let mut classes = Vec::with_capacity(rows);
        let mut codes = Vec::with_capacity(rows * dim);
        let mut scales = Vec::with_capacity(rows);
        for row in bytes[16..].chunks_exact(row_bytes) {
            classes.push(u16::from_le_bytes([row[0], row[1]]));
            let scale = f32::from_le_bytes(row[2..6].try_into().unwrap());
            if !scale.is_finite() {
                return Err(bad("a row's scale is not a finite number".into()));
            }
            scales.push(scale);
            codes.extend(row[6..].iter().map(|&q| q as i8));
        }
        Ok(Self {
            dim,
            classes,
            codes,
            scales,
            sha256: sha256_bytes(bytes),
        })
    }

    /// Reads a memory file.
    pub fn read(path: &std::path::Path) -> Result<Self, MemoryError> {
        let bytes = std::fs::read(path).map_err(|e| MemoryError(format!("{}: {e}", path.display())))?;
        Self::parse(&bytes)
    }

    /// The file's bytes (what [`Self::parse`] reads back).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(16 + self.classes.len() * (6 + self.dim));
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(self.classes.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&(self.dim as u32).to_le_bytes());
        for ((class, scale), row) in self
            .classes
            .iter()
            .zip(&self.scales)
            .zip(self.codes.chunks_exact(self.dim))
        {
            bytes.extend_from_slice(&class.to_le_bytes());
            bytes.extend_from_slice(&scale.to_le_bytes());
            bytes.extend(row.iter().map(|&c| c as u8));
        }
        bytes
    }

    /// SHA-256 of the file's bytes.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// Rows.
    pub fn len(&self) -> usize {
        self.classes.len()
    }

    /// True when the memory holds no row.
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }

    /// Dimension of the rows.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The largest output class a row names.
    pub fn max_class(&self) -> Option<usize> {
        self.classes.iter().map(|&c| usize::from(c)).max()
    }

    /// Each output class's share of the `k` nearest rows' votes (they sum to 1; all zero when
    /// the memory is empty). Rows for which `skip` is true do not vote (out-of-fold readings).
    ///
    /// # Panics
    /// If `query` is not [`Self::dim`] long or a row's class is not below `classes`.
    pub fn votes(
        &self,
        query: &[f32],
        k: usize,
        sharpness: f32,
        classes: usize,
        skip: impl Fn(usize) -> bool,
    ) -> Vec<f32> {
        assert_eq!(query.len(), self.dim, "query dimension");
        let k = k.max(1);
        // The k best (cosine, row), best first.
        // The query is quantised like the rows, so the pass reads 8-bit integers (the memory
        // stays 1/4 the size in cache) and multiplies them in 16-bit lanes.
        let (q_scale, q) = quantise(query);
        let mut best: Vec<(f32, usize)> = Vec::with_capacity(k + 1);
        for (i, (row, scale)) in self.codes.chunks_exact(self.dim).zip(&self.scales).enumerate() {
            if skip(i) {
                continue;
            }
            let s = dot_i8(row, &q) as f32 * scale * q_scale;
            if best.len() == k && best[k - 1].0 >= s {
                continue;
            }
            let at = best.partition_point(|&(b, _)| b >= s);
            best.insert(at, (s, i));
            best.truncate(k);
        }
        let mut votes = vec![0f32; classes];
        let Some(&(top, _)) = best.first() else {
            return votes;
        };
        let mut total = 0.0;
        for &(s, i) in &best {
            let w = (sharpness * (s - top)).exp();
            votes[usize::from(self.classes[i])] += w;
            total += w;
        }
        votes.iter_mut().for_each(|v| *v /= total);
        votes
    }
}

/// A vector as 8-bit components and the scale that brings them back (`component · scale`): the
/// largest component maps to ±127.
fn quantise(v: &[f32]) -> (f32, Vec<i8>) {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
    let codes = v
        .iter()
        .map(|x| (x / scale).round().clamp(-127.0, 127.0) as i8)
        .collect();
    (scale, codes)
}

/// Integer dot product in 32 independent lanes, so the compiler can vectorise it (`pmaddwd`).
/// 384 products of at most 127² fit an `i32` many times over.
fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    let mut acc = [0i32; 32];
    let (ca, cb) = (a.chunks_exact(32), b.chunks_exact(32));
    let tail: i32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(&x, &y)| i32::from(x) * i32::from(y))
        .sum();
    for (x, y) in ca.zip(cb) {
        for l in 0..32 {
            acc[l] += i32::from(i16::from(x[l]) * i16::from(y[l]));
        }
    }
    acc.iter().sum::<i32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(v: &[f32]) -> Vec<f32> {
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / n).collect()
    }

    #[test]
    fn the_file_round_trips_and_damage_is_refused() {
        let rows = vec![unit(&[1.0, 0.5, -0.25]), unit(&[-0.1, 0.9, 0.3]), vec![0.0; 3]];
        let memory = ExemplarMemory::from_embeddings(&rows, &[0, 2, 1]);
        let bytes = memory.to_bytes();
        let again = ExemplarMemory::parse(&bytes).unwrap();
        assert_eq!((&again.codes, &again.scales), (&memory.codes, &memory.scales));
        assert_eq!(again.classes, vec![0, 2, 1]);
        assert_eq!(again.sha256(), memory.sha256());
        let dequantised = memory
            .codes
            .chunks_exact(3)
            .zip(&memory.scales)
            .flat_map(|(row, s)| row.iter().map(move |&c| f32::from(c) * s));
        for (q, v) in dequantised.zip(rows.concat()) {
            assert!((q - v).abs() <= 1.0 / 127.0, "{q} vs {v}");
        }
        assert!(ExemplarMemory::parse(&bytes[..bytes.len() - 1]).is_err());
        assert!(ExemplarMemory::parse(b"FDENC001\0\0\0\0\0\0\0\0").is_err());
    }

    #[test]
    fn the_nearest_rows_vote_and_skipped_rows_do_not() {
        let rows = vec![
            unit(&[1.0, 0.0]),
            unit(&[0.95, 0.3]),
            unit(&[0.0, 1.0]),
            unit(&[-1.0, 0.1]),
        ];
        let memory = ExemplarMemory::from_embeddings(&rows, &[0, 0, 1, 2]);
        let q = unit(&[1.0, 0.05]);
        let v = memory.votes(&q, 2, 0.0, 3, |_| false);
        assert_eq!(v, vec![1.0, 0.0, 0.0]);
        // Without the two class-0 rows, the next nearest decide.
        let v = memory.votes(&q, 2, 0.0, 3, |i| i < 2);
        assert!((v[1] - 0.5).abs() < 1e-6 && (v[2] - 0.5).abs() < 1e-6, "{v:?}");
        // Sharpness favours the nearest of the voters.
        let v = memory.votes(&q, 3, 20.0, 3, |_| false);
        assert!(v[0] > 0.99, "{v:?}");
        let sum: f32 = memory.votes(&q, 4, 5.0, 3, |_| false).iter().sum();
        assert!((sum - 1.0).abs() < 1e-6);
    }
}
