//! multilingual-e5-small: file format, tokenizer, compute kernels and the embedder.

pub mod adapter;
pub mod embedder;
pub mod file;
pub(crate) mod kernels;
pub mod tokenizer;
