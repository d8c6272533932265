//! Court profiles: what each court's conferral rule demands of the statement.
//!
//! One TOML file per court rule in `profiles/`, embedded in the binary ([`EMBEDDED`]). The
//! schema follows the proposal in `shared/research/court_rules.md` §3, with its strengths
//! renamed: `required` (the rule's text demands it: a missing item makes the statement
//! `insufficient`) and `expected` (the court's case law expects it: a missing item is a
//! reason and at most `review`). A profile stacks the requirements of the profiles in its
//! `also_applies` (every federal district stacks the Rule 37(a)(1) baseline `frcp-37`); the
//! strongest grade wins and cites the rule it came from. Requirements named in
//! `unconfirmed` rest on sources the research could not confirm and are never cited as
//! `required`.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

/// The profile used when no court is detected or given.
pub const DEFAULT_PROFILE: &str = "frcp-37";

/// Every profile in `profiles/`, embedded in the binary: (id, TOML text). A test checks that
/// this list and the folder agree.
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "bankr-d-idaho-7037-1",
        include_str!("../../profiles/bankr-d-idaho-7037-1.toml"),
    ),
    (
        "bankr-nd-ga-7037-1",
        include_str!("../../profiles/bankr-nd-ga-7037-1.toml"),
    ),
    (
        "bankr-sd-ind-b-7037-1",
        include_str!("../../profiles/bankr-sd-ind-b-7037-1.toml"),
    ),
    (
        "cal-ccp-2016-040",
        include_str!("../../profiles/cal-ccp-2016-040.toml"),
    ),
    (
        "cd-cal-37-1",
        include_str!("../../profiles/cd-cal-37-1.toml"),
    ),
    (
        "d-ariz-7-2-j",
        include_str!("../../profiles/d-ariz-7-2-j.toml"),
    ),
    (
        "d-colo-7-1-a",
        include_str!("../../profiles/d-colo-7-1-a.toml"),
    ),
    ("d-kan-37-2", include_str!("../../profiles/d-kan-37-2.toml")),
    (
        "d-mass-7-1-a-2",
        include_str!("../../profiles/d-mass-7-1-a-2.toml"),
    ),
    ("d-md-104-7", include_str!("../../profiles/d-md-104-7.toml")),
    (
        "d-minn-7-1-a",
        include_str!("../../profiles/d-minn-7-1-a.toml"),
    ),
    (
        "d-nev-ia-1-3-f",
        include_str!("../../profiles/d-nev-ia-1-3-f.toml"),
    ),
    ("d-nh-7-1-c", include_str!("../../profiles/d-nh-7-1-c.toml")),
    ("d-nj-37-1", include_str!("../../profiles/d-nj-37-1.toml")),
    ("d-or-7-1-a", include_str!("../../profiles/d-or-7-1-a.toml")),
    (
        "d-utah-37-1",
        include_str!("../../profiles/d-utah-37-1.toml"),
    ),
    (
        "dc-super-12-i",
        include_str!("../../profiles/dc-super-12-i.toml"),
    ),
    (
        "ddc-lcvr-7-m",
        include_str!("../../profiles/ddc-lcvr-7-m.toml"),
    ),
    ("dnm-7-1-a", include_str!("../../profiles/dnm-7-1-a.toml")),
    ("ed-cal-251", include_str!("../../profiles/ed-cal-251.toml")),
    ("ed-la-37-1", include_str!("../../profiles/ed-la-37-1.toml")),
    (
        "ed-mich-7-1-a",
        include_str!("../../profiles/ed-mich-7-1-a.toml"),
    ),
    ("ed-mo-3-04", include_str!("../../profiles/ed-mo-3-04.toml")),
    (
        "ed-tex-cv-7-h",
        include_str!("../../profiles/ed-tex-cv-7-h.toml"),
    ),
    ("ed-va-37-e", include_str!("../../profiles/ed-va-37-e.toml")),
    ("edny-37-3", include_str!("../../profiles/edny-37-3.toml")),
    (
        "fla-rcp-1-202",
        include_str!("../../profiles/fla-rcp-1-202.toml"),
    ),
    ("frcp-37", include_str!("../../profiles/frcp-37.toml")),
    (
        "ill-sct-201-k",
        include_str!("../../profiles/ill-sct-201-k.toml"),
    ),
    (
        "mass-super-9c",
        include_str!("../../profiles/mass-super-9c.toml"),
    ),
    (
        "md-fla-3-01-g",
        include_str!("../../profiles/md-fla-3-01-g.toml"),
    ),
    (
        "md-la-frcp-37",
        include_str!("../../profiles/md-la-frcp-37.toml"),
    ),
    (
        "md-tenn-37-01",
        include_str!("../../profiles/md-tenn-37-01.toml"),
    ),
    (
        "nc-bus-ct-18-6",
        include_str!("../../profiles/nc-bus-ct-18-6.toml"),
    ),
    (
        "nd-cal-37-1",
        include_str!("../../profiles/nd-cal-37-1.toml"),
    ),
    ("nd-ga-37-1", include_str!("../../profiles/nd-ga-37-1.toml")),
    (
        "nd-ill-37-2",
        include_str!("../../profiles/nd-ill-37-2.toml"),
    ),
    (
        "nd-ind-37-1",
        include_str!("../../profiles/nd-ind-37-1.toml"),
    ),
    (
        "nd-okla-37-1",
        include_str!("../../profiles/nd-okla-37-1.toml"),
    ),
    ("nd-tex-7-1", include_str!("../../profiles/nd-tex-7-1.toml")),
    (
        "nev-edcr-2-34",
        include_str!("../../profiles/nev-edcr-2-34.toml"),
    ),
    (
        "nj-super-1-6-2",
        include_str!("../../profiles/nj-super-1-6-2.toml"),
    ),
    (
        "ny-22-nycrr-202-7",
        include_str!("../../profiles/ny-22-nycrr-202-7.toml"),
    ),
    (
        "sd-cal-26-1",
        include_str!("../../profiles/sd-cal-26-1.toml"),
    ),
    (
        "sd-fla-7-1-a-3",
        include_str!("../../profiles/sd-fla-7-1-a-3.toml"),
    ),
    (
        "sd-tex-7-1-d",
        include_str!("../../profiles/sd-tex-7-1-d.toml"),
    ),
    ("sdny-37-2", include_str!("../../profiles/sdny-37-2.toml")),
    (
        "tex-grimes-ccl",
        include_str!("../../profiles/tex-grimes-ccl.toml"),
    ),
    (
        "tex-rcp-191-2",
        include_str!("../../profiles/tex-rcp-191-2.toml"),
    ),
    (
        "utah-rcp-37-a-2",
        include_str!("../../profiles/utah-rcp-37-a-2.toml"),
    ),
    (
        "wash-cr-26-i",
        include_str!("../../profiles/wash-cr-26-i.toml"),
    ),
    (
        "wd-okla-37-1",
        include_str!("../../profiles/wd-okla-37-1.toml"),
    ),
    (
        "wd-tex-cv-7-g",
        include_str!("../../profiles/wd-tex-cv-7-g.toml"),
    ),
    (
        "wd-wash-lcr-37-a-1",
        include_str!("../../profiles/wd-wash-lcr-37-a-1.toml"),
    ),
];

