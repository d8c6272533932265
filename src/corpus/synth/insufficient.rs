//! Kinds whose statements fall short of the rubric.

#![allow(unused_imports)]
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};

use super::*;

// ----- insufficient kinds ---------------------------------------------------------------

/// Short recital of the rule: no who, when, how or what.
pub(super) fn k_boilerplate(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    match v {
        0 => {
            let (opp, named) = opp_vague_or_counsel(r, c);
            e.participants = named;
            e.outcome = true;
            format!(
                "{} {} {} conferred in good faith with {} in an effort to resolve the dispute without court action, but the parties were unable to resolve it.",
                c.m_cert, c.m_ref, c.m_has, opp
            )
        }
        1 => {
            e.issues = true;
            e.outcome = true;
            with_lead(
                &format!("Pursuant to {}, ", c.rule_cite(r)),
                &format!(
                    "counsel for the movant certifies that the parties have met and conferred in good faith and have been unable to resolve the issues raised in this motion{}",
                    pick(r, &[".", " without the Court's intervention.", ", necessitating the Court's involvement."])
                ),
            )
        }
        2 => format!(
            "{} {} complied with the meet-and-confer requirements of {}{}",
            cap(&c.m_ref),
            c.m_has,
            c.rule_cite(r),
            pick(
                r,
                &[
                    ".",
                    " before filing this motion.",
                    " and the Court's standing order."
                ]
            )
        ),
        3 => {
            e.participants = true;
            e.issues = true;
            format!(
                "Counsel for {} has in good faith conferred or attempted to confer with counsel for {} in an effort to {} without court action{}.",
                c.m,
                c.o,
                pick(r, &["obtain the discovery sought in this motion", "resolve the matters raised in this motion", "secure the disclosure"]),
                if r.random_bool(0.6) { format!(", as required by {}", c.rule_cite(r)) } else { String::new() }
            )
        }
        _ => {
            e.outcome = true;
            e.issues = true;
            format!(
                "{} has made a reasonable, good-faith effort to reach agreement with {} on the matters set forth in this motion. {}",
                cap(&c.m),
                c.o,
                pick(r, &["The parties could not agree.", "Those efforts were unsuccessful.", "No agreement could be reached."])
            )
        }
    }
}

/// Long boilerplate citing rules and case law, still without particulars.
pub(super) fn k_boilerplate_long(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    let mut p = boilerplate_paragraph(r, c, e);
    match v {
        0 => {}
        1 => {
            e.outcome = true;
            p.push_str(&para_sep(r));
            p.push_str(&format!(
                "Despite these sincere efforts{}, the parties have reached an impasse, and {} has exhausted all reasonable means of resolving this dispute without the Court's intervention. {} therefore respectfully requests that the Court {}.",
                if r.random_bool(0.4) { ", and although they narrowed some of their differences" } else { "" },
                c.m,
                cap(&c.m),
                pick(r, &["grant the motion", "compel the discovery described above", "enter the requested protective order"])
            ));
        }
        _ => {
            e.outcome = true;
            p.push_str(&format!(
                " {} {} the relief requested.",
                cap(&c.o),
                c.ov("opposes", "oppose")
            ));
        }
    }
    p
}

/// States that the parties conferred by some means, but not who, when or about what exactly.
pub(super) fn k_conclusory_means(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.means = true;
    e.dialogue = true;
    match v {
        0 => {
            e.issues = true;
            e.outcome = true;
            format!(
                "{} {} regarding {} but have been unable to resolve their disagreement.",
                with_lead(&lead(r, c), "Counsel for the parties have conferred"),
                pick(
                    r,
                    &[
                        "by telephone and by email",
                        "by phone and in writing",
                        "through several telephone calls and letters",
                        "by videoconference",
                        "by Zoom",
                        "in person and by telephone",
                        "in person"
                    ]
                ),
                pick(
                    r,
                    &[
                        "the issues raised in this motion",
                        "the discovery at issue",
                        "the matters in dispute"
                    ]
                )
            )
        }
        1 => {
            e.means = false;
            e.participants = true;
            e.outcome = true;
            format!(
                "{} {} spoken with {} {} about these requests, and {} could not reach agreement.",
                cap(&c.m_ref),
                c.m_has,
                c.o_atty.formal(),
                pick(
                    r,
                    &[
                        "several times",
                        "on numerous occasions",
                        "more than once",
                        "repeatedly"
                    ]
                ),
                if c.first_person { "we" } else { "they" }
            )
        }
        2 => format!(
            "{}the parties consulted by {}",
            pick(r, &["[a]s required by ", "As required by "]).to_string() + &c.rule_cite(r) + ", ",
            pick(
                r,
                &[
                    "telephone, email, and letter correspondence",
                    "telephone and email",
                    "letter and telephone",
                    "email and in person"
                ]
            )
        ),
        _ => {
            e.participants = true;
            e.issues = true;
            e.outcome = true;
            let issue = issue(r, c);
            format!(
                "{} has met and conferred with {} on multiple occasions, including by {}, in an attempt to resolve {}; {} {} to {}.",
                cap(&c.m),
                c.o_counsel,
                pick(r, &["telephone", "email", "letter", "videoconference"]),
                issue,
                c.o,
                c.ov("refuses", "refuse"),
                pick(r, &["supplement", "produce the documents", "change its position", "withdraw the objections"])
            )
        }
    }
}

