//! Kinds that paraphrase a certificate as a court's opinion would
//! (`data/synth/paraphrase.toml`).

use std::fmt::Display;

use rand::rngs::StdRng;

use super::bank::Texts;
use super::ctx::Ctx;
use super::phrases::{clock, paraphrase};
use super::topics::{concession, issue, reason, short_issue, two_issues};
use super::Els;

/// Court paraphrase of a complete conference.
pub(super) fn k_para_complete(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("paraphrase_complete");
    e.set_all();
    let issue = issue(r, c);
    let body = match v {
        0 => c.fill(
            T.t("v0"),
            &[
                ("how", &T.pick(r, "v0_how")),
                ("issue", &issue),
                ("reason", &reason(r, c)),
            ],
        ),
        1 => {
            let (i1, i2) = two_issues(r, c);
            c.fill(
                T.t("v1"),
                &[
                    ("how", &T.pick(r, "v1_how")),
                    ("i1", &i1),
                    ("i2", &i2),
                    ("conc", &concession(r, c)),
                ],
            )
        }
        3 => c.fill(
            T.t("v3"),
            &[
                ("span", &T.pick(r, "v3_span")),
                ("count", &T.pick(r, "v3_count")),
                ("issue", &issue),
                ("conc", &concession(r, c)),
                ("reason", &reason(r, c)),
            ],
        ),
        _ => c.fill(
            T.t("v2"),
            &[("d2", &c.date(c.start.add_bd(r, 3, 10))), ("issue", &issue)],
        ),
    };
    paraphrase(r, body)
}

/// Court paraphrase of repeated specific attempts that were ignored.
pub(super) fn k_para_attempts(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("paraphrase_attempts_ignored");
    e.set_all();
    let d1 = c.start;
    let d2 = d1.add_bd(r, 3, 10);
    let d3 = d2.add_bd(r, 2, 8);
    let d4 = d3.add_bd(r, 1, 5);
    let issue = issue(r, c);
    let vars: [(&str, &dyn Display); 5] = [
        ("d1", &c.date(d1)),
        ("d2", &c.date(d2)),
        ("d3", &c.date(d3)),
        ("d4", &c.date(d4)),
        ("issue", &issue),
    ];
    let body = match v {
        0 => c.fill(T.t("v0"), &vars),
        _ => c.fill_vars(T.t("v1"), &vars, &[("count", &T.pick(r, "v1_count"))]),
    };
    paraphrase(r, body)
}

/// Court paraphrase of one-way contact.
pub(super) fn k_para_one_way(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("paraphrase_one_way");
    e.participants = true;
    e.when = true;
    e.means = true;
    e.issues = true;
    let issue = issue(r, c);
    let body = match v {
        0 => c.fill(
            T.t("v0"),
            &[
                ("count", &T.pick(r, "v0_count")),
                ("what", &T.pick(r, "v0_what")),
                ("issue", &issue),
                ("when", &T.pick(r, "v0_when")),
            ],
        ),
        1 => c.fill(T.t("v1"), &[("issue", &issue)]),
        _ => c.fill(T.t("v2"), &[("issue", &issue)]),
    };
    paraphrase(r, body)
}

/// Court paraphrase of a conclusory certificate or of no conference.
pub(super) fn k_para_conclusory(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("paraphrase_conclusory");
    let body = match v {
        0 => {
            e.issues = true;
            e.outcome = true;
            c.fill(T.t("v0"), &[("about", &short_issue(r, c))])
        }
        1 => {
            e.participants = true;
            c.fill(
                T.t("v1"),
                &[
                    ("paper", &T.pick(r, "v1_paper")),
                    ("reciting", &T.pick(r, "v1_reciting")),
                ],
            )
        }
        _ => c.fill(T.t("v2"), &[]),
    };
    paraphrase(r, body)
}

/// Court paraphrase of contact after (or hours before) filing.
pub(super) fn k_para_untimely(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    const T: Texts = Texts("paraphrase_untimely");
    e.participants = true;
    e.when = true;
    e.issues = true;
    let body = match v {
        0 => {
            e.means = true;
            e.dialogue = true;
            c.fill(
                T.t("v0"),
                &[
                    ("met", &T.pick(r, "v0_met")),
                    ("later", &c.date(c.start.add_bd(r, 2, 12))),
                ],
            )
        }
        _ => {
            e.means = true;
            c.fill(
                T.t("v1"),
                &[("clock", &clock(r)), ("about", &short_issue(r, c))],
            )
        }
    };
    paraphrase(r, body)
}
