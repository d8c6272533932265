//! The context of one statement: the parties, counsel, court and dates.

#![allow(unused_imports)]
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};

use super::*;

// ---------------------------------------------------------------------------------------
// Context: the parties, counsel, court, dates of one statement
// ---------------------------------------------------------------------------------------

pub(super) struct Ctx {
    pub(super) court: &'static CourtRule,
    pub(super) topic: Topic,
    pub(super) df: DateFmt,
    pub(super) start: Date,
    /// Movant and opponent party references ("Plaintiff", "Defendants", "Harbor Point").
    pub(super) m: String,
    pub(super) o: String,
    pub(super) o_pl: bool,
    pub(super) o_poss: String,
    pub(super) m_poss: String, // "Plaintiff's" (of the movant party)
    pub(super) m_atty: Person,
    pub(super) o_atty: Person,
    pub(super) o_atty2: Person,
    pub(super) m_firm: String,
    pub(super) o_firm: String,
    pub(super) witness: String,
    // movant counsel in the chosen voice
    pub(super) first_person: bool,
    pub(super) m_subj: String,
    pub(super) m_ref: String,
    pub(super) m_has: &'static str,
    pub(super) m_cert: String,
    // opposing counsel
    pub(super) o_mid: String,
    pub(super) o_end: String,
    pub(super) o_ref: String,
    pub(super) o_ref_short: String,
    pub(super) o_counsel: String,
}

impl Ctx {
    pub(super) fn new(r: &mut StdRng, topics: &[Topic]) -> Ctx {
        let court = &COURTS[r.random_range(0..COURTS.len())];
        let pairs: &[(&str, bool, &str, bool)] = match court.kind {
            Kind::Bankr => &[
                ("the Trustee", false, "Defendant", false),
                ("the Debtor", false, "the Creditor", false),
                ("Plaintiff", false, "Defendants", true),
                ("the Committee", false, "the Debtor", false),
                ("Movant", false, "the Debtor", false),
            ],
            Kind::FedCl => &[
                ("Plaintiff", false, "the Government", false),
                ("Defendant", false, "Plaintiff", false),
                ("the United States", false, "Plaintiff", false),
                ("Plaintiffs", true, "the United States", false),
            ],
            _ => &[
                ("Plaintiff", false, "Defendant", false),
                ("Plaintiffs", true, "Defendants", true),
                ("Defendant", false, "Plaintiff", false),
                ("Defendants", true, "Plaintiff", false),
                ("Plaintiff", false, "Defendants", true),
                ("Defendant", false, "Plaintiffs", true),
                ("Petitioner", false, "Respondent", false),
                ("Respondent", false, "Petitioner", false),
                (
                    "Third-Party Plaintiff",
                    false,
                    "Third-Party Defendant",
                    false,
                ),
            ],
        };
        let (m_role, m_pl, o_role, o_pl) = pairs[r.random_range(0..pairs.len())];
        let (m, m_pl) = if r.random_bool(0.2) {
            (company(r), false)
        } else {
            (m_role.to_string(), m_pl)
        };
        let (o, o_pl) = if r.random_bool(0.25) {
            (company(r), false)
        } else {
            (o_role.to_string(), o_pl)
        };
        let m_poss = possessive(&m, m_pl);
        let o_poss = possessive(&o, o_pl);
        let m_atty = Person::new(r);
        let o_atty = Person::new(r);
        let o_atty2 = Person::new(r);
        let m_firm = firm(r);
        let o_firm = firm(r);
        let witness = Person::new(r).full();
        let y = r.random_range(2004..2025);
        let start = Date::new(y, r.random_range(1..13), r.random_range(1..29)).weekday_fwd();
        let df = DATE_FMTS[r.random_range(0..DATE_FMTS.len())];

        let mname = m_atty.full();
        let (first_person, m_subj, m_ref, m_has, m_cert) = match r.random_range(0..10) {
            0..=2 => (
                true,
                "I".to_string(),
                "I".to_string(),
                "have",
                pick(
                    r,
                    &["I hereby certify that", "I certify that", "I certify that"],
                )
                .to_string(),
            ),
            3..=4 => {
                let u = pick(r, &["undersigned counsel", "the undersigned"]).to_string();
                (
                    false,
                    u.clone(),
                    u,
                    "has",
                    pick(
                        r,
                        &[
                            "Undersigned counsel certifies that",
                            "The undersigned hereby certifies that",
                        ],
                    )
                    .to_string(),
                )
            }
            5..=6 => (
                false,
                format!("{mname}, counsel for {m},"),
                m_atty.formal(),
                "has",
                format!("{mname}, counsel for {m}, certifies that"),
            ),
            7..=8 => {
                let s = if r.random_bool(0.5) {
                    format!("counsel for {m}")
                } else {
                    format!("{m_poss} counsel")
                };
                (
                    false,
                    s.clone(),
                    s,
                    "has",
                    format!("Counsel for {m} certifies that"),
                )
            }
            _ => (
                true,
                "we".to_string(),
                "we".to_string(),
                "have",
                pick(r, &["We hereby certify that", "We certify that"]).to_string(),
            ),
        };

        let on = o_atty.full();
        let (o_mid, o_end) = match r.random_range(0..6) {
            0 => (
                format!("{on}, counsel for {o},"),
                format!("{on}, counsel for {o}"),
            ),
            1 => (
                format!("counsel for {o}, {on},"),
                format!("counsel for {o}, {on}"),
            ),
            2 => (
                format!("{o_poss} counsel, {on},"),
                format!("{o_poss} counsel, {on}"),
            ),
            3 => {
                let s = format!("{o_poss} counsel ({on})");
                (s.clone(), s)
            }
            4 => (
                format!("{on} of {o_firm}, counsel for {o},"),
                format!("{on} of {o_firm}, counsel for {o}"),
            ),
            _ => (
                format!("{on}, {o_poss} counsel,"),
                format!("{on}, {o_poss} counsel"),
            ),
        };
        let o_ref = match r.random_range(0..4) {
            0 | 1 => o_atty.formal(),
            2 => format!("{o_poss} counsel"),
            _ => "opposing counsel".to_string(),
        };
        let o_ref_short = o_atty.formal();
        let o_counsel = if r.random_bool(0.5) {
            format!("counsel for {o}")
        } else {
            format!("{o_poss} counsel")
        };
        Ctx {
            court,
            topic: pick(r, topics),
            df,
            start,
            m,
            o,
            o_pl,
            o_poss,
            m_poss,
            m_atty,
            o_atty,
            o_atty2,
            m_firm,
            o_firm,
            witness,
            first_person,
            m_subj,
            m_ref,
            m_has,
            m_cert,
            o_mid,
            o_end,
            o_ref,
            o_ref_short,
            o_counsel,
        }
    }