/// A single email or letter, described in detail: one-way, so insufficient.
pub(super) fn k_one_way_detailed(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    let body = one_way_detailed_body(r, c, e, v);
    // Now and then the same long recital that precedes real specifics elsewhere.
    if (body.starts_with("On ") || body.starts_with("By ")) && r.random_bool(0.3) {
        let recital = boilerplate_paragraph(r, c, &mut Els::default());
        format!(
            "{}{}{}",
            recital,
            para_sep(r),
            with_lead(pick(r, &["Specifically, ", "In particular, "]), &body)
        )
    } else {
        body
    }
}

pub(super) fn one_way_detailed_body(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.participants = true;
    e.when = true;
    e.means = true;
    e.issues = true;
    let d1 = c.start;
    let d2 = d1.add_bd(r, 3, 10);
    let issue = issue(r, c);
    let end = no_response_tail(r, c, e);
    match v {
        0 => format!(
            "{} The email identified {}, explained why {} considers the responses deficient, and asked {} to {} by {}.{} {}",
            with_lead(
                &lead(r, c),
                &format!(
                    "On {} at {}, {} sent an email to {}{} with the subject line \"{}\".",
                    c.date(d1),
                    clock(r),
                    c.m_subj,
                    c.o_mid,
                    if r.random_bool(0.4) { format!(" and copied {}", c.o_atty2.full()) } else { String::new() },
                    subject_line(r, c)
                )
            ),
            issue,
            c.m,
            c.o,
            pick(r, &["supplement its responses", "produce the documents", "withdraw the objections", "provide dates"]),
            c.date(d2),
            exhibit(r),
            end
        ),
        1 => format!(
            "By letter dated {}, sent by {}, {} wrote to {} detailing {} deficient responses to {} and requesting supplemental responses within {} days.{} {}",
            c.date(d1),
            pick(r, &["certified mail and email", "email", "overnight delivery", "U.S. Mail"]),
            c.m_ref,
            c.o_mid,
            c.o_poss,
            requests(r),
            pick(r, &["ten", "seven", "fourteen", "five"]),
            exhibit(r),
            end
        ),
        2 => format!(
            "{} {} sent a detailed meet-and-confer email to {} on {}, setting out each deficiency in {}, citing the governing rules, and proposing that {} {}. {}",
            c.m_cert,
            c.m_ref,
            c.o_mid,
            c.date(d1),
            issue,
            c.o,
            concession(r, c),
            end
        ),
        _ => format!(
            "On {}, {} faxed a {}-page letter to {} at {} explaining {} position on {} and requesting a response by {}.{} {}",
            c.date(d1),
            c.m_subj,
            r.random_range(2..9),
            c.o_mid,
            c.o_firm,
            c.m_poss_own(),
            issue,
            c.date(d2),
            exhibit(r),
            end
        ),
    }
}

