//! Sentence boundaries, and sentence windows for long paragraphs.

use super::cues::{any_of, has_conferral_terms, normalize, RULE_CITES};
use super::layout::trimmed;
use super::WINDOW_BYTES;

pub(super) const ABBREVIATIONS: &[&str] = &[
    "fed", "civ", "no", "nos", "colo", "kan", "tex", "fla", "cal", "inc", "corp", "co", "mr", "ms",
    "mrs", "dr", "jr", "st", "ct", "app", "supp", "id", "ex", "al", "etc", "lcivr", "cir",
    // State names as citations and court names abbreviate them ("E.D. Mich. LR 7.1(a)").
    "ala", "ariz", "ark", "conn", "del", "ga", "haw", "ill", "ind", "ky", "la", "mass", "md",
    "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "pa", "tenn", "va", "vt", "wash",
    "wis", "wyo", // Rule books, reporters and titles.
    "bankr", "prac", "proc", "gen", "stat", "ann", "dist", "super", "sec", "para", "vol", "esq",
    "hon", "atty", "dept", "jan", "feb", "aug", "sept", "oct", "nov", "dec", "approx",
];

/// Whether the '.', '?' or '!' at byte `i` ends a sentence.
pub(super) fn ends_sentence(text: &str, i: usize) -> bool {
    let next_ws = text[i + 1..].chars().next().is_none_or(char::is_whitespace);
    if !next_ws {
        return false;
    }
    if text.as_bytes()[i] != b'.' {
        return true;
    }
    let word: String = text[..i]
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<String>()
        .chars()
        .rev()
        .collect::<String>()
        .to_lowercase();
    // A single letter ("R.", "J.") is an initial, a number ("May 2.") or a closing bracket
    // ("37(a)(1).") ends a sentence.
    let initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    // "3." opening a line numbers a paragraph.
    let raw_len: usize = text[..i]
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .map(char::len_utf8)
        .sum();
    let line_start = text[..i - raw_len]
        .rsplit('\n')
        .next()
        .is_some_and(|before| before.trim().is_empty());
    if line_start && !word.is_empty() && word.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    // "attached as Exhibit A." ends a sentence: the letter names an exhibit, not a person.
    if initial {
        let before: String = text[..i - raw_len]
            .trim_end()
            .rsplit(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("")
            .to_lowercase();
        if LETTERED.contains(&before.as_str()) {
            return true;
        }
    }
    !(initial || word.contains('.') || ABBREVIATIONS.contains(&word.as_str()))
}

/// Words a single capital letter may follow as a name, not as an initial.
const LETTERED: [&str; 8] = [
    "exhibit",
    "exhibits",
    "appendix",
    "attachment",
    "schedule",
    "tab",
    "annex",
    "part",
];

/// Start of a paragraph candidate whose cue at `hit` comes after sentences about something
/// else ("WHEREFORE, ... . Undersigned counsel has conferred ..."): the first of the
/// sentences before the cue that all speak of conferring or cite a rule, else `lo`'s.
pub(super) fn lead_in_start(text: &str, lo: usize, hit: usize) -> usize {
    let mut starts = vec![lo];
    for (i, c) in text[lo..hit].char_indices() {
        if matches!(c, '.' | '?' | '!') && ends_sentence(text, lo + i) {
            starts.push(lo + i + 1);
        }
    }
    let mut k = starts.len() - 1;
    while k > 0 {
        let prev = format!(" {} ", normalize(&text[starts[k - 1]..starts[k]]));
        if !(has_conferral_terms(&prev) || any_of(&prev, RULE_CITES) || prev.contains("certif")) {
            break;
        }
        k -= 1;
    }
    trimmed(text, starts[k], hit).map_or(starts[k], |(s, _)| s)
}

/// A window of sentences in `text[lo..hi]`: from the start of the sentence holding `hit` to
/// the end of the sentence that crosses [`WINDOW_BYTES`], or `hi`.
pub(super) fn window(text: &str, lo: usize, hi: usize, hit: usize) -> (usize, usize) {
    let mut start = lo;
    for (i, c) in text[lo..hit].char_indices().rev() {
        if matches!(c, '.' | '?' | '!') && ends_sentence(text, lo + i) {
            start = lo + i + 1;
            break;
        }
    }
    let mut end = hi;
    let limit = start + WINDOW_BYTES;
    for (i, c) in text[hit..hi].char_indices() {
        let at = hit + i;
        if at >= limit && matches!(c, '.' | '?' | '!') && ends_sentence(text, at) {
            end = at + 1;
            break;
        }
    }
    trimmed(text, start, end).unwrap_or((start, end))
}
