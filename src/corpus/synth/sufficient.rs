//! Kinds whose statements show a reasonable effort to confer.

#![allow(unused_imports)]
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};

use super::*;

// ----- sufficient kinds -----------------------------------------------------------------

/// A conference that happened: participants, date, means, issues and outcome.
pub(super) fn k_complete(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.set_all();
    let d = c.start;
    let issue = issue(r, c);
    match v {
        0 => {
            let mut s = format!(
                "{}, {} {}{} regarding {}.",
                cap(&on(r, c, d)),
                c.m_subj,
                confer_with(r, c, &c.o_mid),
                duration(r),
                issue
            );
            if r.random_bool(0.5) {
                s.push(' ');
                s.push_str(&discussion(r, c));
            }
            format!("{} {}", with_lead(&lead(r, c), &s), outcome(r, c))
        }
        1 => format!(
            "{} {}, {}, {} {} in a good{}faith effort to resolve {} without court action. {}",
            c.m_cert,
            on(r, c, d),
            time_at(r),
            c.m_ref,
            confer_with(r, c, &c.o_mid),
            pick(r, &[" ", "-"]),
            issue,
            outcome(r, c)
        ),
        2 => {
            let (means, _) = live_means(r, c);
            let form = pick(r, &[0, 1]);
            if form == 0 {
                format!(
                    "Date of conference: {}\nTime: {}\nMethod: {}\nParticipants: {} (for {}); {} (for {})\nMatters discussed: {}\nResult: {}",
                    c.date(d),
                    clock(r),
                    means_noun(&means),
                    c.m_atty.full(),
                    c.m,
                    c.o_atty.full(),
                    c.o,
                    cap(&issue),
                    outcome(r, c)
                )
            } else {
                format!(
                    "{} the following conference took place: (a) date and time: {}, {}; (b) {}; (c) participants: {} for {} and {} for {}; (d) subjects: {}. {}",
                    with_lead(&lead(r, c), &c.m_cert),
                    c.date(d),
                    clock(r),
                    means_noun(&means).to_lowercase(),
                    c.m_atty.full(),
                    c.m,
                    c.o_atty.full(),
                    c.o,
                    issue,
                    outcome(r, c)
                )
            }
        }
        3 => format!(
            "Counsel for {} ({}) and counsel for {} ({}) {} {}{}. They discussed {}. {}",
            c.m,
            c.m_atty.initial(),
            c.o,
            c.o_atty.initial(),
            pick(
                r,
                &[
                    "conferred by telephone",
                    "met in person",
                    "conferred by Zoom",
                    "spoke by phone",
                    "met by video conference"
                ]
            ),
            on(r, c, d),
            duration(r),
            issue,
            outcome(r, c)
        ),
        _ => format!(
            "{} {} {} {} concerning {}. {} {}",
            with_lead(
                &lead(r, c),
                &format!(
                    "The parties, through counsel {} and {},",
                    c.m_atty.full(),
                    c.o_atty.full()
                )
            ),
            pick(
                r,
                &[
                    "met and conferred",
                    "conferred",
                    "held a meet-and-confer conference"
                ]
            ),
            live_means(r, c).0,
            on(r, c, d),
            issue,
            discussion(r, c),
            outcome(r, c)
        ),
    }
}

/// One or two sentences that still carry participants, date, means and outcome.
pub(super) fn k_short_complete(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.participants = true;
    e.when = true;
    e.means = true;
    e.dialogue = true;
    e.outcome = true;
    let about = if r.random_bool(0.7) {
        e.issues = true;
        format!(
            " {} {}",
            pick(r, &["about", "regarding", "concerning", "re:"]),
            short_issue(r, c)
        )
    } else {
        String::new()
    };
    let pos = position(r, c);
    let d = c.start;
    let on = |r: &mut StdRng, c: &Ctx, d: Date| {
        if r.random_bool(0.12) {
            pick(
                r,
                &[
                    "last Wednesday",
                    "earlier this week",
                    "yesterday afternoon",
                    "this morning",
                ],
            )
            .to_string()
        } else {
            on(r, c, d)
        }
    };
    let (means, _) = live_means(r, c);
    match v {
        0 => format!(
            "{}, counsel for {} ({}) and counsel for {} ({}) conferred {}{}. {} {}.",
            cap(&on(r, c, d)),
            c.m,
            c.m_atty.initial(),
            c.o,
            c.o_atty.initial(),
            means,
            about,
            cap(&c.o),
            pos
        ),
        1 => format!(
            "{} {} {}{}; {} {}.",
            with_lead(&lead(r, c), &cap(&c.m_subj)),
            confer_with(r, c, &c.o_mid),
            on(r, c, d),
            about,
            c.o,
            pos
        ),
        2 => format!(
            "{} {} this motion. {} {} {}{}.",
            cap(&c.o),
            pos.trim_end_matches(" the motion")
                .trim_end_matches(" the relief requested")
                .trim_end_matches(" this motion"),
            cap(&c.m_ref),
            confer_with(r, c, &c.o_mid),
            on(r, c, d),
            about
        ),
        _ => format!(
            "Conferred {} with {} ({}) {}{}. Position: {} {}.",
            means,
            c.o_atty.full(),
            c.o,
            on(r, c, d),
            about,
            c.o,
            pos
        ),
    }
}

