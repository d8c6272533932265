//! The report stage's one error type: writing output files, resuming into them, choosing a
//! shard, parsing a verdict or an output format, reading scored records for a corpus summary.

use std::io;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    // Writing records (output.rs; resume.rs shares Write and Encode).
    #[error("cannot create output file in {dir}: {source}")]
    CreateOutput { dir: String, source: io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: io::Error },
    #[error("cannot move the finished output into place at {dest}: {source}")]
    PersistOutput { dest: String, source: io::Error },
    #[error("cannot encode a record for {path}: {reason}")]
    Encode { path: String, reason: String },
    // Resuming into an earlier output file (resume.rs).
    #[error("cannot open {path} to resume into it: {source}")]
    ResumeOpen { path: String, source: io::Error },
    #[error("{path} is being written by another process (it is locked); not resuming into it")]
    ResumeLocked { path: String },
    #[error("cannot read {path} to resume: {source}")]
    ResumeRead { path: String, source: io::Error },
    #[error(
        "{path} line {line} is not a conferral record ({reason}); --resume only continues a \
         file written by `conferral score --resume`: move it away or choose another --output"
    )]
    ResumeNotRecord {
        path: String,
        line: usize,
        reason: String,
    },
    #[error("cannot cut the partial last record off {path}: {source}")]
    ResumeTruncate { path: String, source: io::Error },
    // Choosing this process's shard (shard.rs).
    #[error("invalid shard {0:?}: expected K/N, the 0-based shard K of N shards, e.g. 0/4")]
    ShardSyntax(String),
    #[error("invalid shard {0:?}: the number of shards must be at least 1")]
    ShardZeroCount(String),
    #[error("invalid shard {spec:?}: shard indices are 0-based, so K must be below N ({count})")]
    ShardOutOfRange { spec: String, count: usize },
    #[error("{var}={value:?} is not a non-negative integer")]
    ShardEnv { var: &'static str, value: String },
    #[error(
        "{var}={index} is set but not the number of shards: pass --shard-count N (or set \
         CONFERRAL_SHARD_COUNT), or --shard 0/1 to score every document"
    )]
    ShardMissingCount { var: &'static str, index: usize },
    #[error(
        "--shard-count {0} needs a shard index: pass --shard K/N, or run as a Slurm array task \
         (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX)"
    )]
    ShardMissingIndex(usize),
    #[error("--shard {shard} disagrees with --shard-count {count} (CONFERRAL_SHARD_COUNT)")]
    ShardConflict { shard: String, count: usize },
    #[error(
        "this Slurm array task ({detail}) does not map to a shard below {count}: use a plain \
         range such as --array=0-{last} (or A-B:S), or pass --shard K/N"
    )]
    ShardSlurmLayout {
        detail: String,
        count: usize,
        last: usize,
    },
    #[error(
        "unknown verdict {0:?} (expected sufficient, review, insufficient, no_certificate or error)"
    )]
    UnknownVerdict(String),
    #[error("unknown output format {0:?} (expected jsonl, csv, table or html)")]
    UnknownFormat(String),
    // Reading scored records for a corpus summary (aggregate.rs).
    #[error("cannot read {path}: {source}")]
    SummaryRead { path: String, source: io::Error },
    #[error("{path} line {line} is not a scored conferral record: {reason}")]
    SummaryNotRecord {
        path: String,
        line: usize,
        reason: String,
    },
}

impl ReportError {
    /// The reader went away (`conferral score | head`): callers usually stop quietly.
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            ReportError::Write { source, .. } => source.kind() == io::ErrorKind::BrokenPipe,
            _ => false,
        }
    }
}
