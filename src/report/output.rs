//! Writing records: JSON Lines, CSV, an aligned table or an HTML report, to stdout or
//! atomically to a file.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::report::error::ReportError;
use crate::report::record::{Record, Verdict};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Csv,
    Table,
    /// One self-contained HTML report of the whole batch ([`crate::report::html`]), written at the end.
    Html,
}

impl Format {
    /// A table for people at a terminal, JSON Lines for pipes and files.
    pub fn default_for_terminal(is_tty: bool) -> Format {
        if is_tty {
            Format::Table
        } else {
            Format::Jsonl
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Table => "table",
            Format::Html => "html",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = ReportError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "jsonl" | "ndjson" | "json" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            "table" => Ok(Format::Table),
            "html" | "htm" => Ok(Format::Html),
            _ => Err(ReportError::UnknownFormat(s.to_string())),
        }
    }
}

/// CSV columns, in order. Extra input fields are not written (the columns stay fixed); a
/// column is only ever added at the end.
pub const CSV_COLUMNS: [&str; 11] = [
    "schema",
    "id",
    "source",
    "verdict",
    "score",
    "statement_start",
    "statement_end",
    "statement_text",
    "reasons",
    "error",
    "statement_heading",
];

/// Table column widths (characters); longer ids keep their end, where file names are.
const ID_WIDTH: usize = 40;
const VERDICT_WIDTH: usize = 14;

/// Streams records to stdout or a file. With a file, records go to a hidden temporary file
/// beside it that [`RecordWriter::finish`] renames into place, so an interrupted run never
/// leaves a partial file under the final name (and a previous complete file survives).
pub struct RecordWriter {
    format: Format,
    sink: Option<BufWriter<Box<dyn Write + Send>>>,
    /// (temporary path, final path) when writing a file.
    file: Option<(PathBuf, PathBuf)>,
    /// Flush each record: a downstream process (shard pipeline) sees it at once.
    flush_each: bool,
    header_done: bool,
    dest: String,
    /// With [`Format::Html`]: the records so far, rendered by [`RecordWriter::finish`].
    html: Option<crate::report::html::Report>,
}

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

impl RecordWriter {
    /// `None` (or `-`) writes to stdout.
    pub fn new(format: Format, destination: Option<&Path>) -> Result<Self, ReportError> {
        let dest = destination.filter(|p| p.as_os_str() != "-");
        let (sink, file, name): (Box<dyn Write + Send>, _, _) = match dest {
            None => (Box::new(io::stdout()), None, "standard output".to_string()),
            Some(path) => {
                let (temp, f) = create_temp_beside(path)?;
                (
                    Box::new(f),
                    Some((temp, path.to_path_buf())),
                    path.to_string_lossy().into_owned(),
                )
            }
        };
        Ok(RecordWriter {
            format,
            flush_each: file.is_none(),
            sink: Some(BufWriter::new(sink)),
            file,
            header_done: false,
            dest: name,
            html: (format == Format::Html).then(crate::report::html::Report::default),
        })
    }

    /// Same, but over any writer (tests, in-memory buffers).
    pub fn to_writer(format: Format, w: Box<dyn Write + Send>) -> RecordWriter {
        RecordWriter {
            format,
            sink: Some(BufWriter::new(w)),
            file: None,
            flush_each: false,
            header_done: false,
            dest: "output".to_string(),
            html: (format == Format::Html).then(crate::report::html::Report::default),
        }
    }

    /// The model and thresholds an HTML report names in its header (other formats: unused).
    pub fn with_html_meta(mut self, meta: crate::report::html::ReportMeta) -> RecordWriter {
        if let Some(h) = self.html.as_mut() {
            h.meta = meta;
        }
        self
    }