    pub(super) fn ov<'a>(&self, sing: &'a str, plural: &'a str) -> &'a str {
        if self.o_pl {
            plural
        } else {
            sing
        }
    }

    pub(super) fn date(&self, d: Date) -> String {
        d.fmt(self.df)
    }

    /// The movant party's possessive for its own papers ("Plaintiff's", "Defendants'").
    pub(super) fn m_poss_own(&self) -> String {
        self.m_poss.clone()
    }

    pub(super) fn m_short_name(&self) -> String {
        cap(self.m.trim_start_matches("the "))
    }

    pub(super) fn o_short_name(&self) -> String {
        cap(self.o.trim_start_matches("the "))
    }

    /// How the statement cites the court's rule.
    pub(super) fn rule_cite(&self, r: &mut StdRng) -> String {
        let cites = self.court.cites;
        cites[r.random_range(0..cites.len())].to_string()
    }
}

/// Which rule the text cites, if any (checked before noise is added).
pub(super) fn cited_rule(c: &Ctx, text: &str) -> Option<&'static str> {
    let low = text.to_lowercase();
    let has = |s: &str| low.contains(&s.to_lowercase());
    if c.court.cites.iter().any(|s| has(s)) || has(c.court.rule) {
        Some(c.court.rule)
    } else if has("37(a)(1)") {
        Some("Fed. R. Civ. P. 37(a)(1)")
    } else if has("26(c)(1)") {
        Some("Fed. R. Civ. P. 26(c)(1)")
    } else {
        None
    }
}

pub(super) fn opp_vague_or_counsel(r: &mut StdRng, c: &Ctx) -> (String, bool) {
    if r.random_bool(0.5) {
        (c.o_counsel.clone(), true)
    } else {
        (
            pick(
                r,
                &[
                    "opposing counsel",
                    "counsel for the opposing party",
                    "the opposing side",
                    "all counsel of record",
                ],
            )
            .to_string(),
            false,
        )
    }
}

#[derive(Clone)]
pub(super) struct Person {
    pub(super) first: &'static str,
    pub(super) last: &'static str,
    pub(super) female: bool,
    pub(super) middle: Option<char>,
}

impl Person {
    pub(super) fn new(r: &mut StdRng) -> Person {
        let female = r.random_bool(0.5);
        let first = if female {
            pick(r, FIRST_F)
        } else {
            pick(r, FIRST_M)
        };
        let middle = if r.random_bool(0.2) {
            Some((b'A' + r.random_range(0..26u8)) as char)
        } else {
            None
        };
        Person {
            first,
            last: pick(r, LAST),
            female,
            middle,
        }
    }
    pub(super) fn full(&self) -> String {
        match self.middle {
            Some(m) => format!("{} {}. {}", self.first, m, self.last),
            None => format!("{} {}", self.first, self.last),
        }
    }
    pub(super) fn initial(&self) -> String {
        format!("{}. {}", &self.first[..1], self.last)
    }
    pub(super) fn formal(&self) -> String {
        format!("{} {}", if self.female { "Ms." } else { "Mr." }, self.last)
    }
    pub(super) fn pron(&self) -> &'static str {
        if self.female {
            "her"
        } else {
            "his"
        }
    }
}

pub(super) fn possessive(name: &str, plural: bool) -> String {
    if (plural || !name.starts_with("the ") || name.ends_with("States")) && name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

pub(super) fn company(r: &mut StdRng) -> String {
    match r.random_range(0..5) {
        0 => format!("{} {}", pick(r, CO_PREFIX), pick(r, CO_INDUSTRY)),
        1 => format!(
            "the City of {}",
            pick(
                r,
                &[
                    "Fairview",
                    "Lakewood",
                    "Brookhaven",
                    "Millbrook",
                    "Westport",
                    "Cedar Falls"
                ]
            )
        ),
        _ => pick(r, CO_PREFIX).to_string(),
    }
}

pub(super) fn firm(r: &mut StdRng) -> String {
    let (a, b, x) = (pick(r, LAST), pick(r, LAST), pick(r, LAST));
    match r.random_range(0..4) {
        0 => format!("{a} & {b} LLP"),
        1 => format!("{a} {b} P.C."),
        2 => format!("the {a} Law Firm"),
        _ => format!("{a}, {b} & {x}, P.A."),
    }
}
