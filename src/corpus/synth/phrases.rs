//! Shared pieces that several kinds use: outcomes, means, dates of contact, lead-ins.

#![allow(unused_imports)]
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};

use super::*;

// ---------------------------------------------------------------------------------------
// Shared pieces used by several kinds
// ---------------------------------------------------------------------------------------

pub(super) fn boilerplate_paragraph(r: &mut StdRng, c: &Ctx, e: &mut Els) -> String {
    let (opp, named) = opp_vague_or_counsel(r, c);
    e.participants = named;
    let cite = c.rule_cite(r);
    let also = if !cite.contains("37(a)") && !cite.contains("26(c)") && r.random_bool(0.5) {
        " and Fed. R. Civ. P. 37(a)(1)"
    } else {
        ""
    };
    let mut s = format!(
        "{} {} {} in good faith conferred with {} in an effort to {} without court action, as required by {}{}.",
        c.m_cert,
        c.m_ref,
        c.m_has,
        opp,
        pick(r, &["secure the information and material", "resolve the disputes presented by this motion", "narrow the areas of disagreement", "obtain the discovery"]),
        cite,
        also
    );
    if r.random_bool(0.7) {
        s.push_str(&format!(
            " {} See {}; {}.",
            pick(
                r,
                &[
                    "The duty to confer is not satisfied by a perfunctory exchange; it requires a genuine effort to resolve the dispute.",
                    "Courts require the parties to make a reasonable effort to confer before seeking judicial intervention.",
                    "The purpose of the rule is to encourage the parties to resolve discovery disputes without the Court's involvement.",
                ]
            ),
            case_cite(r, 0),
            case_cite(r, 1)
        ));
    }
    if r.random_bool(0.6) {
        s.push_str(&format!(
            " {} has {}, and has attempted in good faith to resolve each of the issues raised in this motion.",
            cap(&c.m),
            pick(r, &["fully complied with that obligation", "satisfied that requirement", "taken that obligation seriously"])
        ));
        e.issues = true;
    }
    s
}

pub(super) fn no_response_tail(r: &mut StdRng, c: &Ctx, e: &mut Els) -> String {
    let t = r.random_range(0..5);
    if t < 4 {
        e.outcome = true;
    }
    match t {
        0 => "No response was received before this motion was filed.".to_string(),
        1 => format!(
            "As of the filing of this motion, {} has not responded.",
            c.o_ref
        ),
        2 => format!(
            "{} did not respond, and {} filed this motion {}.",
            cap(&c.o_ref),
            c.m,
            pick(
                r,
                &[
                    "the following week",
                    "two days later",
                    "after the deadline passed"
                ]
            )
        ),
        3 => "To date, no response has been received.".to_string(),
        _ => format!("{} therefore files this motion.", cap(&c.m)),
    }
}

pub(super) fn paraphrase(r: &mut StdRng, body: String) -> String {
    if r.random_bool(0.75) {
        format!("Paraphrase: {body}")
    } else {
        body
    }
}

pub(super) fn discussion(r: &mut StdRng, c: &Ctx) -> String {
    let s = pick(
        r,
        &[
            "During the {conf}, {m} explained why {M} believes the responses are deficient, and {o} explained {O} position.",
            "Counsel walked through each disputed request and each objection.",
            "{o} stated that {Os} would consider a narrower time period but would not withdraw its objections.",
            "The parties discussed possible compromises, including a phased production.",
            "During the {conf}, the parties went through the requests one by one.",
        ],
    )
    .to_string();
    let conf = pick(r, &["call", "conference", "meeting"]);
    s.replace("{conf}", conf)
        .replace("{m}", &c.m_ref)
        .replace("{M}", &c.m)
        .replace("{o}", &c.o_ref)
        .replace("{O}", &c.o_poss)
        .replace("{Os}", &c.o)
}

pub(super) fn outcome(r: &mut StdRng, c: &Ctx) -> String {
    let o = &c.o;
    let oc = cap(o);
    match r.random_range(0..9) {
        0 => format!("{oc} {} the motion.", c.ov("opposes", "oppose")),
        1 => format!(
            "{oc} {} the relief requested; {o} {} that {}.",
            c.ov("opposes", "oppose"),
            c.ov("contends", "contend"),
            reason(r, c)
        ),
        2 => format!(
            "{oc} {} the motion.",
            c.ov("does not oppose", "do not oppose")
        ),
        3 => format!("{oc} {} no position on the motion.", c.ov("takes", "take")),
        4 => format!(
            "The parties were unable to reach agreement because {o} {} that {}.",
            c.ov("maintains", "maintain"),
            reason(r, c)
        ),
        5 => format!(
            "The parties reached an impasse: {o} {} that {}, and {} disagrees.",
            c.ov("maintains", "maintain"),
            reason(r, c),
            c.m
        ),
        6 => format!(
            "{oc} agreed to {}, but the parties could not resolve the remaining issues because {o} {} that {}.",
            concession(r, c),
            c.ov("contends", "contend"),
            reason(r, c)
        ),
        7 => format!(
            "Counsel could not resolve the dispute, and {o} {} the motion.",
            c.ov("opposes", "oppose")
        ),
        _ => format!(
            "{} advised that {o} {} the motion because {}.",
            cap(&c.o_ref),
            c.ov("opposes", "oppose"),
            reason(r, c)
        ),
    }
}

