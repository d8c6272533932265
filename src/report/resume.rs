//! Resumable output: records appended to a JSON Lines file in whole lines, so that a run
//! stopped at any instant (Ctrl-C, SIGTERM from a scheduler, `kill -9`, a node lost) leaves
//! only complete records, and a second run with `--resume` continues where it stopped,
//! without duplicates or gaps.
//!
//! - [`open`] reads the file, truncates it after its last newline (the only place a stopped
//!   run can leave a partial record), and returns the keys of the records already there.
//! - [`Done::take`] tells which input documents to skip: keyed by `(source, id)`, counted,
//!   so a document given twice is scored twice, exactly as in an uninterrupted run.
//! - [`AppendLog::append`] writes a batch of records as whole lines with one `write_all` to a
//!   file opened for appending (no user-space buffer a kill could lose half of), then
//!   `sync_data`, so what a resumed run finds is what is on disk.
//!
//! The file is locked (`flock`, exclusive) while appending, so two workers pointed at the
//! same file by mistake (a requeued Slurm task while the old one still runs) fail loudly.

use std::collections::HashMap;
use std::fs::{File, OpenOptions, TryLockError};
use std::io::{BufRead, BufReader, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::report::error::ReportError;
use crate::report::record::{Record, Verdict};

/// What a previous run left in the file.
#[derive(Debug, Default)]
pub struct Done {
    /// Key hash -> records with that key not yet matched to an input document.
    pending: HashMap<u128, u32>,
    /// Complete records found.
    pub records: usize,
    /// Bytes of a partial last line that were cut off.
    pub dropped_bytes: u64,
    /// Some record found is `insufficient` or `no_certificate` (for `--fail-on-flag`).
    pub flagged: bool,
    /// Some record found is an `error` (exit code 2, as in an uninterrupted run).
    pub failed: bool,
}

impl Done {
    /// Records the key of a record already written.
    pub fn insert(&mut self, source: &str, id: &str) {
        *self.pending.entry(key(source, id)).or_insert(0) += 1;
    }

    /// Whether the document `(source, id)` already has a record; if so it is consumed (a
    /// document given twice is skipped only as often as it was written).
    pub fn take(&mut self, source: &str, id: &str) -> bool {
        let k = key(source, id);
        match self.pending.get_mut(&k) {
            Some(n) if *n > 1 => {
                *n -= 1;
                true
            }
            Some(_) => {
                self.pending.remove(&k);
                true
            }
            None => false,
        }
    }

    /// Records in the file that no input document has matched (yet).
    pub fn unmatched(&self) -> usize {
        self.pending.values().map(|&n| n as usize).sum()
    }
}

/// 128-bit FNV-1a of `source`, a 0xFF separator (never in UTF-8) and `id`: exact in practice
/// (a collision among 10^9 keys has probability ~10^-21) at 16 bytes a record, so a resumed
/// run of tens of millions of documents stays small.
fn key(source: &str, id: &str) -> u128 {
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut h: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    for &b in source.as_bytes().iter().chain(&[0xff]).chain(id.as_bytes()) {
        h ^= u128::from(b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// The fields of a record that resuming needs; the rest is skipped unparsed.
#[derive(Deserialize)]
struct Key {
    schema: String,
    id: String,
    source: String,
    verdict: Verdict,
}

/// A JSON Lines output file opened for appending whole records.
#[derive(Debug)]
pub struct AppendLog {
    file: File,
    path: String,
    buf: Vec<u8>,
}

/// Opens (or creates) `path` to continue it: reads the records already there, cuts off a
/// partial last line, locks the file, and returns it ready for [`AppendLog::append`].
pub fn open(path: &Path) -> Result<(AppendLog, Done), ReportError> {
    let name = path.to_string_lossy().into_owned();
    let file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(|source| ReportError::ResumeOpen {
            path: name.clone(),
            source,
        })?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => return Err(ReportError::ResumeLocked { path: name }),
        // Filesystems without locks (some network mounts): carry on unlocked.
        Err(TryLockError::Error(_)) => {}
    }
    let done = recover(&file, &name)?;
    Ok((
        AppendLog {
            file,
            path: name,
            buf: Vec::new(),
        },
        done,
    ))
}

/// Reads every complete line, then truncates the file to the end of the last one.
fn recover(file: &File, name: &str) -> Result<Done, ReportError> {
    let read_err = |source| ReportError::ResumeRead {
        path: name.to_string(),
        source,
    };
    let mut reader = BufReader::with_capacity(1 << 16, file);
    reader.seek(SeekFrom::Start(0)).map_err(read_err)?;
    let mut done = Done::default();
    let mut line = Vec::with_capacity(1024);
    let (mut complete_end, mut lineno) = (0u64, 0usize);
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line).map_err(read_err)?;
        if n == 0 {
            break;
        }
        if line.last() != Some(&b'\n') {
            // The partial record of a stopped run: only ever the last line.
            done.dropped_bytes = n as u64;
            break;
        }
        lineno += 1;
        complete_end += n as u64;
        let body = line.trim_ascii();
        if body.is_empty() {
            continue;
        }
        let not_record = |reason: String| ReportError::ResumeNotRecord {
            path: name.to_string(),
            line: lineno,
            reason,
        };
        let k: Key = serde_json::from_slice(body).map_err(|e| not_record(e.to_string()))?;
        if !k.schema.starts_with("conferral/") {
            return Err(not_record(format!("schema {:?}", k.schema)));
        }
        done.insert(&k.source, &k.id);
        done.records += 1;
        done.flagged |= k.verdict.is_flagged();
        done.failed |= k.verdict == Verdict::Error;
    }
    if done.dropped_bytes > 0 {
        file.set_len(complete_end)
            .and_then(|_| file.sync_data())
            .map_err(|source| ReportError::ResumeTruncate {
                path: name.to_string(),
                source,
            })?;
    }
    Ok(done)
}

impl AppendLog {
    /// Appends `records` as JSON Lines with a single `write_all`, then makes them durable.
    /// Nothing is buffered between calls: a run stopped after this returns keeps them all.
    pub fn append(&mut self, records: &[Record]) -> Result<(), ReportError> {
        if records.is_empty() {
            return Ok(());
        }
        self.buf.clear();
        for r in records {
            serde_json::to_writer(&mut self.buf, r).map_err(|e| ReportError::Encode {
                path: self.path.clone(),
                reason: e.to_string(),
            })?;
            self.buf.push(b'\n');
        }
        self.file
            .write_all(&self.buf)
            .and_then(|_| self.file.sync_data())
            .map_err(|source| ReportError::Write {
                path: self.path.clone(),
                source,
            })
    }

    pub fn path(&self) -> PathBuf {
        PathBuf::from(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn rec(id: &str, source: &str, v: Verdict) -> Record {
        Record::new(id, source, v)
    }

    fn lines(path: &Path) -> Vec<String> {
        fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn new_file_is_created_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let (_log, done) = open(&path).unwrap();
        assert_eq!(done.records, 0);
        assert_eq!(done.unmatched(), 0);
        assert!(path.exists());
    }

    #[test]
    fn appends_whole_lines_and_reads_them_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        {
            let (mut log, _) = open(&path).unwrap();
            log.append(&[
                rec("a", "x.jsonl:1", Verdict::Sufficient),
                rec("b", "x.jsonl:2", Verdict::Error),
            ])
            .unwrap();
            log.append(&[]).unwrap();
        }
        let (mut log, mut done) = open(&path).unwrap();
        assert_eq!((done.records, done.failed, done.flagged), (2, true, false));
        assert!(done.take("x.jsonl:1", "a"));
        assert!(!done.take("x.jsonl:1", "a"), "consumed");
        assert!(!done.take("x.jsonl:2", "a"), "source is part of the key");
        assert!(!done.take("x.jsonl:3", "c"));
        assert_eq!(done.unmatched(), 1);
        log.append(&[rec("c", "x.jsonl:3", Verdict::NoCertificate)])
            .unwrap();
        drop(log);
        let back: Vec<Record> = lines(&path)
            .iter()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let ids: Vec<&str> = back.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        let (_, done) = open(&path).unwrap();
        assert!(done.flagged);
    }

    /// Property: whatever byte a run stopped at, resuming cuts exactly the partial record and
    /// keeps every complete one.
    #[test]
    fn a_run_stopped_at_any_byte_resumes_at_the_last_complete_record() {
        let dir = tempfile::tempdir().unwrap();
        let full = dir.path().join("full.jsonl");
        let recs: Vec<Record> = (0..4)
            .map(|i| rec(&format!("d{i}"), &format!("c.jsonl:{i}"), Verdict::Review))
            .collect();
        open(&full).unwrap().0.append(&recs).unwrap();
        let bytes = fs::read(&full).unwrap();
        let path = dir.path().join("cut.jsonl");
        for cut in 0..=bytes.len() {
            fs::write(&path, &bytes[..cut]).unwrap();
            let complete = bytes[..cut].iter().filter(|&&b| b == b'\n').count();
            let (log, mut done) = open(&path).unwrap();
            drop(log);
            assert_eq!(done.records, complete, "cut at {cut}");
            let kept = fs::read(&path).unwrap();
            assert!(kept.is_empty() || kept.ends_with(b"\n"), "cut at {cut}");
            assert_eq!(
                done.dropped_bytes as usize,
                cut - kept.len(),
                "cut at {cut}"
            );
            for (i, r) in recs.iter().enumerate() {
                assert_eq!(done.take(&r.source, &r.id), i < complete, "cut at {cut}");
            }
        }
    }

    #[test]
    fn duplicates_are_counted() {
        let mut done = Done::default();
        done.insert("f.txt", "f.txt");
        done.insert("f.txt", "f.txt");
        assert!(done.take("f.txt", "f.txt"));
        assert!(done.take("f.txt", "f.txt"));
        assert!(!done.take("f.txt", "f.txt"));
        // The separator keeps (ab, c) and (a, bc) apart.
        done.insert("ab", "c");
        assert!(!done.take("a", "bc"));
        assert!(done.take("ab", "c"));
    }

    #[test]
    fn refuses_files_that_are_not_its_output() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("corpus.jsonl");
        fs::write(
            &path,
            "{\"id\": \"1\", \"text\": \"a corpus, not output\"}\n",
        )
        .unwrap();
        let e = open(&path).unwrap_err();
        assert!(
            matches!(e, ReportError::ResumeNotRecord { line: 1, .. }),
            "{e}"
        );
        fs::write(&path, "not json\n").unwrap();
        assert!(matches!(
            open(&path),
            Err(ReportError::ResumeNotRecord { .. })
        ));
        let other =
            "{\"schema\":\"other/1\",\"id\":\"a\",\"source\":\"a\",\"verdict\":\"review\"}\n";
        fs::write(&path, other).unwrap();
        let e = open(&path).unwrap_err();
        assert!(e.to_string().contains("other/1"), "{e}");
        // Untouched: nothing was cut from a file we refused.
        assert_eq!(fs::read_to_string(&path).unwrap(), other);
    }

    #[test]
    fn a_second_writer_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let (first, _) = open(&path).unwrap();
        assert!(matches!(open(&path), Err(ReportError::ResumeLocked { .. })));
        drop(first);
        assert!(open(&path).is_ok());
    }
}