/// How strongly a court demands an item.
#[derive(Deserialize, Serialize, Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    /// Not demanded (or not found in the sources).
    #[default]
    No,
    /// Case law in the court expects it: missing -> a reason, at most `review`.
    Expected,
    /// The rule's text demands it: missing -> `insufficient`.
    Required,
}

impl Grade {
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::No => "no",
            Grade::Expected => "expected",
            Grade::Required => "required",
        }
    }
}

/// One thing a profile can demand of a conferral statement.
#[derive(Deserialize, Serialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// The date of the conference or of each attempt.
    Date,
    /// The time of day.
    Time,
    /// The place, or the medium (phone, video) for a remote conference.
    Place,
    /// The manner: in person, telephone, video, letter, email.
    Method,
    /// Who took part (at least whose counsel).
    Participants,
    /// The participants' names.
    Names,
    /// A two-way exchange happened (or specific, repeated attempts failed).
    Dialogue,
    /// What was discussed: the requests, the relief.
    Issues,
    /// The result: opposed, unopposed, narrowed, impasse.
    Outcome,
    /// Some contact was live (in person, telephone, video): written contact never suffices.
    LiveContact,
    /// More than a single letter, email, fax or voicemail.
    SingleContact,
    /// The contact came before filing, with time to respond.
    Timely,
    /// At least `min_attempts` attempts before certifying that the other side did not respond.
    Attempts,
}