/// A conference that resolved part of the dispute and left a defined remainder.
pub(super) fn k_narrowed(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.set_all();
    let d1 = c.start;
    let d2 = d1.add_bd(r, 2, 8);
    let (i1, i2) = two_issues(r, c);
    let conc = concession(r, c);
    let why = reason(r, c);
    match v {
        0 => format!(
            "{} {} on {} and again on {} regarding {}. As a result, {} agreed to {}. The parties remain at an impasse regarding {}, because {} {} that {}.",
            with_lead(
                &lead(r, c),
                &format!(
                    "Counsel for the parties, {} and {}, conferred",
                    c.m_atty.full(),
                    c.o_atty.full()
                )
            ),
            live_means(r, c).0,
            c.date(d1),
            c.date(d2),
            i1,
            c.o,
            conc,
            i2,
            c.o,
            c.ov("maintains", "maintain"),
            why
        ),
        1 => format!(
            "{}, {} {}{} to discuss {} and {}. The conference narrowed the dispute: {} agreed to {}, but the parties could not agree on {}. {} therefore {} {}.",
            cap(&on(r, c, d1)),
            c.m_subj,
            confer_with(r, c, &c.o_mid),
            duration(r),
            i1,
            i2,
            c.o,
            conc,
            i2,
            cap(&c.m),
            pick(r, &["brings this motion only as to", "limits this motion to", "moves to compel as to", "seeks relief regarding"]),
            i2
        ),
        _ => format!(
            "{}\n1. {} conferred {} with {} {}.\n2. Resolved: {} agreed to {}.\n3. Unresolved: {}. {} {} that {}.",
            with_lead(
                &lead(r, c),
                &format!("{} as follows:", c.m_cert.trim_end_matches(" that"))
            ),
            cap(&c.m_ref),
            live_means(r, c).0,
            c.o_mid,
            on(r, c, d1),
            cap(&c.o),
            conc,
            cap(&i2),
            cap(&c.o),
            c.ov("contends", "contend"),
            why
        ),
    }
}

/// Written contact followed by a live conference.
pub(super) fn k_letter_then_call(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.set_all();
    let d1 = c.start;
    let d2 = d1.add_bd(r, 3, 12);
    let d3 = d2.add_bd(r, 1, 6);
    let issue = issue(r, c);
    match v {
        0 => format!(
            "{} On {}, counsel spoke {} about the letter. {} agreed to {}, but would not {}. {}",
            with_lead(
                &lead(r, c),
                &format!(
                    "On {}, {} sent {} a letter identifying the deficiencies in {}.{}",
                    c.date(d1),
                    c.m_subj,
                    c.o_mid,
                    issue,
                    exhibit(r)
                )
            ),
            c.date(d2),
            pick(r, &["by telephone", "by phone", "by Zoom", "by video conference"]),
            cap(&c.o),
            concession(r, c),
            pick(r, &["withdraw its remaining objections", "produce the remaining documents", "extend the search to additional custodians", "agree to the proposed schedule"]),
            outcome(r, c)
        ),
        1 => format!(
            "{} raised the deficiencies in an email to {} on {}. {} responded on {}, and counsel then held a telephone conference on {} during which they discussed {}. {}",
            cap(&c.m),
            c.o_mid,
            c.date(d1),
            cap(&c.o_ref),
            c.date(d2),
            c.date(d3),
            issue,
            outcome(r, c)
        ),
        _ => format!(
            "After serving a deficiency letter dated {}, {} followed up by telephone on {} and spoke with {} for approximately {} minutes regarding {}. {}",
            c.date(d1),
            c.m_ref,
            c.date(d2),
            c.o_mid,
            r.random_range(15..70),
            issue,
            outcome(r, c)
        ),
    }
}

