//! The directory's files in the data dir: records with their content hashes, and their vectors.
//!
//! Two files in one folder (by convention `<data-dir>/directory/`):
//! - `services.json`: the records, each with `record_hash` (the whole record) and `embed_hash`
//!   (the embedded passage text and the model id), plus the model id, dimension and a
//!   generation number;
//! - `vectors.f32`: a 24-byte header (`FDVEC001`, dimension, count, generation) then the
//!   vectors as little-endian f32, in the order of `services.json`.
//!
//! Both are written to temporary files and renamed, vectors first; the generation number
//! catches a crash between the two renames. Re-import ([`DirectoryStore::apply_import`])
//! compares hashes: unchanged records keep their vectors, and only records whose embedded text
//! (or the model) changed are embedded again.

use crate::embed::{passage_text, PassageOptions, TextEmbedder};
use crate::import::{count_reasons, DatasetFormat, ImportError, ImportIssue, IssueOutcome, ParsedDataset};
use crate::record::ServiceRecord;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

const SERVICES_FILE: &str = "services.json";
const VECTORS_FILE: &str = "vectors.f32";
const VECTORS_MAGIC: &[u8; 8] = b"FDVEC001";
const CACHE_MAGIC: &[u8; 8] = b"FDVCACHE";
const FORMAT: u32 = 1;

/// A data-dir failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Reading or writing a file failed.
    #[error("directory store: {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// A file is damaged or from another version.
    #[error("directory store: {path}: {reason}; import the directory again")]
    Corrupt {
        /// The file.
        path: String,
        /// What is wrong.
        reason: String,
    },
}

/// A record with the hashes that decide, on re-import, whether it changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredService {
    /// Hash of the whole record.
    pub record_hash: String,
    /// Hash of the model id and the passage text the vector was made from.
    pub embed_hash: String,
    /// The record.
    pub record: ServiceRecord,
}

#[derive(Serialize, Deserialize)]
struct ServicesFile {
    format: u32,
    generation: u64,
    model_id: Option<String>,
    dim: usize,
    source: Option<String>,
    services: Vec<StoredService>,
}

/// The directory as stored in the data dir, loaded in memory.
#[derive(Debug, Clone)]
pub struct DirectoryStore {
    dir: PathBuf,
    generation: u64,
    model_id: Option<String>,
    dim: usize,
    source: Option<String>,
    services: Vec<StoredService>,
    vectors: Vec<f32>,
}

/// How an import runs.
#[derive(Clone, Copy)]
pub struct ImportOptions<'a> {
    /// How service texts are made for embedding.
    pub passage: PassageOptions,
    /// Texts per embedder call (texts are sorted by length, so batches pad little).
    pub batch_size: usize,
    /// Called after each batch with (embedded so far, to embed in total).
    pub progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
    /// Ready-made vectors (e.g. shipped for the demo directory), used when the model matches.
    pub vector_cache: Option<&'a VectorCache>,
}

impl Default for ImportOptions<'_> {
    fn default() -> Self {
        Self {
            passage: PassageOptions::default(),
            batch_size: 32,
            progress: None,
            vector_cache: None,
        }
    }
}

impl fmt::Debug for ImportOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImportOptions")
            .field("passage", &self.passage)
            .field("batch_size", &self.batch_size)
            .finish()
    }
}

/// What an import did.
#[derive(Debug, Clone, Serialize)]
pub struct ImportSummary {
    /// The dataset imported.
    pub source: String,
    /// Its format.
    pub format: DatasetFormat,
    /// Services read from it.
    pub services_read: usize,
    /// New services.
    pub imported: usize,
    /// Services whose record changed.
    pub updated: usize,
    /// Services whose record is identical to the stored one (they may still be re-embedded
    /// when the model or the passage text recipe changed).
    pub unchanged: usize,
    /// Stored services no longer in the dataset, removed.
    pub deleted: usize,
    /// Services left out because of a bad row (previous versions, if any, are kept).
    pub skipped_services: usize,
    /// Rows of related tables left out.
    pub skipped_rows: usize,
    /// Values ignored in rows otherwise used.
    pub ignored_values: usize,
    /// Services whose text was embedded by the model in this import.
    pub embedded: usize,
    /// Services whose vector came from the vector cache.
    pub from_cache: usize,
    /// The embedding model.
    pub model_id: String,
    /// Milliseconds spent in the embedder.
    pub embed_ms: u64,
    /// The arithmetic of that embedding, when the embedder can tell (see
    /// [`TextEmbedder::flops_done`]).
    pub embed_flops: Option<f64>,
    /// Milliseconds for the whole import.
    pub total_ms: u64,
    /// Every issue, in source order.
    pub issues: Vec<ImportIssue>,
}

