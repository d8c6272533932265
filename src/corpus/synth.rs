//! Seeded generator of labeled synthetic conferral statements, following
//! the project labeling rubric (`../shared/RUBRIC.md`).
//!
//! Every statement is built by a *kind* (a template family such as `complete_phone` or
//! `one_way_detailed_email`) from randomly filled slots: the court and rule, the parties and
//! their counsel, dates, means of contact, the issues and the outcome. The label is known by
//! construction, and so are the rubric elements: a kind sets an element flag exactly when it
//! writes the slot that carries it.
//!
//! Element conventions (kept consistent across kinds):
//! - `participants`: the opposing side's counsel is identified, by name or at least as
//!   "counsel for Defendant" ("opposing counsel" or "the parties" alone do not count).
//! - `when`: a date, time or concrete relative day ("last Tuesday") of a contact.
//! - `means`: how the contact was made (telephone, video, in person, email, letter, ...).
//! - `dialogue`: a two-way exchange is described concretely (counsel spoke, met, discussed,
//!   the other side replied with its position), or repeated specific attempts were ignored.
//!   A bare recital that counsel "conferred in good faith" does not count.
//! - `issues`: what the contact was about, including "the relief requested in this motion".
//! - `outcome`: the stated result: opposed/unopposed, narrowed, impasse, no response.
//!
//! Surface features that the rubric does not care about (headings, rule recitals, case
//! citations, signatures, length, voice, OCR noise) are spread over both labels so that a
//! classifier must learn the substance.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};

use crate::corpus::dataset::{Example, Label};

// ---------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------

/// Generates `n` labeled statements, deterministic given `seed`.
pub fn generate(n: usize, seed: u64) -> Vec<crate::corpus::dataset::Example> {
    let mut r = StdRng::seed_from_u64(seed);
    let total: u32 = KINDS.iter().map(|k| k.weight).sum();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut x = r.random_range(0..total);
        let spec = KINDS
            .iter()
            .find(|k| {
                if x < k.weight {
                    true
                } else {
                    x -= k.weight;
                    false
                }
            })
            .expect("weights cover the range");
        out.push(build_example(&mut r, spec, i));
    }
    out
}

/// Names of all kinds with their labels (for reports and tests).
pub fn kinds() -> Vec<(&'static str, Label)> {
    KINDS.iter().map(|k| (k.name, k.label)).collect()
}

fn build_example(r: &mut StdRng, spec: &KindSpec, i: usize) -> Example {
    let topics = if RESPONSE_KINDS.contains(&spec.name) {
        &[Topic::Compel][..]
    } else if DISCOVERY_KINDS.contains(&spec.name) {
        &[Topic::Compel, Topic::Compel, Topic::PrivLog, Topic::Esi][..]
    } else {
        TOPICS
    };
    let c = Ctx::new(r, topics);
    let mut e = Els::default();
    let variant = r.random_range(0..spec.variants);
    let body = (spec.build)(r, &c, &mut e, variant);
    let paraphrase = spec.name.starts_with("paraphrase_");
    let mut text = if paraphrase {
        body
    } else {
        dress(r, &c, body, spec.label)
    };
    let rule = cited_rule(&c, &text);
    if r.random_bool(0.10) {
        text = add_noise(r, &c, &text);
    }
    let mut extra = Map::new();
    extra.insert("label_source".into(), json!("synthetic"));
    extra.insert("kind".into(), json!(spec.name));
    extra.insert("group".into(), json!(format!("{}/v{}", spec.name, variant)));
    extra.insert("court".into(), json!(c.court.court));
    extra.insert("rule".into(), rule.map_or(Value::Null, |s| json!(s)));
    extra.insert("elements".into(), e.to_json());
    Example {
        id: format!("synth-{i:06}"),
        text,
        label: spec.label,
        extra,
    }
}

// ---------------------------------------------------------------------------------------
// Kinds
// ---------------------------------------------------------------------------------------

type Build = fn(&mut StdRng, &Ctx, &mut Els, usize) -> String;

struct KindSpec {
    name: &'static str,
    label: Label,
    weight: u32,
    variants: usize,
    build: Build,
}

const S: Label = Label::Sufficient;
const I: Label = Label::Insufficient;

const fn k(
    name: &'static str,
    label: Label,
    weight: u32,
    variants: usize,
    build: Build,
) -> KindSpec {
    KindSpec {
        name,
        label,
        weight,
        variants,
        build,
    }
}

const KINDS: &[KindSpec] = &[
    // sufficient
    k("complete_phone", S, 9, 5, k_complete),
    k("short_complete", S, 12, 4, k_short_complete),
    k("narrowed_conference", S, 5, 3, k_narrowed),
    k("letter_then_call", S, 6, 3, k_letter_then_call),
    k("email_exchange_positions", S, 4, 2, k_email_exchange),
    k("attempts_ignored_specific", S, 7, 3, k_attempts_ignored),
    k("refused_to_confer", S, 2, 2, k_refused),
    k(
        "boilerplate_then_specifics",
        S,
        4,
        2,
        k_boilerplate_then_specifics,
    ),
    k("multi_round", S, 3, 2, k_multi_round),
    k("paraphrase_complete", S, 5, 4, k_para_complete),
    k("paraphrase_attempts_ignored", S, 2, 2, k_para_attempts),
    // insufficient
    k("boilerplate_rule_recital", I, 6, 5, k_boilerplate),
    k("boilerplate_long", I, 6, 3, k_boilerplate_long),
    k("conclusory_with_means", I, 4, 4, k_conclusory_means),
    k("one_way_detailed_email", I, 6, 4, k_one_way_detailed),
    k("one_way_letter", I, 4, 3, k_one_way_letter),
    k("draft_motion_sent", I, 3, 2, k_draft_motion),
    k("single_voicemail", I, 2, 3, k_single_voicemail),
    k("after_filing", I, 4, 4, k_after_filing),
    k("eve_of_filing", I, 3, 3, k_eve_of_filing),
    k("dates_no_conferral", I, 3, 3, k_dates_no_conferral),
    k("no_conference_no_reason", I, 3, 4, k_no_conference),
    k("opposed_only", I, 4, 5, k_opposed_only),
    k("attempted_no_specifics", I, 5, 5, k_attempted_no_specifics),
    k("stale_or_unrelated", I, 1, 2, k_stale_or_unrelated),
    k("incomplete_conference", I, 2, 2, k_incomplete_conference),
    k("paraphrase_one_way", I, 3, 3, k_para_one_way),
    k("paraphrase_conclusory", I, 2, 3, k_para_conclusory),
    k("paraphrase_untimely", I, 2, 2, k_para_untimely),
];