/// A single demand ("golden rule") letter.
pub(super) fn k_one_way_letter(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.when = true;
    e.means = true;
    e.issues = true;
    let d1 = c.start;
    let d2 = d1.add_bd(r, 5, 12);
    let issue = issue(r, c);
    match v {
        0 => {
            e.participants = true;
            let mut s = format!(
                "{} sent {} a good faith letter on {} outlining the deficiencies in {} and stating that {} would file a motion to compel if complete responses were not received by {}.",
                cap(&c.m),
                c.o_counsel,
                c.date(d1),
                issue,
                c.m,
                c.date(d2)
            );
            if r.random_bool(0.6) {
                e.outcome = true;
                s.push_str(&format!(" {} did not respond.", cap(&c.o)));
            }
            with_lead(&lead(r, c), &s)
        }
        1 => {
            e.participants = true;
            e.outcome = true;
            format!(
                "Counsel for {} wrote to {} on {} requesting full and complete responses to {} within fourteen days. The deadline passed without a response.",
                c.m,
                c.o_mid,
                c.date(d1),
                requests(r)
            )
        }
        _ => {
            e.participants = true;
            e.outcome = true;
            format!(
                "In an attempt to resolve this dispute extrajudicially, the undersigned sent correspondence to {} counsel on {} requesting the status of {} and asking if they could be received within fourteen (14) days. To date no response has been received.",
                c.o_poss,
                c.date(d1),
                issue
            )
        }
    }
}

/// Sending the draft motion and asking for a position.
pub(super) fn k_draft_motion(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.when = true;
    e.means = true;
    e.issues = true;
    e.participants = true;
    let tail = no_response_tail(r, c, e);
    match v {
        0 => format!(
            "{} {} emailed a draft of this motion to {} and asked whether {} would oppose it. {}",
            with_lead(&lead(r, c), &cap(&on(r, c, c.start))) + ",",
            c.m_subj,
            c.o_mid,
            c.o,
            tail
        ),
        _ => format!(
            "{} provided a copy of this motion to {} via email on {} and requested {} position. {}",
            cap(&c.m_subj),
            c.o_counsel,
            c.date(c.start),
            c.o_poss,
            tail
        ),
    }
}

/// One unreturned voicemail.
pub(super) fn k_single_voicemail(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.when = true;
    e.means = true;
    e.issues = true;
    e.participants = true;
    let issue = issue(r, c);
    match v {
        0 => {
            e.outcome = true;
            format!(
                "{} {} telephoned {} to discuss {} and left a voicemail message. The call was not returned before this motion was filed.",
                with_lead(&lead(r, c), &cap(&on(r, c, c.start))) + ",",
                c.m_subj,
                c.o_mid,
                issue
            )
        }
        1 => format!(
            "{} left a voicemail for {} regarding {}.",
            with_lead(&lead(r, c), &cap(&on(r, c, c.start))) + ", " + &c.m_subj,
            c.o_mid.trim_end_matches(','),
            short_issue(r, c)
        ),
        _ => format!(
            "{} called {} office on {} and left a message with the receptionist asking for a call back regarding {}.",
            cap(&c.m_subj),
            possessive(&c.o_atty.full(), false),
            c.date(c.start),
            issue
        ),
    }
}

/// Conferral only after the motion was filed (or promised for later).
pub(super) fn k_after_filing(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    let filed = c.start;
    let later = filed.add_bd(r, 2, 15);
    match v {
        0 => {
            e.set_all();
            format!(
                "This motion was filed on {}. On {}, {} {}{} regarding the relief requested. {}{}",
                c.date(filed),
                c.date(later),
                c.m_subj,
                confer_with(r, c, &c.o_mid),
                duration(r),
                if r.random_bool(0.4) {
                    discussion(r, c) + " "
                } else {
                    String::new()
                },
                outcome(r, c)
            )
        }
        1 => {
            e.participants = true;
            e.issues = true;
            format!(
                "Due to the {}, {} files this motion before conferring. {} will contact {} promptly after filing and will supplement this certificate with {} position on the relief requested.",
                pick(r, &["expedited nature of the relief sought", "imminent discovery deadline", "deadline set by the Court", "time-sensitive nature of this motion"]),
                c.m,
                cap(&c.m_ref),
                c.o_mid,
                c.o_poss
            )
        }
        2 => {
            e.set_all();
            format!(
                "SUPPLEMENTAL CERTIFICATE: After filing the motion on {}, counsel for {} ({}) and counsel for {} ({}) spoke by telephone on {} about {}. {}",
                c.date(filed),
                c.m,
                c.m_atty.full(),
                c.o,
                c.o_atty.full(),
                c.date(later),
                issue(r, c),
                outcome(r, c)
            )
        }
        _ => {
            e.participants = true;
            e.when = true;
            e.issues = true;
            format!(
                "The motion was filed on {}. According to {} reply memorandum, {} counsel contacted {} about this matter on {}.",
                c.date(filed),
                c.m_poss_own(),
                c.m_poss,
                c.o_counsel,
                c.date(later)
            )
        }
    }
}

