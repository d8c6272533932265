//! What a dispute is about: issues, reasons and concessions by topic.

#![allow(unused_imports)]
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};

use super::*;

// ----- issues, reasons, concessions ------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
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

pub(super) const TOPICS: &[Topic] = &[
    Topic::Compel,
    Topic::Compel,
    Topic::Compel,
    Topic::PrivLog,
    Topic::Depo,
    Topic::ProtOrder,
    Topic::Subpoena,
    Topic::Esi,
    Topic::Extension,
    Topic::Amend,
];

pub(super) fn issue(r: &mut StdRng, c: &Ctx) -> String {
    let a = r.random_range(1..16);
    let b = a + r.random_range(1..8);
    let x = b + r.random_range(1..10);
    let op = &c.o_poss;
    let mp = c.m_poss_own();
    match c.topic {
        Topic::Compel => match r.random_range(0..8) {
            0 => format!("{op} responses to Interrogatory Nos. {a}-{b}"),
            1 => format!("Requests for Production Nos. {a}, {b}, and {x}"),
            2 => format!("Interrogatories {a} and {b} and Request for Production No. {x}"),
            3 => format!("{op} objections to {mp} First Set of Requests for Production"),
            4 => format!("the sufficiency of {op} answer to Interrogatory No. {a}"),
            5 => format!("{op} failure to serve responses to {mp} Second Set of Interrogatories"),
            6 => format!("Requests for Admission Nos. {a} through {b}"),
            _ => format!("RFP Nos. {a}-{b} and Interrogatory No. {x}"),
        },
        Topic::PrivLog => match r.random_range(0..3) {
            0 => format!("{op} privilege log served on {}", c.date(c.start.add(-20))),
            1 => format!("the {} entries on {op} privilege log that lack author and recipient information", r.random_range(12..240)),
            _ => format!("whether {} must log documents withheld as work product", c.o),
        },
        Topic::Depo => match r.random_range(0..3) {
            0 => format!("the scheduling of the deposition of {}", c.witness),
            1 => format!("Rule 30(b)(6) Topics {a} through {b}"),
            _ => format!("the date and length of the deposition of {op} corporate representative"),
        },
        Topic::ProtOrder => match r.random_range(0..3) {
            0 => "the terms of the proposed protective order, in particular the attorneys'-eyes-only tier".into(),
            1 => format!("paragraph {a} of the proposed stipulated protective order"),
            _ => "the confidentiality designations under the proposed protective order".into(),
        },
        Topic::Subpoena => match r.random_range(0..2) {
            0 => format!("the subpoena duces tecum served on {} {}", super::bank::pick(r, super::bank::list("company.prefix")), pick(r, &["Bank", "Medical Center", "Staffing Services"])),
            _ => format!("the scope of the third-party subpoena to {}", c.witness),
        },
        Topic::Esi => match r.random_range(0..3) {
            0 => "the ESI search terms and custodians".into(),
            1 => format!("the date range and the {} custodians proposed for ESI collection", r.random_range(3..15)),
            _ => "the form of ESI production (native files versus TIFF images)".into(),
        },
        Topic::Extension => match r.random_range(0..3) {
            0 => format!("a {}-day extension of the {} deadline", pick(r, &["14", "21", "30", "45", "60"]), pick(r, &["expert disclosure", "discovery", "dispositive motion", "response"])),
            1 => format!("an extension of the discovery deadline to {}", c.date(c.start.add(60))),
            _ => format!("a continuance of the hearing set for {}", c.date(c.start.add(21))),
        },
        Topic::Amend => match r.random_range(0..2) {
            0 => format!("the proposed amended complaint adding {} as a defendant", c.witness),
            _ => "leave to file an amended answer and counterclaim".into(),
        },
    }
}

/// A set of discovery requests: "Interrogatory Nos. 3-7".
pub(super) fn requests(r: &mut StdRng) -> String {
    let a = r.random_range(1..16);
    let b = a + r.random_range(1..8);
    let x = b + r.random_range(1..10);
    match r.random_range(0..5) {
        0 => format!("Interrogatory Nos. {a}-{b}"),
        1 => format!("Requests for Production Nos. {a}, {b}, and {x}"),
        2 => format!("Interrogatories {a} and {b} and Request for Production No. {x}"),
        3 => format!("Requests for Admission Nos. {a} through {b}"),
        _ => format!("RFP Nos. {a}-{b}"),
    }
}

pub(super) fn short_issue(r: &mut StdRng, c: &Ctx) -> String {
    if r.random_bool(0.5) {
        pick(
            r,
            &[
                "the relief requested in this motion",
                "this motion",
                "the motion",
                "the relief sought",
                "the issues raised in this motion",
            ],
        )
        .into()
    } else {
        issue(r, c)
    }
}

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

pub(super) fn reason(r: &mut StdRng, c: &Ctx) -> String {
    let o = &c.o;
    let s: &[&str] = match c.topic {
        Topic::Compel => &[
            "the requests are overbroad and not proportional to the needs of the case",
            "{O} {has} already produced all responsive, non-privileged documents",
            "the requests seek information outside the relevant time period",
            "responding would require a search of the files of more than forty employees",
            "the information sought is confidential commercial information",
        ],
        Topic::PrivLog => &[
            "a document-by-document log would be unduly burdensome",
            "communications with litigation counsel after the complaint was filed need not be logged",
        ],
        Topic::Depo => &[
            "the witness is unavailable until next month",
            "the deposition should not proceed until document production is complete",
            "the topics are duplicative of written discovery",
        ],
        Topic::ProtOrder => &[
            "the proposed order would prevent in-house counsel from reviewing key documents",
            "a blanket confidentiality designation is not warranted",
        ],
        Topic::Subpoena => &[
            "the subpoenaed records are relevant to damages",
            "the subpoena seeks privileged financial records",
        ],
        Topic::Esi => &[
            "the proposed search terms would return more than 400,000 documents",
            "two of the proposed custodians have no relevant information",
        ],
        Topic::Extension => &[
            "the requested extension would jeopardize the trial date",
            "the schedule has already been extended twice",
        ],
        Topic::Amend => &[
            "the proposed amendment would be futile",
            "the amendment is untimely under the scheduling order",
        ],
    };
    pick(r, s)
        .replace("{O}", o)
        .replace("{has}", c.ov("has", "have"))
}

pub(super) fn concession(r: &mut StdRng, c: &Ctx) -> String {
    let s = concession_raw(r, c);
    if c.o_pl {
        s.replace(" its ", " their ")
    } else {
        s
    }
}

pub(super) fn concession_raw(r: &mut StdRng, c: &Ctx) -> String {
    let a = r.random_range(1..20);
    let d = c.date(c.start.add(r.random_range(10..30)));
    match c.topic {
        Topic::Compel | Topic::PrivLog | Topic::Esi | Topic::Subpoena => match r.random_range(0..5) {
            0 => format!("supplement its response to Interrogatory No. {a} by {d}"),
            1 => format!("produce documents responsive to Request for Production No. {a} within fourteen days"),
            2 => "produce a categorical privilege log".into(),
            3 => "limit the time period to the five years before the complaint".into(),
            _ => format!("withdraw its general objections to Request No. {a}"),
        },
        Topic::Depo => format!("make the witness available on {d}"),
        Topic::ProtOrder => "accept a two-tier confidentiality structure".into(),
        Topic::Extension => format!("accept a shorter extension through {d}"),
        Topic::Amend => "consent to the amendment of Count II only".into(),
    }
}
