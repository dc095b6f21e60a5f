//! The need classifier: which of the 19 needs of DESIGN.md §5 a message is about, with a
//! confidence that means what it says, and how likely the message is a crisis.
//!
//! It is a multinomial logistic regression over the message's E5 query embedding (384 floats,
//! L2-normalised), trained by [`crate::train`] and stored in one small JSON file,
//! [`ClassifierWeights`] (`nlu-models/weights/need-classifier.json`, committed, ~100 kB). Its
//! softmax has one row per need plus a crisis twin of the needs crisis messages come with
//! ([`OutputClass`]): a need's probability is the sum of its rows, the crisis probability the sum
//! of the crisis rows ([`NeedReading`]). Logits are divided by a temperature fitted on the dev
//! split, so the probabilities are calibrated: among messages given 0.8, about 80 % are right,
//! and the dialogue's thresholds (`need_confident`, `need_floor`) mean something.
//!
//! A message that names two needs ("no food and the hydro is cut off") is split into clauses
//! ([`clauses`]); [`NeedClassifier::named_needs`] adds a second need when a clause is
//! confidently about it.
//!
//! What it does not do: embed text (the caller passes [`crate::E5Embedder`] vectors, so one
//! embedding serves the classifier, the crisis detector and the directory search), decide on a
//! crisis ([`crate::crisis`] combines the crisis probability with its lexicon) or decide what
//! to do with a low confidence (the dialogue does).
//!
//! ```no_run
//! use frontdoor_nlu::classifier::{ClassifierWeights, NeedClassifier};
//! use frontdoor_nlu::{E5Embedder, EmbedKind};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let weights = ClassifierWeights::from_json(include_str!("../weights/need-classifier.json"))?;
//! let classifier = NeedClassifier::new(&weights)?;
//! let e5 = E5Embedder::load(std::path::Path::new("frontdoor-data/models/e5-small-q4.bin"))?;
//! let ranked = classifier.ranked(&e5.embed_one("j'ai pu d'bouffe", EmbedKind::Query));
//! println!("{} {:.2}", ranked[0].need, ranked[0].confidence);
//! # Ok(()) }
//! ```

use frontdoor_core::ports::NeedScore;
use frontdoor_core::types::NeedLabel;
use serde::{Deserialize, Serialize};

use crate::memory::{ExemplarMemory, MemorySettings};
use crate::model_files::MODEL_SHA256;

/// The format tag written into (and required from) weights files.
pub const WEIGHTS_FORMAT: &str = "frontdoor-need-classifier/1";

/// The committed weights, built into the crate so nothing needs `../shared` or a data dir.
pub const BUNDLED_WEIGHTS_JSON: &str = include_str!("../weights/need-classifier.json");

/// The encoder adapter the bundled weights read (`nlu-models/weights/need-classifier.encoder.bin`,
/// written by `nlu-models/train/finetune_encoder.py`).
pub const BUNDLED_ENCODER_ADAPTER: &[u8] = include_bytes!("../weights/need-classifier.encoder.bin");

/// The exemplar memory the bundled weights read (`nlu-models/weights/need-classifier.memory.bin`,
/// written by `frontdoor train nlu`; see [`crate::memory`]).
pub const BUNDLED_MEMORY: &[u8] = include_bytes!("../weights/need-classifier.memory.bin");

/// Why a weights file was refused.
#[derive(Debug, thiserror::Error)]
pub enum WeightsError {
    /// Not valid JSON for [`ClassifierWeights`].
    #[error("need-classifier weights: {0}")]
    Json(#[from] serde_json::Error),
    /// Valid JSON, wrong content.
    #[error("need-classifier weights: {0}")]
    Invalid(String),
}

/// One output row of the softmax: a need, and whether the message is a crisis.
///
/// The needs that crisis messages come with (mental health, health, abuse and violence,
/// substance use) have a second, crisis row: one softmax then tells "I need a counsellor"
/// from "I'm on the bridge" better than a separate yes/no head does (dev average precision
/// 0.92 against 0.82), and the crisis row that wins names the kind of crisis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutputClass {
    /// The need.
    pub need: NeedLabel,
    /// A risk to life now.
    #[serde(default)]
    pub crisis: bool,
}

/// A softmax layer: one row of `dim` weights and a bias per output class, and a temperature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SoftmaxWeights {
    /// One row per class, in the order of [`ClassifierWeights::classes`].
    pub weights: Vec<Vec<f32>>,
    /// One bias per class.
    pub bias: Vec<f32>,
    /// Logits are divided by it before the softmax (fitted on dev: calibration).
    pub temperature: f32,
}