/// Kinds whose templates speak of the other side's discovery responses.
const RESPONSE_KINDS: &[&str] = &[
    "one_way_detailed_email",
    "one_way_letter",
    "dates_no_conferral",
    "multi_round",
];

/// Kinds whose templates speak of deficiencies in discovery.
const DISCOVERY_KINDS: &[&str] = &[
    "attempts_ignored_specific",
    "letter_then_call",
    "refused_to_confer",
    "paraphrase_one_way",
    "paraphrase_attempts_ignored",
];

// ----- sufficient kinds -----------------------------------------------------------------

/// A conference that happened: participants, date, means, issues and outcome.
fn k_complete(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_short_complete(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_narrowed(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_letter_then_call(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_email_exchange(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_attempts_ignored(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_refused(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_boilerplate_then_specifics(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_multi_round(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_para_complete(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_para_attempts(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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

// ----- insufficient kinds ---------------------------------------------------------------

/// Short recital of the rule: no who, when, how or what.
fn k_boilerplate(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_boilerplate_long(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_conclusory_means(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_one_way_detailed(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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

fn one_way_detailed_body(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_one_way_letter(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_draft_motion(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_single_voicemail(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_after_filing(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_eve_of_filing(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_dates_no_conferral(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_no_conference(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_opposed_only(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_attempted_no_specifics(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_stale_or_unrelated(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_incomplete_conference(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_para_one_way(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_para_conclusory(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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
fn k_para_untimely(r: &mut StdRng, c: &Ctx, e: &mut Els, v: usize) -> String {
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

// ---------------------------------------------------------------------------------------
// Shared pieces used by several kinds
// ---------------------------------------------------------------------------------------

fn boilerplate_paragraph(r: &mut StdRng, c: &Ctx, e: &mut Els) -> String {
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

fn no_response_tail(r: &mut StdRng, c: &Ctx, e: &mut Els) -> String {
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

fn paraphrase(r: &mut StdRng, body: String) -> String {
    if r.random_bool(0.75) {
        format!("Paraphrase: {body}")
    } else {
        body
    }
}

fn discussion(r: &mut StdRng, c: &Ctx) -> String {
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

fn outcome(r: &mut StdRng, c: &Ctx) -> String {
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
fn position(r: &mut StdRng, c: &Ctx) -> String {
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

/// "conferred with X by telephone" and similar: a live exchange with its means.
fn confer_with(r: &mut StdRng, c: &Ctx, who_mid: &str) -> String {
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
fn live_means(r: &mut StdRng, c: &Ctx) -> (String, bool) {
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

fn means_noun(means: &str) -> String {
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

fn duration(r: &mut StdRng) -> String {
    match r.random_range(0..6) {
        0 => format!(" for approximately {} minutes", 5 * r.random_range(3..19)),
        1 => " for about an hour".into(),
        2 => format!(" for roughly {} minutes", 5 * r.random_range(3..13)),
        _ => String::new(),
    }
}

fn time_at(r: &mut StdRng) -> String {
    format!("at {}", clock(r))
}

fn clock(r: &mut StdRng) -> String {
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
fn on(r: &mut StdRng, c: &Ctx, d: Date) -> String {
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

fn lead(r: &mut StdRng, c: &Ctx) -> String {
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
fn with_lead(lead: &str, sentence: &str) -> String {
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

fn para_sep(r: &mut StdRng) -> String {
    pick(r, &[" ", "\n\n", "\n"]).to_string()
}

fn exhibit(r: &mut StdRng) -> String {
    if r.random_bool(0.4) {
        format!(
            " A copy is attached as Exhibit {}.",
            pick(r, &["A", "B", "1", "3", "C", "D"])
        )
    } else {
        String::new()
    }
}

fn subject_line(r: &mut StdRng, c: &Ctx) -> String {
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
fn case_cite(r: &mut StdRng, slot: u32) -> String {
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
                pick(r, LAST),
                pick(r, CO_PREFIX),
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

// ----- issues, reasons, concessions ------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Topic {
    Compel,
    PrivLog,
    Depo,
    ProtOrder,
    Subpoena,
    Esi,
    Extension,
    Amend,
}

const TOPICS: &[Topic] = &[
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

fn issue(r: &mut StdRng, c: &Ctx) -> String {
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
            0 => format!("the subpoena duces tecum served on {} {}", pick(r, CO_PREFIX), pick(r, &["Bank", "Medical Center", "Staffing Services"])),
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
fn requests(r: &mut StdRng) -> String {
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

fn short_issue(r: &mut StdRng, c: &Ctx) -> String {
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

fn two_issues(r: &mut StdRng, c: &Ctx) -> (String, String) {
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

fn reason(r: &mut StdRng, c: &Ctx) -> String {
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

fn concession(r: &mut StdRng, c: &Ctx) -> String {
    let s = concession_raw(r, c);
    if c.o_pl {
        s.replace(" its ", " their ")
    } else {
        s
    }
}

fn concession_raw(r: &mut StdRng, c: &Ctx) -> String {
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

// ---------------------------------------------------------------------------------------
// Context: the parties, counsel, court, dates of one statement
// ---------------------------------------------------------------------------------------

struct Ctx {
    court: &'static CourtRule,
    topic: Topic,
    df: DateFmt,
    start: Date,
    /// Movant and opponent party references ("Plaintiff", "Defendants", "Harbor Point").
    m: String,
    o: String,
    o_pl: bool,
    o_poss: String,
    m_poss: String, // "Plaintiff's" (of the movant party)
    m_atty: Person,
    o_atty: Person,
    o_atty2: Person,
    m_firm: String,
    o_firm: String,
    witness: String,
    // movant counsel in the chosen voice
    first_person: bool,
    m_subj: String,
    m_ref: String,
    m_has: &'static str,
    m_cert: String,
    // opposing counsel
    o_mid: String,
    o_end: String,
    o_ref: String,
    o_ref_short: String,
    o_counsel: String,
}

impl Ctx {
    fn new(r: &mut StdRng, topics: &[Topic]) -> Ctx {
        let court = &COURTS[r.random_range(0..COURTS.len())];
        let pairs: &[(&str, bool, &str, bool)] = match court.kind {
            Kind::Bankr => &[
                ("the Trustee", false, "Defendant", false),
                ("the Debtor", false, "the Creditor", false),
                ("Plaintiff", false, "Defendants", true),
                ("the Committee", false, "the Debtor", false),
                ("Movant", false, "the Debtor", false),
            ],
            Kind::FedCl => &[
                ("Plaintiff", false, "the Government", false),
                ("Defendant", false, "Plaintiff", false),
                ("the United States", false, "Plaintiff", false),
                ("Plaintiffs", true, "the United States", false),
            ],
            _ => &[
                ("Plaintiff", false, "Defendant", false),
                ("Plaintiffs", true, "Defendants", true),
                ("Defendant", false, "Plaintiff", false),
                ("Defendants", true, "Plaintiff", false),
                ("Plaintiff", false, "Defendants", true),
                ("Defendant", false, "Plaintiffs", true),
                ("Petitioner", false, "Respondent", false),
                ("Respondent", false, "Petitioner", false),
                (
                    "Third-Party Plaintiff",
                    false,
                    "Third-Party Defendant",
                    false,
                ),
            ],
        };
        let (m_role, m_pl, o_role, o_pl) = pairs[r.random_range(0..pairs.len())];
        let (m, m_pl) = if r.random_bool(0.2) {
            (company(r), false)
        } else {
            (m_role.to_string(), m_pl)
        };
        let (o, o_pl) = if r.random_bool(0.25) {
            (company(r), false)
        } else {
            (o_role.to_string(), o_pl)
        };
        let m_poss = possessive(&m, m_pl);
        let o_poss = possessive(&o, o_pl);
        let m_atty = Person::new(r);
        let o_atty = Person::new(r);
        let o_atty2 = Person::new(r);
        let m_firm = firm(r);
        let o_firm = firm(r);
        let witness = Person::new(r).full();
        let y = r.random_range(2004..2025);
        let start = Date::new(y, r.random_range(1..13), r.random_range(1..29)).weekday_fwd();
        let df = DATE_FMTS[r.random_range(0..DATE_FMTS.len())];

        let mname = m_atty.full();
        let (first_person, m_subj, m_ref, m_has, m_cert) = match r.random_range(0..10) {
            0..=2 => (
                true,
                "I".to_string(),
                "I".to_string(),
                "have",
                pick(
                    r,
                    &["I hereby certify that", "I certify that", "I certify that"],
                )
                .to_string(),
            ),
            3..=4 => {
                let u = pick(r, &["undersigned counsel", "the undersigned"]).to_string();
                (
                    false,
                    u.clone(),
                    u,
                    "has",
                    pick(
                        r,
                        &[
                            "Undersigned counsel certifies that",
                            "The undersigned hereby certifies that",
                        ],
                    )
                    .to_string(),
                )
            }
            5..=6 => (
                false,
                format!("{mname}, counsel for {m},"),
                m_atty.formal(),
                "has",
                format!("{mname}, counsel for {m}, certifies that"),
            ),
            7..=8 => {
                let s = if r.random_bool(0.5) {
                    format!("counsel for {m}")
                } else {
                    format!("{m_poss} counsel")
                };
                (
                    false,
                    s.clone(),
                    s,
                    "has",
                    format!("Counsel for {m} certifies that"),
                )
            }
            _ => (
                true,
                "we".to_string(),
                "we".to_string(),
                "have",
                pick(r, &["We hereby certify that", "We certify that"]).to_string(),
            ),
        };

        let on = o_atty.full();
        let (o_mid, o_end) = match r.random_range(0..6) {
            0 => (
                format!("{on}, counsel for {o},"),
                format!("{on}, counsel for {o}"),
            ),
            1 => (
                format!("counsel for {o}, {on},"),
                format!("counsel for {o}, {on}"),
            ),
            2 => (
                format!("{o_poss} counsel, {on},"),
                format!("{o_poss} counsel, {on}"),
            ),
            3 => {
                let s = format!("{o_poss} counsel ({on})");
                (s.clone(), s)
            }
            4 => (
                format!("{on} of {o_firm}, counsel for {o},"),
                format!("{on} of {o_firm}, counsel for {o}"),
            ),
            _ => (
                format!("{on}, {o_poss} counsel,"),
                format!("{on}, {o_poss} counsel"),
            ),
        };
        let o_ref = match r.random_range(0..4) {
            0 | 1 => o_atty.formal(),
            2 => format!("{o_poss} counsel"),
            _ => "opposing counsel".to_string(),
        };
        let o_ref_short = o_atty.formal();
        let o_counsel = if r.random_bool(0.5) {
            format!("counsel for {o}")
        } else {
            format!("{o_poss} counsel")
        };
        Ctx {
            court,
            topic: pick(r, topics),
            df,
            start,
            m,
            o,
            o_pl,
            o_poss,
            m_poss,
            m_atty,
            o_atty,
            o_atty2,
            m_firm,
            o_firm,
            witness,
            first_person,
            m_subj,
            m_ref,
            m_has,
            m_cert,
            o_mid,
            o_end,
            o_ref,
            o_ref_short,
            o_counsel,
        }
    }

    fn ov<'a>(&self, sing: &'a str, plural: &'a str) -> &'a str {
        if self.o_pl {
            plural
        } else {
            sing
        }
    }

    fn date(&self, d: Date) -> String {
        d.fmt(self.df)
    }

    /// The movant party's possessive for its own papers ("Plaintiff's", "Defendants'").
    fn m_poss_own(&self) -> String {
        self.m_poss.clone()
    }

    fn m_short_name(&self) -> String {
        cap(self.m.trim_start_matches("the "))
    }

    fn o_short_name(&self) -> String {
        cap(self.o.trim_start_matches("the "))
    }

    /// How the statement cites the court's rule.
    fn rule_cite(&self, r: &mut StdRng) -> String {
        let cites = self.court.cites;
        cites[r.random_range(0..cites.len())].to_string()
    }
}

/// Which rule the text cites, if any (checked before noise is added).
fn cited_rule(c: &Ctx, text: &str) -> Option<&'static str> {
    let low = text.to_lowercase();
    let has = |s: &str| low.contains(&s.to_lowercase());
    if c.court.cites.iter().any(|s| has(s)) || has(c.court.rule) {
        Some(c.court.rule)
    } else if has("37(a)(1)") {
        Some("Fed. R. Civ. P. 37(a)(1)")
    } else if has("26(c)(1)") {
        Some("Fed. R. Civ. P. 26(c)(1)")
    } else {
        None
    }
}

fn opp_vague_or_counsel(r: &mut StdRng, c: &Ctx) -> (String, bool) {
    if r.random_bool(0.5) {
        (c.o_counsel.clone(), true)
    } else {
        (
            pick(
                r,
                &[
                    "opposing counsel",
                    "counsel for the opposing party",
                    "the opposing side",
                    "all counsel of record",
                ],
            )
            .to_string(),
            false,
        )
    }
}

#[derive(Clone)]
struct Person {
    first: &'static str,
    last: &'static str,
    female: bool,
    middle: Option<char>,
}

impl Person {
    fn new(r: &mut StdRng) -> Person {
        let female = r.random_bool(0.5);
        let first = if female {
            pick(r, FIRST_F)
        } else {
            pick(r, FIRST_M)
        };
        let middle = if r.random_bool(0.2) {
            Some((b'A' + r.random_range(0..26u8)) as char)
        } else {
            None
        };
        Person {
            first,
            last: pick(r, LAST),
            female,
            middle,
        }
    }
    fn full(&self) -> String {
        match self.middle {
            Some(m) => format!("{} {}. {}", self.first, m, self.last),
            None => format!("{} {}", self.first, self.last),
        }
    }
    fn initial(&self) -> String {
        format!("{}. {}", &self.first[..1], self.last)
    }
    fn formal(&self) -> String {
        format!("{} {}", if self.female { "Ms." } else { "Mr." }, self.last)
    }
    fn pron(&self) -> &'static str {
        if self.female {
            "her"
        } else {
            "his"
        }
    }
}

fn possessive(name: &str, plural: bool) -> String {
    if (plural || !name.starts_with("the ") || name.ends_with("States")) && name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

fn company(r: &mut StdRng) -> String {
    match r.random_range(0..5) {
        0 => format!("{} {}", pick(r, CO_PREFIX), pick(r, CO_INDUSTRY)),
        1 => format!(
            "the City of {}",
            pick(
                r,
                &[
                    "Fairview",
                    "Lakewood",
                    "Brookhaven",
                    "Millbrook",
                    "Westport",
                    "Cedar Falls"
                ]
            )
        ),
        _ => pick(r, CO_PREFIX).to_string(),
    }
}

fn firm(r: &mut StdRng) -> String {
    let (a, b, x) = (pick(r, LAST), pick(r, LAST), pick(r, LAST));
    match r.random_range(0..4) {
        0 => format!("{a} & {b} LLP"),
        1 => format!("{a} {b} P.C."),
        2 => format!("the {a} Law Firm"),
        _ => format!("{a}, {b} & {x}, P.A."),
    }
}

// ---------------------------------------------------------------------------------------
// Dressing: headings, signatures, quoting, noise
// ---------------------------------------------------------------------------------------

/// Adds the trappings of a real filing. Background and closing sentences carry no element;
/// they are added more often to insufficient statements so that length alone does not tell
/// the labels apart (a complete account of a conference is naturally longer).
fn dress(r: &mut StdRng, c: &Ctx, body: String, label: Label) -> String {
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
fn context_sentence(r: &mut StdRng, c: &Ctx) -> String {
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

fn closing_sentence(r: &mut StdRng, c: &Ctx) -> String {
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

fn heading(r: &mut StdRng, c: &Ctx) -> String {
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

fn add_noise(r: &mut StdRng, c: &Ctx, text: &str) -> String {
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

fn hyphenate(r: &mut StdRng, t: &str) -> String {
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

fn odd_breaks(r: &mut StdRng, t: &str) -> String {
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

fn ocr_chars(r: &mut StdRng, t: &str) -> String {
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

fn page_header(r: &mut StdRng, c: &Ctx, t: &str) -> String {
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

// ---------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
struct Date {
    y: i32,
    m: u32,
    d: u32,
}

#[derive(Clone, Copy)]
enum DateFmt {
    Long,
    LongWeekday,
    Abbr,
    Slash,
    SlashFull,
    Iso,
    DayMonth,
    Ordinal,
    OrdinalSuffix,
}

const DATE_FMTS: &[DateFmt] = &[
    DateFmt::Long,
    DateFmt::Long,
    DateFmt::Long,
    DateFmt::Long,
    DateFmt::LongWeekday,
    DateFmt::Abbr,
    DateFmt::Slash,
    DateFmt::SlashFull,
    DateFmt::Iso,
    DateFmt::DayMonth,
    DateFmt::Ordinal,
    DateFmt::OrdinalSuffix,
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MON_ABBR: [&str; 12] = [
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

impl Date {
    fn new(y: i32, m: u32, d: u32) -> Date {
        Date { y, m, d }
    }

    /// Days since 1970-01-01 (proleptic Gregorian).
    fn days(self) -> i64 {
        let y = i64::from(self.y) - i64::from(self.m <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.m);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe - 719468
    }

    fn from_days(z: i64) -> Date {
        let z = z + 719468;
        let era = if z >= 0 { z } else { z - 146096 } / 146097;
        let doe = z - era * 146097;
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date {
            y: y as i32,
            m: m as u32,
            d: d as u32,
        }
    }

    fn add(self, n: i64) -> Date {
        Date::from_days(self.days() + n)
    }

    /// 0 = Monday.
    fn weekday(self) -> usize {
        (self.days() + 3).rem_euclid(7) as usize
    }

    /// The same day, or the next Monday if it falls on a weekend.
    fn weekday_fwd(self) -> Date {
        match self.weekday() {
            5 => self.add(2),
            6 => self.add(1),
            _ => self,
        }
    }

    /// A working day between `lo` and `hi` calendar days later.
    fn add_bd(self, r: &mut StdRng, lo: i64, hi: i64) -> Date {
        self.add(r.random_range(lo..=hi)).weekday_fwd()
    }

    fn fmt(self, f: DateFmt) -> String {
        let (y, m, d) = (self.y, self.m as usize, self.d);
        let month = MONTHS[m - 1];
        match f {
            DateFmt::Long => format!("{month} {d}, {y}"),
            DateFmt::LongWeekday => format!("{}, {month} {d}, {y}", WEEKDAYS[self.weekday()]),
            DateFmt::Abbr => format!("{} {d}, {y}", MON_ABBR[m - 1]),
            DateFmt::Slash => format!("{m}/{d}/{:02}", y % 100),
            DateFmt::SlashFull => format!("{m:02}/{d:02}/{y}"),
            DateFmt::Iso => format!("{y}-{m:02}-{d:02}"),
            DateFmt::DayMonth => format!("{d} {month} {y}"),
            DateFmt::Ordinal => format!("the {d}{} of {month}, {y}", ordinal(d)),
            DateFmt::OrdinalSuffix => format!("{month} {d}{}, {y}", ordinal(d)),
        }
    }
}

fn ordinal(d: u32) -> &'static str {
    match (d % 10, d % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

// ---------------------------------------------------------------------------------------
// Elements
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, Default, Debug, PartialEq)]
struct Els {
    participants: bool,
    when: bool,
    means: bool,
    dialogue: bool,
    issues: bool,
    outcome: bool,
}

impl Els {
    fn set_all(&mut self) {
        *self = Els {
            participants: true,
            when: true,
            means: true,
            dialogue: true,
            issues: true,
            outcome: true,
        };
    }
    fn to_json(self) -> Value {
        json!({
            "participants": self.participants,
            "when": self.when,
            "means": self.means,
            "dialogue": self.dialogue,
            "issues": self.issues,
            "outcome": self.outcome,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Courts and rules
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Federal,
    Bankr,
    FedCl,
    State,
}

struct CourtRule {
    court: &'static str,
    /// The rule as recorded in `rule`.
    rule: &'static str,
    /// How statements cite it.
    cites: &'static [&'static str],
    kind: Kind,
}

const fn cr(
    court: &'static str,
    rule: &'static str,
    cites: &'static [&'static str],
    kind: Kind,
) -> CourtRule {
    CourtRule {
        court,
        rule,
        cites,
        kind,
    }
}

const COURTS: &[CourtRule] = &[
    cr(
        "D. Kan.",
        "D. Kan. Rule 37.2",
        &[
            "D. Kan. Rule 37.2",
            "D. Kan. Rule 37.2",
            "Local Rule 37.2",
            "Fed. R. Civ. P. 37(a)(1) and D. Kan. Rule 37.2",
        ],
        Kind::Federal,
    ),
    cr(
        "M.D. Fla.",
        "M.D. Fla. L.R. 3.01(g)",
        &[
            "Local Rule 3.01(g)",
            "M.D. Fla. Local Rule 3.01(g)",
            "L.R. 3.01(g)",
        ],
        Kind::Federal,
    ),
    cr(
        "N.D. Tex.",
        "N.D. Tex. L.R. 7.1",
        &[
            "Local Civil Rule 7.1(b)",
            "N.D. Tex. L.R. 7.1",
            "L.R. 7.1(a)",
        ],
        Kind::Federal,
    ),
    cr(
        "D.D.C.",
        "D.D.C. LCvR 7(m)",
        &["LCvR 7(m)", "Local Civil Rule 7(m)"],
        Kind::Federal,
    ),
    cr(
        "D. Colo.",
        "D.C.COLO.LCivR 7.1(a)",
        &["D.C.COLO.LCivR 7.1(a)", "Local Civil Rule 7.1(a)"],
        Kind::Federal,
    ),
    cr(
        "N.D. Ill.",
        "N.D. Ill. L.R. 37.2",
        &["Local Rule 37.2", "N.D. Ill. L.R. 37.2"],
        Kind::Federal,
    ),
    cr(
        "E.D. Mo.",
        "E.D. Mo. L.R. 3.04",
        &["Local Rule 3.04", "E.D. Mo. L.R. 3.04"],
        Kind::Federal,
    ),
    cr(
        "S.D. Tex.",
        "S.D. Tex. L.R. 7.1(D)",
        &["Local Rule 7.1(D)", "S.D. Tex. L.R. 7.1(D)"],
        Kind::Federal,
    ),
    cr(
        "E.D. Tex.",
        "E.D. Tex. L.R. CV-7(h)",
        &["Local Rule CV-7(h)", "Local Rules CV-7(h) and (i)"],
        Kind::Federal,
    ),
    cr(
        "W.D. Tex.",
        "W.D. Tex. L.R. CV-7(g)",
        &["Local Rule CV-7(g)"],
        Kind::Federal,
    ),
    cr(
        "S.D. Fla.",
        "S.D. Fla. L.R. 7.1(a)(3)",
        &["Local Rule 7.1(a)(3)", "S.D. Fla. L.R. 7.1(a)(3)"],
        Kind::Federal,
    ),
    cr(
        "C.D. Cal.",
        "C.D. Cal. L.R. 37-1",
        &["Local Rule 37-1", "L.R. 37-1"],
        Kind::Federal,
    ),
    cr(
        "N.D. Cal.",
        "N.D. Cal. Civil L.R. 37-1(a)",
        &["Civil Local Rule 37-1(a)", "Civil L.R. 37-1"],
        Kind::Federal,
    ),
    cr(
        "E.D. Cal.",
        "E.D. Cal. L.R. 251",
        &["Local Rule 251(b)", "E.D. Cal. L.R. 251"],
        Kind::Federal,
    ),
    cr(
        "S.D.N.Y.",
        "S.D.N.Y. Local Civ. R. 37.2",
        &["Local Civil Rule 37.2"],
        Kind::Federal,
    ),
    cr(
        "E.D.N.Y.",
        "E.D.N.Y. Local Civ. R. 37.3",
        &["Local Civil Rule 37.3"],
        Kind::Federal,
    ),
    cr(
        "D.N.J.",
        "D.N.J. L. Civ. R. 37.1",
        &["L. Civ. R. 37.1(a)", "Local Civil Rule 37.1"],
        Kind::Federal,
    ),
    cr(
        "D. Md.",
        "D. Md. L.R. 104.7",
        &["Local Rule 104.7"],
        Kind::Federal,
    ),
    cr(
        "E.D. Va.",
        "E.D. Va. Local Civ. R. 37(E)",
        &["Local Civil Rule 37(E)"],
        Kind::Federal,
    ),
    cr(
        "W.D. Okla.",
        "W.D. Okla. LCvR 37.1",
        &["LCvR 37.1"],
        Kind::Federal,
    ),
    cr(
        "W.D. Wash.",
        "W.D. Wash. LCR 37(a)(1)",
        &["LCR 37(a)(1)"],
        Kind::Federal,
    ),
    cr("D. Or.", "D. Or. LR 7-1(a)", &["LR 7-1(a)"], Kind::Federal),
    cr("D. Utah", "DUCivR 37-1", &["DUCivR 37-1"], Kind::Federal),
    cr(
        "D.N.M.",
        "D.N.M.LR-Civ. 7.1(a)",
        &["D.N.M.LR-Civ. 7.1(a)"],
        Kind::Federal,
    ),
    cr(
        "E.D. Mich.",
        "E.D. Mich. LR 7.1(a)",
        &["E.D. Mich. LR 7.1(a)", "LR 7.1(a)"],
        Kind::Federal,
    ),
    cr(
        "N.D. Ind.",
        "N.D. Ind. L.R. 37-1",
        &["N.D. Ind. L.R. 37-1", "Local Rule 37-1"],
        Kind::Federal,
    ),
    cr(
        "N.D. Ga.",
        "N.D. Ga. LR 37.1(A)(1)",
        &["LR 37.1(A)(1)"],
        Kind::Federal,
    ),
    cr(
        "D. Minn.",
        "D. Minn. LR 7.1(a)",
        &["D. Minn. LR 7.1(a)"],
        Kind::Federal,
    ),
    cr(
        "D. Mass.",
        "D. Mass. L.R. 37.1",
        &["Local Rule 37.1", "L.R. 37.1"],
        Kind::Federal,
    ),
    cr(
        "D. Mass.",
        "D. Mass. L.R. 7.1(a)(2)",
        &["Local Rule 7.1(a)(2)"],
        Kind::Federal,
    ),
    cr(
        "D. Nev.",
        "D. Nev. LR 26-7(c)",
        &["LR 26-7(c)", "LR IA 1-3(f)"],
        Kind::Federal,
    ),
    cr(
        "D. Ariz.",
        "D. Ariz. LRCiv 7.2(j)",
        &["LRCiv 7.2(j)"],
        Kind::Federal,
    ),
    cr(
        "D. Conn.",
        "Fed. R. Civ. P. 37(a)(1)",
        &[
            "Fed. R. Civ. P. 37(a)(1)",
            "Rule 37(a)(1)",
            "Federal Rule of Civil Procedure 37(a)(1)",
        ],
        Kind::Federal,
    ),
    cr(
        "S.D. Ohio",
        "Fed. R. Civ. P. 26(c)(1)",
        &["Fed. R. Civ. P. 26(c)(1)", "Rule 26(c)(1)"],
        Kind::Federal,
    ),
    cr(
        "W.D. Pa.",
        "Fed. R. Civ. P. 37(a)(1)",
        &["Fed. R. Civ. P. 37(a)(1)", "F.R.C.P. 37(a)(1)"],
        Kind::Federal,
    ),
    cr(
        "Bankr. D. Colo.",
        "L.B.R. 7026-1(d)",
        &["L.B.R. 7026-1(d)", "Local Bankruptcy Rule 7026-1(d)"],
        Kind::Bankr,
    ),
    cr(
        "Bankr. N.D. Ga.",
        "BLR 7037-1(b)",
        &["BLR 7037-1(b)"],
        Kind::Bankr,
    ),
    cr(
        "Bankr. D. Idaho",
        "LBR 7037-1",
        &["LBR 7037-1", "Local Bankruptcy Rule 7037-1"],
        Kind::Bankr,
    ),
    cr(
        "Bankr. S.D. Ind.",
        "B-7037-1",
        &["Local Rule B-7037-1"],
        Kind::Bankr,
    ),
    cr("Ct. Fed. Cl.", "RCFC 7.3", &["RCFC 7.3"], Kind::FedCl),
    cr(
        "Ct. Fed. Cl.",
        "RCFC 37(a)(1)",
        &["RCFC 37(a)(1)"],
        Kind::FedCl,
    ),
    cr(
        "Tex. Dist. Ct.",
        "Tex. R. Civ. P. 191.2",
        &[
            "Tex. R. Civ. P. 191.2",
            "Rule 191.2 of the Texas Rules of Civil Procedure",
        ],
        Kind::State,
    ),
    cr(
        "Cal. Super. Ct.",
        "Cal. Code Civ. Proc. § 2016.040",
        &[
            "Code of Civil Procedure section 2016.040",
            "Cal. Code Civ. Proc. § 2016.040",
        ],
        Kind::State,
    ),
    cr(
        "N.Y. Sup. Ct.",
        "22 NYCRR 202.7",
        &["22 NYCRR 202.7(a)", "Uniform Rule 202.7"],
        Kind::State,
    ),
    cr(
        "Circuit Court of Cook County, Ill.",
        "Ill. S. Ct. R. 201(k)",
        &["Supreme Court Rule 201(k)", "Ill. S. Ct. R. 201(k)"],
        Kind::State,
    ),
    cr(
        "Fla. Cir. Ct.",
        "Fla. R. Civ. P. 1.202",
        &[
            "Florida Rule of Civil Procedure 1.202",
            "Fla. R. Civ. P. 1.202",
        ],
        Kind::State,
    ),
    cr(
        "Jefferson Circuit Court, Ky.",
        "Ky. CR 37.01",
        &["CR 37.01"],
        Kind::State,
    ),
    cr(
        "Mass. Super. Ct.",
        "Superior Court Rule 9C",
        &["Superior Court Rule 9C"],
        Kind::State,
    ),
    cr(
        "D.C. Super. Ct.",
        "Super. Ct. Civ. R. 12-I(a)",
        &["Super. Ct. Civ. R. 12-I(a)", "Rule 12-I(a)"],
        Kind::State,
    ),
    cr(
        "Nev. Dist. Ct. (8th Jud. Dist.)",
        "EDCR 2.34(d)",
        &["EDCR 2.34(d)", "EDCR 2.34"],
        Kind::State,
    ),
    cr("Wash. Super. Ct.", "CR 26(i)", &["CR 26(i)"], Kind::State),
    cr(
        "Utah Dist. Ct.",
        "Utah R. Civ. P. 37(a)(2)(B)",
        &["Utah R. Civ. P. 37(a)(2)(B)"],
        Kind::State,
    ),
    cr(
        "Ariz. Super. Ct.",
        "Ariz. R. Civ. P. 7.1(h)",
        &["Ariz. R. Civ. P. 7.1(h)", "Rule 7.1(h)"],
        Kind::State,
    ),
    cr(
        "Pa. Ct. Com. Pl.",
        "Pa. R.C.P. 208.2(e)",
        &["Pa. R.C.P. 208.2(e)"],
        Kind::State,
    ),
];

// ---------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------

const FIRST_F: &[&str] = &[
    "Jane",
    "Maria",
    "Emily",
    "Rachel",
    "Laura",
    "Aisha",
    "Priya",
    "Katherine",
    "Denise",
    "Sofia",
    "Megan",
    "Hannah",
    "Olivia",
    "Grace",
    "Monica",
    "Yvonne",
    "Carmen",
    "Natalie",
    "Teresa",
    "Wendy",
    "Leah",
    "Naomi",
    "Jessica",
    "Andrea",
    "Kimberly",
    "Alicia",
    "Brenda",
    "Mei",
    "Fatima",
    "Rosa",
    "Claire",
    "Diane",
    "Erin",
    "Joanna",
    "Lucia",
];
const FIRST_M: &[&str] = &[
    "John", "Michael", "David", "Robert", "James", "Carlos", "Daniel", "Ahmed", "Kevin", "Thomas",
    "Brian", "Samuel", "Eric", "Luis", "Gregory", "Patrick", "Andrew", "Marcus", "Raj", "Steven",
    "Jonathan", "Timothy", "Victor", "Warren", "Kenneth", "Alan", "Matthew", "Derek", "Hiroshi",
    "Omar", "Peter", "Frank", "Nathan", "Isaac", "Dwayne",
];
const LAST: &[&str] = &[
    "Smith",
    "Jones",
    "Roe",
    "Alvarez",
    "Nguyen",
    "Patel",
    "Kowalski",
    "O'Brien",
    "Washington",
    "Chen",
    "Goldberg",
    "Ramirez",
    "Thompson",
    "Fitzgerald",
    "Okafor",
    "Schmidt",
    "Rossi",
    "Delgado",
    "Hartman",
    "Bishop",
    "Sullivan",
    "Nakamura",
    "Abernathy",
    "Whitfield",
    "Castillo",
    "Brennan",
    "Haddad",
    "Lindqvist",
    "Moreau",
    "Yoon",
    "Kaplan",
    "Becker",
    "Marconi",
    "Perkins",
    "Rosen",
    "Wolfson",
    "Kent",
    "Greer",
    "Holloway",
    "Iverson",
    "Jaramillo",
    "Kincaid",
    "Lattimore",
    "McAllister",
    "Novak",
    "Pruitt",
    "Quintero",
    "Rutledge",
    "Stroud",
    "Tanaka",
    "Underwood",
    "Vasquez",
    "Whitaker",
    "Zeller",
    "Baptiste",
    "Cardenas",
    "Dunleavy",
    "Esposito",
    "Farrow",
    "Gallagher",
    "Hendricks",
    "Ibarra",
    "Jeffries",
    "Khoury",
    "Lindgren",
    "Mahoney",
    "Nash",
    "Oyelaran",
    "Pendleton",
    "Reyes",
    "Sato",
    "Trujillo",
    "Vance",
    "Wexler",
    "Young",
    "Zimmerman",
];
const CO_PREFIX: &[&str] = &[
    "Harbor Point",
    "Keystone",
    "Blue Ridge",
    "Summit",
    "Granite State",
    "Lakeshore",
    "Pioneer",
    "Redwood",
    "Tri-County",
    "Meridian",
    "Cascade",
    "Northstar",
    "Ironwood",
    "Silver Creek",
    "Atlas",
    "Beacon",
    "Riverbend",
    "Crescent",
    "Evergreen",
    "Prairie",
    "Sterling",
    "Bayview",
];
const CO_INDUSTRY: &[&str] = &[
    "Logistics",
    "Health",
    "Builders",
    "Insurance",
    "Energy",
    "Foods",
    "Manufacturing",
    "Capital",
    "Properties",
    "Medical Group",
    "Transport",
    "Software",
    "Bank",
];

// ---------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------

fn pick<T: Copy>(r: &mut StdRng, xs: &[T]) -> T {
    xs[r.random_range(0..xs.len())]
}

fn cap(s: &str) -> String {
    let mut ch = s.chars();
    match ch.next() {
        Some(f) => f.to_uppercase().collect::<String>() + ch.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    fn kind(ex: &Example) -> &str {
        ex.extra["kind"].as_str().unwrap()
    }

    #[test]
    fn deterministic_for_a_seed() {
        let a = generate(500, 7);
        let b = generate(500, 7);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.text, y.text);
            assert_eq!(x.label, y.label);
            assert_eq!(x.extra, y.extra);
        }
    }

    #[test]
    fn different_seeds_differ() {
        let a = generate(200, 1);
        let b = generate(200, 2);
        let same = a.iter().zip(&b).filter(|(x, y)| x.text == y.text).count();
        assert!(same < 5, "{same} identical texts");
    }

    #[test]
    fn labels_are_balanced() {
        let xs = generate(6000, 42);
        let suff = xs.iter().filter(|e| e.label.is_sufficient()).count() as f64 / 6000.0;
        assert!((0.43..=0.57).contains(&suff), "sufficient share {suff}");
    }

    #[test]
    fn every_kind_appears_with_its_label_and_groups_are_many() {
        let xs = generate(6000, 3);
        let labels: HashMap<&str, Label> = kinds().into_iter().collect();
        let seen: HashSet<&str> = xs.iter().map(kind).collect();
        for (name, _) in kinds() {
            assert!(seen.contains(name), "kind {name} never generated");
        }
        for ex in &xs {
            assert_eq!(labels[kind(ex)], ex.label, "{}", ex.text);
            assert_eq!(ex.label_source(), "synthetic");
        }
        let groups: HashSet<&str> = xs.iter().map(|e| e.group()).collect();
        assert!(groups.len() >= 40, "{} groups", groups.len());
        let para = xs
            .iter()
            .filter(|e| kind(e).starts_with("paraphrase_"))
            .count() as f64
            / 6000.0;
        assert!((0.08..=0.18).contains(&para), "paraphrase share {para}");
    }

    #[test]
    fn ids_unique_texts_nonempty_elements_present() {
        let xs = generate(3000, 11);
        let ids: HashSet<&str> = xs.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), xs.len());
        assert_eq!(xs[123].id, "synth-000123");
        for ex in &xs {
            assert!(!ex.text.trim().is_empty());
            assert!(ex.elements().is_some(), "{:?}", ex.extra);
            assert!(ex.extra.contains_key("court") && ex.extra.contains_key("rule"));
        }
    }

    #[test]
    fn elements_agree_with_labels() {
        const ONE_WAY: &[&str] = &[
            "one_way_detailed_email",
            "one_way_letter",
            "draft_motion_sent",
            "single_voicemail",
            "paraphrase_one_way",
            "boilerplate_rule_recital",
            "boilerplate_long",
            "attempted_no_specifics",
            "dates_no_conferral",
            "no_conference_no_reason",
        ];
        for ex in generate(6000, 5) {
            let [participants, when, means, dialogue, _issues, outcome] = ex.elements().unwrap();
            let k = kind(&ex);
            if ex.label.is_sufficient() {
                assert!(
                    dialogue && when && means && participants && outcome,
                    "{k}: {}",
                    ex.text
                );
            }
            if ONE_WAY.contains(&k) {
                assert!(!dialogue, "{k}: {}", ex.text);
            }
            if k == "short_complete" || k == "complete_phone" {
                assert!(ex.label.is_sufficient());
            }
        }
    }

    #[test]
    fn boilerplate_has_no_particulars_and_one_way_is_particular() {
        for ex in generate(4000, 9) {
            let [_, when, _, dialogue, _, _] = ex.elements().unwrap();
            match kind(&ex) {
                "boilerplate_rule_recital" | "boilerplate_long" => assert!(!when && !dialogue),
                "one_way_detailed_email" => assert!(when && !dialogue),
                _ => {}
            }
        }
    }

    #[test]
    fn rule_recorded_when_cited() {
        let xs = generate(2000, 13);
        let mut cited = 0;
        for ex in &xs {
            assert!(ex.extra["court"].as_str().is_some());
            if let Some(rule) = ex.extra["rule"].as_str() {
                assert!(!rule.is_empty());
                cited += 1;
            }
            if ex.text.contains("Local Rule 3.01(g)") && !ex.text.contains("\n") {
                assert_eq!(ex.extra["rule"], "M.D. Fla. L.R. 3.01(g)");
            }
        }
        let share = cited as f64 / xs.len() as f64;
        assert!((0.1..0.7).contains(&share), "rule cited in {share}");
    }

    #[test]
    fn dates_round_trip() {
        let d = Date::new(2021, 3, 3);
        assert_eq!(d.fmt(DateFmt::LongWeekday), "Wednesday, March 3, 2021");
        assert_eq!(Date::from_days(d.days()), d);
        assert_eq!(d.add(29), Date::new(2021, 4, 1));
        assert_eq!(Date::new(2020, 2, 28).add(1), Date::new(2020, 2, 29));
        assert_eq!(d.fmt(DateFmt::Ordinal), "the 3rd of March, 2021");
    }
}
