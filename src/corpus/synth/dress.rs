//! Dressing: headings, signatures, quoting, noise.

#![allow(unused_imports)]
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};

use super::*;

// ---------------------------------------------------------------------------------------
// Dressing: headings, signatures, quoting, noise
// ---------------------------------------------------------------------------------------

/// Adds the trappings of a real filing. Background and closing sentences carry no element;
/// they are added more often to insufficient statements so that length alone does not tell
/// the labels apart (a complete account of a conference is naturally longer).
pub(super) fn dress(r: &mut StdRng, c: &Ctx, body: String, label: Label) -> String {
    let (p_context, p_closing) = if label.is_sufficient() {
        (0.12, 0.08)
    } else {
        (0.45, 0.3)
    };
    let mut text = body;
    if r.random_bool(0.05) && !text.contains('\n') && !text.contains("reply memorandum") {
        text = format!(
            "{} {} states: \"{}\"",
            cap(&c.m_poss),
            pick(
                r,
                &[
                    "certificate of conference",
                    "Rule 37 certification",
                    "meet-and-confer statement",
                    "motion"
                ]
            ),
            text
        );
        return text;
    }
    if r.random_bool(p_context) {
        text = format!("{}{}{text}", context_sentence(r, c), para_sep(r));
    }
    if r.random_bool(p_closing) {
        text = format!("{text} {}", closing_sentence(r, c));
    }
    if r.random_bool(0.35) {
        let h = heading(r, c);
        text = format!("{h}{}{text}", pick(r, &["\n", "\n\n", "\n\n", ": "]));
    }
    if r.random_bool(0.22) {
        let name = c.m_atty.full();
        let sig = match r.random_range(0..4) {
            0 => format!("/s/ {name}"),
            1 => format!("/s/ {name}\n{name}\n{}", c.m_firm),
            2 => format!(
                "Dated: {}\n/s/ {name}",
                c.date(c.start.add(30).weekday_fwd())
            ),
            _ => format!("s/ {name}\nCounsel for {}", c.m),
        };
        text = format!("{text}\n\n{sig}");
    }
    text
}

/// Background that carries no rubric element (dates of service or deadlines are not
/// dates of a contact).
pub(super) fn context_sentence(r: &mut StdRng, c: &Ctx) -> String {
    let d = c.date(c.start.add(-r.random_range(20..90)).weekday_fwd());
    let s = match c.topic {
        Topic::Compel | Topic::PrivLog | Topic::Esi => format!(
            "{} served {} responses to {} {} on {d}.",
            cap(&c.o),
            c.ov("its", "their"),
            c.m_poss,
            pick(
                r,
                &[
                    "First Set of Interrogatories",
                    "Requests for Production",
                    "written discovery"
                ]
            )
        ),
        Topic::Depo => format!(
            "{} noticed the deposition of {} on {d}.",
            cap(&c.m),
            c.witness
        ),
        Topic::ProtOrder => format!("Discovery in this matter opened on {d}."),
        Topic::Subpoena => format!("The subpoena was served on {d}."),
        Topic::Extension => "This is the first request for an extension of this deadline.".into(),
        Topic::Amend => format!("The Court's scheduling order was entered on {d}."),
    };
    let more: &[&str] = &[
        "The parties' dispute is described in the accompanying memorandum.",
        "Discovery closes in the coming weeks.",
        "The requests are attached to the motion.",
        "The information sought goes to the core of the claims and defenses in this action.",
        "{O} asserted general objections of relevance, burden and proportionality to nearly every request.",
        "The responses, where given, were incomplete and unverified.",
        "Trial is set for later this year, and expert disclosures depend on this discovery.",
    ];
    let n = r.random_range(0..3);
    let mut out = s;
    for _ in 0..n {
        out.push(' ');
        out.push_str(&pick(r, more).replace("{O}", &cap(&c.o)));
    }
    out
}

pub(super) fn closing_sentence(r: &mut StdRng, c: &Ctx) -> String {
    pick(
        r,
        &[
            "Accordingly, {M} files this motion.",
            "{M} therefore respectfully requests that the Court grant the motion.",
            "This motion followed.",
            "{M} has acted in good faith throughout discovery.",
            "Court intervention is therefore necessary.",
        ],
    )
    .replace("{M}", &cap(&c.m))
}

