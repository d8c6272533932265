//! The generator's vocabulary, embedded from the TOML files under `data/synth/` and parsed
//! once: the court and rule table, and named sections of templates and word lists.
//!
//! `courts.toml` holds `[[court]]` and `[[fallback]]` entries. Every other file holds
//! `[section]` tables whose
//! entries are a template (a string), a list of alternatives (an array of strings) or a
//! table of rows (an array of arrays of strings). Code addresses an entry as
//! `"section.key"`; section names are unique across files.
//!
//! Templates have one placeholder syntax, filled by [`subst`] (and by `Ctx::fill`, which adds
//! the statement's context):
//! - `{name}`: a value that the calling code supplies, or one of the context's;
//! - `{Name}`: the same value with its first letter capitalised;
//! - `{sing|plur}`: the form that agrees in number with the opposing party ("has|have").
//!
//! Placeholders are filled in order of appearance; where the code draws a value only when a
//! template asks for it, the draws therefore follow that order.
//!
//! The output for a seed depends on the order and length of every list: [`pick`] and [`arm`]
//! draw one index uniformly.

use std::collections::HashMap;
use std::sync::OnceLock;

use rand::rngs::StdRng;
use rand::Rng;
use serde::Deserialize;

/// A data file's name and text.
macro_rules! data_file {
    ($name:literal) => {
        ($name, include_str!(concat!("../../../data/synth/", $name)))
    };
}

const COURTS: (&str, &str) = data_file!("courts.toml");

const FILES: &[(&str, &str)] = &[
    data_file!("names.toml"),
    data_file!("topics.toml"),
    data_file!("phrases.toml"),
    data_file!("dress.toml"),
    data_file!("sufficient.toml"),
    data_file!("insufficient.toml"),
    data_file!("one_way.toml"),
    data_file!("paraphrase.toml"),
];

/// The kind of court, which decides the parties' roles and some headings.
#[derive(Clone, Copy, PartialEq, Debug, Deserialize)]
pub(super) enum Kind {
    #[serde(rename = "federal")]
    Federal,
    #[serde(rename = "bankruptcy")]
    Bankr,
    #[serde(rename = "federal_claims")]
    FedCl,
    #[serde(rename = "state")]
    State,
}

/// A court and the conferral rule that statements in it cite.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Court {
    pub(super) court: String,
    /// The rule as recorded in `rule`.
    pub(super) rule: String,
    /// How statements cite it.
    pub(super) cites: Vec<String>,
    pub(super) kind: Kind,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Entry {
    Text(String),
    List(Vec<String>),
    Rows(Vec<Vec<String>>),
}

impl Entry {
    /// Every template string of the entry.
    #[cfg(test)]
    fn strings(&self) -> Vec<&str> {
        match self {
            Entry::Text(s) => vec![s.as_str()],
            Entry::List(xs) => xs.iter().map(String::as_str).collect(),
            Entry::Rows(rows) => rows.iter().flatten().map(String::as_str).collect(),
        }
    }
}

/// A rule that a statement may mention without citing its court's own.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Fallback {
    /// What the text mentions ("37(a)(1)").
    pub(super) mention: String,
    /// The rule then recorded.
    pub(super) rule: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourtFile {
    court: Vec<Court>,
    fallback: Vec<Fallback>,
}

struct Bank {
    courts: Vec<Court>,
    fallbacks: Vec<Fallback>,
    entries: HashMap<String, Entry>,
}

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| load().unwrap_or_else(|e| panic!("synth data: {e}")))
}

fn load() -> Result<Bank, String> {
    let CourtFile {
        court: courts,
        fallback: fallbacks,
    } = toml::from_str(COURTS.1).map_err(|e| format!("{}: {e}", COURTS.0))?;
    let mut entries = HashMap::new();
    let mut seen = HashMap::new();
    for (file, text) in FILES {
        let sections: HashMap<String, HashMap<String, Entry>> =
            toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
        for (section, items) in sections {
            if let Some(other) = seen.insert(section.clone(), *file) {
                return Err(format!("{file}: section [{section}] is also in {other}"));
            }
            for (key, entry) in items {
                let bad = match &entry {
                    Entry::Text(_) => None,
                    Entry::List(xs) => xs.is_empty().then_some("is empty"),
                    Entry::Rows(rows) => match rows.first() {
                        None => Some("is empty"),
                        Some(first) => rows
                            .iter()
                            .any(|row| row.len() < 2 || row.len() != first.len())
                            .then_some("has rows of different or too few columns"),
                    },
                };
                if let Some(bad) = bad {
                    return Err(format!("{file}: {section}.{key} {bad}"));
                }
                entries.insert(format!("{section}.{key}"), entry);
            }
        }
    }
    Ok(Bank {
        courts,
        fallbacks,
        entries,
    })
}

