//! `conferral synth`: write generated statements.

use anyhow::Result;

use conferral::corpus::dataset::{self};

use crate::cli::args::*;

pub(super) fn synth(a: SynthArgs) -> Result<i32> {
    let data = conferral::corpus::synth::generate(a.n, a.seed);
    dataset::write_jsonl(&a.out, &data)?;
    let pos = data.iter().filter(|e| e.label.is_sufficient()).count();
    eprintln!(
        "wrote {} statements ({pos} sufficient) to {}",
        data.len(),
        a.out.display()
    );
    Ok(0)
}
