//! The model stage's one error type: reading model directories, tokenizing, running an
//! engine, reading calibration files.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("cannot access calibration file {path}: {source}")]
    CalibrationIo {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("calibration file {path} is not valid calibration JSON: {source}")]
    CalibrationJson {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    #[error("model computation failed: {0}")]
    Candle(#[from] candle_core::Error),
    #[error("inference engine failed: {0}")]
    Engine(String),
}

/// Reads a whole file, naming it in the error.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, ModelError> {
    std::fs::read(path).map_err(|source| ModelError::Io {
        path: path.to_path_buf(),
        source,
    })
}