/// The crisis decision thresholds on the softmax's crisis probability (chosen on dev, recall
/// first; see [`crate::crisis`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CrisisThresholds {
    /// The crisis probability alone says yes at or above it.
    pub threshold: f32,
    /// ...or at or above this one when a figure of speech is present ("is killing me", "lol").
    pub figurative_threshold: f32,
    /// A weak lexicon phrase ("suicide", "knife") says yes when the probability reaches this.
    pub weak_phrase_threshold: f32,
}

/// When a message is taken to name a second need (see [`NeedClassifier::named_needs`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MultiNeedSettings {
    /// A clause must give the second need at least this calibrated probability...
    pub clause_min: f32,
    /// ...and the whole message at least this much.
    pub whole_min: f32,
}

impl Default for MultiNeedSettings {
    fn default() -> Self {
        Self {
            clause_min: 0.5,
            whole_min: 0.01,
        }
    }
}

/// The weights file: the need and crisis softmax, thresholds, and how they were made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClassifierWeights {
    /// [`WEIGHTS_FORMAT`].
    pub format: String,
    /// The SHA-256 of the embedding model the weights were trained on: other vectors mean nothing.
    pub embedding_model_sha256: String,
    /// The SHA-256 of the encoder adapter ([`crate::EncoderAdapter`]) the weights were trained
    /// on, when they read the adapted encoder's embeddings rather than the original E5 ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoder_adapter_sha256: Option<String>,
    /// Embedding dimension.
    pub dim: usize,
    /// The need labels, in the order of [`NeedClassifier::probabilities`].
    pub labels: Vec<NeedLabel>,
    /// The softmax's output classes, in row order.
    pub classes: Vec<OutputClass>,
    /// The softmax.
    pub softmax: SoftmaxWeights,
    /// Crisis thresholds.
    pub crisis: CrisisThresholds,
    /// Multi-need thresholds.
    #[serde(default)]
    pub multi_need: MultiNeedSettings,
    /// The exemplar memory whose votes bias the softmax ([`crate::memory`]), when the weights
    /// were trained with one (`X.json` → `X.memory.bin`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<MemorySettings>,
    /// How the weights were trained (settings, data fingerprints, dev figures); informative.
    #[serde(default)]
    pub training: serde_json::Value,
}

impl ClassifierWeights {
    /// Parses and checks a weights file's text.
    pub fn from_json(json: &str) -> Result<Self, WeightsError> {
        let weights: Self = serde_json::from_str(json)?;
        weights.check()?;
        Ok(weights)
    }

    /// The weights committed with the crate.
    pub fn bundled() -> Result<Self, WeightsError> {
        Self::from_json(BUNDLED_WEIGHTS_JSON)
    }

    /// The file's text (compact JSON).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Checks shapes, labels and the embedding model.
    pub fn check(&self) -> Result<(), WeightsError> {
        let bad = |reason: String| Err(WeightsError::Invalid(reason));
        if self.format != WEIGHTS_FORMAT {
            return bad(format!("format is {:?}, expected {WEIGHTS_FORMAT:?}", self.format));
        }
        if self.embedding_model_sha256 != MODEL_SHA256 {
            return bad(format!(
                "trained on embedding model {}, but this build uses {MODEL_SHA256}; retrain with `frontdoor train nlu`",
                self.embedding_model_sha256
            ));
        }
        let mut sorted = self.labels.clone();
        sorted.sort();
        sorted.dedup();
        if self.labels.len() < 2 || sorted.len() != self.labels.len() {
            return bad(format!("{} labels, or a label repeated", self.labels.len()));
        }
        if let Some(c) = self.classes.iter().find(|c| !self.labels.contains(&c.need)) {
            return bad(format!("class {} is not one of the labels", c.need));
        }
        let rows = self.classes.len();
        let sm = &self.softmax;
        if sm.weights.len() != rows || sm.bias.len() != rows || sm.weights.iter().any(|r| r.len() != self.dim) {
            return bad(format!("softmax is not {rows} x {}", self.dim));
        }
        let finite = sm.weights.iter().flatten().chain(&sm.bias).all(|v| v.is_finite());
        let t = &self.crisis;
        let thresholds = [t.threshold, t.figurative_threshold, t.weak_phrase_threshold];
        let temperature_ok = sm.temperature.is_finite() && sm.temperature > 0.0;
        if !finite || !temperature_ok || thresholds.iter().any(|v| !v.is_finite()) {
            return bad("a weight is not a finite number, or the temperature is not positive".to_owned());
        }
        if let Some(m) = &self.memory {
            let sound = [m.sharpness, m.weight, m.floor].iter().all(|v| v.is_finite()) && m.floor > 0.0;
            if m.k == 0 || !sound {
                return bad(format!("memory settings k {} / floor {} out of range", m.k, m.floor));
            }
        }
        Ok(())
    }