impl ImportSummary {
    /// Issue counts by reason ("eligibility.csv: `service_id` is empty" → 2244), most first.
    pub fn reasons(&self) -> Vec<(String, usize)> {
        count_reasons(&self.issues)
    }

    /// True when the import changed nothing.
    pub fn is_noop(&self) -> bool {
        self.imported == 0 && self.updated == 0 && self.deleted == 0
    }
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Imported {} ({}): {} services read",
            self.source, self.format, self.services_read
        )?;
        writeln!(
            f,
            "  {} new, {} updated, {} unchanged, {} deleted; {} services skipped, {} rows skipped, {} values ignored",
            self.imported,
            self.updated,
            self.unchanged,
            self.deleted,
            self.skipped_services,
            self.skipped_rows,
            self.ignored_values
        )?;
        writeln!(
            f,
            "  embedded {} with {} in {:.1} s{} ({} from cache); total {:.1} s",
            self.embedded,
            self.model_id,
            self.embed_ms as f64 / 1000.0,
            match self.embed_flops {
                Some(flops) if self.embed_ms > 0 => format!(
                    ", {:.2} TFLOP at {:.0} GFLOP/s",
                    flops / 1e12,
                    flops / 1e6 / self.embed_ms as f64
                ),
                _ => String::new(),
            },
            self.from_cache,
            self.total_ms as f64 / 1000.0
        )?;
        let reasons = self.reasons();
        if !reasons.is_empty() {
            writeln!(f, "  issues by reason:")?;
            for (reason, n) in reasons.iter().take(20) {
                writeln!(f, "    {n:>6}  {reason}")?;
            }
            if reasons.len() > 20 {
                writeln!(f, "    ... and {} more reasons", reasons.len() - 20)?;
            }
            writeln!(f, "  first issues:")?;
            for issue in self.issues.iter().take(10) {
                writeln!(f, "    {issue}")?;
            }
        }
        Ok(())
    }
}

impl DirectoryStore {
    /// The conventional folder name inside the data dir.
    pub const SUBDIR: &'static str = "directory";