/// A short position clause without the subject: "opposes the motion".
pub(super) fn position(r: &mut StdRng, c: &Ctx) -> String {
    match r.random_range(0..6) {
        0 | 1 => format!("{} the motion", c.ov("opposes", "oppose")),
        2 => format!(
            "{} the relief requested",
            c.ov("does not oppose", "do not oppose")
        ),
        3 => format!("{} no position on the motion", c.ov("takes", "take")),
        4 => format!("{} to the relief requested", c.ov("consents", "consent")),
        _ => format!("{} this motion", c.ov("opposes", "oppose")),
    }
}

/// Opposing counsel, by party (`true`) or vaguely.
pub(super) fn opp_vague_or_counsel(r: &mut StdRng, c: &Ctx) -> (String, bool) {
    if r.random_bool(0.5) {
        (c.o_counsel.clone(), true)
    } else {
        (
            super::bank::pick(r, super::bank::list("opposing.vague")).clone(),
            false,
        )
    }
}

/// "conferred with X by telephone" and similar: a live exchange with its means.
pub(super) fn confer_with(r: &mut StdRng, c: &Ctx, who_mid: &str) -> String {
    let (means, phone) = live_means(r, c);
    match r.random_range(0..5) {
        0 => format!("conferred with {who_mid} {means}"),
        1 => format!("met and conferred with {who_mid} {means}"),
        2 if phone => format!("spoke with {who_mid} {means}"),
        3 => format!(
            "held a {} with {who_mid}",
            pick(
                r,
                &[
                    "telephone conference",
                    "video conference by Zoom",
                    "Microsoft Teams call",
                    "telephonic meet-and-confer",
                    "meet-and-confer call"
                ]
            )
        ),
        _ => format!("conferred {means} with {who_mid}"),
    }
}

/// A live means of conferring and whether it is by phone.
pub(super) fn live_means(r: &mut StdRng, c: &Ctx) -> (String, bool) {
    match r.random_range(0..11) {
        0 => ("by telephone".into(), true),
        1 => ("by phone".into(), true),
        2 => ("telephonically".into(), true),
        3 => ("over the phone".into(), true),
        4 => ("by Zoom videoconference".into(), false),
        5 => ("by video conference".into(), false),
        6 => ("via Microsoft Teams".into(), false),
        7 => ("in person".into(), false),
        8 => (format!("in person at the offices of {}", c.m_firm), false),
        9 => ("by WebEx".into(), false),
        _ => ("by telephone".into(), true),
    }
}

pub(super) fn means_noun(means: &str) -> String {
    if means.contains("phone") {
        "Telephone".into()
    } else if means.contains("person") {
        "In person".into()
    } else if means.contains("Teams") {
        "Video (Microsoft Teams)".into()
    } else if means.contains("Zoom") {
        "Video (Zoom)".into()
    } else {
        "Video conference".into()
    }
}

pub(super) fn duration(r: &mut StdRng) -> String {
    match r.random_range(0..6) {
        0 => format!(" for approximately {} minutes", 5 * r.random_range(3..19)),
        1 => " for about an hour".into(),
        2 => format!(" for roughly {} minutes", 5 * r.random_range(3..13)),
        _ => String::new(),
    }
}

pub(super) fn time_at(r: &mut StdRng) -> String {
    format!("at {}", clock(r))
}

pub(super) fn clock(r: &mut StdRng) -> String {
    let h = r.random_range(8..18);
    let m = pick(r, &[0, 0, 15, 30, 30, 45, 10, 20]);
    match r.random_range(0..3) {
        0 => format!("{h}:{m:02}"),
        1 => format!(
            "{}:{m:02} {}",
            if h > 12 { h - 12 } else { h },
            if h >= 12 { "PM" } else { "AM" }
        ),
        _ => format!(
            "{}:{m:02} {}",
            if h > 12 { h - 12 } else { h },
            if h >= 12 { "p.m." } else { "a.m." }
        ),
    }
}

