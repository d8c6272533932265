//! Stage 3, statement -> scores: tokenize ([`tokenize`]), run the network ([`net`], through
//! an [`engine`]: candle built in, ONNX Runtime optional), calibrate ([`calibrate`]).
//! [`classifier::Model`] ties them together; [`train`] fine-tunes the network.
//!
//! Dependencies run one way: `classifier` -> `engine` -> `net` -> `bert` -> `gelu`; every
//! file reports failures as [`error::ModelError`].

pub mod bert;
pub mod calibrate;
pub mod classifier;
pub mod engine;
#[cfg(feature = "onnx")]
pub mod engine_onnx;
pub mod error;
pub mod gelu;
pub mod int8;
pub mod net;
pub mod softmax;
pub mod tokenize;
pub mod train;
pub mod unit_encoder;
pub mod weights;