    pub fn write(&mut self, r: &Record) -> Result<(), ReportError> {
        if let Some(h) = self.html.as_mut() {
            // A batch report: rendered whole at finish.
            h.push(r);
            return Ok(());
        }
        let mut buf = Vec::with_capacity(256);
        if !self.header_done {
            self.header(&mut buf)?;
            self.header_done = true;
        }
        match self.format {
            Format::Jsonl => {
                serde_json::to_writer(&mut buf, r).map_err(|e| self.encode_err(e))?;
                buf.push(b'\n');
            }
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut buf);
                w.write_record(csv_row(r)).map_err(|e| self.encode_err(e))?;
                w.flush().map_err(|e| self.encode_err(e))?;
            }
            Format::Table => buf.extend(table_row(r).as_bytes()),
            Format::Html => {}
        }
        self.emit(&buf)
    }

    /// Writes anything pending, then (for a file) makes it durable and renames it into place.
    pub fn finish(mut self) -> Result<(), ReportError> {
        if !self.header_done {
            // An empty run still yields a well-formed CSV or table.
            let mut buf = Vec::new();
            self.header(&mut buf)?;
            self.header_done = true;
            self.emit(&buf)?;
        }
        if let Some(h) = self.html.take() {
            self.emit(h.render().as_bytes())?;
        }
        let sink = self.sink.take().expect("sink present until finish");
        let dest = self.dest.clone();
        let werr = |source| ReportError::Write {
            path: dest.clone(),
            source,
        };
        let inner = sink.into_inner().map_err(|e| werr(e.into_error()))?;
        let Some((temp, path)) = self.file.take() else {
            let mut inner = inner;
            return inner.flush().map_err(werr);
        };
        drop(inner);
        // Durable before the rename, so a crash cannot expose an empty "complete" file.
        let done = File::open(&temp)
            .and_then(|f| f.sync_all())
            .map_err(werr)
            .and_then(|_| {
                fs::rename(&temp, &path).map_err(|source| ReportError::PersistOutput {
                    dest: dest.clone(),
                    source,
                })
            });
        if done.is_err() {
            let _ = fs::remove_file(&temp);
        }
        done
    }

    fn header(&self, buf: &mut Vec<u8>) -> Result<(), ReportError> {
        match self.format {
            Format::Jsonl => {}
            Format::Csv => {
                let mut w = csv::Writer::from_writer(&mut *buf);
                w.write_record(CSV_COLUMNS)
                    .map_err(|e| self.encode_err(e))?;
                w.flush().map_err(|e| self.encode_err(e))?;
            }
            Format::Table => buf.extend(table_header().as_bytes()),
            Format::Html => {}
        }
        Ok(())
    }

    fn emit(&mut self, buf: &[u8]) -> Result<(), ReportError> {
        let sink = self.sink.as_mut().expect("sink present until finish");
        let mut res = sink.write_all(buf);
        if res.is_ok() && self.flush_each {
            res = sink.flush();
        }
        res.map_err(|source| ReportError::Write {
            path: self.dest.clone(),
            source,
        })
    }

    fn encode_err(&self, e: impl fmt::Display) -> ReportError {
        ReportError::Encode {
            path: self.dest.clone(),
            reason: e.to_string(),
        }
    }
}

impl Drop for RecordWriter {
    /// Not finished (error or early return): remove the temporary file, keep any old output.
    fn drop(&mut self) {
        if let Some((temp, _)) = self.file.take() {
            self.sink.take();
            let _ = fs::remove_file(temp);
        }
    }
}

/// A new hidden file `.NAME.PID.N.tmp` in the destination's directory (same filesystem, so
/// the final rename is atomic).
fn create_temp_beside(path: &Path) -> Result<(PathBuf, File), ReportError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    let mut last = None;
    for _ in 0..100 {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&temp) {
            Ok(f) => return Ok((temp, f)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => {
                last = Some(e);
                break;
            }
        }
    }
    Err(ReportError::CreateOutput {
        dir: dir.to_string_lossy().into_owned(),
        source: last.unwrap_or_else(|| io::Error::other("no free temporary name")),
    })
}

fn fmt_score(s: Option<f32>) -> String {
    s.map(|x| x.to_string()).unwrap_or_default()
}

