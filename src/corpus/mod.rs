//! Labelled statements: the rubric's vocabulary (labels, the six elements), reading, writing
//! and splitting data sets, and the seeded template generator (`conferral synth`). The
//! bottom layer: every other stage may use it, it uses none of them.

pub mod dataset;
pub mod motions;
pub mod synth;
