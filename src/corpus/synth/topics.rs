//! What a dispute is about: the topic of a statement and its issues, reasons and concessions
//! (`data/synth/topics.toml`).

use rand::rngs::StdRng;
use rand::Rng;

use super::bank::Topic;
use super::bank::{arm_in, pick_in, text};
use super::ctx::Ctx;

/// The issue that a contact was about, drawn by topic.
pub(super) fn issue(r: &mut StdRng, c: &Ctx) -> String {
    let a = r.random_range(1..16);
    let b = a + r.random_range(1..8);
    let x = b + r.random_range(1..10);
    let t = arm_in(r, &c.topic.key("issues"));
    c.fill_with(t, |name| {
        Some(match name {
            "a" => a.to_string(),
            "b" => b.to_string(),
            "x" => x.to_string(),
            "log_entries" => r.random_range(12..240).to_string(),
            "custodians" => r.random_range(3..15).to_string(),
            "company" => pick_in(r, "company.prefix").to_string(),
            "third_party" | "days" | "deadline" => pick_in(r, &c.topic.key(name)).to_string(),
            "log_date" => c.date(c.start.add(-20)),
            "hearing_date" => c.date(c.start.add(21)),
            "extended_date" => c.date(c.start.add(60)),
            _ => return None,
        })
    })
}

/// A set of discovery requests: "Interrogatory Nos. 3-7".
pub(super) fn requests(r: &mut StdRng) -> String {
    let a = r.random_range(1..16);
    let b = a + r.random_range(1..8);
    let x = b + r.random_range(1..10);
    let t = arm_in(r, "requests.forms");
    super::bank::subst(t, |name| {
        Some(match name {
            "a" => a,
            "b" => b,
            "x" => x,
            _ => return None,
        })
        .map(|n| n.to_string())
    })
}

/// Half the time the motion itself ("the relief requested"), else an issue.
pub(super) fn short_issue(r: &mut StdRng, c: &Ctx) -> String {
    if r.random_bool(0.5) {
        pick_in(r, "requests.short").to_string()
    } else {
        issue(r, c)
    }
}

/// Two issues, different where four redraws allow.
pub(super) fn two_issues(r: &mut StdRng, c: &Ctx) -> (String, String) {
    let a = issue(r, c);
    let mut b = issue(r, c);
    for _ in 0..4 {
        if b != a {
            break;
        }
        b = issue(r, c);
    }
    (a, b)
}

/// Why the opposing party holds its position.
pub(super) fn reason(r: &mut StdRng, c: &Ctx) -> String {
    c.fill(pick_in(r, &c.topic.key("reasons")), &[])
}

/// What the opposing party agreed to, in its own number ("its" or "their").
pub(super) fn concession(r: &mut StdRng, c: &Ctx) -> String {
    let a = r.random_range(1..20);
    let d = c.date(c.start.add(r.random_range(10..30)));
    let t = match c.topic {
        Topic::Compel | Topic::PrivLog | Topic::Esi | Topic::Subpoena => {
            arm_in(r, "concession.discovery")
        }
        Topic::Depo => text("concession.depo"),
        Topic::ProtOrder => text("concession.prot_order"),
        Topic::Extension => text("concession.extension"),
        Topic::Amend => text("concession.amend"),
    };
    let s = c.fill(t, &[("a", &a), ("d", &d)]);
    if c.o_plural() {
        s.replace(" its ", " their ")
    } else {
        s
    }
}