fn csv_row(r: &Record) -> [String; 11] {
    let (start, end, text) = match &r.statement {
        Some(s) => (s.start.to_string(), s.end.to_string(), s.text.clone()),
        None => Default::default(),
    };
    let heading = r
        .statement
        .as_ref()
        .and_then(|s| s.heading.as_ref())
        .map(|h| h.text.clone())
        .unwrap_or_default();
    [
        r.schema.clone(),
        r.id.clone(),
        r.source.clone(),
        r.verdict.to_string(),
        fmt_score(r.score),
        start,
        end,
        text,
        r.reasons.join("; "),
        r.error.clone().unwrap_or_default(),
        heading,
    ]
}

/// Pads or cuts to `width` characters; `keep_end` keeps the tail (paths) instead of the head.
fn fit(s: &str, width: usize, keep_end: bool) -> String {
    // One line per record whatever the id contains.
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let n = s.chars().count();
    if n <= width {
        return format!("{s:<width$}");
    }
    if keep_end {
        let tail: String = s.chars().skip(n - (width - 1)).collect();
        format!("…{tail}")
    } else {
        let head: String = s.chars().take(width - 1).collect();
        format!("{head}…")
    }
}

fn table_header() -> String {
    format!(
        "{} {} {:>5}  {}\n",
        fit("ID", ID_WIDTH, false),
        fit("VERDICT", VERDICT_WIDTH, false),
        "SCORE",
        "REASON"
    )
}

fn table_row(r: &Record) -> String {
    let score = r
        .score
        .map_or_else(|| "-".to_string(), |s| format!("{s:.2}"));
    let reason = r
        .error
        .as_deref()
        .or(r.reasons.first().map(String::as_str))
        .unwrap_or("");
    let reason: String = reason
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!(
        "{} {} {score:>5}  {}\n",
        fit(&r.id, ID_WIDTH, true),
        fit(r.verdict.as_str(), VERDICT_WIDTH, false),
        reason.trim_end()
    )
}

/// Verdict counts for the end-of-run line, and the files directory walks skipped.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    counts: [usize; 5],
    /// Extension (`.doc`, `(none)`) -> files skipped, from
    /// the reader's skipped-extension counts.
    skipped: BTreeMap<String, usize>,
}

impl Summary {
    pub fn new() -> Summary {
        Summary::default()
    }

    pub fn add(&mut self, r: &Record) {
        self.add_verdict(r.verdict);
    }

    pub fn add_verdict(&mut self, v: Verdict) {
        self.counts[Self::index(v)] += 1;
    }

    pub fn count(&self, v: Verdict) -> usize {
        self.counts[Self::index(v)]
    }

    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    /// Records the files the directory walks skipped for their extension.
    pub fn set_skipped(&mut self, skipped: &BTreeMap<String, usize>) {
        self.skipped = skipped.clone();
    }

    /// `skipped 3 files in directories by extension: 2 .doc, 1 .png (...)`, most frequent
    /// first; `None` when nothing was skipped. Said on stderr so that no file is left out
    /// silently.
    /// `read` lists the extensions the reader reads (`read::input::read_extensions`).
    pub fn skipped_line(&self, read: &[&str]) -> Option<String> {
        let total: usize = self.skipped.values().sum();
        if total == 0 {
            return None;
        }
        let mut by_count: Vec<(&String, &usize)> = self.skipped.iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let parts: Vec<String> = by_count.iter().map(|(e, n)| format!("{n} {e}")).collect();
        let read: Vec<String> = read.iter().map(|e| format!(".{e}")).collect();
        let noun = if total == 1 { "file" } else { "files" };
        Some(format!(
            "skipped {total} {noun} in directories by extension: {} (read: {}; a file named on the command line is always read)",
            parts.join(", "),
            read.join(" ")
        ))
    }

    fn index(v: Verdict) -> usize {
        Verdict::ALL.iter().position(|&x| x == v).unwrap_or(0)
    }

