//! `frontdoor eval nlu`: need, crisis and language metrics of an [`Understanding`] on a labelled
//! set, as the JSON object DESIGN.md §6 fixes (contract):
//!
//! ```json
//! {"n", "accuracy", "macro_f1",
//!  "per_label": {label: {"precision", "recall", "f1", "support"}},
//!  "per_language": {lang: {"n", "accuracy"}},
//!  "language_accuracy", "crisis_precision", "crisis_recall",
//!  "confusion": {gold: {pred: count}}}
//! ```
//!
//! The need prediction is the understanding's first need (`other` when it gives none). Macro-F1
//! averages over the labels that occur as gold or as prediction. `per_language` groups need
//! accuracy by the gold `lang`; `language_accuracy` counts detected = gold over the rows that
//! have a `lang`; the crisis figures use only rows that have a `crisis` flag. A figure with
//! nothing to count (no row with `lang`, no crisis predicted) is `null`.
//!
//! Also here: the set reader ([`read_set`]) the trainer shares, and the metric helpers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use frontdoor_core::ports::Understanding;
use frontdoor_core::types::NeedLabel;
use serde::Deserialize;
use serde_json::{json, Value};

/// One labelled message of an NLU set (DESIGN.md §6).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub struct LabelledMessage {
    /// The message.
    pub text: String,
    /// Its primary need.
    pub need: NeedLabel,
    /// Its language (ISO 639-1), when labelled.
    #[serde(default)]
    pub lang: Option<String>,
    /// Risk to life now, when labelled.
    #[serde(default)]
    pub crisis: Option<bool>,
}

/// Why a set could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SetError {
    /// The file could not be read.
    #[error("reading {path}: {source}")]
    Io {
        /// The set.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A line is not a labelled message.
    #[error("{path} line {line}: {reason}")]
    Line {
        /// The set.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong (for a bad label: which).
        reason: String,
    },
}

/// Reads a JSON Lines NLU set; blank lines are skipped.
pub fn read_set(path: &Path) -> Result<Vec<LabelledMessage>, SetError> {
    let text = std::fs::read_to_string(path).map_err(|source| SetError::Io {
        path: path.to_owned(),
        source,
    })?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str::<LabelledMessage>(l).map_err(|e| SetError::Line {
                path: path.to_owned(),
                line: i + 1,
                reason: e.to_string(),
            })
        })
        .collect()
}

/// Runs `understanding` on every message of the set at `set_path` and returns the DESIGN.md §6
/// metrics object.
pub fn eval_nlu(understanding: &dyn Understanding, set_path: &Path) -> Result<Value, SetError> {
    eval_nlu_with_mistakes(understanding, set_path).map(|(metrics, _)| metrics)
}

/// [`eval_nlu`], and the messages whose need or crisis flag was wrong, each with what was
/// predicted (what `frontdoor eval nlu --mistakes FILE` writes, to read a model's errors).
pub fn eval_nlu_with_mistakes(
    understanding: &dyn Understanding,
    set_path: &Path,
) -> Result<(Value, Vec<Value>), SetError> {
    let set = read_set(set_path)?;
    let predictions: Vec<Prediction> = set
        .iter()
        .map(|m| {
            let u = understanding.understand(&m.text, None);
            Prediction {
                need: u.needs.first().map_or(NeedLabel::Other, |n| n.need),
                lang: u.lang.map(|l| l.as_str().to_owned()),
                crisis: u.crisis.is_some(),
            }
        })
        .collect();
    let mistakes = set
        .iter()
        .zip(&predictions)
        .filter(|(m, p)| m.need != p.need || m.crisis.is_some_and(|c| c != p.crisis))
        .map(|(m, p)| {
            json!({"text": m.text, "lang": m.lang, "need": m.need, "predicted_need": p.need,
                   "crisis": m.crisis, "predicted_crisis": p.crisis})
        })
        .collect();
    Ok((metrics(&set, &predictions), mistakes))
}

/// What an understanding predicted for one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prediction {
    /// First need (`other` when none).
    pub need: NeedLabel,
    /// Detected language.
    pub lang: Option<String>,
    /// A crisis signal was raised.
    pub crisis: bool,
}

/// The DESIGN.md §6 metrics object for gold messages and predictions (same order).
pub fn metrics(gold: &[LabelledMessage], predicted: &[Prediction]) -> Value {
    let n = gold.len().min(predicted.len());
    let (gold, predicted) = (&gold[..n], &predicted[..n]);
    let pairs: Vec<(NeedLabel, NeedLabel)> = gold.iter().zip(predicted).map(|(g, p)| (g.need, p.need)).collect();
    let correct = pairs.iter().filter(|(g, p)| g == p).count();

    let per_label_stats = per_label(&pairs);
    let macro_f1 = mean(per_label_stats.values().map(|s| s.f1));
    let per_label_json: serde_json::Map<String, Value> = per_label_stats
        .iter()
        .map(|(label, s)| {
            (
                label.as_str().to_owned(),
                json!({"precision": s.precision, "recall": s.recall, "f1": s.f1, "support": s.support}),
            )
        })
        .collect();

    let mut by_lang: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let (mut lang_rows, mut lang_right) = (0, 0);
    for (g, p) in gold.iter().zip(predicted) {
        let Some(lang) = g.lang.as_deref() else { continue };
        let cell = by_lang.entry(lang).or_default();
        cell.0 += 1;
        cell.1 += usize::from(g.need == p.need);
        lang_rows += 1;
        lang_right += usize::from(p.lang.as_deref() == Some(lang));
    }
    let per_language: serde_json::Map<String, Value> = by_lang
        .into_iter()
        .map(|(lang, (rows, right))| (lang.to_owned(), json!({"n": rows, "accuracy": ratio(right, rows)})))
        .collect();

    let (mut tp, mut fp, mut fneg) = (0, 0, 0);
    for (g, p) in gold.iter().zip(predicted) {
        match (g.crisis, p.crisis) {
            (Some(true), true) => tp += 1,
            (Some(false), true) => fp += 1,
            (Some(true), false) => fneg += 1,
            _ => {}
        }
    }

    let mut confusion: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for (g, p) in &pairs {
        *confusion.entry(g.as_str()).or_default().entry(p.as_str()).or_default() += 1;
    }

    json!({
        "n": n,
        "accuracy": ratio(correct, n),
        "macro_f1": macro_f1,
        "per_label": per_label_json,
        "per_language": per_language,
        "language_accuracy": ratio(lang_right, lang_rows),
        "crisis_precision": ratio(tp, tp + fp),
        "crisis_recall": ratio(tp, tp + fneg),
        "confusion": confusion,
    })
}

