//! `frontdoor train nlu`: trains the need classifier and the crisis head on the E5 embeddings of
//! `eval-sets/nlu/train.jsonl`, tunes and calibrates them on `dev.jsonl`, and writes the small
//! weights file committed to the repo (`nlu-models/weights/need-classifier.json`).
//!
//! Everything is plain Rust: full-batch L-BFGS on the L2-regularised softmax cross-entropy,
//! a golden-section search for the temperature. It is deterministic: messages are sorted
//! before they are embedded (in fixed batches), the optimiser starts from zero and sums
//! gradients in a fixed order, so the same inputs give the same file byte for byte.
//!
//! Steps:
//! 1. one softmax over the 19 needs plus a crisis twin of each need that has crisis messages in
//!    train (mental health, health, abuse and violence, substance use): one fit per L2 strength
//!    of [`TrainSettings::lambdas`] on train; the one with the best dev need macro-F1 is kept
//!    (the dev crisis average precision of each is reported too);
//! 2. the exemplar memory ([`crate::memory`]): train's embeddings, whose `k` nearest vote; the
//!    weight of their votes in the softmax ([`TrainSettings::memory_weights`], 0 = none) with
//!    the best dev need macro-F1 is kept;
//! 3. calibration: a temperature fitted on dev (negative log-likelihood of the need), reported
//!    with the expected calibration error before and after;
//! 4. crisis thresholds on the summed crisis probability: the highest threshold at which the
//!    detector (strong lexicon phrase, or weak phrase with half the threshold, or the head
//!    alone) keeps [`TrainSettings::min_crisis_recall`] (98%) of the crisis messages of dev and
//!    of train (out-of-fold scores: head and memory without the message's fold) pooled, and
//!    every crisis message of dev; the lower of the two.
//!
//! The test split is never read here. `../shared/data/needs_text/` is not trained on: its
//! licences (see `../shared/data/SOURCES.md`) allow internal evaluation only, so when the
//! folder is given the Counsel Chat questions whose topic maps clearly to one of our labels are
//! scored as an external check, and the figure is put in the report.

use std::path::{Path, PathBuf};

use frontdoor_core::types::NeedLabel;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

use crate::classifier::{
    ClassifierWeights, CrisisThresholds, MultiNeedSettings, OutputClass, SoftmaxWeights, WEIGHTS_FORMAT,
};
use crate::crisis::CrisisLexicon;
use crate::e5::adapter::EncoderAdapter;
use crate::e5::embedder::{AdaptedLayers, E5Embedder, EmbedKind};
use crate::eval::{expected_calibration_error, macro_f1, read_set, LabelledMessage, SetError};
use crate::memory::{ExemplarMemory, MemorySettings};
use crate::model_files::{sha256_bytes, MODEL_SHA256};

/// Where the committed weights live, relative to the repository root.
pub const WEIGHTS_PATH: &str = "nlu-models/weights/need-classifier.json";

/// Why training failed.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    /// A set could not be read.
    #[error(transparent)]
    Set(#[from] SetError),
    /// A set cannot train anything (empty, one label...).
    #[error("training data: {0}")]
    Data(String),
    /// The weights file could not be written.
    #[error("writing {path}: {source}")]
    Write {
        /// Where.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

/// Knobs of training; the defaults are what produced the committed weights.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainSettings {
    /// L2 strengths tried (mean cross-entropy + lambda/2 |W|^2), strongest first.
    pub lambdas: Vec<f64>,
    /// A need gets a crisis twin class when train has at least this many crisis messages of it.
    pub min_crisis_rows: usize,
    /// Recall the crisis threshold must keep over dev and train's out-of-fold scores pooled (900-odd
    /// crisis messages: a steadier estimate of the tail than dev's 55)...
    pub min_crisis_recall: f64,
    /// ...and over dev alone (the lower of the two thresholds is kept).
    pub dev_crisis_recall: f64,
    /// A weak lexicon phrase fires at this fraction of the head's threshold.
    pub weak_phrase_fraction: f64,
    /// Folds for the out-of-fold crisis scores of train.
    pub crisis_folds: usize,
    /// L-BFGS iterations per fit.
    pub max_iterations: usize,
    /// Multi-need thresholds written into the weights.
    pub multi_need: MultiNeedSettings,
    /// Recalls at which [`TrainReport::crisis_ladder`] reports the thresholds (informative).
    pub crisis_ladder: Vec<f64>,
    /// The crisis thresholds are set this fraction below the scores they were chosen at: a
    /// threshold equal to a crisis message's score would lose it to a rounding difference
    /// (another machine's kernels, another batch).
    pub crisis_margin: f64,
    /// Exemplar memory ([`crate::memory`]): neighbours that vote...
    pub memory_k: usize,
    /// ...how sharply the nearest outvotes the rest...
    pub memory_sharpness: f32,
    /// ...the floor under a class's share of the votes...
    pub memory_floor: f32,
    /// ...and the weights of the votes tried on dev (0 = no memory), smallest first. At most 0.5:
    /// a unanimous vote then shifts a logit by 0.5 · ln(101) = 2.3, enough to move a head that
    /// hesitates, not to overrule one that is sure. At 2 (dev macro-F1 0.860 against 0.851 at
    /// 0.5), five neighbours overruled anything, and short messages, whose nearest train
    /// messages share a word rather than a need, got confident wrong needs ("idk somewhere" as
    /// shelter 0.91, "english please" as newcomers 0.76).
    pub memory_weights: Vec<f32>,
}

impl Default for TrainSettings {
    fn default() -> Self {
        Self {
            lambdas: vec![1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6],
            min_crisis_rows: 5,
            min_crisis_recall: 0.98,
            dev_crisis_recall: 1.0,
            weak_phrase_fraction: 0.5,
            crisis_folds: 5,
            max_iterations: 400,
            multi_need: MultiNeedSettings::default(),
            crisis_margin: 0.03,
            crisis_ladder: vec![0.95, 0.97, 0.98, 0.99, 1.0],
            memory_k: 5,
            memory_sharpness: 20.0,
            memory_floor: 0.01,
            memory_weights: vec![0.0, 0.25, 0.5],
        }
    }
}

/// Messages with their E5 query embeddings, in a canonical (sorted) order.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbeddedSet {
    /// The messages, sorted.
    pub messages: Vec<LabelledMessage>,
    /// One L2-normalised embedding per message.
    pub embeddings: Vec<Vec<f32>>,
}

