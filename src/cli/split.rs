//! `conferral split`: a train/dev split by group.

use anyhow::Result;

use conferral::corpus::dataset::{self};

use crate::cli::args::*;

pub(super) fn split(a: SplitArgs) -> Result<i32> {
    let data = dataset::read_many(&a.data)?;
    let (train, dev) = dataset::split_by_group(&data, a.dev_frac, a.seed);
    dataset::write_jsonl(&a.train_out, &train)?;
    dataset::write_jsonl(&a.dev_out, &dev)?;
    eprintln!("train {} / dev {}", train.len(), dev.len());
    Ok(0)
}