/// A two-way written exchange in which each side stated its position.
pub(super) fn k_email_exchange(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.set_all();
    let d1 = c.start;
    let d2 = d1.add_bd(r, 1, 4);
    let d3 = d2.add_bd(r, 1, 4);
    let issue = issue(r, c);
    let prop = concession(r, c);
    match v {
        0 => format!(
            "Counsel exchanged emails regarding {} on {}, {}, and {}. In those emails {} proposed that {} {}, and {} responded that {} would not agree because {}. {} {} the motion.",
            issue,
            c.date(d1),
            c.date(d2),
            c.date(d3),
            c.m_ref,
            c.o,
            prop,
            c.o_mid,
            c.o,
            reason(r, c),
            cap(&c.o),
            c.ov("opposes", "oppose")
        ),
        _ => format!(
            "On {}, {} emailed {}{} to request a conference about {}. On {}, {} replied in writing, stating {} position that {}. {} responded on {} offering a compromise under which {} would {}; {} declined the same day. The parties are at an impasse.",
            c.date(d1),
            c.m_subj,
            c.o_mid,
            if r.random_bool(0.5) {
                format!(" (subject line \"{}\")", subject_line(r, c))
            } else {
                String::new()
            },
            issue,
            c.date(d2),
            c.o_ref,
            c.o_poss,
            reason(r, c),
            cap(&c.m_ref),
            c.date(d3),
            c.o,
            prop,
            c.o_ref
        ),
    }
}

/// Repeated, dated attempts by several means, all ignored: sufficient under the rubric.
pub(super) fn k_attempts_ignored(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.set_all();
    let issue = issue(r, c);
    let n = r.random_range(3..6);
    let mut d = c.start;
    let mut acts: Vec<(Date, String)> = Vec::new();
    let phone_at = r.random_range(1..n);
    for j in 0..n {
        let a = if j == 0 {
            format!(
                "sent a letter to {} identifying the deficiencies in {}",
                c.o_mid, issue
            )
        } else if j == phone_at {
            pick(
                r,
                &[
                    "called {o} and left a voicemail asking to discuss the responses",
                    "telephoned {o}'s office and left a message with {p} assistant",
                    "called {o} twice and left a detailed voicemail",
                ],
            )
            .replace("{o}", &c.o_ref_short)
            .replace("{p}", c.o_atty.pron())
        } else {
            pick(
                r,
                &[
                    "emailed {o} proposing three times to confer by telephone",
                    "sent a follow-up email asking {o} to call",
                    "called {o} again and left a second voicemail",
                    "sent a second letter by email and U.S. Mail",
                    "emailed {o} stating that {m} would move to compel if no conference could be arranged",
                ],
            )
            .replace("{o}", &c.o_ref_short)
            .replace("{m}", &c.m)
        };
        acts.push((d, a));
        d = d.add_bd(r, 2, 9);
    }
    let tail = pick(
        r,
        &[
            "{O} has not responded to any of these communications.",
            "None of these contacts was returned.",
            "{Oc} counsel did not respond to any of them, and {O} still {has} not served the responses.",
            "No response has been received to any of these letters, emails or calls.",
            "Despite these efforts, {O} {has} not responded to any of them.",
            "{Mc} received no response to any of them before this motion was filed. Copies of the correspondence are attached as Exhibit {X}.",
        ],
    )
    .replace("{Oc}", &cap(&c.o_poss))
    .replace("{has}", c.ov("has", "have"))
    .replace("{Mc}", &cap(&c.m))
    .replace("{X}", pick(r, &["A", "B", "2", "4"]))
    .replace("{O}", &c.o);
    let why = if r.random_bool(0.5) {
        format!(
            " {}",
            pick(
                r,
                &[
                    "Because the discovery deadline is approaching, {M} cannot wait longer and files this motion.",
                    "{M} has therefore been unable to confer despite these efforts, through no fault of its counsel.",
                    "Given the upcoming deposition schedule, further delay would prejudice {M}.",
                ]
            )
            .replace("{M}", &c.m)
        )
    } else {
        String::new()
    };
    match v {
        0 => {
            let mut s = String::new();
            for (j, (d, a)) in acts.iter().enumerate() {
                let who = if j == 0 {
                    c.m_subj.clone()
                } else {
                    c.m_ref.clone()
                };
                s.push_str(&format!("On {}, {} {}. ", c.date(*d), who, a));
            }
            with_lead(&lead(r, c), &format!("{}{}{}", s, tail, why))
        }
        1 => {
            let mut s = format!(
                "{} made the following attempts to confer with {}:\n",
                cap(&c.m),
                c.o_end
            );
            for (j, (d, a)) in acts.iter().enumerate() {
                s.push_str(&format!("{}. {}: {}.\n", j + 1, c.date(*d), cap(a)));
            }
            format!("{}{}{}", s, tail, why)
        }
        _ => {
            let dates: Vec<String> = acts.iter().map(|(d, _)| c.date(*d)).collect();
            let last = dates.len() - 1;
            format!(
                "{} attempted to confer with {} about {} by letter on {}, by email on {}, and by telephone on {} (voicemail left{}). {}{}",
                cap(&c.m_subj),
                c.o_mid,
                issue,
                dates[0],
                dates[1..last].join(" and "),
                dates[last],
                if r.random_bool(0.5) { ", with a request for a return call" } else { "" },
                tail,
                why
            )
        }
    }
}

