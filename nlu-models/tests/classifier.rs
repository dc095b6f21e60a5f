//! The need classifier, the crisis detector and `eval nlu` with the real model and the committed
//! weights (`weights/need-classifier.json`):
//!
//! * clear messages in several languages (`fixtures/classifier_cases.tsv`) get their need;
//! * calibration: on dev, the mean top confidence is close to the accuracy;
//! * `dev2.jsonl` (never trained or tuned on) keeps its macro-F1 and crisis recall;
//! * crisis: every crisis message of dev is caught, and the figures of speech of
//!   `fixtures/crisis_figurative.tsv` are not;
//! * the bundled exemplar memory is the weights' own, and its nearest rows vote;
//! * multi-need: the messages of `fixtures/multi_need_cases.tsv` name the right needs;
//! * `eval_nlu` prints exactly the DESIGN.md §6 keys, and lists the messages it got wrong;
//! * training is deterministic: twice on a small subset gives the same weights and memory files.
//!
//! The model comes from `FRONTDOOR_MODEL_PATH` or is fetched once (see `common/mod.rs`). The
//! test split is never read here.

mod common;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use frontdoor_core::ports::Understanding;
use frontdoor_core::types::NeedLabel;
use frontdoor_nlu::classifier::{ClassifierWeights, BUNDLED_MEMORY, BUNDLED_WEIGHTS_JSON};
use frontdoor_nlu::entities::PlaceMatcher;
use frontdoor_nlu::eval::{eval_nlu, eval_nlu_with_mistakes, read_set, LabelledMessage};
use frontdoor_nlu::train::train_need_classifier;
use frontdoor_nlu::{E5Embedder, EmbedKind, ExemplarMemory, NluUnderstanding};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn understanding() -> &'static NluUnderstanding {
    static NLU: OnceLock<NluUnderstanding> = OnceLock::new();
    NLU.get_or_init(|| {
        let embedder = Arc::new(E5Embedder::load(&common::test_model_path()).expect("loading the model"));
        let weights = ClassifierWeights::from_json(BUNDLED_WEIGHTS_JSON).expect("the committed weights load");
        let tsv = std::fs::read_to_string(repo().join("directory/data/places/ontario-places.tsv")).expect("gazetteer");
        let places = PlaceMatcher::from_tsv(&tsv).expect("gazetteer reads");
        NluUnderstanding::from_parts(embedder, &weights, places).expect("understanding builds")
    })
}

fn dev() -> &'static [LabelledMessage] {
    static DEV: OnceLock<Vec<LabelledMessage>> = OnceLock::new();
    DEV.get_or_init(|| read_set(&repo().join("eval-sets/nlu/dev.jsonl")).expect("dev set"))
}

/// Tab-separated fixture rows, comments and blank lines skipped.
fn fixture(name: &str, columns: usize) -> Vec<Vec<String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    raw.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let cols: Vec<String> = l.split('\t').map(str::to_owned).collect();
            assert_eq!(cols.len(), columns, "{name}: want {columns} columns in {l:?}");
            cols
        })
        .collect()
}

fn label(s: &str) -> NeedLabel {
    s.parse().unwrap_or_else(|_| panic!("not a need label: {s}"))
}

#[test]
fn committed_weights_classify_clear_messages_in_several_languages() {
    let nlu = understanding();
    let mut wrong = Vec::new();
    for row in fixture("classifier_cases.tsv", 3) {
        let got = nlu.understand(&row[2], None);
        let top = got.needs.first().expect("at least one need");
        if top.need != label(&row[1]) {
            wrong.push(format!(
                "[{}] {:?}: want {}, got {} ({:.2})",
                row[0], row[2], row[1], top.need, top.confidence
            ));
        }
    }
    assert!(wrong.is_empty(), "misclassified:\n{}", wrong.join("\n"));
}

#[test]
fn needs_are_sorted_and_confidences_are_probabilities() {
    let got = understanding().understand("i need help paying my hydro bill", None);
    assert!(!got.needs.is_empty() && got.needs.len() <= 4);
    assert!(
        got.needs.windows(2).all(|w| w[0].confidence >= w[1].confidence),
        "{:?}",
        got.needs
    );
    assert!(got.needs.iter().all(|n| (0.0..=1.0).contains(&n.confidence)));
    let report = understanding().report("i need help paying my hydro bill", None);
    let total: f32 = report.ranked().iter().map(|s| s.confidence).sum();
    assert!((total - 1.0).abs() < 1e-3, "the 19 probabilities sum to {total}");
}

#[test]
fn confidence_is_calibrated_on_dev() {
    let nlu = understanding();
    let (mut right, mut confidence) = (0.0, 0.0);
    for m in dev() {
        let top = nlu.understand(&m.text, None).needs[0];
        right += f64::from(u8::from(top.need == m.need));
        confidence += f64::from(top.confidence);
    }
    let n = dev().len() as f64;
    let (accuracy, mean_confidence) = (right / n, confidence / n);
    assert!(
        (accuracy - mean_confidence).abs() < 0.05,
        "dev accuracy {accuracy:.3} but mean confidence {mean_confidence:.3}: calibration is off"
    );
}

