//! Pieces that several kinds share (`data/synth/phrases.toml`): the rule recital, outcomes
//! and positions, how and when counsel conferred, lead-ins, citations.

use rand::rngs::StdRng;
use rand::Rng;

use super::bank::{arm, arm_in, cap, list, pick_in, rows, subst, text};
use super::ctx::Ctx;
use super::dates::Date;
use super::topics::{concession, reason};
use super::Els;

/// The long rule recital; it names opposing counsel half the time.
pub(super) fn boilerplate_paragraph(r: &mut StdRng, c: &Ctx, e: &mut Els) -> String {
    let (opp, named) = opp_vague_or_counsel(r, c);
    e.participants = named;
    let cite = c.rule_cite(r);
    let federal = list("boilerplate.also_unless")
        .iter()
        .any(|rule| cite.contains(rule.as_str()));
    let also = if !federal && r.random_bool(0.5) {
        text("boilerplate.also")
    } else {
        ""
    };
    let aim = pick_in(r, "boilerplate.aims");
    let mut s = c.fill(
        text("boilerplate.recital"),
        &[
            ("opp", &opp),
            ("aim", &aim),
            ("cite", &cite),
            ("also", &also),
        ],
    );
    if r.random_bool(0.7) {
        s += &c.fill(
            text("boilerplate.authority"),
            &[
                ("duty", &pick_in(r, "boilerplate.duties")),
                ("case1", &case_cite(r, 0)),
                ("case2", &case_cite(r, 1)),
            ],
        );
    }
    if r.random_bool(0.6) {
        let how = pick_in(r, "boilerplate.complied_how");
        s += &c.fill(text("boilerplate.complied"), &[("how", &how)]);
        e.issues = true;
    }
    s
}

/// How a one-way contact ended: no response, mostly.
pub(super) fn no_response_tail(r: &mut StdRng, c: &Ctx, e: &mut Els) -> String {
    let t = r.random_range(0..5);
    if t < 4 {
        e.outcome = true;
    }
    let tails = list("no_response.tails");
    c.fill_with(&tails[t as usize], |name| {
        (name == "when").then(|| pick_in(r, "no_response.when").to_string())
    })
}

/// Marks most court paraphrases as such.
pub(super) fn paraphrase(r: &mut StdRng, body: String) -> String {
    if r.random_bool(0.75) {
        subst(text("paraphrase.marked"), |name| {
            (name == "body").then(|| body.clone())
        })
    } else {
        body
    }
}

/// A sentence on what was said in a conference.
pub(super) fn discussion(r: &mut StdRng, c: &Ctx) -> String {
    let s = pick_in(r, "discussion.sentences");
    let conf = pick_in(r, "discussion.conf");
    c.fill(s, &[("conf", &conf)])
}

/// The stated result of a conference.
pub(super) fn outcome(r: &mut StdRng, c: &Ctx) -> String {
    let t = arm_in(r, "outcome.sentences");
    c.fill_with(t, |name| match name {
        "reason" => Some(reason(r, c)),
        "concession" => Some(concession(r, c)),
        _ => None,
    })
}

/// A short position clause without the subject: "opposes the motion".
pub(super) fn position(r: &mut StdRng, c: &Ctx) -> String {
    c.fill(arm_in(r, "outcome.positions"), &[])
}

/// Opposing counsel, by party (`true`) or vaguely.
pub(super) fn opp_vague_or_counsel(r: &mut StdRng, c: &Ctx) -> (String, bool) {
    if r.random_bool(0.5) {
        (c.o_counsel.clone(), true)
    } else {
        (pick_in(r, "opposing.vague").to_string(), false)
    }
}

/// "conferred with X by telephone" and similar: a live exchange with its means.
pub(super) fn confer_with(r: &mut StdRng, c: &Ctx, who_mid: &str) -> String {
    let (means, phone) = live_means(r, c);
    let forms = list("confer.forms");
    let i = r.random_range(0..5);
    let form = if i == 2 && !phone {
        forms.last().expect("forms")
    } else {
        &forms[i as usize]
    };
    c.fill_with(form, |name| match name {
        "who" => Some(who_mid.to_string()),
        "means" => Some(means.clone()),
        "call" => Some(pick_in(r, "confer.calls").to_string()),
        _ => None,
    })
}

/// A live means of conferring and whether it is by phone.
pub(super) fn live_means(r: &mut StdRng, c: &Ctx) -> (String, bool) {
    let row = arm(r, rows("means.live"));
    (c.fill(&row[0], &[]), row[1] == "phone")
}