impl EmbeddedSet {
    /// Sorts `messages` and embeds them in fixed batches (deterministic), with the adapted
    /// encoder when one is given.
    pub fn embed(embedder: &E5Embedder, adapted: Option<&AdaptedLayers>, mut messages: Vec<LabelledMessage>) -> Self {
        messages.sort();
        let mut embeddings = Vec::with_capacity(messages.len());
        for chunk in messages.chunks(32) {
            let texts: Vec<&str> = chunk.iter().map(|m| m.text.as_str()).collect();
            embeddings.extend(embedder.embed_with(&texts, EmbedKind::Query, adapted));
        }
        Self { messages, embeddings }
    }

    /// Number of messages.
    pub fn len(&self) -> usize {
        self.messages.len()
    }

    /// True when there is no message.
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }
}

/// What training measured; serialised into the weights file (`training`) and printed by the CLI.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrainReport {
    /// Messages trained on.
    pub train_n: usize,
    /// Dev messages used for tuning and calibration.
    pub dev_n: usize,
    /// SHA-256 of the train and dev files (which data made the weights).
    pub data_sha256: serde_json::Value,
    /// Dev need macro-F1, accuracy and crisis average precision per L2 strength tried.
    pub grid: Vec<GridPoint>,
    /// The crisis thresholds each recall of [`TrainSettings::crisis_ladder`] would give on dev,
    /// on train's out-of-fold scores and on both pooled, with dev's precision at each.
    pub crisis_ladder: Vec<serde_json::Value>,
    /// The exemplar memory's weights tried, with their dev figures.
    pub memory_grid: Vec<MemoryPoint>,
    /// The chosen weight (0: no memory).
    pub memory_weight: f32,
    /// The L2 strength kept.
    pub lambda: f64,
    /// Dev accuracy of the kept classifier.
    pub dev_accuracy: f64,
    /// Dev macro-F1 of the kept classifier.
    pub dev_macro_f1: f64,
    /// The fitted temperature.
    pub temperature: f64,
    /// Dev expected calibration error (10 bins) of the top need before temperature scaling.
    pub dev_ece_before: f64,
    /// ...and after (on the data it was fitted on: optimistic; see `dev_ece_after_cv`).
    pub dev_ece_after: f64,
    /// ECE after scaling with temperatures fitted on the other half of dev (two-fold).
    pub dev_ece_after_cv: f64,
    /// Mean top-need confidence on dev after scaling (compare with `dev_accuracy`).
    pub dev_mean_confidence: f64,
    /// Dev average precision of the head's crisis probability alone.
    pub dev_crisis_average_precision: f64,
    /// The crisis threshold at `dev_crisis_recall` on dev, at `min_crisis_recall` on train's
    /// out-of-fold scores and on both pooled; the lower of the dev and pooled ones is kept.
    pub crisis_threshold_dev: f64,
    /// See `crisis_threshold_dev`.
    pub crisis_threshold_train_oof: f64,
    /// See `crisis_threshold_dev`.
    pub crisis_threshold_pooled: f64,
    /// The crisis thresholds kept.
    pub crisis: CrisisThresholds,
    /// Dev recall / precision of the whole detector (lexicon and head).
    pub dev_crisis_recall: f64,
    /// See `dev_crisis_recall`.
    pub dev_crisis_precision: f64,
    /// Dev recall / precision of the strong lexicon phrases alone.
    pub dev_lexicon_recall: f64,
    /// See `dev_lexicon_recall`.
    pub dev_lexicon_precision: f64,
    /// External check on `../shared/data` (never trained on), when given.
    pub external_check: Option<serde_json::Value>,
}

/// One point of the L2 grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridPoint {
    /// L2 strength.
    pub lambda: f64,
    /// Dev need macro-F1 (what the strength is chosen by).
    pub macro_f1: f64,
    /// Dev need accuracy.
    pub accuracy: f64,
    /// Dev average precision of the crisis probability.
    pub crisis_average_precision: f64,
}

/// One weight of the exemplar memory's votes tried on dev (with the chosen L2 strength).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemoryPoint {
    /// The votes' weight (0: the head alone).
    pub weight: f32,
    /// Dev need macro-F1.
    pub macro_f1: f64,
    /// Dev average precision of the crisis probability.
    pub crisis_average_precision: f64,
}

/// Trains the need classifier and the crisis head from the sets at `train_path` and `dev_path`
/// with the default settings, over the adapted encoder when an `adapter` is given (its SHA-256
/// goes into the weights). `shared_data_dir` (`../shared/data`) is used for an external check
/// only (see the module doc). Write the result with [`write_weights`].
pub fn train_need_classifier(
    embedder: &E5Embedder,
    adapter: Option<&EncoderAdapter>,
    train_path: &Path,
    dev_path: &Path,
    shared_data_dir: Option<&Path>,
) -> Result<(ClassifierWeights, Option<ExemplarMemory>, TrainReport), TrainError> {
    let adapted = adapter
        .map(|a| embedder.adapt(a))
        .transpose()
        .map_err(|e| TrainError::Data(e.to_string()))?;
    let train = EmbeddedSet::embed(embedder, adapted.as_ref(), read_set(train_path)?);
    let dev = EmbeddedSet::embed(embedder, adapted.as_ref(), read_set(dev_path)?);
    let fingerprint = |p: &Path| std::fs::read(p).map(|b| sha256_bytes(&b)).unwrap_or_default();
    let data_sha256 = json!({"train": fingerprint(train_path), "dev": fingerprint(dev_path)});
    let settings = TrainSettings::default();
    let (mut weights, memory, mut report) = train_from_embedded(&train, &dev, &settings, data_sha256)?;
    weights.encoder_adapter_sha256 = adapter.map(|a| a.sha256().to_owned());
    if let Some(dir) = shared_data_dir {
        report.external_check = external_check(embedder, adapted.as_ref(), &weights, memory.as_ref(), dir);
    }
    weights.training = serde_json::to_value(&report).unwrap_or_default();
    Ok((weights, memory, report))
}