fn entry(key: &str) -> &'static Entry {
    bank()
        .entries
        .get(key)
        .unwrap_or_else(|| panic!("synth data: no entry `{key}`"))
}

/// All courts, in file order.
pub(super) fn courts() -> &'static [Court] {
    &bank().courts
}

/// The rules recorded when a statement mentions them, in order.
pub(super) fn fallback_rules() -> &'static [Fallback] {
    &bank().fallbacks
}

/// The template `key`.
pub(super) fn text(key: &str) -> &'static str {
    match entry(key) {
        Entry::Text(s) => s,
        _ => panic!("synth data: `{key}` is not a single template"),
    }
}

/// The list of alternatives `key`.
pub(super) fn list(key: &str) -> &'static [String] {
    match entry(key) {
        Entry::List(xs) => xs,
        _ => panic!("synth data: `{key}` is not a list"),
    }
}

/// The table of rows `key`.
pub(super) fn rows(key: &str) -> &'static [Vec<String>] {
    match entry(key) {
        Entry::Rows(rows) => rows,
        _ => panic!("synth data: `{key}` is not a table of rows"),
    }
}

/// One element, drawn uniformly (a `usize` index).
pub(super) fn pick<'a, T>(r: &mut StdRng, xs: &'a [T]) -> &'a T {
    &xs[r.random_range(0..xs.len())]
}

/// One element drawn as the arm of a `match r.random_range(0..n)` over `i32`: the same
/// outcome as such a match with one arm per element, which is not the same draw as [`pick`].
pub(super) fn arm<'a, T>(r: &mut StdRng, xs: &'a [T]) -> &'a T {
    let n = i32::try_from(xs.len()).expect("a short list");
    &xs[r.random_range(0..n) as usize]
}

/// [`pick`] from the list `key`.
pub(super) fn pick_in(r: &mut StdRng, key: &str) -> &'static str {
    pick(r, list(key)).as_str()
}

/// [`arm`] of the list `key`.
pub(super) fn arm_in(r: &mut StdRng, key: &str) -> &'static str {
    arm(r, list(key)).as_str()
}

/// Capitalises the first letter.
pub(super) fn cap(s: &str) -> String {
    let mut ch = s.chars();
    match ch.next() {
        Some(f) => f.to_uppercase().collect::<String>() + ch.as_str(),
        None => String::new(),
    }
}

/// Fills the placeholders of `t` in order of appearance, `{Name}` capitalised. `var` gives
/// the value of a name (its first letter lower case), `None` where it knows none.
pub(super) fn subst(t: &str, mut var: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(t.len() + 64);
    let mut rest = t;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let len = rest[i..]
            .find('}')
            .unwrap_or_else(|| panic!("synth template {t:?}: unclosed placeholder"));
        let name = &rest[i + 1..i + len];
        let value = match lower_first(name) {
            Some(low) => var(&low).map(|v| cap(&v)),
            None => var(name),
        };
        out.push_str(
            &value
                .unwrap_or_else(|| panic!("synth template {t:?}: unknown placeholder {{{name}}}")),
        );
        rest = &rest[i + len + 1..];
    }
    out.push_str(rest);
    out
}

/// `Some(name)` with its first letter lowered where that letter is upper case.
fn lower_first(name: &str) -> Option<String> {
    let mut ch = name.chars();
    let first = ch.next()?;
    first
        .is_uppercase()
        .then(|| first.to_lowercase().collect::<String>() + ch.as_str())
}

/// The names that code supplies to templates, besides the context's (`Ctx::var`): what the
/// test of the data files accepts.
#[cfg(test)]
const LOCALS: &[&str] = &[
    // names.toml
    "a b x prefix industry city",
    // topics.toml
    "d log_entries custodians company third_party days deadline log_date",
    "hearing_date extended_date",
    // phrases.toml
    "opp aim cite also duty case1 case2 how when body conf reason concession who",
    "means call minutes_15_90 minutes_15_60 h24 h12 mm mark mark_dots clock date",
    "party division yy docket y wl district day",
    // dress.toml
    "paper set cite_upper m_atty_upper court_title dated judge doc filed page pages",
    // sufficient, insufficient, one_way and paraphrase.toml
    "about act answer ask assumed by callback cert conc confer copied count d0 d1 d2",
    "d3 d4 discussion duration end exhibit first h1 h2 head hours hyphen i1 i2 issue",
    "last later limits m1 m2 matters means1 means2 met method middle minutes n",
    "narrowed nth o_atty_poss o_mid_bare objected often on outcome pos pos_short",
    "prep reciting refused request requests required result retort sep served span",
    "subject tail time tried urgency via we went what why",
];