    /// Opens the store in `dir`: empty when no directory was imported there yet.
    pub fn open(dir: &Path) -> Result<Self, StoreError> {
        let mut store = Self {
            dir: dir.to_path_buf(),
            generation: 0,
            model_id: None,
            dim: 0,
            source: None,
            services: Vec::new(),
            vectors: Vec::new(),
        };
        let services_path = dir.join(SERVICES_FILE);
        if !services_path.exists() {
            return Ok(store);
        }
        let bytes = std::fs::read(&services_path).map_err(|source| io(&services_path, source))?;
        let file: ServicesFile = serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
            path: services_path.display().to_string(),
            reason: e.to_string(),
        })?;
        if file.format != FORMAT {
            return Err(corrupt(
                &services_path,
                format!("format {} is not {FORMAT}", file.format),
            ));
        }
        let vectors_path = dir.join(VECTORS_FILE);
        let (dim, count, generation, vectors) = read_vectors(&vectors_path)?;
        if generation != file.generation || count != file.services.len() || (count > 0 && dim != file.dim) {
            return Err(corrupt(
                &vectors_path,
                format!(
                    "holds {count} vectors of generation {generation}, {SERVICES_FILE} lists {} of generation {}",
                    file.services.len(),
                    file.generation
                ),
            ));
        }
        store.generation = file.generation;
        store.model_id = file.model_id;
        store.dim = file.dim;
        store.source = file.source;
        store.services = file.services;
        store.vectors = vectors;
        Ok(store)
    }

    /// The folder holding the files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// True when nothing was imported.
    pub fn is_empty(&self) -> bool {
        self.services.is_empty()
    }

    /// How many services.
    pub fn len(&self) -> usize {
        self.services.len()
    }

    /// The model the vectors were made with.
    pub fn model_id(&self) -> Option<&str> {
        self.model_id.as_deref()
    }

    /// The vector length (0 when empty).
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Where the directory was imported from.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// The stored services, in import order.
    pub fn services(&self) -> &[StoredService] {
        &self.services
    }

    /// The records, in import order.
    pub fn records(&self) -> impl Iterator<Item = &ServiceRecord> {
        self.services.iter().map(|s| &s.record)
    }

    /// The vector of the `i`th service.
    pub fn vector(&self, i: usize) -> &[f32] {
        &self.vectors[i * self.dim..(i + 1) * self.dim]
    }

    /// Merges a dataset into the store and saves it: new records are added, changed ones
    /// replaced, missing ones deleted (except those the dataset skipped for a bad row), and only
    /// records whose passage text or model changed are embedded.
    pub fn apply_import(
        &mut self,
        dataset: ParsedDataset,
        embedder: &dyn TextEmbedder,
        options: &ImportOptions<'_>,
    ) -> Result<ImportSummary, ImportError> {
        let started = Instant::now();
        let model_id = embedder.model_id().to_owned();
        let dim = embedder.dim();
        let same_model = self.model_id.as_deref() == Some(model_id.as_str()) && self.dim == dim;
        let old_by_id: HashMap<&str, usize> = self
            .services
            .iter()
            .enumerate()
            .map(|(i, s)| (s.record.id.as_str(), i))
            .collect();
        let old_by_embed: HashMap<&str, usize> = if same_model {
            self.services
                .iter()
                .enumerate()
                .map(|(i, s)| (s.embed_hash.as_str(), i))
                .collect()
        } else {
            HashMap::new()
        };
        let cache = options.vector_cache.filter(|c| c.model_id == model_id && c.dim == dim);

        let mut summary = ImportSummary {
            source: dataset.source.clone(),
            format: dataset.format,
            services_read: dataset.services.len(),
            imported: 0,
            updated: 0,
            unchanged: 0,
            deleted: 0,
            skipped_services: count_outcome(&dataset.issues, IssueOutcome::ServiceSkipped),
            skipped_rows: count_outcome(&dataset.issues, IssueOutcome::RowSkipped),
            ignored_values: count_outcome(&dataset.issues, IssueOutcome::ValueIgnored),
            embedded: 0,
            from_cache: 0,
            model_id: model_id.clone(),
            embed_ms: 0,
            embed_flops: None,
            total_ms: 0,
            issues: Vec::new(),
        };

        let mut services = Vec::with_capacity(dataset.services.len());
        let mut vectors = vec![0f32; dataset.services.len() * dim];
        let mut to_embed: Vec<(usize, String)> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        for record in dataset.services {
            let passage = passage_text(&record, &options.passage);
            let stored = StoredService {
                record_hash: record_hash(&record),
                embed_hash: hash_hex(&[model_id.as_bytes(), b"\n", passage.as_bytes()]),
                record,
            };
            seen.insert(stored.record.id.as_str().to_owned());
            let row = services.len();
            let old = old_by_id.get(stored.record.id.as_str()).map(|&i| &self.services[i]);
            match old {
                Some(o) if o.record_hash == stored.record_hash => summary.unchanged += 1,
                Some(_) => summary.updated += 1,
                None => summary.imported += 1,
            }
            let reusable = old_by_embed.get(stored.embed_hash.as_str()).copied();
            if let Some(i) = reusable {
                vectors[row * dim..(row + 1) * dim].copy_from_slice(self.vector(i));
            } else if let Some(v) = cache.and_then(|c| c.vectors.get(&stored.embed_hash)) {
                vectors[row * dim..(row + 1) * dim].copy_from_slice(v);
                summary.from_cache += 1;
            } else {
                to_embed.push((row, passage));
            }
            services.push(stored);
        }

        // Services skipped for a bad row keep their previous version; the rest are deleted.
        let skipped: HashSet<&str> = dataset.skipped_ids.iter().map(String::as_str).collect();
        for (i, old) in self.services.iter().enumerate() {
            let id = old.record.id.as_str();
            if seen.contains(id) {
                continue;
            }
            if skipped.contains(id) && same_model {
                services.push(old.clone());
                vectors.extend_from_slice(self.vector(i));
            } else {
                summary.deleted += 1;
            }
        }

        let flops_before = embedder.flops_done();
        let embed_started = Instant::now();
        embed_rows(embedder, &mut to_embed, &mut vectors, dim, options)?;
        summary.embed_flops = flops_before.zip(embedder.flops_done()).map(|(a, b)| b - a);
        summary.embedded = to_embed.len();
        summary.embed_ms = embed_started.elapsed().as_millis() as u64;

        self.services = services;
        self.vectors = vectors;
        self.model_id = Some(model_id);
        self.dim = dim;
        self.source = Some(dataset.source);
        self.save()?;
        summary.issues = dataset.issues;
        summary.total_ms = started.elapsed().as_millis() as u64;
        tracing::info!(
            imported = summary.imported,
            updated = summary.updated,
            unchanged = summary.unchanged,
            deleted = summary.deleted,
            skipped_services = summary.skipped_services,
            skipped_rows = summary.skipped_rows,
            embedded = summary.embedded,
            embed_ms = summary.embed_ms,
            "directory import"
        );
        Ok(summary)
    }

    /// Writes both files atomically (temporary file, then rename).
    pub fn save(&mut self) -> Result<(), StoreError> {
        std::fs::create_dir_all(&self.dir).map_err(|source| io(&self.dir, source))?;
        self.generation += 1;
        let mut header = Vec::with_capacity(24 + self.vectors.len() * 4);
        header.extend_from_slice(VECTORS_MAGIC);
        header.extend_from_slice(&(self.dim as u32).to_le_bytes());
        header.extend_from_slice(&(self.services.len() as u32).to_le_bytes());
        header.extend_from_slice(&self.generation.to_le_bytes());
        for x in &self.vectors {
            header.extend_from_slice(&x.to_le_bytes());
        }
        write_atomically(&self.dir.join(VECTORS_FILE), &header)?;
        let file = ServicesFile {
            format: FORMAT,
            generation: self.generation,
            model_id: self.model_id.clone(),
            dim: self.dim,
            source: self.source.clone(),
            services: self.services.clone(),
        };
        let json = serde_json::to_vec(&file).map_err(|e| corrupt(&self.dir.join(SERVICES_FILE), e.to_string()))?;
        write_atomically(&self.dir.join(SERVICES_FILE), &json)
    }
}