/// Writes the weights file (creating its folder) and, when the weights read one, the exemplar
/// memory beside it (`X.json` → `X.memory.bin`, [`memory_path`]).
pub fn write_weights(
    path: &Path,
    weights: &ClassifierWeights,
    memory: Option<&ExemplarMemory>,
) -> Result<(), TrainError> {
    let write_err = |path: &Path| {
        let path = path.to_owned();
        move |source| TrainError::Write { path, source }
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(write_err(path))?;
    }
    if let Some(memory) = memory {
        let beside = memory_path(path);
        std::fs::write(&beside, memory.to_bytes()).map_err(write_err(&beside))?;
    }
    let mut text = weights.to_json();
    text.push('\n');
    std::fs::write(path, text).map_err(write_err(path))
}

/// Where the exemplar memory of the weights at `weights` lives: `X.json` → `X.memory.bin`.
pub fn memory_path(weights: &Path) -> PathBuf {
    weights.with_extension("memory.bin")
}

/// Trains from already embedded sets (what [`train_need_classifier`] does after embedding).
pub fn train_from_embedded(
    train: &EmbeddedSet,
    dev: &EmbeddedSet,
    settings: &TrainSettings,
    data_sha256: serde_json::Value,
) -> Result<(ClassifierWeights, Option<ExemplarMemory>, TrainReport), TrainError> {
    let labels: Vec<NeedLabel> = NeedLabel::ALL.to_vec();
    let dim = train
        .embeddings
        .first()
        .map(Vec::len)
        .ok_or_else(|| TrainError::Data("the train set is empty".into()))?;
    if dev.is_empty() {
        return Err(TrainError::Data("the dev set is empty".into()));
    }
    let classes = output_classes(&labels, train, settings.min_crisis_rows);
    let x_train = Matrix::from_rows(&train.embeddings, dim)?;
    let x_dev = Matrix::from_rows(&dev.embeddings, dim)?;
    let y_train = class_targets(&classes, train);
    let map = ClassMap::new(&labels, &classes);
    let need_dev: Vec<usize> = dev.messages.iter().map(|m| label_index(&labels, m.need)).collect();
    let gold_crisis_dev: Vec<Option<bool>> = dev.messages.iter().map(|m| m.crisis).collect();

    // Dev need macro-F1, accuracy and crisis average precision of some logits (temperature 1).
    let dev_scores = |logits: &[Vec<f64>]| {
        let readings = map.read_all(logits, 1.0);
        let pred: Vec<usize> = readings.iter().map(|r| argmax(&r.0)).collect();
        let f1 = macro_f1(&pairs(&labels, &need_dev, &pred));
        (
            f1,
            accuracy(&need_dev, &pred),
            average_precision(&gold_crisis_dev, &readings),
        )
    };

    // 1. One fit per L2 strength; keep the best dev need macro-F1.
    let mut grid = Vec::new();
    let mut best: Option<(f64, LinearModel)> = None;
    let mut warm: Option<Vec<f64>> = None;
    for &lambda in &settings.lambdas {
        let model = fit_softmax(
            &x_train,
            &y_train,
            classes.len(),
            lambda,
            settings.max_iterations,
            warm.take(),
        );
        let (f1, accuracy, crisis_average_precision) = dev_scores(&model.logits(&x_dev));
        grid.push(GridPoint {
            lambda,
            macro_f1: f1,
            accuracy,
            crisis_average_precision,
        });
        warm = Some(model.theta.clone());
        if best.as_ref().is_none_or(|(b, _)| f1 > *b + 1e-12) {
            best = Some((f1, model));
        }
    }
    let (_, model) = best.ok_or_else(|| TrainError::Data("no L2 strength to try".into()))?;

    // 2. The exemplar memory (train's embeddings, quantised as shipped): the weight of its votes
    //    with the best dev need macro-F1; none when the head alone is best.
    let memory = ExemplarMemory::from_embeddings(&train.embeddings, &y_train);
    let dev_votes: Vec<Vec<f32>> = dev
        .embeddings
        .iter()
        .map(|e| {
            memory.votes(e, settings.memory_k, settings.memory_sharpness, classes.len(), |_| {
                false
            })
        })
        .collect();
    let head_dev_logits = model.logits(&x_dev);
    let mut memory_grid = Vec::new();
    let mut best_memory: Option<(f64, f32)> = None;
    for &weight in &settings.memory_weights {
        let logits = with_votes(&head_dev_logits, &dev_votes, weight, settings.memory_floor);
        let (f1, _, crisis_average_precision) = dev_scores(&logits);
        memory_grid.push(MemoryPoint {
            weight,
            macro_f1: f1,
            crisis_average_precision,
        });
        if best_memory.is_none_or(|(b, _)| f1 > b + 1e-12) {
            best_memory = Some((f1, weight));
        }
    }
    let memory_weight = best_memory.map_or(0.0, |(_, w)| w);
    let memory_settings = (memory_weight > 0.0).then(|| MemorySettings {
        k: settings.memory_k,
        sharpness: settings.memory_sharpness,
        weight: memory_weight,
        floor: settings.memory_floor,
        rows: memory.len(),
        sha256: memory.sha256().to_owned(),
    });
    let dev_logits = with_votes(&head_dev_logits, &dev_votes, memory_weight, settings.memory_floor);

    // 3. Calibration on dev.
    let temperature = fit_temperature(&map, &dev_logits, &need_dev);
    let all: Vec<usize> = (0..dev.len()).collect();
    let dev_ece_before = expected_calibration_error(&top_confidences(&map, &dev_logits, &need_dev, 1.0, &all), 10);
    let after = top_confidences(&map, &dev_logits, &need_dev, temperature, &all);
    let dev_ece_after = expected_calibration_error(&after, 10);
    let dev_mean_confidence = after.iter().map(|c| c.0).sum::<f64>() / after.len() as f64;
    let dev_ece_after_cv = two_fold_ece(&map, &dev_logits, &need_dev);
    let dev_readings = map.read_all(&dev_logits, temperature);
    let pred: Vec<usize> = dev_readings.iter().map(|r| argmax(&r.0)).collect();
    let dev_macro_f1 = macro_f1(&pairs(&labels, &need_dev, &pred));
    let dev_accuracy = accuracy(&need_dev, &pred);

    // 4. Crisis thresholds: every dev crisis, and 98% of dev's and train's out-of-fold crisis
    //    scores pooled; the lower is kept.
    let dev_rows = crisis_rows(dev, &all, &dev_readings);
    let fraction = settings.weak_phrase_fraction;
    let t_dev = crisis_threshold(&dev_rows, settings.dev_crisis_recall, fraction);
    let oof_memory = memory_settings.as_ref().map(|m| (&memory, m));
    let oof = out_of_fold_readings(&x_train, &y_train, &map, &model, temperature, oof_memory, settings);
    let train_all: Vec<usize> = (0..train.len()).collect();
    let train_rows = crisis_rows(train, &train_all, &oof);
    let t_oof = crisis_threshold(&train_rows, settings.min_crisis_recall, fraction);
    let pooled: Vec<CrisisRow> = dev_rows.iter().chain(&train_rows).copied().collect();
    let crisis_ladder = settings
        .crisis_ladder
        .iter()
        .map(|&recall| {
            let (t_dev, t_train, t_both) = (
                crisis_threshold(&dev_rows, recall, fraction),
                crisis_threshold(&train_rows, recall, fraction),
                crisis_threshold(&pooled, recall, fraction),
            );
            let dev_precision = |t: f64| recall_precision(&dev_rows, |r| r.caught_at(t, fraction)).1;
            json!({"recall": recall, "dev": t_dev, "train_oof": t_train, "pooled": t_both,
                   "dev_precision_at_dev": dev_precision(t_dev), "dev_precision_at_pooled": dev_precision(t_both)})
        })
        .collect();
    let t_pooled = crisis_threshold(&pooled, settings.min_crisis_recall, fraction);
    let chosen = t_dev.min(t_pooled);
    let below = 1.0 - settings.crisis_margin;
    let threshold = chosen * below;
    let thresholds = CrisisThresholds {
        threshold: threshold as f32,
        figurative_threshold: (figurative_threshold(&pooled, chosen) * below).max(threshold) as f32,
        weak_phrase_threshold: (threshold * settings.weak_phrase_fraction) as f32,
    };
    let (dev_crisis_recall, dev_crisis_precision) = recall_precision(&dev_rows, |r| r.detected(&thresholds));
    let (dev_lexicon_recall, dev_lexicon_precision) = recall_precision(&dev_rows, |r| r.strong);

    let (rows, bias) = model.folded_weights();
    let report = TrainReport {
        train_n: train.len(),
        dev_n: dev.len(),
        data_sha256,
        lambda: model.lambda,
        grid,
        crisis_ladder,
        memory_grid,
        memory_weight: memory_settings.as_ref().map_or(0.0, |m| m.weight),
        dev_accuracy,
        dev_macro_f1,
        temperature,
        dev_ece_before,
        dev_ece_after,
        dev_ece_after_cv,
        dev_mean_confidence,
        dev_crisis_average_precision: average_precision(&gold_crisis_dev, &dev_readings),
        crisis_threshold_dev: t_dev,
        crisis_threshold_train_oof: t_oof,
        crisis_threshold_pooled: t_pooled,
        crisis: thresholds,
        dev_crisis_recall,
        dev_crisis_precision,
        dev_lexicon_recall,
        dev_lexicon_precision,
        external_check: None,
    };
    let weights = ClassifierWeights {
        format: WEIGHTS_FORMAT.to_owned(),
        embedding_model_sha256: MODEL_SHA256.to_owned(),
        encoder_adapter_sha256: None,
        dim,
        labels,
        classes,
        softmax: SoftmaxWeights {
            weights: rows,
            bias,
            temperature: temperature as f32,
        },
        crisis: thresholds,
        multi_need: settings.multi_need,
        memory: memory_settings,
        training: serde_json::to_value(&report).unwrap_or_default(),
    };
    let memory = weights.memory.is_some().then_some(memory);
    Ok((weights, memory, report))
}

