//! People and organisations: counsel and witnesses, companies, law firms.

use rand::rngs::StdRng;
use rand::Rng;

use super::bank::{arm_in, list, pick, pick_in, subst};

/// An attorney or a witness.
#[derive(Clone)]
pub(super) struct Person {
    first: &'static str,
    last: &'static str,
    female: bool,
    middle: Option<char>,
}

impl Person {
    pub(super) fn new(r: &mut StdRng) -> Person {
        let female = r.random_bool(0.5);
        let first = if female {
            pick_in(r, "people.first_f")
        } else {
            pick_in(r, "people.first_m")
        };
        let middle = if r.random_bool(0.2) {
            Some((b'A' + r.random_range(0..26u8)) as char)
        } else {
            None
        };
        Person {
            first,
            last: pick_in(r, "people.last"),
            female,
            middle,
        }
    }

    /// "Jane Q. Smith"
    pub(super) fn full(&self) -> String {
        match self.middle {
            Some(m) => format!("{} {}. {}", self.first, m, self.last),
            None => format!("{} {}", self.first, self.last),
        }
    }

    /// "J. Smith"
    pub(super) fn initial(&self) -> String {
        format!("{}. {}", &self.first[..1], self.last)
    }

    /// "Ms. Smith"
    pub(super) fn formal(&self) -> String {
        format!("{} {}", list("people.titles")[self.gender()], self.last)
    }

    /// "his" or "her"
    pub(super) fn pron(&self) -> &'static str {
        &list("people.pronouns")[self.gender()]
    }

    /// The column of a [male, female] pair.
    fn gender(&self) -> usize {
        usize::from(self.female)
    }
}

/// "Plaintiff's", "Defendants'", "the United States'".
pub(super) fn possessive(name: &str, plural: bool) -> String {
    if (plural || !name.starts_with("the ") || name.ends_with("States")) && name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

/// A company or city as a party.
pub(super) fn company(r: &mut StdRng) -> String {
    let form = arm_in(r, "company.forms");
    subst(form, |name| {
        Some(pick_in(r, &format!("company.{name}")).to_string())
    })
}

/// A law firm's name from three drawn surnames.
pub(super) fn firm(r: &mut StdRng) -> String {
    let last = list("people.last");
    let (a, b, x) = (pick(r, last), pick(r, last), pick(r, last));
    subst(arm_in(r, "firm.forms"), |name| {
        Some(match name {
            "a" => a,
            "b" => b,
            "x" => x,
            _ => return None,
        })
        .cloned()
    })
}