    /// `12 documents: 5 sufficient, 3 review, 2 insufficient, 1 no_certificate, 1 error
    /// (34.5 docs/s)`; every verdict is listed, zeros too, so the line parses the same way.
    pub fn line(&self, elapsed: Duration) -> String {
        let total = self.total();
        let parts: Vec<String> = Verdict::ALL
            .iter()
            .map(|&v| format!("{} {v}", self.count(v)))
            .collect();
        let secs = elapsed.as_secs_f64();
        let rate = if secs > 0.0 {
            format!("{:.1} docs/s", total as f64 / secs)
        } else {
            "- docs/s".to_string()
        };
        let noun = if total == 1 { "document" } else { "documents" };
        format!("{total} {noun}: {} ({rate})", parts.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::record::Span;
    use std::sync::{Arc, Mutex};

    /// A cloneable in-memory sink.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);
    impl Write for Shared {
        fn write(&mut self, b: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }
    impl Shared {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
        }
    }

    fn records() -> Vec<Record> {
        let text = "Motion.\nCounsel conferred, by phone; \"agreed\".";
        let span = Span::from_byte_range(text, 8, text.len()).unwrap();
        vec![
            Record::scored("a", "a.txt", Verdict::Sufficient, 0.875, span)
                .with_reason("names the participants")
                .with_reason("says when"),
            Record::no_certificate("b", "b.jsonl:2"),
            Record::error("c", "c.txt", "c.txt is empty"),
        ]
    }

    fn render(format: Format) -> String {
        let sink = Shared::default();
        let mut w = RecordWriter::to_writer(format, Box::new(sink.clone()));
        for r in records() {
            w.write(&r).unwrap();
        }
        w.finish().unwrap();
        sink.text()
    }

    #[test]
    fn format_parsing_and_default() {
        assert_eq!("JSONL".parse::<Format>().unwrap(), Format::Jsonl);
        assert_eq!("csv".parse::<Format>().unwrap(), Format::Csv);
        assert_eq!("table".parse::<Format>().unwrap(), Format::Table);
        assert_eq!("HTML".parse::<Format>().unwrap(), Format::Html);
        assert!("xml".parse::<Format>().is_err());
        assert_eq!(Format::default_for_terminal(true), Format::Table);
        assert_eq!(Format::default_for_terminal(false), Format::Jsonl);
    }

    #[test]
    fn jsonl_round_trips() {
        let out = render(Format::Jsonl);
        let back: Vec<Record> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(back, records());
        assert!(out.lines().next().unwrap().contains("\"score\":0.875"));
    }

    #[test]
    fn csv_has_fixed_columns_and_quotes() {
        let out = render(Format::Csv);
        let mut rdr = csv::Reader::from_reader(out.as_bytes());
        assert_eq!(
            rdr.headers().unwrap().iter().collect::<Vec<_>>(),
            CSV_COLUMNS
        );
        let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[0][4], "0.875");
        assert_eq!(&rows[0][5], "8");
        assert_eq!(&rows[0][7], "Counsel conferred, by phone; \"agreed\".");
        assert_eq!(&rows[0][8], "names the participants; says when");
        assert_eq!(&rows[1][4], "");
        assert_eq!(&rows[2][9], "c.txt is empty");
    }

    #[test]
    fn table_is_aligned_and_truncates_ids() {
        let mut rs = records();
        rs[1].id = format!("{}/tail-of-a-long-path.txt", "x".repeat(80));
        let sink = Shared::default();
        let mut w = RecordWriter::to_writer(Format::Table, Box::new(sink.clone()));
        for r in &rs {
            w.write(r).unwrap();
        }
        w.finish().unwrap();
        let out = sink.text();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[0].starts_with("ID"));
        assert!(
            lines[1].contains("sufficient") && lines[1].contains(" 0.88  names the participants")
        );
        assert!(lines[2].starts_with('…') && lines[2].contains("tail-of-a-long-path.txt "));
        assert!(lines[3].contains("error") && lines[3].contains("    -  c.txt is empty"));
        // Alignment: the verdict column starts at the same character on every row.
        for l in &lines[1..] {
            let verdict: String = l.chars().skip(ID_WIDTH + 1).take(VERDICT_WIDTH).collect();
            assert!(
                Verdict::ALL.iter().any(|v| verdict.trim() == v.as_str()),
                "{l}"
            );
        }
    }