/// Head logits with the exemplar memory's votes added (`weight · ln(vote + floor)`).
fn with_votes(logits: &[Vec<f64>], votes: &[Vec<f32>], weight: f32, floor: f32) -> Vec<Vec<f64>> {
    logits
        .iter()
        .zip(votes)
        .map(|(z, v)| {
            z.iter()
                .zip(v)
                .map(|(z, v)| z + f64::from(weight) * f64::from(v + floor).ln())
                .collect()
        })
        .collect()
}

/// The 19 needs, then a crisis twin of each need with at least `min_crisis_rows` crisis
/// messages in train.
fn output_classes(labels: &[NeedLabel], train: &EmbeddedSet, min_crisis_rows: usize) -> Vec<OutputClass> {
    let mut classes: Vec<OutputClass> = labels.iter().map(|&need| OutputClass { need, crisis: false }).collect();
    for &need in labels {
        let rows = train
            .messages
            .iter()
            .filter(|m| m.need == need && m.crisis == Some(true))
            .count();
        if rows >= min_crisis_rows.max(1) {
            classes.push(OutputClass { need, crisis: true });
        }
    }
    classes
}

/// Each message's softmax row: its need's crisis twin when it is a crisis message, else its need.
fn class_targets(classes: &[OutputClass], set: &EmbeddedSet) -> Vec<usize> {
    set.messages
        .iter()
        .map(|m| {
            let crisis = m.crisis == Some(true);
            classes
                .iter()
                .position(|c| c.need == m.need && c.crisis == crisis)
                .or_else(|| classes.iter().position(|c| c.need == m.need && !c.crisis))
                .unwrap_or(0)
        })
        .collect()
}

/// From softmax rows to needs and crisis.
struct ClassMap {
    /// Each row's label index and crisis flag.
    rows: Vec<(usize, bool)>,
    labels: usize,
}

impl ClassMap {
    fn new(labels: &[NeedLabel], classes: &[OutputClass]) -> Self {
        Self {
            rows: classes
                .iter()
                .map(|c| (label_index(labels, c.need), c.crisis))
                .collect(),
            labels: labels.len(),
        }
    }

