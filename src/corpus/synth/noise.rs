//! Noise of extracted text: hyphenated line ends, odd line breaks, OCR misreadings, doubled
//! spaces and page headers (`data/synth/dress.toml`, `[noise]`).

use rand::rngs::StdRng;
use rand::Rng;

use super::bank::{pick, pick_in, rows, text};
use super::ctx::Ctx;
use super::dates::DateFmt;

/// One or two kinds of noise.
pub(super) fn add_noise(r: &mut StdRng, c: &Ctx, text: &str) -> String {
    let mut t = text.to_string();
    let kinds = r.random_range(1..3);
    for _ in 0..kinds {
        t = match r.random_range(0..5) {
            0 => hyphenate(r, &t),
            1 => odd_breaks(r, &t),
            2 => ocr_chars(r, &t),
            3 => t.replacen(". ", ".  ", 3),
            _ => page_header(r, c, &t),
        };
    }
    t
}

/// Breaks one long word across a line end.
fn hyphenate(r: &mut StdRng, t: &str) -> String {
    let words: Vec<&str> = t.split(' ').collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].len() >= 8 && words[i].chars().all(|ch| ch.is_ascii_alphabetic()))
        .collect();
    if long.is_empty() {
        return t.to_string();
    }
    let i = *pick(r, &long);
    let w = words[i];
    let cut = r.random_range(3..w.len() - 3);
    let mut out: Vec<String> = words.iter().map(|s| s.to_string()).collect();
    out[i] = format!("{}-\n{}", &w[..cut], &w[cut..]);
    out.join(" ")
}

/// Turns one to three spaces into line breaks.
fn odd_breaks(r: &mut StdRng, t: &str) -> String {
    let n = r.random_range(1..4);
    let mut out = t.to_string();
    for _ in 0..n {
        let spaces: Vec<usize> = out.match_indices(' ').map(|(i, _)| i).collect();
        if spaces.is_empty() {
            break;
        }
        let i = *pick(r, &spaces);
        out.replace_range(i..i + 1, "\n");
    }
    out
}

/// One to three OCR misreadings ("l" read as "1").
fn ocr_chars(r: &mut StdRng, t: &str) -> String {
    let mut out = t.to_string();
    for _ in 0..r.random_range(1..4) {
        let sub = pick(r, rows("noise.ocr"));
        let (a, b) = (sub[0].as_str(), sub[1].as_str());
        let hits: Vec<usize> = out.match_indices(a).map(|(i, _)| i).collect();
        if hits.is_empty() {
            continue;
        }
        let i = *pick(r, &hits);
        out.replace_range(i..i + a.len(), b);
    }
    out
}

/// A court's page header after the first sentence.
fn page_header(r: &mut StdRng, c: &Ctx, t: &str) -> String {
    let header = c.fill_with(text("noise.page_header"), |name| {
        Some(match name {
            "division" => r.random_range(1..9).to_string(),
            "yy" => format!("{:02}", c.start.y % 100),
            "docket" => format!("{:05}", r.random_range(10..99999)),
            "judge" => pick_in(r, "noise.judges").to_string(),
            "doc" => r.random_range(5..300).to_string(),
            "filed" => c.start.fmt(DateFmt::SlashFull),
            "page" => r.random_range(3..12).to_string(),
            "pages" => r.random_range(12..30).to_string(),
            _ => return None,
        })
    });
    match t.find(". ") {
        Some(i) => format!("{}{}{}", &t[..i + 1], header, &t[i + 2..]),
        None => format!("{t}{header}"),
    }
}
