//! `conferral courts`: list or show the embedded court profiles.

use anyhow::Result;

use crate::cli::args::*;

/// `conferral courts`: the embedded court profiles; `courts show ID`: one as TOML.
pub(super) fn courts(a: CourtsArgs) -> Result<i32> {
    use std::io::Write;
    let reg = conferral::judge::profiles::Registry::embedded()?;
    let out = std::io::stdout();
    let mut out = out.lock();
    match a.action {
        Some(CourtsAction::Show { id }) => {
            let p = reg.get(&id)?;
            write!(out, "{}", p.source)?;
        }
        None => {
            let w = reg.profiles().iter().map(|p| p.id.len()).max().unwrap_or(0);
            let n = reg
                .profiles()
                .iter()
                .map(|p| p.name.chars().count())
                .max()
                .unwrap_or(0);
            for p in reg.profiles() {
                writeln!(out, "{:w$}  {:n$}  {}", p.id, p.name, p.rule)?;
            }
        }
    }
    Ok(0)
}