impl Check {
    pub const ALL: [Check; 13] = [
        Check::Date,
        Check::Time,
        Check::Place,
        Check::Method,
        Check::Participants,
        Check::Names,
        Check::Dialogue,
        Check::Issues,
        Check::Outcome,
        Check::LiveContact,
        Check::SingleContact,
        Check::Timely,
        Check::Attempts,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Check::Date => "date",
            Check::Time => "time",
            Check::Place => "place",
            Check::Method => "method",
            Check::Participants => "participants",
            Check::Names => "names",
            Check::Dialogue => "dialogue",
            Check::Issues => "issues",
            Check::Outcome => "outcome",
            Check::LiveContact => "live_contact",
            Check::SingleContact => "single_contact",
            Check::Timely => "timely",
            Check::Attempts => "attempts",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `[requires]` table: a grade per check, plus the minimum number of attempts.
#[derive(Deserialize, Serialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Requires {
    pub date: Grade,
    pub time: Grade,
    pub place: Grade,
    pub method: Grade,
    pub participants: Grade,
    pub names: Grade,
    pub dialogue: Grade,
    pub issues: Grade,
    pub outcome: Grade,
    pub live_contact: Grade,
    pub single_contact: Grade,
    pub timely: Grade,
    pub attempts: Grade,
    pub min_attempts: u32,
}

impl Requires {
    pub fn grade(&self, c: Check) -> Grade {
        match c {
            Check::Date => self.date,
            Check::Time => self.time,
            Check::Place => self.place,
            Check::Method => self.method,
            Check::Participants => self.participants,
            Check::Names => self.names,
            Check::Dialogue => self.dialogue,
            Check::Issues => self.issues,
            Check::Outcome => self.outcome,
            Check::LiveContact => self.live_contact,
            Check::SingleContact => self.single_contact,
            Check::Timely => self.timely,
            Check::Attempts => self.attempts,
        }
    }
}

/// The `[detect]` table: case-insensitive regular expressions.
#[derive(Deserialize, Serialize, Clone, Debug, Default, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Detect {
    /// Searched in the caption (the first `court::CAPTION_CHARS` characters).
    pub caption: Vec<String>,
    /// The rule's own citation, searched in the whole document when no caption matched.
    pub citation: Vec<String>,
    /// Higher wins over an earlier match (a county court over its state's generic caption).
    pub priority: i32,
}

#[derive(Deserialize, Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    FederalRule,
    District,
    Bankruptcy,
    State,
}

#[derive(Deserialize, Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Confirmed,
    Partial,
    Unconfirmed,
}

/// One court rule's profile, as written in its TOML file.
#[derive(Deserialize, Serialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Stable slug; also the file name (`profiles/ID.toml`).
    pub id: String,
    /// Short court name, e.g. "N.D. Ill.".
    pub name: String,
    /// Full court name.
    pub court: String,
    pub level: Level,
    /// The citation every reason names, e.g. "N.D. Ill. L.R. 37.2".
    pub rule: String,
    #[serde(default)]
    pub also_applies: Vec<String>,
    /// Version date (YYYY-MM-DD) of the text relied on; `as_of_basis` says what it is.
    pub as_of: String,
    #[serde(default)]
    pub as_of_basis: String,
    pub status: Status,
    /// Which motions the rule covers (informative: the screener does not know the motion type).
    pub scope: String,
    pub sources: Vec<String>,
    /// Checks resting on unconfirmed sources: never cited as `required`.
    #[serde(default)]
    pub unconfirmed: Vec<Check>,
    /// Checks the rule demands only of opposed motions: skipped when the statement says the
    /// motion is unopposed.
    #[serde(default)]
    pub opposed_only: Vec<Check>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub detect: Detect,
    #[serde(default)]
    pub requires: Requires,
    /// The TOML text the profile was read from.
    #[serde(skip)]
    pub source: String,
}

impl Profile {
    /// This profile's own grade for a check, `required` lowered to `expected` where the
    /// check rests on unconfirmed sources.
    pub fn grade(&self, c: Check) -> Grade {
        let g = self.requires.grade(c);
        if g == Grade::Required && self.unconfirmed.contains(&c) {
            Grade::Expected
        } else {
            g
        }
    }
}

