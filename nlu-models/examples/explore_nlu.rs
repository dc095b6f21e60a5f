// TEMPORARY (helper scratch): trains from cached embeddings and prints diagnostics.
use frontdoor_nlu::classifier::{ClassifierWeights, NeedClassifier};
use frontdoor_nlu::crisis::{CrisisDetector, CrisisLexicon};
use frontdoor_nlu::eval::read_set;
use frontdoor_nlu::train::{train_from_embedded, write_weights, EmbeddedSet, TrainSettings};
use std::path::Path;

fn load(name: &str) -> EmbeddedSet {
    let messages = read_set(Path::new(&format!("/work/main/eval-sets/nlu/{name}.jsonl"))).unwrap();
    let raw = std::fs::read(format!("/work/scratch/{name}.f32")).unwrap();
    let floats: Vec<f32> = raw
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    let embeddings = floats.chunks_exact(384).map(|c| c.to_vec()).collect();
    EmbeddedSet { messages, embeddings }
}

fn main() {
    let train = load("train");
    let dev = load("dev");
    let what = std::env::args().nth(1).unwrap_or_default();
    if what == "multi" {
        let w = ClassifierWeights::bundled().unwrap();
        let clf = NeedClassifier::new(&w).unwrap();
        let e5 =
            frontdoor_nlu::E5Embedder::load(Path::new("/work/main/frontdoor-data/models/e5-small-q4.bin")).unwrap();
        let raw = std::fs::read_to_string("/work/main/nlu-models/tests/fixtures/multi_need_cases.tsv").unwrap();
        for line in raw.lines().filter(|l| !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let text = cols[2];
            let whole = clf.ranked(&e5.embed_one(text, frontdoor_nlu::EmbedKind::Query));
            println!(
                "{} :: whole {:?}",
                cols[1],
                whole
                    .iter()
                    .take(3)
                    .map(|s| format!("{} {:.2}", s.need, s.confidence))
                    .collect::<Vec<_>>()
            );
            for c in frontdoor_nlu::classifier::clauses(text) {
                let r = clf.ranked(&e5.embed_one(c, frontdoor_nlu::EmbedKind::Query));
                println!(
                    "    {c:?}: {:?}",
                    r.iter()
                        .take(2)
                        .map(|s| format!("{} {:.2}", s.need, s.confidence))
                        .collect::<Vec<_>>()
                );
            }
        }
        return;
    }
    if what == "lexicon" {
        let lex = CrisisLexicon::bundled();
        for (name, set) in [("train", &train), ("dev", &dev)] {
            let (mut tp, mut fp, mut pos) = (0, 0, 0);
            for m in &set.messages {
                let r = lex.read(&m.text);
                let gold = m.crisis == Some(true);
                pos += gold as usize;
                if !r.hits.is_empty() && gold {
                    tp += 1;
                }
                if !r.hits.is_empty() && !gold {
                    fp += 1;
                    println!(
                        "FP {name} [{}] {:?} :: {}",
                        m.lang.as_deref().unwrap_or(""),
                        r.hits
                            .iter()
                            .map(|h| format!("{}{}", if h.strong { "" } else { "~" }, h.phrase))
                            .collect::<Vec<_>>(),
                        m.text
                    );
                }
                if r.strong().is_none() && gold {
                    println!(
                        "MISS {name} [{}] {} :: {}",
                        m.lang.as_deref().unwrap_or(""),
                        m.need,
                        m.text
                    );
                }
            }
            println!("{name}: lexicon recall {}/{} fp {}", tp, pos, fp);
        }
        return;
    }
    let t0 = std::time::Instant::now();
    let mut settings = TrainSettings::default();
    if let Ok(l) = std::env::var("NEED_L") {
        settings.lambdas = l.split(',').map(|x| x.parse().unwrap()).collect();
    }
    if let Ok(l) = std::env::var("ITERS") {
        settings.max_iterations = l.parse().unwrap();
    }
    let (weights, report) = train_from_embedded(&train, &dev, &settings, serde_json::json!({})).unwrap();
    eprintln!("trained in {:?}", t0.elapsed());
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
    write_weights(Path::new("/work/scratch/need-classifier.json"), &weights).unwrap();
    let w = ClassifierWeights::from_json(&weights.to_json()).unwrap();
    let clf = NeedClassifier::new(&w).unwrap();
    let det = CrisisDetector::new(&w, CrisisLexicon::bundled().clone());
    let (mut tp, mut fp, mut fneg) = (0, 0, 0);
    for (m, e) in dev.messages.iter().zip(&dev.embeddings) {
        let reading = clf.read(e);
        let a = det.assess(&m.text, &reading);
        let gold = m.crisis == Some(true);
        match (gold, a.signal) {
            (true, Some(s)) => {
                tp += 1;
                println!(
                    "TP [{}] {:?} p={:.3} lex={:?} :: {}",
                    m.lang.as_deref().unwrap_or(""),
                    s.kind,
                    a.head_probability,
                    a.lexicon.hits.first().map(|h| h.phrase.clone()),
                    m.text
                );
            }
            (false, Some(s)) => {
                fp += 1;
                println!(
                    "FP [{}] {:?} p={:.3} lex={:?} :: {}",
                    m.lang.as_deref().unwrap_or(""),
                    s.kind,
                    a.head_probability,
                    a.lexicon.hits.first().map(|h| h.phrase.clone()),
                    m.text
                );
            }
            (true, None) => {
                fneg += 1;
                println!(
                    "MISS [{}] p={:.3} fig={} :: {}",
                    m.lang.as_deref().unwrap_or(""),
                    a.head_probability,
                    a.lexicon.figurative,
                    m.text
                );
            }
            _ => {}
        }
    }
    println!("dev crisis tp {tp} fp {fp} fn {fneg}");
    for t in [0.1f32, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5] {
        let mut w2 = w.clone();
        w2.crisis.threshold = t;
        w2.crisis.weak_phrase_threshold = t / 2.0;
        w2.crisis.figurative_threshold = w2.crisis.figurative_threshold.max(t);
        let det2 = CrisisDetector::new(&w2, CrisisLexicon::bundled().clone());
        let (mut tp, mut fp, mut fneg) = (0, 0, 0);
        for (m, e) in dev.messages.iter().zip(&dev.embeddings) {
            let d = det2.detect(&m.text, &clf.read(e)).is_some();
            let g = m.crisis == Some(true);
            if d && g {
                tp += 1
            } else if d {
                fp += 1
            } else if g {
                fneg += 1
            }
        }
        println!(
            "t={t}: recall {:.3} precision {:.3}",
            tp as f32 / (tp + fneg) as f32,
            tp as f32 / (tp + fp) as f32
        );
    }
    // need errors
    let mut wrong = 0;
    for (m, e) in dev.messages.iter().zip(&dev.embeddings) {
        let r = clf.ranked(e);
        if r[0].need != m.need {
            wrong += 1;
            if what == "errors" {
                println!(
                    "ERR [{}] gold={} pred={} {:.2} :: {}",
                    m.lang.as_deref().unwrap_or(""),
                    m.need,
                    r[0].need,
                    r[0].confidence,
                    m.text
                );
            }
        }
    }
    println!("dev need errors {wrong}/{}", dev.messages.len());
}