/// Contact hours before filing, leaving no real time to respond.
pub(super) fn k_eve_of_filing(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.participants = true;
    e.when = true;
    e.means = true;
    e.issues = true;
    let (h1, h2) = (r.random_range(1..5), r.random_range(5..9));
    match v {
        0 => {
            e.outcome = true;
            format!(
                "At {}:{:02} p.m. on {}, {} emailed {} asking whether {} opposed this motion. {} filed the motion at {}:{:02} p.m. the same day, before any response was received.",
                h1,
                5 * r.random_range(0..12),
                c.date(c.start),
                c.m_subj,
                c.o_mid,
                c.o,
                cap(&c.m),
                h2,
                5 * r.random_range(0..12)
            )
        }
        1 => format!(
            "{} left a voicemail for {} approximately {} hours before filing this motion to discuss {}. Given the deadline, {} could not wait for a response.",
            cap(&c.m_subj),
            c.o_mid,
            pick(r, &["two", "three", "four", "one and a half"]),
            short_issue(r, c),
            c.m
        ),
        _ => {
            e.outcome = true;
            format!(
                "{} {} to confer with {} by email {} in an effort to discuss this proposed motion. As of the filing of this motion, {} {} not responded. Due to the deadline set by the Court, {} is proceeding with the filing.",
                cap(&c.m_subj),
                pick(r, &["attempted", "sought"]),
                c.o_mid,
                pick(r, &["late yesterday afternoon", "this morning", "at 7:40 p.m. last night", "earlier today"]),
                c.o,
                c.ov("has", "have"),
                c.m
            )
        }
    }
}

/// A timeline of discovery events, but no conferral at all.
pub(super) fn k_dates_no_conferral(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    // The dates are of service and deadlines, not of any contact: `when` stays false.
    e.issues = true;
    let d1 = c.start;
    let d2 = d1.add(30);
    let d3 = d2.add_bd(r, 3, 20);
    match v {
        0 => format!(
            "{} served its {} on {}. Responses were due on {}. {} served responses on {} asserting general objections to {}. {} {} not produced a single document. {} therefore moves to compel.",
            cap(&c.m),
            pick(r, &["First Set of Interrogatories and Requests for Production", "Second Requests for Production", "First Requests for Admission"]),
            c.date(d1),
            c.date(d2),
            cap(&c.o),
            c.date(d3),
            requests(r),
            cap(&c.o),
            c.ov("has", "have"),
            cap(&c.m)
        ),
        1 => format!(
            "The deposition of {} was noticed for {}. On {}, {} served objections to the notice. The discovery deadline is {}. Accordingly, {} requests that the Court compel {} to produce the witness.",
            c.witness,
            c.date(d2),
            c.date(d1.add_bd(r, 5, 15)),
            c.o,
            c.date(d3.add(30)),
            c.m,
            c.o
        ),
        _ => format!(
            "The Court's scheduling order set {} as the deadline for written discovery. {} responses to {} were due on {} and remain outstanding as of {}. {} seeks an order compelling responses within fourteen days.",
            c.date(d3.add(40)),
            cap(&c.o_poss),
            requests(r),
            c.date(d2),
            c.date(d3),
            cap(&c.m)
        ),
    }
}

/// No conference took place, and no adequate reason is given.
pub(super) fn k_no_conference(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    match v {
        0 => format!(
            "{} did not confer with {} before filing this motion because, given {} prior conduct, conferring would be futile.",
            cap(&c.m_ref),
            opp_vague_or_counsel(r, c).0,
            c.o_poss
        ),
        1 => {
            e.participants = true;
            e.issues = true;
            format!(
                "Counsel for {} has not conferred with counsel for {} regarding this motion, as {} position on these issues is well known.",
                c.m, c.o, c.o_poss
            )
        }
        2 => with_lead(
            &lead(r, c),
            &format!(
                "Opposing counsel was unavailable to confer before this motion was filed{}",
                pick(r, &[".", ", and the motion is therefore filed without a conference.", "; undersigned counsel will advise the Court of any agreement."])
            ),
        ),
        _ => format!(
            "No conference was held. {} assumes that {} {} the relief requested.",
            cap(&c.m),
            c.o,
            c.ov("opposes", "oppose")
        ),
    }
}