/// A check in force for a profile, with the rule that imposes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub check: Check,
    pub grade: Grade,
    /// Citation of the rule that imposes it.
    pub rule: String,
    /// Id of the profile that imposes it.
    pub profile: String,
    /// Skipped when the statement says the motion is unopposed.
    pub opposed_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("court profile {file}: {message}")]
    Parse { file: String, message: String },
    #[error("court profile {file}: {message}")]
    Invalid { file: String, message: String },
    #[error("unknown court profile {id:?} (known: {known}); `conferral courts` lists them")]
    Unknown { id: String, known: String },
}

/// A compiled detection pattern of one profile.
#[derive(Debug)]
pub struct Detector {
    /// Index of the profile in [`Registry::profiles`].
    pub profile: usize,
    pub priority: i32,
    pub re: Regex,
}

/// The loaded profiles with their compiled detection patterns.
#[derive(Debug)]
pub struct Registry {
    profiles: Vec<Profile>,
    pub captions: Vec<Detector>,
    pub citations: Vec<Detector>,
}

fn valid_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    let num = |p: &str, len: usize| -> Option<u32> {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    matches!(
        (num(y, 4), num(m, 2), num(d, 2)),
        (Some(y), Some(1..=12), Some(1..=31)) if (1900..=2100).contains(&y)
    )
}

/// Patterns compile case-insensitively; write "any character" as `(?s:.)`, not `[\s\S]`:
/// case-folding that class over all of Unicode made loading the profiles take ~0.3 s.
fn compile(pat: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pat)
        .case_insensitive(true)
        .size_limit(1 << 22)
        .build()
}

impl Registry {
    /// Reads and checks profiles from (id, TOML text) pairs: every file parses, its `id` is
    /// its name, ids are unique, each has a source URL and a valid `as_of`, every
    /// `also_applies` names a known profile, every pattern compiles, and the default
    /// profile is there.
    pub fn from_sources(files: &[(&str, &str)]) -> Result<Registry, ProfileError> {
        let invalid = |file: &str, message: String| ProfileError::Invalid {
            file: file.to_string(),
            message,
        };
        let mut profiles = Vec::with_capacity(files.len());
        let mut ids = HashSet::new();
        for (file, text) in files {
            let mut p: Profile = toml::from_str(text).map_err(|e| ProfileError::Parse {
                file: file.to_string(),
                message: e.to_string(),
            })?;
            p.source = text.to_string();
            if p.id != *file {
                return Err(invalid(
                    file,
                    format!("id {:?} differs from the file name", p.id),
                ));
            }
            if !ids.insert(p.id.clone()) {
                return Err(invalid(file, format!("duplicate id {:?}", p.id)));
            }
            if p.sources.is_empty()
                || p.sources
                    .iter()
                    .any(|s| !(s.starts_with("https://") || s.starts_with("http://")))
            {
                return Err(invalid(
                    file,
                    "needs at least one source URL, all http(s)".into(),
                ));
            }
            if !valid_date(&p.as_of) {
                return Err(invalid(
                    file,
                    format!("as_of {:?} is not YYYY-MM-DD", p.as_of),
                ));
            }
            for field in [&p.name, &p.rule, &p.court] {
                if field.trim().is_empty() {
                    return Err(invalid(
                        file,
                        "name, court and rule must not be empty".into(),
                    ));
                }
            }
            if (p.requires.min_attempts > 0) != (p.requires.attempts != Grade::No) {
                return Err(invalid(
                    file,
                    "requires.attempts and requires.min_attempts go together".into(),
                ));
            }
            profiles.push(p);
        }
        let mut captions = Vec::new();
        let mut citations = Vec::new();
        for (i, p) in profiles.iter().enumerate() {
            for a in &p.also_applies {
                if a == &p.id || !ids.contains(a) {
                    return Err(invalid(&p.id, format!("also_applies names {a:?}")));
                }
            }
            for (pats, out) in [
                (&p.detect.caption, &mut captions),
                (&p.detect.citation, &mut citations),
            ] {
                for pat in pats {
                    let re = compile(pat)
                        .map_err(|e| invalid(&p.id, format!("pattern {pat:?}: {e}")))?;
                    out.push(Detector {
                        profile: i,
                        priority: p.detect.priority,
                        re,
                    });
                }
            }
        }
        if !ids.contains(DEFAULT_PROFILE) {
            return Err(invalid(
                DEFAULT_PROFILE,
                "the default profile is missing".into(),
            ));
        }
        Ok(Registry {
            profiles,
            captions,
            citations,
        })
    }

