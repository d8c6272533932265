//! The context of one statement: the court, the parties and their counsel, the topic, the
//! first date and the date format. Templates name its parts (`Ctx::var`).

use std::fmt::Display;

use rand::rngs::StdRng;
use rand::Rng;

use super::bank::Topic;
use super::bank::{self, arm, arm_in, list, pick, pick_in, rows, subst, text, Court, Kind};
use super::dates::{Date, DateFmt, DATE_FMTS};
use super::people::{company, firm, possessive, Person};

/// One statement's context, drawn once; templates read it through [`Ctx::var`].
pub(super) struct Ctx {
    pub(super) court: &'static Court,
    pub(super) topic: Topic,
    df: DateFmt,
    pub(super) start: Date,
    /// Movant and opponent party references ("Plaintiff", "Defendants", "Harbor Point").
    m: String,
    o: String,
    /// Whether the opponent takes plural verbs.
    o_pl: bool,
    o_poss: String,
    /// "Plaintiff's" (of the movant party)
    m_poss: String,
    pub(super) m_atty: Person,
    pub(super) o_atty: Person,
    o_atty2: Person,
    m_firm: String,
    o_firm: String,
    witness: String,
    // movant counsel in the chosen voice
    pub(super) first_person: bool,
    pub(super) m_subj: String,
    pub(super) m_ref: String,
    m_has: &'static str,
    pub(super) m_cert: String,
    // opposing counsel
    pub(super) o_mid: String,
    o_end: String,
    o_ref: String,
    o_ref_short: String,
    pub(super) o_counsel: String,
}

