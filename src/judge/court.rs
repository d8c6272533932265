//! Which court a document was filed in, from its caption, to pick the court profile.
//!
//! The caption patterns of every profile are searched in the first [`CAPTION_CHARS`]
//! characters of the document; the match of the highest `priority`, then the earliest, then
//! the longest wins (a caption names the court before any party or citation does). Without a
//! caption match, a citation of a court's own rule anywhere in the document ("D. Kan. Rule
//! 37.2 certification") decides. Otherwise the Rule 37(a)(1) baseline applies.

use std::fmt;

use serde::Serialize;

use crate::judge::profiles::{Detector, Profile, Registry};

/// How much of the document's start counts as its caption.
pub const CAPTION_CHARS: usize = 3000;

/// Why a profile was chosen.
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// The caption names the court (the matched words, whitespace collapsed).
    Caption(String),
    /// The document cites the court's rule (the matched words).
    Citation(String),
    /// Given with `--court`.
    Flag,
    /// Nothing detected: the federal baseline.
    Default,
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Why::Caption(m) => write!(f, "detected from caption: {m}"),
            Why::Citation(m) => write!(f, "detected from rule citation: {m}"),
            Why::Flag => f.write_str("--court"),
            Why::Default => f.write_str("default"),
        }
    }
}

/// A court found in a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection<'a> {
    pub profile: &'a Profile,
    pub why: Why,
    /// Character offsets of the match in the document.
    pub start: usize,
    pub end: usize,
}

/// The profile to apply and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Choice<'a> {
    pub profile: &'a Profile,
    pub why: Why,
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The best match of `detectors` in `text`: (detector, byte start, byte end).
fn best<'d>(detectors: &'d [Detector], text: &str) -> Option<(&'d Detector, usize, usize)> {
    detectors
        .iter()
        .filter_map(|d| d.re.find(text).map(|m| (d, m.start(), m.end())))
        .min_by_key(|&(d, s, e)| (std::cmp::Reverse(d.priority), s, std::cmp::Reverse(e - s)))
}

/// The court named in the document's caption, or else by a citation of its rule.
pub fn detect<'a>(reg: &'a Registry, text: &str) -> Option<Detection<'a>> {
    let head_end = text
        .char_indices()
        .nth(CAPTION_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let head = &text[..head_end];
    let (found, caption) = match best(&reg.captions, head) {
        Some(b) => (b, true),
        None => (best(&reg.citations, text)?, false),
    };
    let (d, s, e) = found;
    let profile = reg.profile(d.profile)?;
    let words = collapse(&text[s..e]);
    Some(Detection {
        profile,
        why: if caption {
            Why::Caption(words)
        } else {
            Why::Citation(words)
        },
        start: text[..s].chars().count(),
        end: text[..e].chars().count(),
    })
}

