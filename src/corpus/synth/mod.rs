//! Seeded generator of labeled synthetic conferral statements, following
//! the project labeling rubric (`../shared/RUBRIC.md`).
//!
//! Every statement is built by a *kind* (a template family such as `complete_phone` or
//! `one_way_detailed_email`) from randomly filled slots: the court and rule, the parties and
//! their counsel, dates, means of contact, the issues and the outcome. The label is known by
//! construction, and so are the rubric elements: a kind sets an element flag exactly when it
//! writes the slot that carries it.
//!
//! Element conventions (kept consistent across kinds):
//! - `participants`: the opposing side's counsel is identified, by name or at least as
//!   "counsel for Defendant" ("opposing counsel" or "the parties" alone do not count).
//! - `when`: a date, time or concrete relative day ("last Tuesday") of a contact.
//! - `means`: how the contact was made (telephone, video, in person, email, letter, ...).
//! - `dialogue`: a two-way exchange is described concretely (counsel spoke, met, discussed,
//!   the other side replied with its position), or repeated specific attempts were ignored.
//!   A bare recital that counsel "conferred in good faith" does not count.
//! - `issues`: what the contact was about, including "the relief requested in this motion".
//! - `outcome`: the stated result: opposed/unopposed, narrowed, impasse, no response.
//!
//! Surface features that the rubric does not care about (headings, rule recitals, case
//! citations, signatures, length, voice, OCR noise) are spread over both labels so that a
//! classifier must learn the substance.
//!
//! The code here is the logic: what is drawn, in which order, and which elements a
//! statement carries. The words are data, `data/synth/*.toml`, embedded at build time and
//! parsed once (`bank`): the courts and rules, names, topics, shared phrases, dressing, and
//! each kind's templates. A template's placeholders are filled from values that the code
//! draws and from the statement's context (`ctx`). The output for a seed depends on the
//! order and length of every list in the data as much as on the code.
//!
//! Modules: `kinds` (the table of kinds), `sufficient`, `insufficient`, `one_way` and
//! `paraphrase` (the kinds), `phrases` (pieces the kinds share), `topics` (issues, reasons,
//! concessions), `ctx` and `people` (parties and counsel), `dress` and `noise` (trappings
//! of a filing), `dates`, `bank` (the data).

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};

use crate::corpus::dataset::{Example, Label};

mod bank;
mod ctx;
mod dates;
mod dress;
mod insufficient;
mod kinds;
mod noise;
mod one_way;
mod paraphrase;
mod people;
mod phrases;
mod sufficient;
mod topics;

#[cfg(test)]
mod tests;

use self::ctx::{cited_rule, Ctx};
use self::dress::dress;
use self::kinds::{KindSpec, DISCOVERY_KINDS, KINDS, RESPONSE_KINDS};
use self::noise::add_noise;

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

/// Generates `n` labeled statements, deterministic given `seed`.
pub fn generate(n: usize, seed: u64) -> Vec<Example> {
    let mut r = StdRng::seed_from_u64(seed);
    let total: u32 = KINDS.iter().map(|k| k.weight).sum();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut x = r.random_range(0..total);
        let spec = KINDS
            .iter()
            .find(|k| {
                if x < k.weight {
                    true
                } else {
                    x -= k.weight;
                    false
                }
            })
            .expect("weights cover the range");
        out.push(build_example(&mut r, spec, i));
    }
    out
}

/// Names of all kinds with their labels (for reports and tests).
pub fn kinds() -> Vec<(&'static str, Label)> {
    KINDS.iter().map(|k| (k.name, k.label)).collect()
}

fn build_example(r: &mut StdRng, spec: &KindSpec, i: usize) -> Example {
    let topics = if RESPONSE_KINDS.contains(&spec.name) {
        bank::list("mix.response")
    } else if DISCOVERY_KINDS.contains(&spec.name) {
        bank::list("mix.discovery")
    } else {
        bank::list("mix.all")
    };
    let c = Ctx::new(r, topics);
    let mut e = Els::default();
    let variant = r.random_range(0..spec.variants);
    let body = (spec.build)(r, &c, &mut e, variant);
    let paraphrase = spec.name.starts_with("paraphrase_");
    let mut text = if paraphrase {
        body
    } else {
        dress(r, &c, body, spec.label)
    };
    let rule = cited_rule(&c, &text);
    if r.random_bool(0.10) {
        text = add_noise(r, &c, &text);
    }
    let mut extra = Map::new();
    extra.insert("label_source".into(), json!("synthetic"));
    extra.insert("kind".into(), json!(spec.name));
    extra.insert("group".into(), json!(format!("{}/v{}", spec.name, variant)));
    extra.insert("court".into(), json!(c.court.court));
    extra.insert("rule".into(), rule.map_or(Value::Null, |s| json!(s)));
    extra.insert("elements".into(), e.to_json());
    Example {
        id: format!("synth-{i:06}"),
        text,
        label: spec.label,
        extra,
    }
}

// ---------------------------------------------------------------------------------------
// Elements
// ---------------------------------------------------------------------------------------

/// The rubric elements that a statement carries.
#[derive(Clone, Copy, Default, Debug, PartialEq)]
struct Els {
    participants: bool,
    when: bool,
    means: bool,
    dialogue: bool,
    issues: bool,
    outcome: bool,
}

impl Els {
    fn set_all(&mut self) {
        *self = Els {
            participants: true,
            when: true,
            means: true,
            dialogue: true,
            issues: true,
            outcome: true,
        };
    }
    fn to_json(self) -> Value {
        json!({
            "participants": self.participants,
            "when": self.when,
            "means": self.means,
            "dialogue": self.dialogue,
            "issues": self.issues,
            "outcome": self.outcome,
        })
    }
}