/// The movant asked to confer on specific dates; the other side refused.
pub(super) fn k_refused(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.set_all();
    let d1 = c.start;
    let d2 = d1.add_bd(r, 1, 3);
    let d3 = d2.add_bd(r, 1, 3);
    let issue = issue(r, c);
    match v {
        0 => format!(
            "On {}, {} emailed {} asking to schedule a telephone conference about {} and offering times on {} and {}. {} replied on {} that {} would not confer and that {} should \"{}.\" {} then called {} on {} and left a voicemail; the call was not returned.",
            c.date(d1),
            c.m_subj,
            c.o_mid,
            issue,
            c.date(d2),
            c.date(d3),
            cap(&c.o_ref),
            c.date(d2),
            c.o,
            c.m,
            pick(r, &["file the motion", "file whatever you want", "take it up with the Court"]),
            cap(&c.m_ref),
            c.o_ref_short,
            c.date(d3)
        ),
        _ => format!(
            "{} Two days after receiving {} responses, {} asked {} to meet in person or by telephone to discuss {}. {} refused to meet or talk and stated on {} that {} would confer only in writing. {} then emailed specific examples of the deficiencies on {}; {} answered the same day: \"{}.\"",
            with_lead(&lead(r, c), &format!("{} sought a conference before filing.", cap(&c.m))),
            c.o_poss,
            c.m_ref,
            c.o_mid,
            issue,
            cap(&c.o_ref),
            c.date(d2),
            c.o,
            cap(&c.m_ref),
            c.date(d3),
            c.o_ref,
            pick(r, &["OK. File your motion", "We stand on our objections", "Nothing further to discuss"])
        ),
    }
}

/// Long rule-and-case-law recital followed by the specifics that make it sufficient.
pub(super) fn k_boilerplate_then_specifics(
    r: &mut StdRng,
    c: &Ctx,
    e: &mut Els,
    v: usize,
) -> String {
    e.set_all();
    let recital = boilerplate_paragraph(r, c, &mut Els::default());
    let issue = issue(r, c);
    let spec =
        match v {
            0 => format!(
                "Specifically, {}, {} {}{} regarding {}. {}",
                on(r, c, c.start),
                c.m_ref,
                confer_with(r, c, &c.o_mid),
                duration(r),
                issue,
                outcome(r, c)
            ),
            _ => {
                format!(
            "In particular, counsel for {} ({}) and counsel for {} ({}) {} on {}, {}. {} {}",
            c.m,
            c.m_atty.full(),
            c.o,
            c.o_atty.full(),
            pick(r, &["met in person", "conferred by telephone", "conferred by videoconference"]),
            c.date(c.start),
            pick(r, &["and discussed ", "and went through "]).to_string() + &issue,
            discussion(r, c),
            outcome(r, c)
        )
            }
        };
    format!("{}{}{}", recital, para_sep(r), spec)
}

