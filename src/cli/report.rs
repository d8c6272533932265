//! `conferral report`: corpus figures by group from scored records (summary file and HTML).

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context, Result};

use conferral::report::{aggregate, aggregate_html};

use crate::cli::args::{ReportArgs, SummaryFormat};

pub(super) fn report(a: ReportArgs) -> Result<i32> {
    let by: Vec<String> = a.by.iter().map(|f| f.trim().to_string()).collect();
    if let Some(empty) = by.iter().position(String::is_empty) {
        bail!(
            "--by: field {} is empty (expected FIELD[,FIELD], e.g. court,year)",
            empty + 1
        );
    }
    let inputs: Vec<&Path> = a.inputs.iter().map(|p| p.as_path()).collect();
    let summary = aggregate::summarize(&inputs, by)?;
    std::fs::create_dir_all(&a.out)
        .with_context(|| format!("cannot create the report folder {}", a.out.display()))?;
    let (name, body) = match a.format {
        SummaryFormat::Csv => ("summary.csv", summary.csv()?),
        SummaryFormat::Json => ("summary.json", summary.json()),
    };
    write_whole(&a.out.join(name), &body)?;
    let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    write_whole(
        &a.out.join("report.html"),
        &aggregate_html::render(&summary, &names),
    )?;
    if !a.quiet {
        eprintln!(
            "{} documents in {} groups: {} and {}",
            summary.total.documents,
            summary.groups.len(),
            a.out.join(name).display(),
            a.out.join("report.html").display()
        );
    }
    Ok(0)
}

/// Writes `path` whole or not at all (a temporary file beside it, renamed into place).
fn write_whole(path: &Path, body: &str) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a file in {}", dir.display()))?;
    tmp.write_all(body.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