/// The subject of the motion; each has its section of `topics.toml`.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Topic {
    Compel,
    PrivLog,
    Depo,
    ProtOrder,
    Subpoena,
    Esi,
    Extension,
    Amend,
}

const ALL: [(Topic, &str); 8] = [
    (Topic::Compel, "compel"),
    (Topic::PrivLog, "priv_log"),
    (Topic::Depo, "depo"),
    (Topic::ProtOrder, "prot_order"),
    (Topic::Subpoena, "subpoena"),
    (Topic::Esi, "esi"),
    (Topic::Extension, "extension"),
    (Topic::Amend, "amend"),
];

impl Topic {
    /// The topic of a section name (as the mixes in `topics.toml` list them).
    pub(super) fn named(name: &str) -> Topic {
        ALL.iter()
            .find(|(_, n)| *n == name)
            .unwrap_or_else(|| panic!("synth data: unknown topic `{name}`"))
            .0
    }

    /// The entry `what` of the topic's section.
    pub(super) fn key(self, what: &str) -> String {
        let name = ALL.iter().find(|(t, _)| *t == self).expect("every topic").1;
        format!("{name}.{what}")
    }
}

/// A kind's section of the data files: its templates and lists.
#[derive(Clone, Copy)]
pub(super) struct Texts(pub(super) &'static str);

impl Texts {
    /// The template `key`.
    pub(super) fn t(self, key: &str) -> &'static str {
        text(&self.key(key))
    }

    /// The list `key`.
    pub(super) fn list(self, key: &str) -> &'static [String] {
        list(&self.key(key))
    }

    /// One alternative of the list `key`, drawn uniformly.
    pub(super) fn pick(self, r: &mut StdRng, key: &str) -> &'static str {
        pick_in(r, &self.key(key))
    }

    fn key(self, key: &str) -> String {
        format!("{}.{key}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::ctx::Ctx;
    use super::*;
    use rand::SeedableRng;

    fn is_local(name: &str) -> bool {
        LOCALS
            .iter()
            .any(|l| l.split_whitespace().any(|n| n == name))
    }

    fn placeholders(t: &str) -> Vec<&str> {
        t.split('{')
            .skip(1)
            .map(|s| s.split_once('}').expect("closed placeholder").0)
            .collect()
    }

    #[test]
    fn every_file_parses_and_every_placeholder_is_known() {
        let b = load().unwrap_or_else(|e| panic!("{e}"));
        assert!(b.courts.len() > 40);
        for court in &b.courts {
            assert!(
                !court.cites.is_empty() && !court.rule.is_empty(),
                "{court:?}"
            );
        }
        for key in ["mix.all", "mix.response", "mix.discovery"] {
            list(key).iter().for_each(|t| _ = Topic::named(t));
        }
        let c = Ctx::new(&mut StdRng::seed_from_u64(1), list("mix.all"));
        let mut n = 0;
        for (key, entry) in &b.entries {
            for t in entry.strings() {
                assert_eq!(
                    t.matches('{').count(),
                    t.matches('}').count(),
                    "{key}: {t:?}"
                );
                for name in placeholders(t) {
                    let known = match name.split_once('|') {
                        Some((sing, plur)) => !sing.is_empty() && !plur.is_empty(),
                        None => {
                            let low = lower_first(name).unwrap_or_else(|| name.to_string());
                            is_local(&low) || c.var(&low).is_some()
                        }
                    };
                    assert!(known, "{key}: {t:?} uses unknown {{{name}}}");
                    n += 1;
                }
            }
        }
        assert!(n > 10, "{n} placeholders");
    }

    #[test]
    fn subst_fills_in_order_and_capitalises() {
        let mut seen = Vec::new();
        let s = subst("{a} and {B}, {a}.", |name| {
            seen.push(name.to_string());
            Some(format!("x{}", seen.len()))
        });
        assert_eq!(s, "x1 and X2, x3.");
        assert_eq!(seen, ["a", "b", "a"]);
    }

    #[test]
    #[should_panic(expected = "unknown placeholder {nope}")]
    fn subst_rejects_unknown_names() {
        subst("a {nope} b", |_| None);
    }
}
