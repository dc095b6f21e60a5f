//! Encoder adapters: low-rank updates that turn multilingual-e5-small into the need encoder.
//!
//! A linear head over the frozen E5 embedding leaves need classification well short of what
//! the encoder can do; tuning every layer a little for our needs is worth several points of
//! macro-F1 (docs/LANGUAGES.md). Rather than ship a second copy of the 21 M layer weights, the
//! training script (`nlu-models/train/finetune_encoder.py`) learns a LoRA update `B·A` of small
//! rank beside each of the six matrices of every layer, plus new layer biases and LayerNorm
//! parameters, and writes only those (2.9 MB at rank 8, 10.9 MB at rank 32). [`crate::E5Embedder::adapt`]
//! adds them to the dequantised weights once, at load; [`crate::E5Embedder::embed_with`] then
//! runs either encoder over the same embeddings table, tokenizer and threads. Understanding
//! reads needs and crisis from the adapted encoder; the directory search keeps the original
//! one, which its `passage:` index was built with.
//!
//! # File format (`FDENC001`)
//!
//! Little-endian, packed: magic `FDENC001`, `u32` rank, `u32` record count, then per record
//! `u16` name length, the UTF-8 name, `u8` ndim, ndim × `u32` dims, and the f32 data
//! (row-major). Per layer `l{i}.` and matrix `m` in `q k v ao fi fo`: `m.lora_a` `[rank, in]`,
//! `m.lora_b` `[out, rank]` (already multiplied by the LoRA scale), `m.b` `[out]` (replaces the
//! bias); and `aln.w aln.b oln.w oln.b` `[hidden]` (replace the LayerNorm parameters).

use std::collections::HashMap;

use crate::error::{NluError, Result};
use crate::model_files::sha256_bytes;

const MAGIC: &[u8; 8] = b"FDENC001";

/// A parsed adapter file.
#[derive(Clone)]
pub struct EncoderAdapter {
    rank: usize,
    tensors: HashMap<String, (Vec<usize>, Vec<f32>)>,
    sha256: String,
    bytes: usize,
}

impl std::fmt::Debug for EncoderAdapter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncoderAdapter")
            .field("rank", &self.rank)
            .field("tensors", &self.tensors.len())
            .field("sha256", &self.sha256)
            .finish()
    }
}

fn bad(reason: impl Into<String>) -> NluError {
    NluError::Adapter(reason.into())
}