    /// Checks that `memory` is the one these weights were trained with.
    pub fn check_memory(&self, memory: &ExemplarMemory) -> Result<(), WeightsError> {
        let Some(want) = &self.memory else {
            return Err(WeightsError::Invalid(
                "an exemplar memory was given, but the weights were trained without one".into(),
            ));
        };
        if memory.sha256() != want.sha256 {
            return Err(WeightsError::Invalid(format!(
                "the weights were trained with exemplar memory {}, not {}; put the memory written with them beside them",
                want.sha256,
                memory.sha256()
            )));
        }
        if memory.dim() != self.dim || memory.max_class().is_some_and(|c| c >= self.classes.len()) {
            return Err(WeightsError::Invalid(format!(
                "the exemplar memory is {} wide or names a class beyond the {}",
                memory.dim(),
                self.classes.len()
            )));
        }
        Ok(())
    }

    /// The memory these weights read: `given`, else the bundled one, when it is theirs
    /// ([`Self::check_memory`]); `None` for weights trained without one.
    pub fn resolve_memory(&self, given: Option<ExemplarMemory>) -> Result<Option<ExemplarMemory>, WeightsError> {
        if self.memory.is_none() {
            return match given {
                Some(m) => self.check_memory(&m).map(|()| None),
                None => Ok(None),
            };
        }
        let memory = match given {
            Some(m) => m,
            None => ExemplarMemory::parse(BUNDLED_MEMORY).map_err(|e| WeightsError::Invalid(e.to_string()))?,
        };
        self.check_memory(&memory)?;
        Ok(Some(memory))
    }
}

/// What the softmax says about one embedding.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedReading {
    /// Calibrated probability of each need (crisis or not), in label order; they sum to 1.
    pub needs: Vec<f32>,
    /// Calibrated probability that the message is a crisis (sum of the crisis classes).
    pub crisis: f32,
    /// The need of the most likely crisis class, if the softmax has crisis classes.
    pub crisis_need: Option<NeedLabel>,
}

/// Multinomial logistic regression over an embedding, temperature-calibrated.
#[derive(Debug, Clone)]
pub struct NeedClassifier {
    labels: Vec<NeedLabel>,
    /// For each softmax row, its label's index and whether it is a crisis row.
    rows: Vec<(usize, bool)>,
    dim: usize,
    /// Row-major `rows x dim`.
    weights: Vec<f32>,
    bias: Vec<f32>,
    temperature: f32,
    multi: MultiNeedSettings,
    memory: Option<(ExemplarMemory, MemorySettings)>,
}

impl NeedClassifier {
    /// Builds the classifier from (checked) weights, with the bundled exemplar memory when the
    /// weights were trained with it (see [`Self::with_memory`] for another).
    pub fn new(w: &ClassifierWeights) -> Result<Self, WeightsError> {
        Self::with_memory(w, None)
    }

    /// Builds the classifier from (checked) weights and the exemplar memory they were trained
    /// with ([`ClassifierWeights::resolve_memory`]).
    pub fn with_memory(w: &ClassifierWeights, memory: Option<ExemplarMemory>) -> Result<Self, WeightsError> {
        w.check()?;
        let memory = w.resolve_memory(memory)?.zip(w.memory.clone());
        let rows = w
            .classes
            .iter()
            .map(|c| (w.labels.iter().position(|l| *l == c.need).unwrap_or(0), c.crisis))
            .collect();
        Ok(Self {
            labels: w.labels.clone(),
            rows,
            dim: w.dim,
            weights: w.softmax.weights.concat(),
            bias: w.softmax.bias.clone(),
            temperature: w.softmax.temperature,
            multi: w.multi_need,
            memory,
        })
    }

    /// The labels, in the order of [`Self::probabilities`].
    pub fn labels(&self) -> &[NeedLabel] {
        &self.labels
    }

    /// The calibration temperature.
    pub fn temperature(&self) -> f32 {
        self.temperature
    }

    /// Raw (uncalibrated) logits of the head alone, one per softmax row.
    ///
    /// # Panics
    /// If `embedding` is not [`ClassifierWeights::dim`] long.
    pub fn logits(&self, embedding: &[f32]) -> Vec<f32> {
        assert_eq!(embedding.len(), self.dim, "embedding dimension");
        self.weights
            .chunks_exact(self.dim)
            .zip(&self.bias)
            .map(|(row, b)| dot(row, embedding) + b)
            .collect()
    }