/// Precision, recall, F1 and support of one label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LabelStats {
    /// Of the messages predicted with the label, the share that had it.
    pub precision: f64,
    /// Of the messages with the label, the share predicted with it.
    pub recall: f64,
    /// Their harmonic mean.
    pub f1: f64,
    /// Messages with the label.
    pub support: usize,
}

/// Per-label statistics over (gold, predicted) pairs, for every label seen on either side.
pub fn per_label(pairs: &[(NeedLabel, NeedLabel)]) -> BTreeMap<NeedLabel, LabelStats> {
    let mut labels: Vec<NeedLabel> = pairs.iter().flat_map(|(g, p)| [*g, *p]).collect();
    labels.sort();
    labels.dedup();
    labels
        .into_iter()
        .map(|label| {
            let tp = pairs.iter().filter(|(g, p)| *g == label && *p == label).count();
            let predicted = pairs.iter().filter(|(_, p)| *p == label).count();
            let support = pairs.iter().filter(|(g, _)| *g == label).count();
            let precision = ratio(tp, predicted).unwrap_or(0.0);
            let recall = ratio(tp, support).unwrap_or(0.0);
            let f1 = if precision + recall > 0.0 {
                2.0 * precision * recall / (precision + recall)
            } else {
                0.0
            };
            (
                label,
                LabelStats {
                    precision,
                    recall,
                    f1,
                    support,
                },
            )
        })
        .collect()
}

/// Macro-F1 over (gold, predicted) pairs.
pub fn macro_f1(pairs: &[(NeedLabel, NeedLabel)]) -> f64 {
    mean(per_label(pairs).values().map(|s| s.f1)).unwrap_or(0.0)
}

/// Expected calibration error with `bins` equal-width confidence bins: the gap between
/// confidence and accuracy, weighted by how many predictions fall in each bin.
pub fn expected_calibration_error(confidence_correct: &[(f64, bool)], bins: usize) -> f64 {
    let n = confidence_correct.len();
    if n == 0 || bins == 0 {
        return 0.0;
    }
    let mut sums = vec![(0.0_f64, 0.0_f64, 0_usize); bins];
    for &(c, ok) in confidence_correct {
        // Bin i holds (i/bins, (i+1)/bins]; a confidence of 0 goes to the first bin.
        let b = ((c * bins as f64).ceil() as usize).clamp(1, bins) - 1;
        sums[b].0 += c;
        sums[b].1 += f64::from(u8::from(ok));
        sums[b].2 += 1;
    }
    sums.iter()
        .filter(|s| s.2 > 0)
        .map(|&(c, a, k)| (k as f64 / n as f64) * ((c - a) / k as f64).abs())
        .sum()
}

fn ratio(num: usize, den: usize) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, count) = values.fold((0.0, 0usize), |(s, c), v| (s + v, c + 1));
    (count > 0).then(|| sum / count as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(need: NeedLabel, lang: Option<&str>, crisis: Option<bool>) -> LabelledMessage {
        LabelledMessage {
            text: String::new(),
            need,
            lang: lang.map(str::to_owned),
            crisis,
        }
    }

    #[test]
    fn metrics_count_what_the_contract_says() {
        use NeedLabel::*;
        let gold = [
            msg(Food, Some("en"), Some(false)),
            msg(Food, Some("fr"), Some(true)),
            msg(Shelter, None, None),
        ];
        let pred = [
            Prediction {
                need: Food,
                lang: Some("en".into()),
                crisis: true,
            },
            Prediction {
                need: Shelter,
                lang: Some("en".into()),
                crisis: true,
            },
            Prediction {
                need: Shelter,
                lang: None,
                crisis: true,
            },
        ];
        let m = metrics(&gold, &pred);
        assert_eq!(m["n"], 3);
        assert!((m["accuracy"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(m["language_accuracy"], 0.5, "only rows with a lang count");
        assert_eq!(m["crisis_precision"], 0.5, "only rows with a crisis flag count");
        assert_eq!(m["crisis_recall"], 1.0);
        assert_eq!(m["per_label"]["food"]["support"], 2);
        assert_eq!(m["confusion"]["food"]["shelter"], 1);
        assert_eq!(m["per_language"]["fr"]["accuracy"], 0.0);
    }

    #[test]
    fn ece_is_zero_when_confidence_matches_accuracy() {
        let cases = [(0.5, true), (0.5, false), (1.0, true)];
        assert!(expected_calibration_error(&cases, 10) < 1e-12);
        assert!((expected_calibration_error(&[(0.9, false)], 10) - 0.9).abs() < 1e-12);
    }
}