/// Embeds the pending rows, shortest texts first, in batches.
fn embed_rows(
    embedder: &dyn TextEmbedder,
    pending: &mut [(usize, String)],
    vectors: &mut [f32],
    dim: usize,
    options: &ImportOptions<'_>,
) -> Result<(), ImportError> {
    pending.sort_by_key(|(_, text)| text.len());
    let total = pending.len();
    let mut done = 0;
    for batch in pending.chunks(options.batch_size.max(1)) {
        let texts: Vec<&str> = batch.iter().map(|(_, t)| t.as_str()).collect();
        let embedded = embedder.embed_passages(&texts)?;
        if embedded.len() != batch.len() {
            return Err(
                crate::embed::EmbedError(format!("{} vectors for {} texts", embedded.len(), batch.len())).into(),
            );
        }
        for ((row, _), v) in batch.iter().zip(embedded) {
            if v.len() != dim {
                return Err(
                    crate::embed::EmbedError(format!("a vector of {} dimensions, expected {dim}", v.len())).into(),
                );
            }
            vectors[row * dim..(row + 1) * dim].copy_from_slice(&v);
        }
        done += batch.len();
        if let Some(progress) = options.progress {
            progress(done, total);
        }
    }
    Ok(())
}

/// Vectors computed earlier, by embedding hash: ship them with a bundled dataset so that
/// loading it embeds nothing.
#[derive(Debug, Clone, Default)]
pub struct VectorCache {
    model_id: String,
    dim: usize,
    vectors: HashMap<String, Vec<f32>>,
}

impl VectorCache {
    /// The vectors of a store, keyed by their embedding hashes.
    pub fn from_store(store: &DirectoryStore) -> Self {
        let vectors = store
            .services
            .iter()
            .enumerate()
            .map(|(i, s)| (s.embed_hash.clone(), store.vector(i).to_vec()))
            .collect();
        Self {
            model_id: store.model_id.clone().unwrap_or_default(),
            dim: store.dim,
            vectors,
        }
    }