/// "on March 3, 2021" or, now and then, a concrete relative day.
pub(super) fn on(r: &mut StdRng, c: &Ctx, d: Date) -> String {
    if r.random_bool(0.08) {
        pick(
            r,
            &[
                "last Tuesday",
                "yesterday",
                "on Monday of this week",
                "this past Friday",
                "two days ago",
                "last Thursday",
            ],
        )
        .to_string()
    } else {
        format!("on {}", c.date(d))
    }
}

pub(super) fn lead(r: &mut StdRng, c: &Ctx) -> String {
    match r.random_range(0..10) {
        0..=2 => format!("Pursuant to {}, ", c.rule_cite(r)),
        3 => format!("In accordance with {}, ", c.rule_cite(r)),
        4 => format!("As required by {}, ", c.rule_cite(r)),
        5 => "Prior to filing this motion, ".into(),
        6 => "Before filing this motion, ".into(),
        _ => String::new(),
    }
}

/// Joins a lead-in ("Pursuant to ..., ") and a sentence, lowering the sentence's first word
/// where that word is not a name.
pub(super) fn with_lead(lead: &str, sentence: &str) -> String {
    if lead.is_empty() {
        return cap(sentence);
    }
    const LOWER: &[&str] = &[
        "On",
        "Counsel",
        "The",
        "Undersigned",
        "Prior",
        "Before",
        "After",
        "Despite",
        "Due",
        "No",
        "This",
        "By",
        "At",
        "In",
        "We",
        "Opposing",
        "Last",
        "Yesterday",
        "Two",
        "Specifically",
    ];
    let first = sentence.split_whitespace().next().unwrap_or("");
    let first_clean = first.trim_end_matches(',');
    if LOWER.contains(&first_clean) {
        let mut ch = sentence.chars();
        let f = ch.next().unwrap().to_lowercase().collect::<String>();
        format!("{lead}{f}{}", ch.as_str())
    } else {
        format!("{lead}{sentence}")
    }
}

pub(super) fn para_sep(r: &mut StdRng) -> String {
    pick(r, &[" ", "\n\n", "\n"]).to_string()
}

pub(super) fn exhibit(r: &mut StdRng) -> String {
    if r.random_bool(0.4) {
        format!(
            " A copy is attached as Exhibit {}.",
            pick(r, &["A", "B", "1", "3", "C", "D"])
        )
    } else {
        String::new()
    }
}

pub(super) fn subject_line(r: &mut StdRng, c: &Ctx) -> String {
    pick(
        r,
        &[
            "{M} v. {O} - Deficient Discovery Responses",
            "Meet and Confer - Outstanding Discovery",
            "Rule 37 Letter",
            "RE: {O} Responses to First RFPs",
            "Request to Confer re Motion to Compel",
            "Golden Rule Letter",
        ],
    )
    .replace("{M}", &c.m_short_name())
    .replace("{O}", &c.o_short_name())
}

/// A case citation; `slot` keeps the two citations of one string cite distinct.
pub(super) fn case_cite(r: &mut StdRng, slot: u32) -> String {
    let x = r.random_range(0..6);
    let x = if slot == 1 && x < 3 { 3 } else { x };
    match x {
        0 => "Shuffle Master, Inc. v. Progressive Games, Inc., 170 F.R.D. 166, 171 (D. Nev. 1996)"
            .into(),
        1 => "Cotracom Commodity Trading Co. v. Seaboard Corp., 189 F.R.D. 655, 659 (D. Kan. 1999)"
            .into(),
        2 => "Dondi Props. Corp. v. Commerce Sav. & Loan Ass'n, 121 F.R.D. 284 (N.D. Tex. 1988)"
            .into(),
        _ => {
            let y = r.random_range(2008..2024);
            format!(
                "{} v. {}, No. {}:{:02}-cv-{:05}, {y} WL {} (D. {} {} {y})",
                super::bank::pick(r, super::bank::list("people.last")),
                super::bank::pick(r, super::bank::list("company.prefix")),
                r.random_range(1..9),
                (y - r.random_range(0..4)) % 100,
                r.random_range(100..99999),
                r.random_range(1000000..9999999),
                pick(r, &["Kan.", "Colo.", "Minn.", "Md.", "Nev.", "Conn."]),
                pick(
                    r,
                    &[
                        "Jan. 12,",
                        "Mar. 3,",
                        "May 20,",
                        "July 8,",
                        "Sept. 30,",
                        "Nov. 14,"
                    ]
                )
            )
        }
    }
}

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

pub(super) fn pick<T: Copy>(r: &mut StdRng, xs: &[T]) -> T {
    xs[r.random_range(0..xs.len())]
}

pub(super) fn cap(s: &str) -> String {
    let mut ch = s.chars();
    match ch.next() {
        Some(f) => f.to_uppercase().collect::<String>() + ch.as_str(),
        None => String::new(),
    }
}