/// Only the other side's position, with no account of the conferral.
pub(super) fn k_opposed_only(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.outcome = true;
    match v {
        0 => pick(
            r,
            &[
                "{O} {opposes} this motion.",
                "The motion is opposed.",
                "Opposed.",
                "This motion is unopposed.",
                "{O} {opposes} the relief requested.",
                "{O} {has} agreed to the relief requested.",
                "The parties have agreed to the proposed schedule.",
            ],
        )
        .replace("{O}", &cap(&c.o))
        .replace("{opposes}", c.ov("opposes", "oppose"))
        .replace("{has}", c.ov("has", "have")),
        1 => {
            e.participants = true;
            format!(
                "{} counsel has authorized the undersigned to state that {} {} this motion.",
                cap(&c.o_poss),
                c.o,
                c.ov("does not oppose", "do not oppose")
            )
        }
        2 => {
            e.participants = true;
            format!(
                "This is {} {} request for an enlargement of time for this purpose. Counsel for {} has indicated that {} {} to this motion.",
                c.m_poss_own(),
                pick(r, &["first", "second", "third"]),
                c.o,
                c.o,
                c.ov("has no objection", "have no objection")
            )
        }
        3 => {
            e.participants = true;
            e.dialogue = true;
            e.issues = true;
            format!(
                "{} contacted counsel for {}, who stated that {} {}.",
                cap(&c.m_subj),
                c.o,
                c.o,
                position(r, c)
            )
        }
        _ => {
            e.participants = true;
            e.dialogue = true;
            e.issues = true;
            format!(
                "{} counsel has discussed this motion with {}, and {} {} the request.",
                cap(&c.m_poss),
                c.o_counsel,
                c.o,
                c.ov("does not oppose", "do not oppose")
            )
        }
    }
}

/// "Attempted to confer" without dates or specifics.
pub(super) fn k_attempted_no_specifics(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    match v {
        0 => {
            let (opp, named) = opp_vague_or_counsel(r, c);
            e.participants = named;
            e.issues = true;
            e.outcome = true;
            with_lead(
                &lead(r, c),
                &format!(
                    "{} attempted to confer with {} regarding this motion but was unable to do so.",
                    cap(&c.m_subj),
                    opp
                ),
            )
        }
        1 => {
            e.participants = true;
            e.issues = true;
            e.outcome = true;
            format!(
                "Despite repeated attempts, {} has been unable to reach {} to discuss the issues raised in this motion.",
                c.m, c.o_ref_short
            )
        }
        2 => {
            e.participants = true;
            e.means = true;
            e.outcome = true;
            format!(
                "{} made several attempts to contact {} by {}, but {} did not respond.",
                cap(&c.m_ref),
                c.o_counsel,
                pick(
                    r,
                    &[
                        "telephone and email",
                        "phone, email and letter",
                        "email",
                        "telephone"
                    ]
                ),
                c.o_ref
            )
        }
        3 => {
            e.participants = true;
            format!(
                "{} {} {} made a good faith effort to confer with counsel for {} prior to filing this motion.",
                c.m_cert, c.m_ref, c.m_has, c.o
            )
        }
        _ => {
            e.participants = true;
            e.outcome = true;
            format!(
                "Counsel for {} has attempted to confer with counsel for {} prior to the filing of the Motion, and counsel for {} has not responded. As such, it is assumed this Motion is {}.",
                c.m,
                c.o,
                c.o,
                pick(r, &["unopposed", "opposed"])
            )
        }
    }
}

/// A real conference that is stale (more than a year old) or about a different dispute.
pub(super) fn k_stale_or_unrelated(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.set_all();
    match v {
        0 => {
            let filed = c.start.add(r.random_range(380..600));
            format!(
                "{} last conferred with {} on {}, when counsel met {} and discussed {}; {}. This motion is filed on {}, and no further conference has taken place since that meeting.",
                cap(&c.m_subj),
                c.o_mid,
                c.date(c.start),
                pick(r, &["in person", "by telephone"]),
                issue(r, c),
                pick(r, &["the parties did not reach agreement", "no agreement was reached"]),
                c.date(filed)
            )
        }
        _ => format!(
            "On {}, counsel for the parties, {} and {}, held a telephone conference regarding discovery in the parallel state-court action arising from the same facts; the parties could not agree. {} relies on that conference for this motion concerning {}.",
            c.date(c.start),
            c.m_atty.full(),
            c.o_atty.full(),
            cap(&c.m),
            issue(r, c)
        ),
    }
}