    /// The model the vectors come from.
    pub fn model_id(&self) -> &str {
        &self.model_id
    }

    /// How many vectors.
    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }

    /// Writes the cache: `FDVCACHE`, dimension, count, model id, then (hash, vector) entries.
    pub fn save(&self, path: &Path) -> Result<(), StoreError> {
        let mut out = Vec::new();
        out.extend_from_slice(CACHE_MAGIC);
        out.extend_from_slice(&(self.dim as u32).to_le_bytes());
        out.extend_from_slice(&(self.vectors.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.model_id.len() as u32).to_le_bytes());
        out.extend_from_slice(self.model_id.as_bytes());
        let mut keys: Vec<&String> = self.vectors.keys().collect();
        keys.sort();
        for key in keys {
            out.extend_from_slice(&(key.len() as u32).to_le_bytes());
            out.extend_from_slice(key.as_bytes());
            for x in &self.vectors[key] {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        write_atomically(path, &out)
    }

    /// Reads a cache written by [`VectorCache::save`].
    pub fn load(path: &Path) -> Result<Self, StoreError> {
        let bytes = std::fs::read(path).map_err(|source| io(path, source))?;
        Self::from_bytes(&bytes).map_err(|reason| corrupt(path, reason))
    }

    /// Reads a cache from memory (one shipped with `include_bytes!`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8)? != CACHE_MAGIC {
            return Err("not a Frontdoor vector cache".to_owned());
        }
        let dim = r.u32()? as usize;
        let count = r.u32()? as usize;
        let model_len = r.u32()? as usize;
        let model_id =
            String::from_utf8(r.take(model_len)?.to_vec()).map_err(|_| "model id is not UTF-8".to_owned())?;
        let mut vectors = HashMap::with_capacity(count);
        for _ in 0..count {
            let key_len = r.u32()? as usize;
            let key = String::from_utf8(r.take(key_len)?.to_vec()).map_err(|_| "hash is not UTF-8".to_owned())?;
            let raw = r.take(dim * 4)?;
            vectors.insert(
                key,
                raw.chunks_exact(4)
                    .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                    .collect(),
            );
        }
        Ok(Self { model_id, dim, vectors })
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or("file is truncated")?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, String> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
}

fn read_vectors(path: &Path) -> Result<(usize, usize, u64, Vec<f32>), StoreError> {
    let bytes = std::fs::read(path).map_err(|source| io(path, source))?;
    let mut r = Reader { bytes: &bytes, at: 0 };
    let header = (|| -> Result<(usize, usize, u64), String> {
        if r.take(8)? != VECTORS_MAGIC {
            return Err("not a Frontdoor vector file".to_owned());
        }
        Ok((r.u32()? as usize, r.u32()? as usize, r.u64()?))
    })();
    let (dim, count, generation) = header.map_err(|reason| corrupt(path, reason))?;
    let body = &bytes[24..];
    if body.len() != dim * count * 4 {
        return Err(corrupt(
            path,
            format!("{} bytes of vectors, expected {}", body.len(), dim * count * 4),
        ));
    }
    let vectors = body
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    Ok((dim, count, generation, vectors))
}

fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    let tmp = path.with_extension("tmp");
    let mut file = std::fs::File::create(&tmp).map_err(|source| io(&tmp, source))?;
    file.write_all(bytes).map_err(|source| io(&tmp, source))?;
    file.sync_all().map_err(|source| io(&tmp, source))?;
    std::fs::rename(&tmp, path).map_err(|source| io(path, source))
}

fn record_hash(record: &ServiceRecord) -> String {
    let json = serde_json::to_vec(record).unwrap_or_default();
    hash_hex(&[&json])
}

fn hash_hex(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().iter().take(16).map(|b| format!("{b:02x}")).collect()
}

fn count_outcome(issues: &[ImportIssue], outcome: IssueOutcome) -> usize {
    issues.iter().filter(|i| i.outcome == outcome).count()
}

fn io(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

fn corrupt(path: &Path, reason: String) -> StoreError {
    StoreError::Corrupt {
        path: path.display().to_string(),
        reason,
    }
}
