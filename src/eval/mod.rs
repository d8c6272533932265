//! Measuring quality: metrics (AUC, calibration, the review band), evaluation of a model on
//! labelled data, the baselines it is compared with (word count, TF-IDF, keyword checklist),
//! element detection against hand annotations, and charts.

pub mod baselines;
pub mod element_eval;
pub mod evaluate;
pub mod locate_eval;
pub mod metrics;
pub mod plots;
