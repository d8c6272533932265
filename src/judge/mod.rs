//! Stage 4, scores + evidence -> verdict: choose the court profile ([`court`], from the
//! embedded [`profiles`]), then [`decide`]: thresholds on the calibrated probability and the
//! profile's required and expected elements, with reasons that cite the rule.

pub mod court;
pub mod decide;
pub mod profiles;
