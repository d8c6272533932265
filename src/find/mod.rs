//! Stage 2, text -> statement: locate the conferral statement(s) in a motion, then find the
//! rule evidence for each rubric element inside the statement (character offsets).

pub mod elements;
pub mod locate;