    /// The profiles compiled into the binary (parsed once).
    pub fn embedded() -> Result<&'static Registry, ProfileError> {
        static REG: OnceLock<Result<Registry, ProfileError>> = OnceLock::new();
        REG.get_or_init(|| Registry::from_sources(EMBEDDED))
            .as_ref()
            .map_err(Clone::clone)
    }

    pub fn profiles(&self) -> &[Profile] {
        &self.profiles
    }

    pub fn profile(&self, idx: usize) -> Option<&Profile> {
        self.profiles.get(idx)
    }

    /// The profile with this id (case-insensitive), or an error listing the known ids.
    pub fn get(&self, id: &str) -> Result<&Profile, ProfileError> {
        let want = id.trim().to_ascii_lowercase();
        self.profiles
            .iter()
            .find(|p| p.id == want)
            .ok_or_else(|| ProfileError::Unknown {
                id: id.to_string(),
                known: self
                    .profiles
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    }

    /// The default profile (the Rule 37(a)(1) baseline); present by construction.
    pub fn default_profile(&self) -> &Profile {
        self.profiles
            .iter()
            .find(|p| p.id == DEFAULT_PROFILE)
            .unwrap_or(&self.profiles[0])
    }

    /// The profile and everything it stacks, the profile first, each once.
    pub fn stack<'a>(&'a self, p: &'a Profile) -> Vec<&'a Profile> {
        let mut out = vec![p];
        let mut seen: BTreeSet<&str> = BTreeSet::from([p.id.as_str()]);
        let mut i = 0;
        while i < out.len() {
            for a in &out[i].also_applies {
                if seen.insert(a.as_str()) {
                    if let Ok(q) = self.get(a) {
                        out.push(q);
                    }
                }
            }
            i += 1;
        }
        out
    }

    /// The checks in force for a profile, stacked: the strongest grade of any profile in
    /// the stack, citing the first profile (the court's own before the baseline) that gives
    /// it; checks graded `no` everywhere are left out. Also the minimum number of attempts.
    pub fn requirements(&self, p: &Profile) -> (Vec<Requirement>, u32) {
        let stack = self.stack(p);
        let mut out = Vec::new();
        for c in Check::ALL {
            let best = stack.iter().map(|q| q.grade(c)).max().unwrap_or_default();
            if best == Grade::No {
                continue;
            }
            if let Some(q) = stack.iter().find(|q| q.grade(c) == best) {
                out.push(Requirement {
                    check: c,
                    grade: best,
                    rule: q.rule.clone(),
                    profile: q.id.clone(),
                    opposed_only: q.opposed_only.contains(&c),
                });
            }
        }
        let min = stack
            .iter()
            .filter(|q| q.requires.attempts != Grade::No)
            .map(|q| q.requires.min_attempts)
            .max()
            .unwrap_or(0);
        (out, min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg() -> &'static Registry {
        Registry::embedded().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn every_embedded_profile_parses_and_is_complete() {
        let r = reg();
        assert!(r.profiles().len() >= 30, "{}", r.profiles().len());
        let mut ids = HashSet::new();
        for p in r.profiles() {
            assert!(ids.insert(&p.id), "duplicate {}", p.id);
            assert!(
                !p.sources.is_empty() && p.sources[0].starts_with("http"),
                "{}",
                p.id
            );
            assert!(valid_date(&p.as_of), "{}", p.id);
            assert!(!p.as_of_basis.is_empty(), "{}: say what as_of is", p.id);
            assert!(!p.source.is_empty());
            // Every court but the baseline can be detected.
            if p.id != DEFAULT_PROFILE {
                assert!(
                    !(p.detect.caption.is_empty() && p.detect.citation.is_empty()),
                    "{} has no detection pattern",
                    p.id
                );
            }
            // A federal district stacks the federal baseline.
            if p.level == Level::District && p.id != "nd-tex-7-1" {
                assert!(
                    p.also_applies.iter().any(|a| a == DEFAULT_PROFILE),
                    "{}",
                    p.id
                );
            }
        }
    }

    #[test]
    fn embedded_list_matches_the_folder() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("profiles");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| {
                let name = e.ok()?.file_name().into_string().ok()?;
                name.strip_suffix(".toml").map(str::to_string)
            })
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = EMBEDDED.iter().map(|(id, _)| id.to_string()).collect();
        embedded.sort();
        assert_eq!(
            on_disk, embedded,
            "add new profiles to EMBEDDED in src/profiles.rs"
        );
    }

    #[test]
    fn strict_profiles_say_what_the_research_says() {
        let r = reg();
        let nev = r.get("d-nev-ia-1-3-f").unwrap();
        assert_eq!(nev.grade(Check::LiveContact), Grade::Required);
        let ill = r.get("ND-ILL-37-2").unwrap();
        for c in [Check::Date, Check::Time, Check::Names] {
            assert_eq!(ill.grade(c), Grade::Required, "{c}");
        }
        let kan = r.get("d-kan-37-2").unwrap();
        assert_eq!(kan.grade(Check::SingleContact), Grade::Required);
        // Written conferral is fine in N.D. Tex.
        assert_eq!(
            r.get("nd-tex-7-1").unwrap().grade(Check::LiveContact),
            Grade::No
        );
    }

    #[test]
    fn stacking_takes_the_strongest_grade_and_cites_its_rule() {
        let r = reg();
        let (reqs, min) = r.requirements(r.get("d-kan-37-2").unwrap());
        assert_eq!(min, 0);
        let single = reqs
            .iter()
            .find(|q| q.check == Check::SingleContact)
            .unwrap();
        assert_eq!(
            (single.grade, single.rule.as_str()),
            (Grade::Required, "D. Kan. Rule 37.2")
        );
        // Participants: expected by both; the court's own rule is cited first.
        let part = reqs
            .iter()
            .find(|q| q.check == Check::Participants)
            .unwrap();
        assert_eq!(part.profile, "d-kan-37-2");
        // Time is demanded by neither.
        assert!(!reqs.iter().any(|q| q.check == Check::Time));
        let (_, min) = r.requirements(r.get("tex-grimes-ccl").unwrap());
        assert_eq!(min, 3);
    }

    #[test]
    fn unconfirmed_required_is_only_expected() {
        let r = reg();
        let mo = r.get("ed-mo-3-04").unwrap();
        assert_eq!(mo.requires.names, Grade::Expected);
        let cd = r.get("cd-cal-37-1").unwrap();
        assert_eq!(cd.requires.live_contact, Grade::Required);
        assert_eq!(cd.grade(Check::LiveContact), Grade::Expected);
    }

    #[test]
    fn bad_profiles_are_errors_not_panics() {
        let base = EMBEDDED
            .iter()
            .find(|(id, _)| *id == DEFAULT_PROFILE)
            .unwrap();
        let ok = Registry::from_sources(&[*base]);
        assert!(ok.is_ok(), "{ok:?}");
        let cases: Vec<(&str, String)> = vec![
            ("frcp-37", "id = ".to_string()),
            ("other", base.1.to_string()),
            (
                "frcp-37",
                base.1
                    .replace("as_of = \"2025-01-01\"", "as_of = \"2025-13-01\""),
            ),
            (
                "frcp-37",
                base.1
                    .replace("[requires]", "[requires]\nwhen = \"required\""),
            ),
            (
                "frcp-37",
                base.1.replace("[requires]", "[requires]\ndate = \"maybe\""),
            ),
            (
                "frcp-37",
                base.1
                    .replace("also_applies = []", "also_applies = [\"nope\"]"),
            ),
            (
                "frcp-37",
                base.1.replace("caption = []", "caption = ['(unclosed']"),
            ),
            (
                "frcp-37",
                base.1.replace("sources = [", "sources = [\"ftp://x\","),
            ),
        ];
        for (id, text) in &cases {
            let e = Registry::from_sources(&[(id, text.as_str())]);
            assert!(e.is_err(), "{id}: {text}");
            assert!(e.unwrap_err().to_string().contains("court profile"));
        }
        let dup = Registry::from_sources(&[*base, *base]).unwrap_err();
        assert!(dup.to_string().contains("duplicate"), "{dup}");
        let unknown = reg().get("d-atlantis").unwrap_err().to_string();
        assert!(unknown.contains("d-kan-37-2"), "{unknown}");
    }
}
