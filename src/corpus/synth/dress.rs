//! Dressing (`data/synth/dress.toml`): background and closing sentences, headings,
//! signatures, and now and then a quotation of the whole statement.

use rand::rngs::StdRng;
use rand::Rng;

use super::bank::{arm_in, list, pick_in, text, Kind};
use super::ctx::Ctx;
use super::phrases::para_sep;
use crate::corpus::dataset::Label;

/// Adds the trappings of a real filing. Background and closing sentences carry no element;
/// they are added more often to insufficient statements so that length alone does not tell
/// the labels apart (a complete account of a conference is naturally longer).
pub(super) fn dress(r: &mut StdRng, c: &Ctx, body: String, label: Label) -> String {
    let (p_context, p_closing) = if label.is_sufficient() {
        (0.12, 0.08)
    } else {
        (0.45, 0.3)
    };
    let mut out = body;
    if r.random_bool(0.05)
        && !out.contains('\n')
        && !list("quote.unless")
            .iter()
            .any(|s| out.contains(s.as_str()))
    {
        let paper = pick_in(r, "quote.papers");
        return c.fill(text("quote.form"), &[("paper", &paper), ("body", &out)]);
    }
    if r.random_bool(p_context) {
        out = format!("{}{}{out}", context_sentence(r, c), para_sep(r));
    }
    if r.random_bool(p_closing) {
        out = format!("{out} {}", closing_sentence(r, c));
    }
    if r.random_bool(0.35) {
        let h = heading(r, c);
        out = format!("{h}{}{out}", pick_in(r, "heading.separators"));
    }
    if r.random_bool(0.22) {
        let sig = c.fill_with(arm_in(r, "signature.forms"), |name| {
            (name == "dated").then(|| c.date(c.start.add(30).weekday_fwd()))
        });
        out = format!("{out}\n\n{sig}");
    }
    out
}

/// Background that carries no rubric element (dates of service or deadlines are not
/// dates of a contact): the topic's sentence, then up to two more.
fn context_sentence(r: &mut StdRng, c: &Ctx) -> String {
    let d = c.date(c.start.add(-r.random_range(20..90)).weekday_fwd());
    let mut out = c.fill_with(text(&c.topic.key("context")), |name| match name {
        "d" => Some(d.clone()),
        "set" => Some(pick_in(r, "context.sets").to_string()),
        _ => None,
    });
    let n = r.random_range(0..3);
    for _ in 0..n {
        out.push(' ');
        out.push_str(&c.fill(pick_in(r, "context.more"), &[]));
    }
    out
}

/// A closing sentence without an element.
fn closing_sentence(r: &mut StdRng, c: &Ctx) -> String {
    c.fill(pick_in(r, "closing.sentences"), &[])
}

/// A heading: a certificate's title, often with the rule.
fn heading(r: &mut StdRng, c: &Ctx) -> String {
    let cite = c.rule_cite(r);
    c.fill_with(arm_in(r, "heading.forms"), |name| {
        Some(match name {
            "cite" => cite.clone(),
            "cite_upper" => upper_keep_parens(&cite),
            "m_atty_upper" => c.m_atty.full().to_uppercase(),
            "court_title" => text(match c.court.kind {
                Kind::State => "heading.state_title",
                _ => "heading.other_title",
            })
            .to_string(),
            _ => return None,
        })
    })
}

/// Upper-cases words but keeps parenthesised subdivisions: "Local Rule 3.01(g)" ->
/// "LOCAL RULE 3.01(g)".
fn upper_keep_parens(s: &str) -> String {
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
