//! The locate corpus (`data/locate/`): whole motions with the character spans of their
//! conferral statements (body and heading), written by `scripts/build_locate.py`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::corpus::dataset::DataError;

/// Character offsets (`end` exclusive) into a motion's text.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct CharRange {
    pub start: usize,
    pub end: usize,
}

/// One conferral statement of a motion: its body and, when it has one, its heading.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct GoldStatement {
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub heading: Option<CharRange>,
}

/// A motion of the locate corpus.
#[derive(Serialize, Deserialize, Clone, Debug)]
pub struct Motion {
    pub id: String,
    /// Who wrote it (the split is by writer).
    pub writer: String,
    #[serde(default)]
    pub placement: Option<String>,
    #[serde(default)]
    pub style: Option<String>,
    pub text: String,
    /// Empty when the motion has no conferral statement.
    pub statements: Vec<GoldStatement>,
}

impl Motion {
    /// The text of a character range, or `None` when it lies outside the text.
    pub fn chars(&self, start: usize, end: usize) -> Option<String> {
        (start <= end && end <= self.text.chars().count())
            .then(|| self.text.chars().skip(start).take(end - start).collect())
    }

    /// Byte range of a character range (for the locator, which works in bytes).
    pub fn byte_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let mut idx = self
            .text
            .char_indices()
            .map(|(b, _)| b)
            .chain([self.text.len()]);
        let s = idx.nth(start)?;
        let e = if end == start {
            s
        } else {
            idx.nth(end - start - 1)?
        };
        Some((s, e))
    }
}

/// Reads motions from JSON Lines files; a bad line is an error naming file and line, as are
/// spans outside the text.
pub fn load(paths: &[impl AsRef<Path>]) -> Result<Vec<Motion>, DataError> {
    let mut out = Vec::new();
    for p in paths {
        let p = p.as_ref();
        let raw = std::fs::read_to_string(p).map_err(|source| DataError::Io {
            path: p.to_path_buf(),
            source,
        })?;
        for (k, line) in raw.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let m: Motion = serde_json::from_str(line).map_err(|source| DataError::Parse {
                path: p.to_path_buf(),
                line: k + 1,
                source,
            })?;
            if let Some(s) = m
                .statements
                .iter()
                .find(|s| m.byte_range(s.start, s.end).is_none())
            {
                return Err(DataError::BadSpan {
                    path: p.to_path_buf(),
                    line: k + 1,
                    start: s.start,
                    end: s.end,
                });
            }
            out.push(m);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_and_byte_ranges_agree_on_multibyte_text() {
        let m = Motion {
            id: "m".into(),
            writer: "w".into(),
            placement: None,
            style: None,
            text: "Señor conferred. ok".into(),
            statements: vec![],
        };
        assert_eq!(m.chars(0, 16).unwrap(), "Señor conferred.");
        let (s, e) = m.byte_range(6, 16).unwrap();
        assert_eq!(&m.text[s..e], "conferred.");
        assert_eq!(m.byte_range(19, 19), Some((20, 20)));
        assert_eq!(m.byte_range(3, 40), None);
    }
}