impl EncoderAdapter {
    /// Parses the bytes of an adapter file.
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        let mut pos = 0usize;
        let mut take = |n: usize| -> Result<&[u8]> {
            let end = pos.checked_add(n).filter(|&e| e <= bytes.len());
            let end = end.ok_or_else(|| bad(format!("truncated at byte {pos} (wanted {n} more)")))?;
            let s = &bytes[pos..end];
            pos = end;
            Ok(s)
        };
        if take(8)? != MAGIC {
            return Err(bad("not an encoder adapter (bad magic, expected FDENC001)"));
        }
        let u32_at = |s: &[u8]| u32::from_le_bytes(s.try_into().unwrap()) as usize;
        let rank = u32_at(take(4)?);
        let count = u32_at(take(4)?);
        if rank == 0 || rank > 4096 || count > 1 << 16 {
            return Err(bad(format!("rank {rank} / {count} records out of range")));
        }
        let mut tensors = HashMap::with_capacity(count);
        for _ in 0..count {
            let nl = u16::from_le_bytes(take(2)?.try_into().unwrap()) as usize;
            let name = std::str::from_utf8(take(nl)?)
                .map_err(|_| bad("a tensor name is not UTF-8"))?
                .to_owned();
            let ndim = take(1)?[0] as usize;
            if !(1..=4).contains(&ndim) {
                return Err(bad(format!("{name}: {ndim} dimensions")));
            }
            let dims: Vec<usize> = (0..ndim).map(|_| take(4).map(u32_at)).collect::<Result<_>>()?;
            let n = dims
                .iter()
                .try_fold(1usize, |acc, &d| acc.checked_mul(d))
                .filter(|&n| n <= 1 << 28)
                .ok_or_else(|| bad(format!("{name}: shape {dims:?} too large")))?;
            let data: Vec<f32> = take(n * 4)?
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
                .collect();
            if data.iter().any(|v| !v.is_finite()) {
                return Err(bad(format!("{name}: a value is not finite")));
            }
            if tensors.insert(name.clone(), (dims, data)).is_some() {
                return Err(bad(format!("{name} appears twice")));
            }
        }
        if pos != bytes.len() {
            return Err(bad(format!("{} bytes after the last record", bytes.len() - pos)));
        }
        Ok(Self {
            rank,
            tensors,
            sha256: sha256_bytes(bytes),
            bytes: bytes.len(),
        })
    }

    /// Reads and parses an adapter file.
    pub fn read(path: &std::path::Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| NluError::io(format!("reading {}", path.display()), e))?;
        Self::parse(&bytes).map_err(|e| match e {
            NluError::Adapter(reason) => NluError::Adapter(format!("{}: {reason}", path.display())),
            other => other,
        })
    }

    /// The rank of the low-rank updates.
    pub fn rank(&self) -> usize {
        self.rank
    }

    /// The SHA-256 of the file's bytes (what classifier weights record they were trained on).
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// Size of the file in bytes.
    pub fn file_bytes(&self) -> usize {
        self.bytes
    }

    /// The tensor `name`, checked to have `shape`.
    pub(crate) fn tensor(&self, name: &str, shape: &[usize]) -> Result<&[f32]> {
        match self.tensors.get(name) {
            Some((dims, data)) if dims == shape => Ok(data),
            Some((dims, _)) => Err(bad(format!("{name} is {dims:?}, the model needs {shape:?}"))),
            None => Err(bad(format!("{name} is missing"))),
        }
    }

    /// Number of tensors (all of them must be used by the model; see [`Self::tensor`]).
    pub(crate) fn len(&self) -> usize {
        self.tensors.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(name: &str, dims: &[u32], data: &[f32]) -> Vec<u8> {
        let mut b = (name.len() as u16).to_le_bytes().to_vec();
        b.extend(name.as_bytes());
        b.push(dims.len() as u8);
        dims.iter().for_each(|d| b.extend(d.to_le_bytes()));
        data.iter().for_each(|v| b.extend(v.to_le_bytes()));
        b
    }

    fn file(records: &[Vec<u8>]) -> Vec<u8> {
        let mut b = MAGIC.to_vec();
        b.extend(2u32.to_le_bytes());
        b.extend((records.len() as u32).to_le_bytes());
        records.iter().for_each(|r| b.extend(r));
        b
    }

    #[test]
    fn parses_records_and_checks_shapes() {
        let bytes = file(&[record("l0.q.lora_a", &[2, 3], &[1., 2., 3., 4., 5., 6.])]);
        let a = EncoderAdapter::parse(&bytes).unwrap();
        assert_eq!(a.rank(), 2);
        assert_eq!(a.tensor("l0.q.lora_a", &[2, 3]).unwrap(), &[1., 2., 3., 4., 5., 6.]);
        let err = a.tensor("l0.q.lora_a", &[3, 2]).unwrap_err().to_string();
        assert!(err.contains("[2, 3]") && err.contains("[3, 2]"), "{err}");
        assert!(a
            .tensor("l0.k.lora_a", &[2, 3])
            .unwrap_err()
            .to_string()
            .contains("missing"));
        assert_eq!(a.sha256(), sha256_bytes(&bytes));
    }

    #[test]
    fn refuses_damaged_files() {
        let good = file(&[record("x", &[2], &[1., 2.])]);
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"FDENC002\x02\0\0\0\0\0\0\0".to_vec(), "bad magic"),
            (good[..good.len() - 1].to_vec(), "truncated"),
            ([good.clone(), vec![0]].concat(), "after the last record"),
            (file(&[record("x", &[1], &[f32::NAN])]), "not finite"),
            (file(&[record("x", &[1], &[1.]), record("x", &[1], &[1.])]), "twice"),
        ];
        for (bytes, want) in cases {
            let err = EncoderAdapter::parse(&bytes).unwrap_err().to_string();
            assert!(err.contains(want), "{want}: {err}");
        }
    }
}
