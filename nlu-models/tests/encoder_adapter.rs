//! The need encoder: `E5Embedder::adapt` merges the committed adapter
//! (`weights/need-classifier.encoder.bin`) into the model, and the result must be the encoder
//! PyTorch trained.
//!
//! `fixtures/encoder_adapter_reference.json` holds PyTorch's embeddings of a few sentences under
//! the adapter, written by `nlu-models/train/finetune_encoder.py` (an independent forward pass:
//! torch's own linear, attention, LayerNorm and GELU over the dequantised weights, with the
//! LoRA update applied as a separate product rather than merged). Each Rust vector must match
//! within cosine 0.999, and must differ from the original encoder's (else the test could not
//! tell whether the adapter was applied at all).

mod common;

use std::path::Path;
use std::sync::Arc;

use frontdoor_nlu::classifier::{ClassifierWeights, BUNDLED_ENCODER_ADAPTER, BUNDLED_WEIGHTS_JSON};
use frontdoor_nlu::entities::PlaceMatcher;
use frontdoor_nlu::{E5Embedder, EmbedKind, EncoderAdapter, NluUnderstanding};

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let n = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (n(a) * n(b))
}

fn places() -> PlaceMatcher {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../directory/data/places/ontario-places.tsv");
    PlaceMatcher::from_tsv(&std::fs::read_to_string(path).expect("gazetteer")).expect("gazetteer reads")
}

#[test]
fn adapted_encoder_matches_the_pytorch_reference() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/encoder_adapter_reference.json");
    let reference: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let adapter = EncoderAdapter::parse(BUNDLED_ENCODER_ADAPTER).expect("the committed adapter parses");
    assert_eq!(
        reference["adapter_sha256"].as_str(),
        Some(adapter.sha256()),
        "the reference was written for another adapter: rerun finetune_encoder.py"
    );
    let e5 = E5Embedder::load(&common::test_model_path()).expect("loading the model");
    let adapted = e5.adapt(&adapter).expect("the adapter fits the model");
    assert_eq!(adapted.adapter_sha256(), adapter.sha256());
    let sentences: Vec<&str> = reference["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let ours = e5.embed_with(&sentences, EmbedKind::Query, Some(&adapted));
    let original = e5.embed(&sentences, EmbedKind::Query);
    for (i, want) in reference["vectors"].as_array().unwrap().iter().enumerate() {
        let want: Vec<f32> = want
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap() as f32)
            .collect();
        let cos = cosine(&ours[i], &want);
        assert!(
            cos >= 0.999,
            "{:?}: cosine {cos} to the PyTorch reference",
            sentences[i]
        );
        let moved = cosine(&original[i], &want);
        assert!(
            moved < 0.99,
            "{:?}: the adapter barely moves it ({moved})",
            sentences[i]
        );
    }
    // The original encoder is untouched by adapting (the directory search keeps using it).
    assert_eq!(e5.embed(&sentences, EmbedKind::Query), original);

    // An adapter with a tensor the model has no use for was made for another model.
    let mut extra = BUNDLED_ENCODER_ADAPTER.to_vec();
    let count = u32::from_le_bytes(extra[12..16].try_into().unwrap()) + 1;
    extra[12..16].copy_from_slice(&count.to_le_bytes());
    extra.extend(5u16.to_le_bytes());
    extra.extend(b"l12.q");
    extra.push(1);
    extra.extend(1u32.to_le_bytes());
    extra.extend(0f32.to_le_bytes());
    let err = e5
        .adapt(&EncoderAdapter::parse(&extra).unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("another model"), "{err}");
    // One with a tensor of the wrong shape names it.
    let small = adapter.rank() + 1;
    let mut reshaped = BUNDLED_ENCODER_ADAPTER.to_vec();
    reshaped[8..12].copy_from_slice(&(small as u32).to_le_bytes());
    let err = e5
        .adapt(&EncoderAdapter::parse(&reshaped).unwrap())
        .unwrap_err()
        .to_string();
    assert!(err.contains("l0.q.lora_a"), "{err}");
}

#[test]
fn weights_and_adapters_must_belong_together() {
    let e5 = Arc::new(E5Embedder::load(&common::test_model_path()).expect("loading the model"));
    let bundled = ClassifierWeights::from_json(BUNDLED_WEIGHTS_JSON).unwrap();
    assert!(
        bundled.encoder_adapter_sha256.is_some(),
        "the committed weights read the committed adapter"
    );
    // The bundled weights find the bundled adapter by themselves.
    let nlu = NluUnderstanding::from_parts(e5.clone(), &bundled, places()).expect("bundled pair loads");
    assert!(nlu.adapted_layers().is_some());

    // Weights naming an adapter nobody has.
    let mut orphan = bundled.clone();
    orphan.encoder_adapter_sha256 = Some("0".repeat(64));
    let err = NluUnderstanding::from_parts(e5.clone(), &orphan, places())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("encoder adapter") && err.contains(&"0".repeat(64)),
        "{err}"
    );

    // An adapter given to weights trained on the original encoder.
    let mut plain = bundled.clone();
    plain.encoder_adapter_sha256 = None;
    let adapter = EncoderAdapter::parse(BUNDLED_ENCODER_ADAPTER).unwrap();
    let err = NluUnderstanding::with_adapter(e5.clone(), &plain, Some(&adapter), places())
        .unwrap_err()
        .to_string();
    assert!(err.contains("original encoder"), "{err}");
    // Without one they load, and read the original encoder.
    let nlu = NluUnderstanding::with_adapter(e5, &plain, None, places()).expect("plain weights load");
    assert!(nlu.adapted_layers().is_none());
}
