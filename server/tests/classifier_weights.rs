//! `models.classifier` (`FRONTDOOR_CLASSIFIER_PATH`): an organisation's own need-classifier
//! weights replace the bundled ones (with the encoder adapter and exemplar memory beside them),
//! and a bad file is refused naming it. Needs the model
//! (`FRONTDOOR_MODEL_PATH`, set by `scripts/test-env`).

use frontdoor_core::ports::Understanding;
use frontdoor_server::config::Config;

fn config_with(classifier: Option<&std::path::Path>) -> Config {
    let mut config = Config::load(None, |k| std::env::var(k).ok()).unwrap();
    config.models.classifier = classifier.map(ToOwned::to_owned);
    config
}

#[test]
fn configured_weights_replace_the_bundled_ones() {
    let bundled = config_with(None);
    let model = frontdoor_server::models::load(&bundled).expect("the model (FRONTDOOR_MODEL_PATH)");
    let message = "i need a lawyer for my court date next week";
    let read = |config: &Config| {
        let nlu = frontdoor_server::understanding(config, model.clone()).unwrap();
        nlu.understand(message, None)
            .needs
            .first()
            .map(|n| n.need.as_str().to_owned())
    };
    assert_eq!(read(&bundled).as_deref(), Some("legal"));

    // The bundled weights with the food class's bias raised far above the rest: every message
    // now reads as food, which only these weights can explain.
    let mut weights: serde_json::Value = serde_json::from_str(frontdoor_nlu::classifier::BUNDLED_WEIGHTS_JSON).unwrap();
    let food = weights["classes"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c["need"] == "food" && c["crisis"] == false)
        .unwrap();
    let bias = &mut weights["softmax"]["bias"][food];
    *bias = serde_json::json!(bias.as_f64().unwrap() + 1000.0);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("own-weights.json");
    std::fs::write(&path, weights.to_string()).unwrap();
    assert_eq!(read(&config_with(Some(&path))).as_deref(), Some("food"));
    // Loading the weights at `path` fails, and the error names `needle`.
    let refused = |path: &std::path::Path, needle: &str| {
        let err = frontdoor_server::understanding(&config_with(Some(path)), model.clone()).unwrap_err();
        assert!(format!("{err:#}").contains(needle), "{err:#}");
    };

    // Weights trained over an encoder adapter read the one beside them (`X.encoder.bin`): a
    // damaged one is refused naming it, theirs is used.
    let adapter = dir.path().join("own-weights.encoder.bin");
    std::fs::write(&adapter, b"not an adapter").unwrap();
    refused(&path, "own-weights.encoder.bin");
    std::fs::write(&adapter, frontdoor_nlu::classifier::BUNDLED_ENCODER_ADAPTER).unwrap();
    assert_eq!(read(&config_with(Some(&path))).as_deref(), Some("food"));
    std::fs::remove_file(&adapter).unwrap();

    // So does their exemplar memory (`X.memory.bin`): one that is not theirs is refused naming
    // the SHA-256 they were trained with.
    assert!(
        weights["memory"].is_object(),
        "the bundled weights read an exemplar memory"
    );
    let memory = dir.path().join("own-weights.memory.bin");
    let other = frontdoor_nlu::ExemplarMemory::from_embeddings(&[vec![0.05; 384]], &[0]);
    std::fs::write(&memory, other.to_bytes()).unwrap();
    refused(&path, weights["memory"]["sha256"].as_str().unwrap());
    std::fs::write(&memory, b"FDMEM001 damaged").unwrap();
    refused(&path, "exemplar memory of");
    std::fs::write(&memory, frontdoor_nlu::classifier::BUNDLED_MEMORY).unwrap();
    assert_eq!(read(&config_with(Some(&path))).as_deref(), Some("food"));
    std::fs::remove_file(&memory).unwrap();

    std::fs::write(&path, "{\"format\": \"something else\"}").unwrap();
    refused(&path, "own-weights.json");
    refused(&dir.path().join("missing.json"), "missing.json");
}