impl Ctx {
    /// Draws a context; the topic from `topics` (names of topics).
    pub(super) fn new(r: &mut StdRng, topics: &[String]) -> Ctx {
        let court = pick(r, bank::courts());
        let pairs = rows(match court.kind {
            Kind::Bankr => "parties.bankruptcy",
            Kind::FedCl => "parties.federal_claims",
            Kind::Federal | Kind::State => "parties.other",
        });
        let (m_role, o_role) = match pick(r, pairs).as_slice() {
            [m, o] => (m, o),
            row => panic!("synth data: parties row {row:?} is not a pair"),
        };
        let plural = list("parties.plural");
        let (m, m_pl) = if r.random_bool(0.2) {
            (company(r), false)
        } else {
            (m_role.clone(), plural.contains(m_role))
        };
        let (o, o_pl) = if r.random_bool(0.25) {
            (company(r), false)
        } else {
            (o_role.clone(), plural.contains(o_role))
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
        let df = *pick(r, DATE_FMTS);
        let mut c = Ctx {
            court,
            topic: Topic::Compel,
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
            first_person: false,
            m_subj: String::new(),
            m_ref: String::new(),
            m_has: "has",
            m_cert: String::new(),
            o_mid: String::new(),
            o_end: String::new(),
            o_ref: String::new(),
            o_ref_short: String::new(),
            o_counsel: String::new(),
        };
        c.draw_voice(r);
        c.draw_opposing_counsel(r);
        c.topic = Topic::named(pick(r, topics).as_str());
        c
    }

    /// How the movant's counsel speaks: "I", "the undersigned", by name, "counsel for", "we".
    fn draw_voice(&mut self, r: &mut StdRng) {
        let one = |r: &mut StdRng, key: &str| pick_in(r, key).to_string();
        (self.first_person, self.m_has) = (false, "has");
        match r.random_range(0..10) {
            0..=2 => {
                (self.first_person, self.m_has) = (true, "have");
                self.m_subj = text("voice.i").to_string();
                self.m_ref = self.m_subj.clone();
                self.m_cert = one(r, "voice.i_cert");
            }
            3..=4 => {
                self.m_subj = one(r, "voice.undersigned");
                self.m_ref = self.m_subj.clone();
                self.m_cert = one(r, "voice.undersigned_cert");
            }
            5..=6 => {
                self.m_subj = self.fill(text("voice.named"), &[]);
                self.m_ref = self.m_atty.formal();
                self.m_cert = self.fill(text("voice.named_cert"), &[]);
            }
            7..=8 => {
                let form = if r.random_bool(0.5) {
                    "voice.counsel_for"
                } else {
                    "voice.counsel_poss"
                };
                self.m_subj = self.fill(text(form), &[]);
                self.m_ref = self.m_subj.clone();
                self.m_cert = self.fill(text("voice.counsel_cert"), &[]);
            }
            _ => {
                (self.first_person, self.m_has) = (true, "have");
                self.m_subj = text("voice.we").to_string();
                self.m_ref = self.m_subj.clone();
                self.m_cert = one(r, "voice.we_cert");
            }
        }
    }

    /// The ways this statement names opposing counsel.
    fn draw_opposing_counsel(&mut self, r: &mut StdRng) {
        let row = arm(r, rows("opposing.named"));
        self.o_mid = self.fill(&row[0], &[]);
        self.o_end = self.fill(&row[1], &[]);
        self.o_ref = self.fill(arm_in(r, "opposing.refs"), &[]);
        self.o_ref_short = self.o_atty.formal();
        let form = if r.random_bool(0.5) {
            "opposing.counsel_for"
        } else {
            "opposing.counsel_poss"
        };
        self.o_counsel = self.fill(text(form), &[]);
    }

    /// The value of a context placeholder (see `bank`), `None` for a name it does not know.
    pub(super) fn var(&self, name: &str) -> Option<String> {
        Some(match name {
            "m" => self.m.clone(),
            "o" => self.o.clone(),
            "m_poss" => self.m_poss.clone(),
            "o_poss" => self.o_poss.clone(),
            "m_short" => self.m.trim_start_matches("the ").to_string(),
            "o_short" => self.o.trim_start_matches("the ").to_string(),
            "m_atty" => self.m_atty.full(),
            "m_atty_init" => self.m_atty.initial(),
            "o_atty" => self.o_atty.full(),
            "o_atty_init" => self.o_atty.initial(),
            "o_atty_formal" => self.o_atty.formal(),
            "o_atty2" => self.o_atty2.full(),
            "o_pron" => self.o_atty.pron().to_string(),
            "m_firm" => self.m_firm.clone(),
            "o_firm" => self.o_firm.clone(),
            "witness" => self.witness.clone(),
            "m_subj" => self.m_subj.clone(),
            "m_ref" => self.m_ref.clone(),
            "m_has" => self.m_has.to_string(),
            "m_cert" => self.m_cert.clone(),
            "o_mid" => self.o_mid.clone(),
            "o_end" => self.o_end.clone(),
            "o_ref" => self.o_ref.clone(),
            "o_ref_short" => self.o_ref_short.clone(),
            "o_counsel" => self.o_counsel.clone(),
            "start" => self.date(self.start),
            _ => return None,
        })
    }

    /// Fills template `t` from `vars`, then from the context; `{sing|plur}` agrees with the
    /// opposing party. Values that are drawn where `vars` is written are drawn in the order
    /// listed (an array's elements are evaluated left to right).
    pub(super) fn fill(&self, t: &str, vars: &[(&str, &dyn Display)]) -> String {
        self.fill_with(t, |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    /// As `fill`, with values from `vars`, then `more`.
    pub(super) fn fill_vars(
        &self,
        t: &str,
        vars: &[(&str, &dyn Display)],
        more: &[(&str, &dyn Display)],
    ) -> String {
        self.fill_with(t, |name| {
            vars.iter()
                .chain(more)
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    /// As `fill`, with values from `var`, which may draw: it is asked in order of appearance.
    pub(super) fn fill_with(&self, t: &str, mut var: impl FnMut(&str) -> Option<String>) -> String {
        subst(t, |name| match name.split_once('|') {
            Some((sing, plur)) => Some(self.ov(sing, plur).to_string()),
            None => var(name).or_else(|| self.var(name)),
        })
    }

    pub(super) fn o_plural(&self) -> bool {
        self.o_pl
    }

    /// The verb form that agrees with the opposing party.
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

    /// How the statement cites the court's rule.
    pub(super) fn rule_cite(&self, r: &mut StdRng) -> String {
        pick(r, &self.court.cites).clone()
    }
}

/// Which rule the text cites, if any (checked before noise is added).
pub(super) fn cited_rule(c: &Ctx, text: &str) -> Option<&'static str> {
    let low = text.to_lowercase();
    let has = |s: &str| low.contains(&s.to_lowercase());
    if c.court.cites.iter().any(|s| has(s)) || has(&c.court.rule) {
        Some(&c.court.rule)
    } else {
        bank::fallback_rules()
            .iter()
            .find(|f| has(&f.mention))
            .map(|f| f.rule.as_str())
    }
}