/// A real conference, but about only part of what the motion asks for.
pub(super) fn k_incomplete_conference(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.set_all();
    let (i1, i2) = two_issues(r, c);
    match v {
        0 => format!(
            "{}, {} {}{} regarding {}. {} The motion also seeks relief as to {}, which was not raised with {} before filing.",
            cap(&on(r, c, c.start)),
            c.m_subj,
            confer_with(r, c, &c.o_mid),
            duration(r),
            i1,
            outcome(r, c),
            i2,
            c.o_ref
        ),
        _ => format!(
            "Counsel for {} ({}) and counsel for {} ({}) {} on {} and discussed {}; {} agreed to {}. The parties did not discuss {}, on which {} now also moves.",
            c.m,
            c.m_atty.initial(),
            c.o,
            c.o_atty.initial(),
            pick(r, &["spoke by telephone", "met in person", "met by Zoom"]),
            c.date(c.start),
            i1,
            c.o,
            concession(r, c),
            i2,
            c.m
        ),
    }
}

/// Court paraphrase of one-way contact.
pub(super) fn k_para_one_way(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.participants = true;
    e.when = true;
    e.means = true;
    e.issues = true;
    let issue = issue(r, c);
    let body = match v {
        0 => format!(
            "{} counsel sent {} email to {} counsel on {} asking for {} and filed the motion {} without a reply.",
            cap(&c.m_poss),
            pick(r, &["a single", "one", "an"]),
            c.o_poss,
            c.date(c.start),
            pick(r, &["supplemental responses to ", "a conference about ", "the documents sought in "]).to_string() + &issue,
            pick(r, &["the next morning", "two days later", "later that week", "the same afternoon"])
        ),
        1 => format!(
            "The certification rests on a letter dated {} from {} counsel to {} counsel listing the deficiencies in {} and setting a deadline for compliance; no conversation followed before the motion was filed.",
            c.date(c.start),
            c.m_poss,
            c.o_poss,
            issue
        ),
        _ => format!(
            "{} counsel left one voicemail for {} counsel, {}, on {} about {}, and then moved to compel.",
            cap(&c.m_poss),
            c.o_poss,
            c.o_atty.full(),
            c.date(c.start),
            issue
        ),
    };
    paraphrase(r, body)
}

/// Court paraphrase of a conclusory certificate or of no conference.
pub(super) fn k_para_conclusory(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    let body = match v {
        0 => {
            e.issues = true;
            e.outcome = true;
            format!(
                "{} motion states that the parties met and conferred regarding {} and could not resolve it.",
                cap(&c.m_poss_own()),
                short_issue(r, c)
            )
        }
        1 => {
            e.participants = true;
            format!(
                "{} discovery motion was supported by {} {} that counsel conferred in good faith with counsel for {}, without describing any call, letter, meeting or date.",
                cap(&c.m_poss_own()),
                pick(r, &["an affirmation", "a certification", "a declaration"]),
                pick(r, &["stating", "reciting"]),
                c.o
            )
        }
        _ => format!(
            "{} certification states that opposing counsel was unavailable to confer before filing, and no conference took place.",
            cap(&c.m_poss_own())
        ),
    };
    paraphrase(r, body)
}

/// Court paraphrase of contact after (or hours before) filing.
pub(super) fn k_para_untimely(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
    e.participants = true;
    e.when = true;
    e.issues = true;
    let body = match v {
        0 => {
            e.means = true;
            e.dialogue = true;
            format!(
                "{} filed the motion on {}; its counsel first {} {} counsel about the dispute on {}, after the motion was on file.",
                cap(&c.m),
                c.date(c.start),
                pick(r, &["spoke by telephone with", "met with", "conferred by phone with"]),
                c.o_poss,
                c.date(c.start.add_bd(r, 2, 12))
            )
        }
        _ => {
            e.means = true;
            format!(
                "{} counsel emailed {} counsel at {} on {}, the day of filing, about {}, and filed the motion that evening.",
                cap(&c.m_poss),
                c.o_poss,
                clock(r),
                c.date(c.start),
                short_issue(r, c)
            )
        }
    };
    paraphrase(r, body)
}
