//! The output record (`conferral/1`) and everything that writes records: JSON Lines, CSV,
//! tables, the HTML report, resumable output files and shards; and corpus figures by group
//! from scored records (`aggregate`, `aggregate_html`). Stages before it build parts of a
//! record; this folder depends only on [`crate::corpus`].

pub mod aggregate;
pub mod aggregate_html;
pub mod error;
pub mod html;
pub mod output;
pub mod record;
pub mod resume;
pub mod shard;