#[test]
fn the_bundled_exemplar_memory_is_the_weights_own_and_votes() {
    let weights = ClassifierWeights::bundled().expect("bundled weights");
    let settings = weights
        .memory
        .clone()
        .expect("the bundled weights read an exemplar memory");
    let memory = ExemplarMemory::parse(BUNDLED_MEMORY).expect("the bundled memory parses");
    assert_eq!(memory.sha256(), settings.sha256);
    assert_eq!(memory.len(), settings.rows);
    weights.check_memory(&memory).expect("it is theirs");
    // Its rows are train's messages: a train message's nearest row is itself (cosine ~1), so
    // its vote goes to the message's own class.
    let nlu = understanding();
    let embedder = nlu.embedder();
    let train_set = read_set(&repo().join("eval-sets/nlu/train.jsonl")).expect("train set");
    let classifier = nlu.classifier();
    for m in train_set.iter().step_by(997) {
        let e = &embedder.embed_with(&[m.text.as_str()], EmbedKind::Query, nlu.adapted_layers())[0];
        let votes = memory.votes(e, 1, 0.0, weights.classes.len(), |_| false);
        let class = votes.iter().position(|&v| v == 1.0).expect("one row votes");
        assert_eq!(weights.classes[class].need, m.need, "{}", m.text);
        assert_ne!(
            classifier.logits(e),
            classifier.biased_logits(e),
            "the memory moved nothing"
        );
    }
}

#[test]
fn every_dev_crisis_is_detected() {
    let nlu = understanding();
    let missed: Vec<&str> = dev()
        .iter()
        .filter(|m| m.crisis == Some(true))
        .filter(|m| nlu.understand(&m.text, None).crisis.is_none())
        .map(|m| m.text.as_str())
        .collect();
    assert!(missed.is_empty(), "crisis messages of dev not detected: {missed:#?}");
}

/// `dev2.jsonl` was written by other hands than train and dev and is never trained or tuned on
/// (see `eval-sets/nlu/README.md`). Its messages state their need plainly: the committed weights
/// score it above 0.95 macro-F1, so falling under 0.93 means something broke, not noise.
#[test]
fn the_second_dev_set_is_read_well() {
    let out = eval_nlu(understanding(), &repo().join("eval-sets/nlu/dev2.jsonl")).expect("eval runs");
    let (f1, recall) = (
        out["macro_f1"].as_f64().unwrap(),
        out["crisis_recall"].as_f64().unwrap(),
    );
    assert!(f1 >= 0.93, "dev2 macro-F1 {f1:.3}");
    assert!(recall >= 0.95, "dev2 crisis recall {recall:.3}");
}

#[test]
fn figures_of_speech_do_not_raise_a_crisis() {
    let nlu = understanding();
    let fired: Vec<String> = fixture("crisis_figurative.tsv", 2)
        .into_iter()
        .filter_map(|row| {
            let got = nlu.understand(&row[1], None);
            got.crisis.map(|c| format!("[{}] {:?}: {:?}", row[0], row[1], c))
        })
        .collect();
    assert!(
        fired.is_empty(),
        "figures of speech taken for a crisis:\n{}",
        fired.join("\n")
    );
}

#[test]
fn crisis_kind_is_named() {
    use frontdoor_core::event::CrisisKind;
    let nlu = understanding();
    let cases = [
        ("i want to kill myself tonight", CrisisKind::Suicide),
        (
            "my boyfriend is hitting me right now and says he's going to kill me",
            CrisisKind::Violence,
        ),
        (
            "my friend took a bunch of pills and won't wake up",
            CrisisKind::Overdose,
        ),
        (
            "mon père a une douleur à la poitrine pis y respire mal",
            CrisisKind::MedicalEmergency,
        ),
        (
            "the kids next door have been home alone for two days",
            CrisisKind::ChildInDanger,
        ),
    ];
    for (text, kind) in cases {
        let crisis = nlu.understand(text, None).crisis;
        assert_eq!(crisis.map(|c| c.kind), Some(kind), "{text:?}");
    }
}

