//! conferral: screens the conferral statements of court motions.
//!
//! Pipeline: document text -> [`locate`] the statement -> tokenize -> transformer
//! ([`model`]) -> calibrated probability -> [`decide`] -> record.

pub mod baselines;
pub mod bert;
pub mod calibrate;
pub mod court;
pub mod dataset;
pub mod decide;
pub mod element_eval;
pub mod elements;
pub mod engine;
#[cfg(feature = "onnx")]
pub mod engine_onnx;
pub mod evaluate;
pub mod gelu;
pub mod html;
pub mod input;
pub mod locate;
pub mod metrics;
pub mod model;
pub mod output;
pub mod pdf;
pub mod plots;
pub mod profiles;
pub mod record;
pub mod resume;
pub mod screen;
pub mod shard;
pub mod synth;
pub mod train;
