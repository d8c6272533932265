//! conferral: screens the conferral statements of court motions.
//!
//! The pipeline, in the order the data flows (each folder a stage; a stage imports only the
//! stages before it and the two shared layers at the bottom):
//!
//! 1. [`read`]: document -> text (files, directories, stdin, JSON Lines, CSV, PDF with OCR,
//!    Word).
//! 2. [`find`]: text -> the conferral statement ([`find::locate`]) and the rule evidence
//!    for each rubric element ([`find::elements`]).
//! 3. [`model`]: statement -> tokens -> transformer -> calibrated probability and element
//!    probabilities ([`model::classifier::Model`]).
//! 4. [`judge`]: probability + evidence + court profile -> verdict and reasons.
//! 5. [`screen`]: runs 1-4 over a batch of documents on several workers, one record each.
//! 6. [`report`]: the `conferral/1` record and its writers (JSON Lines, CSV, table, HTML).
//! 7. [`serve`]: the pipeline as an HTTP service with a web page (`conferral serve`).
//!
//! Beside the pipeline: [`corpus`] (labelled statements, the rubric's vocabulary, the
//! template generator; the bottom layer) and [`eval`] (metrics, evaluation, baselines).

pub mod corpus;
pub mod eval;
pub mod find;
pub mod judge;
pub mod model;
pub mod read;
pub mod report;
pub mod screen;
pub mod serve;