    /// (need probabilities, crisis probability) of one row of logits at temperature `t`.
    fn read(&self, logits: &[f64], t: f64) -> (Vec<f64>, f64) {
        let p = softmax_f64(logits, t);
        let mut needs = vec![0.0; self.labels];
        let mut crisis = 0.0;
        for (&(label, is_crisis), pr) in self.rows.iter().zip(p) {
            needs[label] += pr;
            if is_crisis {
                crisis += pr;
            }
        }
        (needs, crisis)
    }

    fn read_all(&self, logits: &[Vec<f64>], t: f64) -> Vec<(Vec<f64>, f64)> {
        logits.iter().map(|z| self.read(z, t)).collect()
    }
}

/// Crisis probabilities of train, each from a model fitted without its fold.
fn out_of_fold_readings(
    x: &Matrix,
    y: &[usize],
    map: &ClassMap,
    model: &LinearModel,
    temperature: f64,
    memory: Option<(&ExemplarMemory, &MemorySettings)>,
    settings: &TrainSettings,
) -> Vec<(Vec<f64>, f64)> {
    let folds = settings.crisis_folds.max(2);
    let mut out = vec![(Vec::new(), 0.0); x.rows];
    for fold in 0..folds {
        let (held, kept): (Vec<usize>, Vec<usize>) = (0..x.rows).partition(|i| i % folds == fold);
        let kept_y: Vec<usize> = kept.iter().map(|&i| y[i]).collect();
        let m = fit_softmax(
            &x.select(&kept),
            &kept_y,
            map.rows.len(),
            model.lambda,
            settings.max_iterations,
            Some(model.theta.clone()),
        );
        for (&i, mut z) in held.iter().zip(m.logits(&x.select(&held))) {
            // The held fold's rows do not vote either: only what the fold's model saw.
            if let Some((memory, s)) = memory {
                let votes = memory.votes(x.row(i), s.k, s.sharpness, map.rows.len(), |j| j % folds == fold);
                z = with_votes(&[z], &[votes], s.weight, s.floor).remove(0);
            }
            out[i] = map.read(&z, temperature);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Crisis thresholds

/// One message's crisis evidence: gold flag, head probability, lexicon, figure of speech.
#[derive(Debug, Clone, Copy)]
struct CrisisRow {
    gold: bool,
    p: f64,
    strong: bool,
    weak: bool,
    figurative: bool,
}

impl CrisisRow {
    /// What [`crate::crisis::CrisisDetector`] decides for this row.
    /// Caught at head threshold `t` (weak phrases at `t · fraction`), figures of speech aside.
    fn caught_at(&self, t: f64, fraction: f64) -> bool {
        self.strong || (self.weak && self.p >= t * fraction) || self.p >= t
    }

    fn detected(&self, t: &CrisisThresholds) -> bool {
        let head = if self.figurative {
            t.figurative_threshold.max(t.threshold)
        } else {
            t.threshold
        };
        self.strong || (self.weak && self.p >= f64::from(t.weak_phrase_threshold)) || self.p >= f64::from(head)
    }
}

fn crisis_rows(set: &EmbeddedSet, rows: &[usize], readings: &[(Vec<f64>, f64)]) -> Vec<CrisisRow> {
    let lexicon = CrisisLexicon::bundled();
    rows.iter()
        .zip(readings)
        .filter_map(|(&i, reading)| {
            let gold = set.messages[i].crisis?;
            let found = lexicon.read(&set.messages[i].text);
            Some(CrisisRow {
                gold,
                p: reading.1,
                strong: found.strong().is_some(),
                weak: found.any().is_some(),
                figurative: found.figurative,
            })
        })
        .collect()
}

/// The highest head threshold at which the detector keeps `min_crisis_recall` of the crisis
/// messages (figures of speech ignored here; see [`figurative_threshold`]). The highest such
/// threshold has the best precision.
fn crisis_threshold(rows: &[CrisisRow], recall: f64, weak_phrase_fraction: f64) -> f64 {
    let positives = rows.iter().filter(|r| r.gold).count();
    let needed = (recall * positives as f64).ceil() as usize;
    let fraction = weak_phrase_fraction.max(1e-6);
    let mut candidates: Vec<f64> = rows
        .iter()
        .filter(|r| r.gold)
        .flat_map(|r| [r.p, r.p / fraction])
        .filter(|t| *t <= 1.0)
        .collect();
    candidates.push(0.5);
    candidates.sort_by(|a, b| b.total_cmp(a));
    candidates.dedup();
    let caught = |t: f64| rows.iter().filter(|r| r.gold && r.caught_at(t, fraction)).count();
    candidates
        .into_iter()
        .find(|&t| caught(t) >= needed)
        .map_or(0.0, |t| f64::from(t as f32))
}

/// Under a figure of speech the head must be surer: the lowest head score of a crisis message
/// with a figure of speech and no strong phrase (so none of those is lost), at least
/// `threshold`; halfway between `threshold` and 1 when there is none.
fn figurative_threshold(rows: &[CrisisRow], threshold: f64) -> f64 {
    let lowest = rows
        .iter()
        .filter(|r| r.gold && r.figurative && !r.strong && r.p >= threshold)
        .map(|r| r.p)
        .fold(f64::INFINITY, f64::min);
    let t = if lowest.is_finite() {
        lowest
    } else {
        (threshold + 1.0) / 2.0
    };
    f64::from(t.max(threshold) as f32)
}

fn recall_precision(rows: &[CrisisRow], detect: impl Fn(&CrisisRow) -> bool) -> (f64, f64) {
    let tp = rows.iter().filter(|r| r.gold && detect(r)).count();
    let positives = rows.iter().filter(|r| r.gold).count();
    let predicted = rows.iter().filter(|r| detect(r)).count();
    (share(tp, positives), share(tp, predicted))
}

/// Average precision of the crisis probability over the rows with a crisis flag.
fn average_precision(gold: &[Option<bool>], readings: &[(Vec<f64>, f64)]) -> f64 {
    let mut scored: Vec<(f64, bool)> = gold
        .iter()
        .zip(readings)
        .filter_map(|(g, r)| g.map(|g| (r.1, g)))
        .collect();
    // Ties broken pessimistically: negatives first.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let positives = scored.iter().filter(|s| s.1).count();
    let (mut tp, mut sum) = (0usize, 0.0);
    for (i, (_, g)) in scored.iter().enumerate() {
        if *g {
            tp += 1;
            sum += tp as f64 / (i + 1) as f64;
        }
    }
    if positives == 0 {
        0.0
    } else {
        sum / positives as f64
    }
}

// ---------------------------------------------------------------------------------------------
// External check (internal evaluation only: never trained on)

/// Counsel Chat topics that map clearly to one of our labels.
const COUNSELCHAT_TOPICS: &[(&str, NeedLabel)] = &[
    ("depression", NeedLabel::MentalHealth),
    ("anxiety", NeedLabel::MentalHealth),
    ("self-esteem", NeedLabel::MentalHealth),
    ("trauma", NeedLabel::MentalHealth),
    ("grief-and-loss", NeedLabel::MentalHealth),
    ("stress", NeedLabel::MentalHealth),
    ("anger-management", NeedLabel::MentalHealth),
    ("eating-disorders", NeedLabel::MentalHealth),
    ("sleep-improvement", NeedLabel::MentalHealth),
    ("substance-abuse", NeedLabel::SubstanceUse),
    ("addiction", NeedLabel::SubstanceUse),
    ("domestic-violence", NeedLabel::AbuseViolence),
    ("parenting", NeedLabel::FamilyChildren),
];

fn external_check(
    embedder: &E5Embedder,
    adapted: Option<&AdaptedLayers>,
    weights: &ClassifierWeights,
    memory: Option<&ExemplarMemory>,
    dir: &Path,
) -> Option<serde_json::Value> {
    let path = dir.join("needs_text/counselchat_questions.csv");
    let text = std::fs::read_to_string(&path).ok()?;
    let rows = parse_csv(&text);
    let header = rows.first()?;
    let col = |name: &str| header.iter().position(|h| h == name);
    let (topic, title, body) = (col("topic")?, col("question_title")?, col("question_text")?);
    let mut items: Vec<(String, NeedLabel)> = rows[1..]
        .iter()
        .filter_map(|r| {
            let label = COUNSELCHAT_TOPICS
                .iter()
                .find(|(t, _)| r.get(topic) == Some(&t.to_string()))?
                .1;
            let message: String = format!("{} {}", r.get(title)?, r.get(body)?)
                .chars()
                .take(400)
                .collect();
            Some((message, label))
        })
        .collect();
    items.sort();
    let classifier = crate::classifier::NeedClassifier::with_memory(weights, memory.cloned()).ok()?;
    let mut right = 0;
    for chunk in items.chunks(32) {
        let texts: Vec<&str> = chunk.iter().map(|(t, _)| t.as_str()).collect();
        for (e, (_, gold)) in embedder.embed_with(&texts, EmbedKind::Query, adapted).iter().zip(chunk) {
            right += usize::from(classifier.ranked(e).first().map(|s| s.need) == Some(*gold));
        }
    }
    Some(json!({
        "source": "counselchat_questions.csv (topics mapped to mental_health, substance_use, abuse_violence, family_children)",
        "use": "internal evaluation only, never trained on (licence)",
        "n": items.len(),
        "accuracy": share(right, items.len()),
    }))
}

/// A small RFC 4180 reader: quoted fields may hold commas, `""` and line breaks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

// ---------------------------------------------------------------------------------------------
// Softmax regression

/// Row-major rows x cols, centred on the training mean by the caller when useful.
#[derive(Debug, Clone)]
struct Matrix {
    data: Vec<f32>,
    rows: usize,
    cols: usize,
}

impl Matrix {
    fn from_rows(rows: &[Vec<f32>], cols: usize) -> Result<Self, TrainError> {
        if let Some(bad) = rows.iter().position(|r| r.len() != cols) {
            return Err(TrainError::Data(format!("embedding {bad} is not {cols} long")));
        }
        Ok(Self {
            data: rows.concat(),
            rows: rows.len(),
            cols,
        })
    }

    fn row(&self, i: usize) -> &[f32] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    fn select(&self, rows: &[usize]) -> Self {
        let mut data = Vec::with_capacity(rows.len() * self.cols);
        for &i in rows {
            data.extend_from_slice(self.row(i));
        }
        Self {
            data,
            rows: rows.len(),
            cols: self.cols,
        }
    }

    fn column_mean(&self) -> Vec<f64> {
        let mut mean = vec![0.0; self.cols];
        for i in 0..self.rows {
            for (m, v) in mean.iter_mut().zip(self.row(i)) {
                *m += f64::from(*v);
            }
        }
        let n = self.rows.max(1) as f64;
        mean.iter_mut().for_each(|m| *m /= n);
        mean
    }
}

/// A fitted linear softmax model on centred inputs.
#[derive(Debug, Clone)]
struct LinearModel {
    /// `k * d` weights then `k` biases.
    theta: Vec<f64>,
    /// The training mean subtracted from inputs.
    mean: Vec<f64>,
    k: usize,
    d: usize,
    lambda: f64,
}

impl LinearModel {
    fn logits_row(&self, x: &[f32]) -> Vec<f64> {
        let (w, b) = self.theta.split_at(self.k * self.d);
        (0..self.k)
            .map(|c| {
                let row = &w[c * self.d..(c + 1) * self.d];
                b[c] + row
                    .iter()
                    .zip(x)
                    .zip(&self.mean)
                    .map(|((w, x), m)| w * (f64::from(*x) - m))
                    .sum::<f64>()
            })
            .collect()
    }

    fn logits(&self, x: &Matrix) -> Vec<Vec<f64>> {
        (0..x.rows).map(|i| self.logits_row(x.row(i))).collect()
    }

    /// Weights and biases on raw (uncentred) inputs, as f32.
    fn folded_weights(&self) -> (Vec<Vec<f32>>, Vec<f32>) {
        let (w, b) = self.theta.split_at(self.k * self.d);
        let rows: Vec<Vec<f32>> = w
            .chunks_exact(self.d)
            .map(|r| r.iter().map(|v| *v as f32).collect())
            .collect();
        let bias = (0..self.k)
            .map(|c| {
                let shift: f64 = w[c * self.d..(c + 1) * self.d]
                    .iter()
                    .zip(&self.mean)
                    .map(|(w, m)| w * m)
                    .sum();
                (b[c] - shift) as f32
            })
            .collect();
        (rows, bias)
    }
}

/// Fits softmax regression (mean cross-entropy + lambda/2 |W|^2, biases free) by L-BFGS.
fn fit_softmax(x: &Matrix, y: &[usize], k: usize, lambda: f64, max_iter: usize, warm: Option<Vec<f64>>) -> LinearModel {
    let d = x.cols;
    let mean = x.column_mean();
    let centred: Vec<f64> = (0..x.rows)
        .flat_map(|i| {
            x.row(i)
                .iter()
                .zip(&mean)
                .map(|(v, m)| f64::from(*v) - m)
                .collect::<Vec<_>>()
        })
        .collect();
    let problem = SoftmaxProblem {
        x: &centred,
        y,
        n: x.rows,
        d,
        k,
        lambda,
    };
    let start = warm
        .filter(|t| t.len() == k * d + k)
        .unwrap_or_else(|| vec![0.0; k * d + k]);
    let theta = lbfgs(|t, g| problem.value_and_gradient(t, g), start, max_iter);
    LinearModel {
        theta,
        mean,
        k,
        d,
        lambda,
    }
}

struct SoftmaxProblem<'a> {
    x: &'a [f64],
    y: &'a [usize],
    n: usize,
    d: usize,
    k: usize,
    lambda: f64,
}

impl SoftmaxProblem<'_> {
    /// Loss and gradient; rows are processed in fixed chunks whose partial sums are added in
    /// order, so the result does not depend on thread scheduling.
    fn value_and_gradient(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        let (k, d) = (self.k, self.d);
        let (w, b) = theta.split_at(k * d);
        let partials: Vec<(f64, Vec<f64>)> = (0..self.n)
            .collect::<Vec<_>>()
            .par_chunks(128)
            .map(|rows| {
                let mut g = vec![0.0; k * d + k];
                let mut loss = 0.0;
                let mut z = vec![0.0; k];
                for &i in rows {
                    let xi = &self.x[i * d..(i + 1) * d];
                    for c in 0..k {
                        z[c] = b[c] + dot(&w[c * d..(c + 1) * d], xi);
                    }
                    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    let sum: f64 = z.iter().map(|v| (v - max).exp()).sum();
                    let lse = max + sum.ln();
                    loss += lse - z[self.y[i]];
                    for c in 0..k {
                        let coef = (z[c] - lse).exp() - f64::from(u8::from(c == self.y[i]));
                        for (gj, xj) in g[c * d..(c + 1) * d].iter_mut().zip(xi) {
                            *gj += coef * xj;
                        }
                        g[k * d + c] += coef;
                    }
                }
                (loss, g)
            })
            .collect();
        let n = self.n.max(1) as f64;
        grad.iter_mut().for_each(|g| *g = 0.0);
        let mut loss = 0.0;
        for (l, g) in partials {
            loss += l;
            for (a, b) in grad.iter_mut().zip(&g) {
                *a += b;
            }
        }
        loss /= n;
        grad.iter_mut().for_each(|g| *g /= n);
        let penalty: f64 = w.iter().map(|v| v * v).sum::<f64>() * 0.5 * self.lambda;
        for (g, v) in grad[..k * d].iter_mut().zip(w) {
            *g += self.lambda * v;
        }
        loss + penalty
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Limited-memory BFGS (10 pairs) with a backtracking Armijo line search. Stops when the
/// gradient's largest component falls below 1e-6, the loss stops moving, or after `max_iter`.
fn lbfgs(mut f: impl FnMut(&[f64], &mut [f64]) -> f64, start: Vec<f64>, max_iter: usize) -> Vec<f64> {
    const MEMORY: usize = 10;
    let n = start.len();
    let mut x = start;
    let mut g = vec![0.0; n];
    let mut fx = f(&x, &mut g);
    let mut s_hist: Vec<Vec<f64>> = Vec::new();
    let mut y_hist: Vec<Vec<f64>> = Vec::new();
    let mut x_new = vec![0.0; n];
    let mut g_new = vec![0.0; n];
    for _ in 0..max_iter {
        if g.iter().fold(0.0_f64, |m, v| m.max(v.abs())) < 1e-6 {
            break;
        }
        // Two-loop recursion: direction = -H g.
        let mut q = g.clone();
        let mut alphas = Vec::with_capacity(s_hist.len());
        for (s, y) in s_hist.iter().zip(&y_hist).rev() {
            let rho = 1.0 / dot(y, s);
            let a = rho * dot(s, &q);
            q.iter_mut().zip(y).for_each(|(qi, yi)| *qi -= a * yi);
            alphas.push((a, rho));
        }
        if let (Some(s), Some(y)) = (s_hist.last(), y_hist.last()) {
            let gamma = dot(s, y) / dot(y, y);
            q.iter_mut().for_each(|v| *v *= gamma);
        } else {
            let norm = dot(&g, &g).sqrt().max(1e-12);
            q.iter_mut().for_each(|v| *v /= norm);
        }
        for ((s, y), (a, rho)) in s_hist.iter().zip(&y_hist).zip(alphas.into_iter().rev()) {
            let bcoef = rho * dot(y, &q);
            q.iter_mut().zip(s).for_each(|(qi, si)| *qi += (a - bcoef) * si);
        }
        let mut dir: Vec<f64> = q.iter().map(|v| -v).collect();
        let mut slope = dot(&g, &dir);
        if slope >= 0.0 {
            s_hist.clear();
            y_hist.clear();
            dir = g.iter().map(|v| -v).collect();
            slope = dot(&g, &dir);
        }
        let mut step = 1.0;
        let mut f_new;
        let mut accepted = false;
        for _ in 0..40 {
            x_new
                .iter_mut()
                .zip(&x)
                .zip(&dir)
                .for_each(|((xn, xi), di)| *xn = xi + step * di);
            f_new = f(&x_new, &mut g_new);
            if f_new <= fx + 1e-4 * step * slope {
                let s: Vec<f64> = x_new.iter().zip(&x).map(|(a, b)| a - b).collect();
                let y: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
                if dot(&s, &y) > 1e-12 {
                    if s_hist.len() == MEMORY {
                        s_hist.remove(0);
                        y_hist.remove(0);
                    }
                    s_hist.push(s);
                    y_hist.push(y);
                }
                let moved = (fx - f_new).abs() <= 1e-12 * fx.abs().max(1.0);
                std::mem::swap(&mut x, &mut x_new);
                std::mem::swap(&mut g, &mut g_new);
                fx = f_new;
                accepted = !moved;
                break;
            }
            step *= 0.5;
        }
        if !accepted {
            break;
        }
    }
    x
}

// ---------------------------------------------------------------------------------------------
// Calibration

fn softmax_f64(z: &[f64], t: f64) -> Vec<f64> {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = z.iter().map(|v| ((v - max) / t).exp()).collect();
    let s: f64 = e.iter().sum();
    e.into_iter().map(|v| v / s).collect()
}

/// Mean negative log-likelihood of the gold needs at temperature `t`.
fn nll(map: &ClassMap, logits: &[Vec<f64>], y: &[usize], rows: &[usize], t: f64) -> f64 {
    rows.iter()
        .map(|&i| -map.read(&logits[i], t).0[y[i]].max(1e-300).ln())
        .sum::<f64>()
        / rows.len().max(1) as f64
}

fn fit_temperature_on(map: &ClassMap, logits: &[Vec<f64>], y: &[usize], rows: &[usize]) -> f64 {
    // Golden-section search on ln T in [ln 0.05, ln 20]: the NLL is unimodal in T.
    let (mut lo, mut hi) = (0.05_f64.ln(), 20.0_f64.ln());
    let phi = (5.0_f64.sqrt() - 1.0) / 2.0;
    for _ in 0..80 {
        let a = hi - phi * (hi - lo);
        let b = lo + phi * (hi - lo);
        if nll(map, logits, y, rows, a.exp()) <= nll(map, logits, y, rows, b.exp()) {
            hi = b;
        } else {
            lo = a;
        }
    }
    ((lo + hi) / 2.0).exp()
}

/// The temperature that minimises the negative log-likelihood of the gold needs.
fn fit_temperature(map: &ClassMap, logits: &[Vec<f64>], y: &[usize]) -> f64 {
    let all: Vec<usize> = (0..y.len()).collect();
    fit_temperature_on(map, logits, y, &all)
}

/// (top need confidence, whether it is right) per row.
fn top_confidences(map: &ClassMap, logits: &[Vec<f64>], y: &[usize], t: f64, rows: &[usize]) -> Vec<(f64, bool)> {
    rows.iter()
        .map(|&i| {
            let needs = map.read(&logits[i], t).0;
            let top = argmax(&needs);
            (needs[top], top == y[i])
        })
        .collect()
}

/// ECE when each half of dev is scaled with the temperature fitted on the other half.
fn two_fold_ece(map: &ClassMap, logits: &[Vec<f64>], y: &[usize]) -> f64 {
    let halves: [Vec<usize>; 2] = [
        (0..y.len()).filter(|i| i % 2 == 0).collect(),
        (0..y.len()).filter(|i| i % 2 == 1).collect(),
    ];
    let mut cases = Vec::new();
    for h in 0..2 {
        let t = fit_temperature_on(map, logits, y, &halves[1 - h]);
        cases.extend(top_confidences(map, logits, y, t, &halves[h]));
    }
    expected_calibration_error(&cases, 10)
}

// ---------------------------------------------------------------------------------------------
// Small helpers

fn label_index(labels: &[NeedLabel], need: NeedLabel) -> usize {
    labels.iter().position(|l| *l == need).unwrap_or(labels.len() - 1)
}

fn pairs(labels: &[NeedLabel], gold: &[usize], pred: &[usize]) -> Vec<(NeedLabel, NeedLabel)> {
    gold.iter().zip(pred).map(|(g, p)| (labels[*g], labels[*p])).collect()
}

fn argmax(v: &[f64]) -> usize {
    v.iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
        .map_or(0, |(i, _)| i)
}

fn share(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

fn accuracy(gold: &[usize], pred: &[usize]) -> f64 {
    share(gold.iter().zip(pred).filter(|(g, p)| g == p).count(), gold.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lbfgs_finds_a_quadratic_minimum() {
        let x = lbfgs(
            |t, g| {
                g[0] = 2.0 * (t[0] - 3.0);
                g[1] = 20.0 * (t[1] + 1.0);
                (t[0] - 3.0).powi(2) + 10.0 * (t[1] + 1.0).powi(2)
            },
            vec![0.0, 0.0],
            100,
        );
        assert!((x[0] - 3.0).abs() < 1e-5 && (x[1] + 1.0).abs() < 1e-5, "{x:?}");
    }

    #[test]
    fn softmax_regression_separates_separable_points() {
        let rows = vec![vec![1.0, 0.0], vec![0.9, 0.1], vec![0.0, 1.0], vec![0.1, 0.9]];
        let x = Matrix::from_rows(&rows, 2).unwrap();
        let m = fit_softmax(&x, &[0, 0, 1, 1], 2, 1e-3, 200, None);
        let pred: Vec<usize> = m.logits(&x).iter().map(|z| argmax(z)).collect();
        assert_eq!(pred, vec![0, 0, 1, 1]);
        let (w, b) = m.folded_weights();
        let raw = |i: usize, c: usize| b[c] + w[c][0] * rows[i][0] + w[c][1] * rows[i][1];
        assert!((f64::from(raw(0, 0) - raw(0, 1)) - (m.logits(&x)[0][0] - m.logits(&x)[0][1])).abs() < 1e-3);
    }

    #[test]
    fn temperature_flattens_overconfident_logits() {
        // Right only half the time, with huge margins: the temperature must grow.
        let labels = [NeedLabel::Food, NeedLabel::Other];
        let classes = labels.map(|need| OutputClass { need, crisis: false });
        let map = ClassMap::new(&labels, &classes);
        let logits = vec![vec![10.0, 0.0], vec![10.0, 0.0], vec![0.0, 10.0], vec![10.0, 0.0]];
        let t = fit_temperature(&map, &logits, &[0, 1, 1, 1]);
        assert!(t > 3.0, "{t}");
    }

    #[test]
    fn csv_reader_handles_quotes_and_line_breaks() {
        let rows = parse_csv("a,b\n1,\"x, \"\"y\"\"\nz\"\n");
        assert_eq!(rows, vec![vec!["a", "b"], vec!["1", "x, \"y\"\nz"]]);
    }
}