/// The profile for a document: the one given (`--court`), else the detected one, else the
/// default.
pub fn choose<'a>(reg: &'a Registry, forced: Option<&'a Profile>, text: &str) -> Choice<'a> {
    if let Some(profile) = forced {
        return Choice {
            profile,
            why: Why::Flag,
        };
    }
    match detect(reg, text) {
        Some(d) => Choice {
            profile: d.profile,
            why: d.why,
        },
        None => Choice {
            profile: reg.default_profile(),
            why: Why::Default,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg() -> &'static Registry {
        Registry::embedded().unwrap_or_else(|e| panic!("{e}"))
    }

    fn id(text: &str) -> String {
        choose(reg(), None, text).profile.id.clone()
    }

    #[test]
    fn federal_captions() {
        for (caption, want) in [
            ("IN THE UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF KANSAS\n\nJOHN DOE,\n  Plaintiff,", "d-kan-37-2"),
            ("UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF ILLINOIS\nEASTERN DIVISION", "nd-ill-37-2"),
            ("UNITED STATES DISTRICT COURT\n   DISTRICT OF NEVADA\n\n* * *", "d-nev-ia-1-3-f"),
            ("United States District Court for the District of Arizona", "d-ariz-7-2-j"),
            ("UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF COLUMBIA", "ddc-lcvr-7-m"),
            ("UNITED STATES DISTRICT COURT\nMIDDLE DISTRICT OF FLORIDA\nORLANDO DIVISION", "md-fla-3-01-g"),
            ("UNITED STATES DISTRICT COURT\nNORTHERN DISTRICT OF TEXAS\nDALLAS DIVISION\n\nHARRIS COUNTY, TEXAS, Defendant", "nd-tex-7-1"),
            ("UNITED STATES DISTRICT COURT\nCENTRAL DISTRICT OF CALIFORNIA", "cd-cal-37-1"),
            ("UNITED STATES DISTRICT COURT\nDISTRICT OF UTAH\n\nSTATE OF UTAH, Plaintiff", "d-utah-37-1"),
            ("UNITED STATES BANKRUPTCY COURT\nNORTHERN DISTRICT OF GEORGIA\nIn re: ACME", "bankr-nd-ga-7037-1"),
        ] {
            assert_eq!(id(caption), want, "{caption}");
        }
    }

    #[test]
    fn state_captions() {
        for (caption, want) in [
            ("IN THE CIRCUIT COURT OF COOK COUNTY, ILLINOIS\nCOUNTY DEPARTMENT, LAW DIVISION", "ill-sct-201-k"),
            ("IN THE CIRCUIT COURT OF THE NINTH JUDICIAL CIRCUIT IN AND FOR ORANGE COUNTY, FLORIDA", "fla-rcp-1-202"),
            ("SUPREME COURT OF THE STATE OF NEW YORK\nCOUNTY OF NEW YORK", "ny-22-nycrr-202-7"),
            ("SUPERIOR COURT OF THE STATE OF CALIFORNIA\nCOUNTY OF LOS ANGELES", "cal-ccp-2016-040"),
            ("SUPERIOR COURT OF THE DISTRICT OF COLUMBIA\nCivil Division", "dc-super-12-i"),
            ("COMMONWEALTH OF MASSACHUSETTS\n\nSUFFOLK, ss.                SUPERIOR COURT", "mass-super-9c"),
            ("CAUSE NO. 2021-12345\nIN THE DISTRICT COURT OF HARRIS COUNTY, TEXAS\n125TH JUDICIAL DISTRICT", "tex-rcp-191-2"),
            ("IN THE COUNTY COURT AT LAW OF GRIMES COUNTY, TEXAS", "tex-grimes-ccl"),
            ("DISTRICT COURT\nCLARK COUNTY, NEVADA", "nev-edcr-2-34"),
            ("IN THE THIRD JUDICIAL DISTRICT COURT\nIN AND FOR SALT LAKE COUNTY, STATE OF UTAH", "utah-rcp-37-a-2"),
        ] {
            assert_eq!(id(caption), want, "{caption}");
        }
    }

    #[test]
    fn why_says_what_matched() {
        let text =
            "IN THE UNITED STATES DISTRICT COURT\nFOR THE DISTRICT OF KANSAS\n\nMotion to compel.";
        let d = detect(reg(), text).unwrap();
        assert_eq!(
            d.why.to_string(),
            "detected from caption: UNITED STATES DISTRICT COURT FOR THE DISTRICT OF KANSAS"
        );
        let slice: String = text.chars().skip(d.start).take(d.end - d.start).collect();
        assert!(slice.starts_with("UNITED") && slice.ends_with("KANSAS"));
    }

    #[test]
    fn citation_when_no_caption() {
        let text = "MOTION TO COMPEL\n...\nD. Kan. Rule 37.2 Certification\nCounsel conferred.";
        let c = choose(reg(), None, text);
        assert_eq!(c.profile.id, "d-kan-37-2");
        assert_eq!(c.why, Why::Citation("D. Kan. Rule 37.2".into()));
        let c = choose(
            reg(),
            None,
            "LOCAL RULE 3.01(g) CERTIFICATION\nCounsel conferred.",
        );
        assert_eq!(c.profile.id, "md-fla-3-01-g");
    }

    #[test]
    fn caption_only_in_the_first_chars() {
        let text = format!(
            "{}UNITED STATES DISTRICT COURT FOR THE DISTRICT OF KANSAS",
            "x ".repeat(2000)
        );
        let c = choose(reg(), None, &text);
        assert_eq!(
            (c.profile.id.as_str(), c.why.to_string().as_str()),
            ("frcp-37", "default")
        );
    }

    #[test]
    fn forced_and_default() {
        let kan = reg().get("d-kan-37-2").unwrap();
        let c = choose(
            reg(),
            Some(kan),
            "UNITED STATES DISTRICT COURT\nDISTRICT OF NEVADA",
        );
        assert_eq!(
            (c.profile.id.as_str(), c.why.clone()),
            ("d-kan-37-2", Why::Flag)
        );
        assert_eq!(c.why.to_string(), "--court");
        for t in [
            "",
            "Counsel conferred.",
            "😀",
            "IN THE CIRCUIT COURT OF ATLANTIS",
        ] {
            let c = choose(reg(), None, t);
            assert_eq!(
                (c.profile.id.as_str(), c.why),
                ("frcp-37", Why::Default),
                "{t}"
            );
        }
    }
}