#[test]
fn messages_naming_two_needs_name_both() {
    let nlu = understanding();
    let mut wrong = Vec::new();
    for row in fixture("multi_need_cases.tsv", 3) {
        // Which of two named needs comes first is a judgement call: compare as sets.
        let mut want: Vec<NeedLabel> = row[1].split(',').map(label).collect();
        let mut got: Vec<NeedLabel> = nlu.report(&row[2], None).needs_named.iter().map(|s| s.label).collect();
        want.sort();
        got.sort();
        if got != want {
            wrong.push(format!("[{}] {:?}: want {want:?}, got {got:?}", row[0], row[2]));
        }
    }
    // Reported as a measure; a few misses are expected (see the crate notes).
    let n = fixture("multi_need_cases.tsv", 3).len();
    eprintln!("multi-need: {}/{n} right\n{}", n - wrong.len(), wrong.join("\n"));
    assert!(
        wrong.len() * 10 <= n * 3,
        "more than 30% of the multi-need cases wrong:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn eval_json_has_exactly_the_contract_keys() {
    let dir = std::env::temp_dir().join(format!("frontdoor-nlu-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let set = dir.join("set.jsonl");
    let rows: Vec<String> = dev()
        .iter()
        .take(12)
        .map(|m| serde_json::json!({"text": m.text, "need": m.need, "lang": m.lang, "crisis": m.crisis}).to_string())
        .chain([r#"{"text": "thanks!", "need": "other"}"#.to_owned()])
        .collect();
    std::fs::write(&set, rows.join("\n")).expect("writing the set");
    let out = eval_nlu(understanding(), &set).expect("eval runs");
    let mut keys: Vec<&str> = out.as_object().expect("an object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "accuracy",
            "confusion",
            "crisis_precision",
            "crisis_recall",
            "language_accuracy",
            "macro_f1",
            "n",
            "per_label",
            "per_language",
        ]
    );
    assert_eq!(out["n"], 13);
    let per_label = out["per_label"].as_object().expect("per_label");
    for stats in per_label.values() {
        let mut k: Vec<&str> = stats
            .as_object()
            .expect("label stats")
            .keys()
            .map(String::as_str)
            .collect();
        k.sort_unstable();
        assert_eq!(k, ["f1", "precision", "recall", "support"]);
    }
    for stats in out["per_language"].as_object().expect("per_language").values() {
        let mut k: Vec<&str> = stats
            .as_object()
            .expect("language stats")
            .keys()
            .map(String::as_str)
            .collect();
        k.sort_unstable();
        assert_eq!(k, ["accuracy", "n"]);
    }
    let language_rows = dev().iter().take(12).filter(|m| m.lang.is_some()).count();
    assert!(language_rows > 0 && out["language_accuracy"].is_number());

    // `--mistakes`: the messages whose need or crisis flag was wrong, with what was predicted.
    // A clear food message labelled `legal`, and a clear crisis labelled calm, must be listed.
    let food = r#"{"text": "we have no food left and payday is next week", "need": "legal", "crisis": false}"#;
    let crisis = r#"{"text": "i took all my pills and i want to die", "need": "mental_health", "crisis": false}"#;
    std::fs::write(&set, [food, crisis, rows[12].as_str()].join("\n")).expect("writing the set");
    let (metrics, mistakes) = eval_nlu_with_mistakes(understanding(), &set).expect("eval runs");
    assert_eq!(metrics["n"], 3);
    assert_eq!(mistakes.len(), 2, "{mistakes:#?}");
    assert_eq!(mistakes[0]["need"], "legal");
    assert_eq!(mistakes[0]["predicted_need"], "food");
    assert_eq!(mistakes[1]["crisis"], false);
    assert_eq!(mistakes[1]["predicted_crisis"], true);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn training_is_deterministic() {
    let dir = std::env::temp_dir().join(format!("frontdoor-nlu-train-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // A small subset that still has every label and crisis messages of several needs.
    let train_set = read_set(&repo().join("eval-sets/nlu/train.jsonl")).expect("train set");
    let mut subset: Vec<&LabelledMessage> = Vec::new();
    for need in NeedLabel::ALL {
        subset.extend(
            train_set
                .iter()
                .filter(|m| m.need == need && m.crisis != Some(true))
                .take(4),
        );
        subset.extend(
            train_set
                .iter()
                .filter(|m| m.need == need && m.crisis == Some(true))
                .take(6),
        );
    }
    let write = |name: &str, rows: &[&LabelledMessage]| {
        let path = dir.join(name);
        let lines: Vec<String> = rows
            .iter()
            .map(|m| {
                serde_json::json!({"text": m.text, "need": m.need, "lang": m.lang, "crisis": m.crisis}).to_string()
            })
            .collect();
        std::fs::write(&path, lines.join("\n")).expect("writing a subset");
        path
    };
    let train = write("train.jsonl", &subset);
    let dev_rows: Vec<&LabelledMessage> = dev().iter().take(40).collect();
    let dev = write("dev.jsonl", &dev_rows);
    let embedder = understanding().embedder();
    let (first, first_memory, _) = train_need_classifier(embedder, None, &train, &dev, None).expect("first training");
    let (second, second_memory, _) =
        train_need_classifier(embedder, None, &train, &dev, None).expect("second training");
    assert_eq!(
        first.to_json(),
        second.to_json(),
        "two trainings on the same data differ"
    );
    assert_eq!(
        first_memory.as_ref().map(|m| m.to_bytes()),
        second_memory.as_ref().map(|m| m.to_bytes()),
        "two trainings wrote different exemplar memories"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