/// "Telephone", "In person", "Video (Zoom)": the means as a noun.
pub(super) fn means_noun(means: &str) -> String {
    rows("means.nouns")
        .iter()
        .find(|row| means.contains(row[0].as_str()))
        .map(|row| row[1].clone())
        .expect("a catch-all row")
}

/// " for approximately 40 minutes", or nothing.
pub(super) fn duration(r: &mut StdRng) -> String {
    subst(arm_in(r, "when.durations"), |name| match name {
        "minutes_15_90" => Some((5 * r.random_range(3..19)).to_string()),
        "minutes_15_60" => Some((5 * r.random_range(3..13)).to_string()),
        _ => None,
    })
}

/// "at 2:30 p.m."
pub(super) fn time_at(r: &mut StdRng) -> String {
    let clock = clock(r);
    subst(text("when.at"), |name| {
        (name == "clock").then(|| clock.clone())
    })
}

/// A time of day in one of three styles.
pub(super) fn clock(r: &mut StdRng) -> String {
    let h = r.random_range(8..18);
    let mm = pick_in(r, "when.minutes");
    let pm = usize::from(h >= 12);
    subst(arm_in(r, "when.clock"), |name| match name {
        "h24" => Some(h.to_string()),
        "h12" => Some((if h > 12 { h - 12 } else { h }).to_string()),
        "mm" => Some(mm.to_string()),
        "mark" => Some(list("when.marks")[pm].clone()),
        "mark_dots" => Some(list("when.marks_dots")[pm].clone()),
        _ => None,
    })
}

/// "on March 3, 2021" or, now and then, a concrete relative day.
pub(super) fn on(r: &mut StdRng, c: &Ctx, d: Date) -> String {
    if r.random_bool(0.08) {
        pick_in(r, "when.relative").to_string()
    } else {
        c.fill(text("when.dated"), &[("date", &c.date(d))])
    }
}

/// A lead-in ("Pursuant to Local Rule 37.2, "), often none.
pub(super) fn lead(r: &mut StdRng, c: &Ctx) -> String {
    let t = arm_in(r, "lead.forms");
    c.fill_with(t, |name| (name == "cite").then(|| c.rule_cite(r)))
}

/// Joins a lead-in ("Pursuant to ..., ") and a sentence, lowering the sentence's first word
/// where that word is not a name.
pub(super) fn with_lead(lead: &str, sentence: &str) -> String {
    if lead.is_empty() {
        return cap(sentence);
    }
    let first = sentence.split_whitespace().next().unwrap_or("");
    let first_clean = first.trim_end_matches(',');
    if list("lead.lower").iter().any(|w| w == first_clean) {
        let mut ch = sentence.chars();
        let f = ch.next().unwrap().to_lowercase().collect::<String>();
        format!("{lead}{f}{}", ch.as_str())
    } else {
        format!("{lead}{sentence}")
    }
}

/// Between paragraphs: a space or line breaks.
pub(super) fn para_sep(r: &mut StdRng) -> String {
    pick_in(r, "lead.separators").to_string()
}

/// " A copy is attached as Exhibit B.", four times in ten.
pub(super) fn exhibit(r: &mut StdRng) -> String {
    if r.random_bool(0.4) {
        let x = pick_in(r, "exhibit.labels");
        subst(text("exhibit.sentence"), |name| {
            (name == "x").then(|| x.to_string())
        })
    } else {
        String::new()
    }
}

/// The subject line of a meet-and-confer email.
pub(super) fn subject_line(r: &mut StdRng, c: &Ctx) -> String {
    c.fill(pick_in(r, "email.subjects"), &[])
}

/// A case citation; `slot` keeps the two citations of one string cite distinct.
pub(super) fn case_cite(r: &mut StdRng, slot: u32) -> String {
    let x = r.random_range(0..6);
    let x = if slot == 1 && x < 3 { 3 } else { x };
    if x < 3 {
        return list("case_cite.reported")[x as usize].clone();
    }
    let y = r.random_range(2008..2024);
    subst(text("case_cite.unreported"), |name| {
        Some(match name {
            "party" => pick_in(r, "people.last").to_string(),
            "company" => pick_in(r, "company.prefix").to_string(),
            "division" => r.random_range(1..9).to_string(),
            "yy" => format!("{:02}", (y - r.random_range(0..4)) % 100),
            "docket" => format!("{:05}", r.random_range(100..99999)),
            "y" => y.to_string(),
            "wl" => r.random_range(1000000..9999999).to_string(),
            "district" => pick_in(r, "case_cite.districts").to_string(),
            "day" => pick_in(r, "case_cite.days").to_string(),
            _ => return None,
        })
    })
}