pub(super) fn heading(r: &mut StdRng, c: &Ctx) -> String {
    let cite = c.rule_cite(r);
    match r.random_range(0..14) {
        0 | 1 => "CERTIFICATE OF CONFERENCE".into(),
        2 => "Certificate of Conference".into(),
        3 => "CERTIFICATE OF CONFERRAL".into(),
        4 => format!("{} CERTIFICATION", upper_keep_parens(&cite)),
        5 => format!("Statement pursuant to {cite}"),
        6 => format!("CERTIFICATION PURSUANT TO {}", upper_keep_parens(&cite)),
        7 => "RULE 37(a)(1) CERTIFICATION".into(),
        8 => "MEET AND CONFER DECLARATION".into(),
        9 => "CERTIFICATE OF GOOD FAITH CONFERENCE".into(),
        10 => match c.court.kind {
            Kind::State => "AFFIRMATION OF GOOD FAITH".into(),
            _ => "STATEMENT OF CONFERRAL".into(),
        },
        11 => format!(
            "CERTIFICATE OF COMPLIANCE WITH {}",
            upper_keep_parens(&cite)
        ),
        12 => format!(
            "DECLARATION OF {} RE: MEET AND CONFER",
            c.m_atty.full().to_uppercase()
        ),
        _ => "Certification of Counsel".into(),
    }
}

/// Upper-cases words but keeps parenthesised subdivisions: "Local Rule 3.01(g)" ->
/// "LOCAL RULE 3.01(g)".
pub(super) fn upper_keep_parens(s: &str) -> String {
    let mut depth = 0;
    s.chars()
        .map(|ch| {
            match ch {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            if depth > 0 {
                ch
            } else {
                ch.to_ascii_uppercase()
            }
        })
        .collect()
}

pub(super) fn add_noise(r: &mut StdRng, c: &Ctx, text: &str) -> String {
    let mut t = text.to_string();
    let kinds = r.random_range(1..3);
    for _ in 0..kinds {
        t = match r.random_range(0..5) {
            0 => hyphenate(r, &t),
            1 => odd_breaks(r, &t),
            2 => ocr_chars(r, &t),
            3 => t.replacen(". ", ".  ", 3),
            _ => page_header(r, c, &t),
        };
    }
    t
}

pub(super) fn hyphenate(r: &mut StdRng, t: &str) -> String {
    let words: Vec<&str> = t.split(' ').collect();
    let long: Vec<usize> = (0..words.len())
        .filter(|&i| words[i].len() >= 8 && words[i].chars().all(|ch| ch.is_ascii_alphabetic()))
        .collect();
    if long.is_empty() {
        return t.to_string();
    }
    let i = long[r.random_range(0..long.len())];
    let w = words[i];
    let cut = r.random_range(3..w.len() - 3);
    let mut out: Vec<String> = words.iter().map(|s| s.to_string()).collect();
    out[i] = format!("{}-\n{}", &w[..cut], &w[cut..]);
    out.join(" ")
}

pub(super) fn odd_breaks(r: &mut StdRng, t: &str) -> String {
    let n = r.random_range(1..4);
    let mut out = t.to_string();
    for _ in 0..n {
        let spaces: Vec<usize> = out.match_indices(' ').map(|(i, _)| i).collect();
        if spaces.is_empty() {
            break;
        }
        let i = spaces[r.random_range(0..spaces.len())];
        out.replace_range(i..i + 1, "\n");
    }
    out
}

pub(super) fn ocr_chars(r: &mut StdRng, t: &str) -> String {
    const SUBS: &[(&str, &str)] = &[
        ("l", "1"),
        ("m", "rn"),
        ("O", "0"),
        ("e", "c"),
        ("i", "l"),
        ("fi", "ﬁ"),
        (",", "."),
        ("h", "b"),
    ];
    let mut out = t.to_string();
    for _ in 0..r.random_range(1..4) {
        let (a, b) = SUBS[r.random_range(0..SUBS.len())];
        let hits: Vec<usize> = out.match_indices(a).map(|(i, _)| i).collect();
        if hits.is_empty() {
            continue;
        }
        let i = hits[r.random_range(0..hits.len())];
        out.replace_range(i..i + a.len(), b);
    }
    out
}

pub(super) fn page_header(r: &mut StdRng, c: &Ctx, t: &str) -> String {
    let header = format!(
        "\nCase {}:{:02}-cv-{:05}-{} Document {} Filed {} Page {} of {}\n",
        r.random_range(1..9),
        c.start.y % 100,
        r.random_range(10..99999),
        pick(r, &["JAR", "KHV", "RBD", "SKC", "GW", "JLT"]),
        r.random_range(5..300),
        c.start.fmt(DateFmt::SlashFull),
        r.random_range(3..12),
        r.random_range(12..30)
    );
    match t.find(". ") {
        Some(i) => format!("{}{}{}", &t[..i + 1], header, &t[i + 2..]),
        None => format!("{t}{header}"),
    }
}