    /// [`Self::logits`] with the exemplar memory's votes added (what the softmax reads).
    pub fn biased_logits(&self, embedding: &[f32]) -> Vec<f32> {
        let mut z = self.logits(embedding);
        if let Some((memory, m)) = &self.memory {
            let votes = memory.votes(embedding, m.k, m.sharpness, z.len(), |_| false);
            for (z, v) in z.iter_mut().zip(votes) {
                *z += m.weight * (v + m.floor).ln();
            }
        }
        z
    }

    /// Needs and crisis from one embedding.
    pub fn read(&self, embedding: &[f32]) -> NeedReading {
        let p = softmax(&self.biased_logits(embedding), self.temperature);
        let mut needs = vec![0.0; self.labels.len()];
        let mut crisis = 0.0;
        let mut top_crisis: Option<(usize, f32)> = None;
        for (&(label, is_crisis), &pr) in self.rows.iter().zip(&p) {
            needs[label] += pr;
            if is_crisis {
                crisis += pr;
                if top_crisis.is_none_or(|(_, best)| pr > best) {
                    top_crisis = Some((label, pr));
                }
            }
        }
        NeedReading {
            needs,
            crisis,
            crisis_need: top_crisis.map(|(l, _)| self.labels[l]),
        }
    }

    /// Calibrated need probabilities, one per label, in label order (they sum to 1).
    pub fn probabilities(&self, embedding: &[f32]) -> Vec<f32> {
        self.read(embedding).needs
    }

    /// Every label with its calibrated probability, most likely first.
    pub fn ranked(&self, embedding: &[f32]) -> Vec<NeedScore> {
        rank(&self.labels, &self.probabilities(embedding))
    }