    #[test]
    fn empty_csv_run_still_has_header() {
        assert_eq!(
            render_empty(Format::Csv),
            format!("{}\n", CSV_COLUMNS.join(","))
        );
        assert_eq!(render_empty(Format::Jsonl), "");
    }

    fn render_empty(format: Format) -> String {
        let sink = Shared::default();
        RecordWriter::to_writer(format, Box::new(sink.clone()))
            .finish()
            .unwrap();
        sink.text()
    }

    #[test]
    fn file_output_is_atomic() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("out.jsonl");
        fs::write(&dest, "old complete output\n").unwrap();
        let listing = || -> Vec<String> {
            let mut v: Vec<String> = fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };

        // Interrupted (dropped without finish): old file intact, no temp left behind.
        let mut w = RecordWriter::new(Format::Jsonl, Some(&dest)).unwrap();
        w.write(&records()[0]).unwrap();
        assert_eq!(fs::read_to_string(&dest).unwrap(), "old complete output\n");
        assert_eq!(listing().len(), 2); // out.jsonl + the hidden temp
        drop(w);
        assert_eq!(listing(), ["out.jsonl"]);
        assert_eq!(fs::read_to_string(&dest).unwrap(), "old complete output\n");

        // Finished: replaced in one step.
        let mut w = RecordWriter::new(Format::Jsonl, Some(&dest)).unwrap();
        for r in records() {
            w.write(&r).unwrap();
        }
        w.finish().unwrap();
        assert_eq!(listing(), ["out.jsonl"]);
        assert_eq!(fs::read_to_string(&dest).unwrap().lines().count(), 3);
    }

    #[test]
    fn unwritable_destination_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("no/such/dir/out.csv");
        let err = RecordWriter::new(Format::Csv, Some(&dest)).err().unwrap();
        assert!(
            err.to_string().starts_with("cannot create output file in"),
            "{err}"
        );
    }

    #[test]
    fn html_is_one_report_written_atomically_at_finish() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("report.html");
        let meta = crate::report::html::ReportMeta::new("models/x", 0.25, 0.75, None);
        let mut w = RecordWriter::new(Format::Html, Some(&dest))
            .unwrap()
            .with_html_meta(meta);
        for r in records() {
            w.write(&r).unwrap();
        }
        assert!(!dest.exists());
        w.finish().unwrap();
        let html = fs::read_to_string(&dest).unwrap();
        assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
        assert_eq!(html.matches("<article ").count(), 3);
        assert!(html.contains("<code>models/x</code>") && html.contains(">0.75</b>"));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(render_empty(Format::Html).contains("data-total=\"0\""));
        assert!(render(Format::Html).contains("c.txt is empty"));
    }

    #[test]
    fn summary_line() {
        let mut s = Summary::new();
        for r in records() {
            s.add(&r);
        }
        s.add_verdict(Verdict::Sufficient);
        assert_eq!(s.total(), 4);
        assert_eq!(s.count(Verdict::Sufficient), 2);
        assert_eq!(
            s.line(Duration::from_secs(2)),
            "4 documents: 2 sufficient, 0 review, 0 insufficient, 1 no_certificate, 1 error (2.0 docs/s)"
        );
        let mut one = Summary::default();
        one.add_verdict(Verdict::Review);
        assert!(one
            .line(Duration::ZERO)
            .starts_with("1 document: 0 sufficient, 1 review"));
        assert_eq!(one.skipped_line(&["txt", "pdf"]), None);
        let skipped: BTreeMap<String, usize> = [(".png".to_string(), 1), (".doc".to_string(), 2)]
            .into_iter()
            .collect();
        one.set_skipped(&skipped);
        let line = one.skipped_line(&["txt", "pdf", "docx"]).unwrap();
        assert!(
            line.starts_with(
                "skipped 3 files in directories by extension: 2 .doc, 1 .png (read: .txt "
            ),
            "{line}"
        );
        assert!(line.contains(".pdf .docx;"), "{line}");
    }
}