/// Several rounds of written and live conferral over weeks.
pub(super) fn k_multi_round(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.set_all();
    let d0 = c.start;
    let d1 = d0.add_bd(r, 5, 15);
    let d2 = d1.add_bd(r, 3, 10);
    let d3 = d2.add_bd(r, 5, 12);
    let d4 = d3.add_bd(r, 2, 8);
    let (i1, i2) = two_issues(r, c);
    let sep = para_sep(r);
    match v {
        0 => format!(
            "{} served {} responses on {}. On {}, {} sent a deficiency letter to {} addressing {} and {}.{}On {}, counsel met and conferred {} for approximately {} minutes. {} agreed to {}.{}{} served supplemental responses on {}, but they did not address {}. Counsel conferred again {} on {}; {} stated that {} would not supplement further because {}. The parties are at an impasse as to {}.",
            cap(&c.o),
            c.ov("its", "their"),
            c.date(d0),
            c.date(d1),
            c.m_subj,
            c.o_mid,
            i1,
            i2,
            sep,
            c.date(d2),
            live_means(r, c).0,
            r.random_range(30..95),
            cap(&c.o),
            concession(r, c),
            sep,
            cap(&c.o),
            c.date(d3),
            i2,
            live_means(r, c).0,
            c.date(d4),
            c.o_ref,
            c.o,
            reason(r, c),
            i2
        ),
        _ => format!(
            "1. On {}, {} wrote to {} about {}.\n2. On {}, {} and {} spoke by telephone for about {} minutes. {} agreed to {}.\n3. On {}, counsel exchanged emails confirming that agreement, but {} did not agree to {}.\n4. On {}, counsel met {} and could not resolve {}: {} {} that {}.",
            c.date(d0),
            c.m_subj,
            c.o_mid,
            i1,
            c.date(d1),
            c.m_atty.full(),
            c.o_atty.full(),
            r.random_range(20..80),
            cap(&c.o),
            concession(r, c),
            c.date(d2),
            c.o,
            i2,
            c.date(d3),
            pick(r, &["in person", "by Zoom", "by video conference", "again by telephone"]),
            i2,
            c.o,
            c.ov("maintains", "maintain"),
            reason(r, c)
        ),
    }
}

/// Court paraphrase of a complete conference.
pub(super) fn k_para_complete(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.set_all();
    let issue = issue(r, c);
    let body = match v {
        0 => format!(
            "The movant's certificate states that {} counsel, {}, conferred with {} counsel, {}, {} on {} about {}, and that {} opposed the motion because {}.",
            c.m_poss,
            c.m_atty.full(),
            c.o_poss,
            c.o_atty.full(),
            pick(r, &["by telephone", "in person", "by videoconference", "in a single telephone call", "in a single meeting"]),
            c.date(c.start),
            issue,
            c.o,
            reason(r, c)
        ),
        1 => {
            let (i1, i2) = two_issues(r, c);
            format!(
                "Before filing, counsel for {} and counsel for {} met {} on {} and discussed {} and {}; the certificate names the attorneys who took part and reports that {} agreed to {}, which narrowed the dispute to {}.",
                c.m,
                c.o,
                pick(r, &["in person", "by telephone", "by Zoom"]),
                c.date(c.start),
                i1,
                i2,
                c.o,
                concession(r, c),
                i2
            )
        }
        3 => format!(
            "Over {} before filing, counsel for {} and counsel for {} ({}) held {} telephone conferences and exchanged detailed emails addressing {}; {} agreed to {}, and the certificate reports that the parties remain at an impasse on the rest because {} {} that {}.",
            pick(r, &["two months", "six weeks", "the three weeks", "several weeks"]),
            c.m,
            c.o,
            c.o_atty.full(),
            pick(r, &["two", "three", "several"]),
            issue,
            c.o,
            concession(r, c),
            c.o,
            c.ov("maintains", "maintain"),
            reason(r, c)
        ),
        _ => format!(
            "{} certificate recounts a letter of {} from {} counsel to {} counsel, {}, followed by a telephone conference on {} in which counsel discussed {}; {} refused to supplement, and the parties reached an impasse.",
            cap(&c.m_poss),
            c.date(c.start),
            c.m_poss,
            c.o_poss,
            c.o_atty.full(),
            c.date(c.start.add_bd(r, 3, 10)),
            issue,
            c.o
        ),
    };
    paraphrase(r, body)
}

/// Court paraphrase of repeated specific attempts that were ignored.
pub(super) fn k_para_attempts(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.set_all();
    let d1 = c.start;
    let d2 = d1.add_bd(r, 3, 10);
    let d3 = d2.add_bd(r, 2, 8);
    let d4 = d3.add_bd(r, 1, 5);
    let issue = issue(r, c);
    let body = match v {
        0 => format!(
            "{} counsel sent letters to {} counsel, {}, on {} and {} and called on {} and {}, asking to discuss {}; {} counsel did not respond to any of them before the motion was filed.",
            cap(&c.m_poss),
            c.o_poss,
            c.o_atty.full(),
            c.date(d1),
            c.date(d2),
            c.date(d3),
            c.date(d4),
            issue,
            c.o_poss
        ),
        _ => format!(
            "{} documented {} attempts to reach {} counsel about {}: a letter on {}, emails on {} and {}, and a voicemail on {}. {} never answered, and {} moved to compel after the last attempt went unreturned.",
            cap(&c.m),
            pick(r, &["four", "repeated"]),
            c.o_poss,
            issue,
            c.date(d1),
            c.date(d2),
            c.date(d3),
            c.date(d4),
            cap(&c.o),
            c.m
        ),
    };
    paraphrase(r, body)
}