    /// The needs a message names: its most likely need, and a second one when the message has
    /// several clauses and one of them is confidently about another need.
    ///
    /// `whole` are the message's [`Self::probabilities`]; `clauses` those of each of its
    /// [`clauses`] (empty for a one-clause message). The second need's confidence is the
    /// whole message's probability for it, so it stays comparable with the first.
    pub fn named_needs(&self, whole: &[f32], clauses: &[Vec<f32>]) -> Vec<NeedScore> {
        let ranked = rank(&self.labels, whole);
        let Some(first) = ranked.first().copied() else {
            return Vec::new();
        };
        let mut named = vec![first];
        let second = clauses
            .iter()
            .filter_map(|p| {
                let (i, &top) = argmax(p)?;
                let label = self.labels[i];
                let keep = label != first.need
                    && label != NeedLabel::Other
                    && top >= self.multi.clause_min
                    && whole[i] >= self.multi.whole_min;
                keep.then_some((label, whole[i], top))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(a.2.total_cmp(&b.2)));
        if let Some((need, confidence, _)) = second {
            named.push(NeedScore { need, confidence });
        }
        named
    }
}

/// Splits a message into clauses on sentence punctuation and on the words that join two requests
/// ("and", "also", "et", "pis", "y", "también", "và", "和", "و"...). Fragments of fewer than two
/// words (or four characters in scripts written without spaces) are merged into their neighbour.
/// Returns the whole message alone when it has one clause.
pub fn clauses(text: &str) -> Vec<&str> {
    let mut cuts = vec![0];
    let bytes_len = text.len();
    let mut word_start: Option<usize> = None;
    let mut words: Vec<(usize, usize)> = Vec::new();
    for (i, c) in text.char_indices() {
        if CLAUSE_PUNCT.contains(&c) {
            if let Some(s) = word_start.take() {
                words.push((s, i));
            }
            cuts.push(i + c.len_utf8());
        } else if c.is_whitespace() || c == ',' {
            if let Some(s) = word_start.take() {
                words.push((s, i));
            }
        } else if word_start.is_none() {
            word_start = Some(i);
        }
    }
    if let Some(s) = word_start {
        words.push((s, bytes_len));
    }
    for &(s, e) in &words {
        let w = text[s..e].to_lowercase();
        if JOINERS.contains(&w.as_str()) {
            cuts.push(s);
        }
    }
    for joiner in JOINERS_UNSPACED {
        for (at, _) in text.match_indices(joiner) {
            cuts.push(at);
        }
    }
    cuts.push(bytes_len);
    cuts.sort_unstable();
    cuts.dedup();
    let mut pieces: Vec<&str> = Vec::new();
    for pair in cuts.windows(2) {
        let piece = text[pair[0]..pair[1]].trim();
        if piece.is_empty() {
            continue;
        }
        match pieces.last_mut() {
            Some(last) if !substantial(last) => {
                let start = last.as_ptr() as usize - text.as_ptr() as usize;
                *last = text[start..pair[1]].trim();
            }
            _ => pieces.push(piece),
        }
    }
    if let [.., before, last] = pieces.as_slice() {
        if !substantial(last) {
            let start = before.as_ptr() as usize - text.as_ptr() as usize;
            let merged = text[start..].trim();
            pieces.truncate(pieces.len() - 2);
            pieces.push(merged);
        }
    }
    if pieces.is_empty() {
        pieces.push(text.trim());
    }
    pieces
}

/// Enough of a clause to be classified on its own: two words, not counting a leading joiner,
/// or four letters of a script written without spaces.
fn substantial(piece: &str) -> bool {
    let words: Vec<&str> = piece.split_whitespace().collect();
    let content = match words.first() {
        Some(w) if JOINERS.contains(&w.to_lowercase().as_str()) => &words[1..],
        _ => &words[..],
    };
    let unspaced = piece.chars().filter(|c| is_unspaced_script(*c)).count();
    content.len() >= 2 || unspaced >= 4
}

fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

const CLAUSE_PUNCT: &[char] = &['.', '!', '?', ';', '\n', '。', '！', '？', '；', '؟', '،', '।', '|'];

/// Words that join two requests, lower case, by language.
const JOINERS: &[&str] = &[
    // en
    "and",
    "also",
    "plus",
    "n",
    "&",
    "+",
    "but",
    // fr
    "et",
    "pis",
    "aussi",
    "puis",
    "mais",
    // es, pt, it
    "y",
    "también",
    "tambien",
    "además",
    "e",
    "também",
    "tambem",
    "anche",
    "inoltre",
    "pero",
    "mas",
    "ma",
    // tl
    "at",
    "tapos",
    "saka",
    "pati",
    // pl, ru, uk
    "oraz",
    "też",
    "и",
    "также",
    "еще",
    "ещё",
    "і",
    "та",
    "також",
    "ще",
    // tr, so, vi
    "ve",
    "ayrıca",
    "iyo",
    "oo",
    "và",
    "với",
    "còn",
    "cũng",
    // ko, hi, pa, ur, fa, ar, ta
    "그리고",
    "또",
    "और",
    "भी",
    "ਅਤੇ",
    "ਤੇ",
    "ਨਾਲੇ",
    "اور",
    "و",
    "همچنین",
    "ضمنا",
    "وأيضا",
    "أيضا",
    "மற்றும்",
];

/// Joiners written without spaces around them.
const JOINERS_UNSPACED: &[&str] = &["还有", "而且", "另外", "也需要", "以及", "還有", "另外"];

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Softmax of `logits / temperature`.
pub fn softmax(logits: &[f32], temperature: f32) -> Vec<f32> {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let exps: Vec<f32> = logits.iter().map(|z| ((z - max) / temperature).exp()).collect();
    let sum: f32 = exps.iter().sum();
    exps.into_iter().map(|e| e / sum).collect()
}

fn argmax(p: &[f32]) -> Option<(usize, &f32)> {
    p.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1))
}

/// Labels with their probabilities, most likely first (ties in label order).
pub fn rank(labels: &[NeedLabel], probabilities: &[f32]) -> Vec<NeedScore> {
    let mut ranked: Vec<NeedScore> = labels
        .iter()
        .zip(probabilities)
        .map(|(&need, &confidence)| NeedScore { need, confidence })
        .collect();
    ranked.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_split_on_joiners_and_punctuation() {
        assert_eq!(
            clauses("we have no food and the hydro is getting cut off"),
            vec!["we have no food", "and the hydro is getting cut off"]
        );
        assert_eq!(
            clauses("j'ai pu d'bouffe. pis mon proprio veut m'évincer"),
            vec!["j'ai pu d'bouffe.", "pis mon proprio veut m'évincer"]
        );
        assert_eq!(clauses("food and shelter"), vec!["food and shelter"]);
        assert_eq!(clauses("I need a food bank"), vec!["I need a food bank"]);
        assert_eq!(
            clauses("没有吃的了，还有房租也交不起"),
            vec!["没有吃的了，", "还有房租也交不起"]
        );
    }

    #[test]
    fn softmax_sums_to_one_and_temperature_flattens() {
        let p = softmax(&[2.0, 1.0, 0.0], 1.0);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        let flat = softmax(&[2.0, 1.0, 0.0], 4.0);
        assert!(flat[0] < p[0]);
    }
}
