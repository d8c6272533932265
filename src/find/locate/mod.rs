//! Finding the conferral statement(s) in a motion.
//!
//! The text is split into lines and blocks ([`layout`]: paragraphs, heading lines, signature
//! lines, page furniture) and the paragraphs into sentences. Candidates come from two places:
//! - a *heading* candidate for each conferral heading ("CERTIFICATE OF CONFERENCE", "RULE
//!   37(a)(1) CERTIFICATION:", ...): its body runs from the heading to the end of the
//!   certificate, stopping before a signature block, the next heading, a certificate of
//!   service or a paragraph that is not about conferring;
//! - a *sentence* candidate for each run of sentences that the learned [`tagger`] scores as
//!   a conferral statement, wherever they sit (an inline sentence in the introduction,
//!   numbered declaration paragraphs, a footnote). Without tagger weights, paragraphs with a
//!   listed cue phrase ("counsel conferred with", "met and conferred") stand in.
//!
//! A candidate's `start..end` is the statement's body; its heading, when it has one, is
//! `heading`. [`locate`] gives the best statement; [`locate_all`] every statement (a motion
//! can carry a Rule 37(a)(1) certification and a local-rule certificate). Text extracted from
//! PDFs is handled: page headers and footers are skipped, paragraphs continue across page
//! breaks, indented first lines and double-spaced lines are read as paragraphs. The locate
//! corpus measures all this (`conferral locate-eval`, `cargo test --test locate_corpus`).
//!
//! Offsets are byte offsets into the original text, always on character boundaries; matching
//! runs on a normalised copy (lower-case, whitespace collapsed, hyphenated line breaks joined)
//! so CRLF, form feeds and "con-\nferred" do not hide cues.

mod cues;
mod layout;
mod sentences;
pub mod tagger;

pub use cues::{Features, FEATURE_NAMES, WEIGHTS};
pub use tagger::{Layout, MotionUnits, Tagger, TaggerError, TrainOptions};

use cues::{
    could_be_statement, describes_rule, features, first_cue, has_conferral_terms, is_service,
    normalize, normalize_with_map, self_evident, strong_cue,
};
use layout::{blocks_and_furniture, Block, BlockKind};
use sentences::{lead_in_start, window};
use tagger::{all_features, unit_norms, units, Unit};

/// A possible conferral statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// The body: byte offsets into the text, `end` exclusive, on character boundaries.
    pub start: usize,
    pub end: usize,
    /// The statement's heading ("CERTIFICATE OF CONFERENCE"), byte offsets, when it has one.
    pub heading: Option<(usize, usize)>,
    /// Probability-like score in [0, 1] that this is a conferral statement of the motion.
    pub confidence: f32,
    /// What triggered it, e.g. `heading "CERTIFICATE OF CONFERENCE"`.
    pub cue: String,
}

/// [`locate`] returns nothing below this confidence (argument that merely discusses
/// conferral scores under it).
pub const LOCATE_THRESHOLD: f32 = 0.5;

/// A sentence at or above this tagger probability belongs to a statement.
const UNIT_THRESHOLD: f32 = 0.5;

/// Paragraphs longer than this (text without blank lines, e.g. from PDFs) are narrowed to a
/// window of sentences around the cue (rule fallback only).
const MAX_BLOCK_BYTES: usize = 2000;
pub(super) const WINDOW_BYTES: usize = 1200;
/// Paragraphs taken after a heading (the first always, later ones only if about conferral);
/// room for one paragraph per disputed request.
const MAX_HEADING_PARAS: usize = 8;

/// Weaker units a run of statement sentences may bridge (see [`runs`]).
const MAX_BRIDGE: usize = 2;

/// The tagger score at which a sentence with a [`strong_cue`] counts as a statement sentence.
const CUED_THRESHOLD: f32 = 0.15;

/// Units in a text short enough to be a statement sent on its own.
const ALONE_UNITS: usize = 3;
const BRIDGE_THRESHOLD: f32 = 0.1;
/// A run of statement sentences takes in the neighbours in its paragraph scored at least
/// this, or with a [`strong_cue`] (hysteresis; both chosen by leave-one-writer-out on the
/// train writers, not on dev).
const KEEP_THRESHOLD: f32 = 0.1;

/// All candidates, in document order (including weak ones below [`LOCATE_THRESHOLD`]).
pub fn candidates(text: &str) -> Vec<Candidate> {
    candidates_with(text, Tagger::embedded())
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

/// The statement to score, or `None` when the text has no conferral statement.
pub fn locate(text: &str) -> Option<Candidate> {
    best(candidates(text))
}

/// Every statement to score, in document order: the candidates at or above
/// [`LOCATE_THRESHOLD`] that do not overlap a stronger one. A motion may hold several, e.g. a
/// Rule 37(a)(1) certification in its body and a local-rule certificate at its end.
pub fn locate_all(text: &str) -> Vec<Candidate> {
    strongest(candidates(text))
}

/// [`locate_all`] with the given tagger weights (`None`: rules only), for training and
/// evaluating new weights.
pub fn locate_all_with(text: &str, tagger: Option<&Tagger>) -> Vec<Candidate> {
    locate_all_rescored(text, tagger, None)
}

/// A second opinion on the tagger's sentence probabilities: it sees the text, each unit's
/// byte range and the tagger's probability, and may change the probabilities before the
/// cue rules and the span assembly read them.
pub trait Rescore {
    fn rescore(&self, text: &str, units: &[(usize, usize)], p: &mut [f32]);
}

/// [`locate_all_with`] with a [`Rescore`] stage after the tagger.
pub fn locate_all_rescored(
    text: &str,
    tagger: Option<&Tagger>,
    rescore: Option<&dyn Rescore>,
) -> Vec<Candidate> {
    strongest(
        candidates_rescored(text, tagger, rescore)
            .into_iter()
            .map(|(c, _)| c)
            .collect(),
    )
}

fn best(cands: Vec<Candidate>) -> Option<Candidate> {
    cands
        .into_iter()
        .filter(|c| c.confidence >= LOCATE_THRESHOLD)
        // Ties go to the later one: certificates sit at the end of motions.
        .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
}

fn strongest(cands: Vec<Candidate>) -> Vec<Candidate> {
    let mut strong: Vec<Candidate> = cands
        .into_iter()
        .filter(|c| c.confidence >= LOCATE_THRESHOLD)
        .collect();
    // Strongest first, later first on ties (as in [`locate`]); then keep non-overlapping.
    strong.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then(b.start.cmp(&a.start))
    });
    let mut kept: Vec<Candidate> = Vec::new();
    for c in strong {
        if kept.iter().all(|k| c.end <= k.start || k.end <= c.start) {
            kept.push(c);
        }
    }
    kept.sort_by_key(|c| c.start);
    kept
}

/// Candidates with the rule features of their bodies, with the embedded tagger.
pub fn candidates_with_features(text: &str) -> Vec<(Candidate, Features)> {
    candidates_with(text, Tagger::embedded())
}

/// Sentences of a motion with the tagger's probability for each (for training data and for
/// `conferral locate --explain`): byte ranges.
pub fn sentence_scores(text: &str, tagger: &Tagger) -> Vec<(usize, usize, f32)> {
    let (blocks, furniture) = blocks_and_furniture(text);
    let us = units(text, &blocks, &furniture);
    let p = unit_probs(
        text,
        &blocks,
        &us,
        &unit_norms(text, &us, &furniture),
        tagger,
    );
    us.iter().zip(p).map(|(u, p)| (u.start, u.end, p)).collect()
}

fn unit_probs(
    text: &str,
    blocks: &[Block],
    us: &[Unit],
    norms: &[String],
    tagger: &Tagger,
) -> Vec<f32> {
    tagger.probs(
        &all_features(text, blocks, us, norms),
        &layout_of(blocks, us),
    )
}

/// The units' blocks, and where a heading, signature or contents line separates a unit from
/// the one before.
fn layout_of(blocks: &[Block], us: &[Unit]) -> Layout {
    let breaks = (0..us.len())
        .map(|i| {
            i > 0
                && us[i].block != us[i - 1].block
                && (blocks[us[i - 1].block + 1..us[i].block]
                    .iter()
                    .any(|b| b.kind != BlockKind::Para)
                    || blocks[us[i].block].kind != BlockKind::Para)
        })
        .collect();
    Layout {
        blocks: us.iter().map(|u| u.block).collect(),
        breaks,
    }
}

/// The tagger's training units of one motion: a unit is positive when at least half of it
/// lies inside one of `bodies` (byte ranges of the statement bodies).
pub fn training_examples(text: &str, bodies: &[(usize, usize)]) -> MotionUnits {
    let (blocks, furniture) = blocks_and_furniture(text);
    let us = units(text, &blocks, &furniture);
    let features = all_features(text, &blocks, &us, &unit_norms(text, &us, &furniture));
    let labels = us
        .iter()
        .map(|u| {
            let inside: usize = bodies
                .iter()
                .map(|&(s, e)| e.min(u.end).saturating_sub(s.max(u.start)))
                .sum();
            inside * 2 >= u.end - u.start
        })
        .collect();
    MotionUnits {
        features,
        labels,
        layout: layout_of(&blocks, &us),
    }
}

/// Candidates with their features, scored with `tagger` (rules alone when `None`).
pub fn candidates_with(text: &str, tagger: Option<&Tagger>) -> Vec<(Candidate, Features)> {
    candidates_rescored(text, tagger, None)
}

/// [`candidates_with`] with a [`Rescore`] stage after the tagger.
pub fn candidates_rescored(
    text: &str,
    tagger: Option<&Tagger>,
    rescore: Option<&dyn Rescore>,
) -> Vec<(Candidate, Features)> {
    let (blocks, furniture) = blocks_and_furniture(text);
    let us = units(text, &blocks, &furniture);
    // The units' text and cues, for the tagger's path (the rules read paragraphs).
    let norms = match tagger {
        Some(_) => unit_norms(text, &us, &furniture),
        None => Vec::new(),
    };
    let cued: Vec<bool> = norms.iter().map(|n| strong_cue(n)).collect();
    let probs: Option<Vec<f32>> = tagger.map(|t| {
        let mut p = unit_probs(text, &blocks, &us, &norms, t);
        if let Some(r) = rescore {
            let spans: Vec<(usize, usize)> = us.iter().map(|u| (u.start, u.end)).collect();
            r.rescore(text, &spans, &mut p);
        }
        // A text of a sentence or three is a statement sent alone, not a motion: its cue is
        // enough ("Counsel conferred.").
        let floor = if us.len() <= ALONE_UNITS {
            0.0
        } else {
            CUED_THRESHOLD
        };
        // A sentence that names the act of conferring or the other side's position needs
        // less of the tagger to count: the tagger is cautious with short inline statements
        // it has not seen the like of; one that only says what a rule requires does not.
        for ((norm, &cue), p) in norms.iter().zip(&cued).zip(p.iter_mut()) {
            if *p < UNIT_THRESHOLD
                && ((*p >= floor && cue) || self_evident(norm))
                && !describes_rule(norm)
            {
                *p = UNIT_THRESHOLD;
            }
        }
        p
    });
    // Whether block `k` holds a sentence the tagger puts in a statement.
    let block_on = |k: usize| -> Option<bool> {
        probs.as_ref().map(|p| {
            us.iter()
                .zip(p)
                .any(|(u, &p)| u.block == k && p >= UNIT_THRESHOLD)
        })
    };
    let mut out: Vec<(Candidate, Features)> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let BlockKind::ConferralHeading {
            generic,
            body_start,
        } = b.kind
        else {
            continue;
        };
        let end = heading_end(text, &blocks, i, &block_on);
        let inline = body_start < b.end;
        let body_from = if inline {
            body_start
        } else {
            blocks.get(i + 1).map_or(end, |n| n.start.min(end))
        };
        // The tagger trims the body to its statement sentences: not the lead-in ("I, ...,
        // declare as follows:") nor the closing oath.
        // The tagger's strongest sentence under the heading.
        let mut top: Option<f32> = None;
        let (body_from, end) = match &probs {
            Some(p) => {
                let under: Vec<usize> = (0..us.len())
                    .filter(|&k| us[k].start >= body_from && us[k].end <= end)
                    .collect();
                top = Some(under.iter().map(|&k| p[k]).fold(0.0, f32::max));
                let on: Vec<usize> = under
                    .iter()
                    .copied()
                    .filter(|&k| p[k] >= UNIT_THRESHOLD)
                    .collect();
                match (on.first(), on.last()) {
                    (Some(&f), Some(&l)) => {
                        // As for runs: the weaker sentences of the first and last
                        // paragraphs stay in (a lead-in "I declare:" or the oath is neither
                        // half believed nor cued).
                        let bounds = (under[0], under[under.len() - 1] + 1);
                        let (f, l) = widen(&us, (f, l + 1), bounds, p, &cued);
                        (us[f].start, us[l - 1].end)
                    }
                    _ => (body_from, end),
                }
            }
            None => (body_from, end),
        };
        let (start, end, heading) = match layout::trimmed(text, body_from.min(end), end) {
            Some((s, e)) => {
                let head_end = if inline { body_start } else { b.end };
                let head = layout::trimmed(text, b.start, head_end).unwrap_or((b.start, b.end));
                (s, e, Some(head))
            }
            // A heading with nothing under it: the heading is all there is to show.
            None => (b.start, b.end, None),
        };
        let body = &text[start..end];
        let mut f = features(body, (b.start + end) / 2, text.len());
        f.0[if generic { 2 } else { 1 }] = 1.0;
        f.0[14] = f32::from(u8::from(heading.is_none()));
        let cue = format!("heading \"{}\"", truncate(text[b.start..b.end].trim(), 80));
        let mut c = candidate(start, end, &f, cue);
        c.heading = heading;
        // With a tagger, its reading of the body decides a heading that only names a rule or
        // a kind of statement ("RULE 201(k) STATEMENT"); a known conferral heading keeps the
        // rules' confidence as a floor.
        if let Some(top) = top {
            c.confidence = if generic { top } else { c.confidence.max(top) };
        }
        out.push((c, f));
    }
    let headed: Vec<(usize, usize)> = out
        .iter()
        .map(|(c, _)| (c.heading.map_or(c.start, |h| h.0), c.end))
        .collect();
    let overlaps_headed = |s: usize, e: usize| headed.iter().any(|&(hs, he)| s < he && hs < e);
    match &probs {
        Some(p) => {
            for run in runs(text, &blocks, &us, p, &cued) {
                let (first, last) = (us[run.0], us[run.1 - 1]);
                if overlaps_headed(first.start, last.end) {
                    continue;
                }
                if !could_be_statement(&normalize(&text[first.start..last.end])) {
                    continue;
                }
                let top = p[run.0..run.1].iter().copied().fold(0.0, f32::max);
                let start = clause_start(text, first.start, first.end);
                let f = features(&text[start..last.end], (start + last.end) / 2, text.len());
                let n = run.1 - run.0;
                let cue = format!(
                    "{n} sentence{} scored {top:.2} by the tagger",
                    if n == 1 { "" } else { "s" }
                );
                out.push((
                    Candidate {
                        start,
                        end: last.end,
                        heading: None,
                        confidence: top,
                        cue,
                    },
                    f,
                ));
            }
        }
        None => {
            for b in &blocks {
                if b.kind != BlockKind::Para || overlaps_headed(b.start, b.end) {
                    continue;
                }
                let (norm, map) = normalize_with_map(&text[b.start..b.end]);
                let Some((phrase, at)) = first_cue(&norm) else {
                    continue;
                };
                let hit = b.start + map[at];
                let (start, end) = if b.end - b.start > MAX_BLOCK_BYTES {
                    window(text, b.start, b.end, hit)
                } else {
                    (lead_in_start(text, b.start, hit), b.end)
                };
                let f = features(&text[start..end], (start + end) / 2, text.len());
                let cue = format!("sentence cue \"{phrase}\"");
                out.push((candidate(start, end, &f, cue), f));
            }
        }
    }
    for (c, _) in &mut out {
        c.start = layout::after_enumerator(text, c.start, c.end);
    }
    out.sort_by_key(|(c, _)| c.start);
    out
}

/// Runs of units at or above [`UNIT_THRESHOLD`] with no heading, signature or contents line
/// between them, as `(first, last + 1)` unit indices. A run goes on to the next strong unit
/// over weaker ones when every paragraph in between holds a strong unit (a numbered
/// declaration whose paragraphs also mention exhibits), or over at most [`MAX_BRIDGE`] units
/// at or above [`BRIDGE_THRESHOLD`] (a sentence cut by a page break). Units that are only a
/// paragraph number or line numbers ("16  4.") do not count: they neither start nor end a run.
fn runs(
    text: &str,
    blocks: &[Block],
    us: &[Unit],
    p: &[f32],
    cued: &[bool],
) -> Vec<(usize, usize)> {
    // No boundary between unit `a` and unit `b` (a < b): only paragraphs in between.
    let open = |a: usize, b: usize| {
        blocks
            .get(us[a].block + 1..us[b].block)
            .is_none_or(|bs| bs.iter().all(|b| b.kind == BlockKind::Para))
            && (a + 1..=b).all(|k| {
                us[k].block == us[a].block
                    || !matches!(
                        blocks[us[k].block].kind,
                        BlockKind::ConferralHeading { .. }
                            | BlockKind::Heading
                            | BlockKind::Signature
                    )
            })
    };
    let number_only = |k: usize| {
        text[us[k].start..us[k].end]
            .chars()
            .filter(|c| c.is_alphabetic())
            .count()
            <= 2
    };
    // A paragraph number the tagger likes ("3." before a declaration paragraph) is no
    // statement sentence: it neither starts a run nor vouches for its paragraph.
    let strong = |k: usize| p[k] >= UNIT_THRESHOLD && !number_only(k);
    let mut strong_block = vec![false; blocks.len()];
    for (k, u) in us.iter().enumerate() {
        strong_block[u.block] |= strong(k);
    }
    let mut out: Vec<(usize, usize)> = Vec::new();
    for i in 0..us.len() {
        if !strong(i) {
            continue;
        }
        let joins = match out.last() {
            Some(&(_, e)) if open(e - 1, i) => {
                let paragraphs_on = (us[e - 1].block..=us[i].block).all(|k| strong_block[k]);
                let gap: Vec<usize> = (e..i).filter(|&k| !number_only(k)).collect();
                // A bridge spans weaker sentences of the two ends' paragraphs, not a paragraph
                // of its own (an exhibit paragraph between two parts of a declaration).
                let inside =
                    |k: usize| us[k].block == us[e - 1].block || us[k].block == us[i].block;
                paragraphs_on
                    || (gap.len() <= MAX_BRIDGE
                        && gap.iter().all(|&k| p[k] >= BRIDGE_THRESHOLD && inside(k)))
            }
            _ => false,
        };
        if joins {
            out.last_mut().expect("a run to extend").1 = i + 1;
        } else {
            out.push((i, i + 1));
        }
    }
    // Hysteresis: a run takes in the weaker sentences next to it in its own paragraph
    // ("Plaintiff opposes the continuance but ..." after "counsel conferred by telephone"),
    // and any that names conferring ("On June 24, counsel spoke by telephone; ...").
    for r in 0..out.len() {
        let lo = if r == 0 { 0 } else { out[r - 1].1 };
        let hi = out.get(r + 1).map_or(us.len(), |x| x.0);
        let (mut a, mut b) = widen(us, out[r], (lo, hi), p, cued);
        // Nor does a paragraph number open or end one (the next paragraph's "6.").
        while a + 1 < b && number_only(a) {
            a += 1;
        }
        while b > a + 1 && number_only(b - 1) {
            b -= 1;
        }
        out[r] = (a, b);
    }
    out
}

/// Units `a..b` widened, within `lo..hi`, over the neighbours in their first and last
/// paragraphs that the tagger scores at least [`KEEP_THRESHOLD`] or that have a
/// [`strong_cue`] (hysteresis).
fn widen(
    us: &[Unit],
    (mut a, mut b): (usize, usize),
    (lo, hi): (usize, usize),
    p: &[f32],
    cued: &[bool],
) -> (usize, usize) {
    let keep = |k: usize| p[k] >= KEEP_THRESHOLD || cued[k];
    while a > lo && us[a - 1].block == us[a].block && keep(a - 1) {
        a -= 1;
    }
    while b < hi && us[b].block == us[b - 1].block && keep(b) {
        b += 1;
    }
    (a, b)
}

/// Where a statement that opens on sentence `s..e` starts: after a semicolon whose clause
/// before is the motion's own request while the clause after speaks of conferring
/// ("Plaintiff ... respectfully moves the Court for a thirty-day extension ...; counsel for
/// both Defendants have been contacted, and ..."); else `s`. Only the request: a clause
/// before that tells of the conferring in words no cue lists ("Counsel informed Plaintiff's
/// attorney of this motion; she stated ...") belongs to the statement.
fn clause_start(text: &str, s: usize, e: usize) -> usize {
    let speaks = |n: &str| strong_cue(n) || self_evident(n);
    let request = |n: &str| {
        [
            " moves ",
            " move the court",
            "respectfully request",
            "hereby request",
        ]
        .iter()
        .any(|w| n.contains(w))
    };
    let sentence = &text[s..e];
    for (i, _) in sentence.match_indices(';') {
        let before = format!(" {} ", normalize(&sentence[..i]));
        let after = format!(" {} ", normalize(&sentence[i + 1..]));
        if request(&before) && !speaks(&before) && speaks(&after) {
            return layout::trimmed(text, s + i + 1, e).map_or(s, |(a, _)| a);
        }
    }
    s
}

fn candidate(start: usize, end: usize, f: &Features, cue: String) -> Candidate {
    Candidate {
        start,
        end,
        heading: None,
        confidence: f.confidence(),
        cue,
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        s.chars().take(n - 1).chain(['…']).collect()
    }
}

/// End of a heading candidate: the heading, then its first paragraph, then following
/// paragraphs about conferral (by the tagger when there is one, else by its terms), stopping
/// at a boundary or after two paragraphs in a row that are not about conferral.
fn heading_end(
    text: &str,
    blocks: &[Block],
    i: usize,
    block_on: &dyn Fn(usize) -> Option<bool>,
) -> usize {
    let mut end = blocks[i].end;
    let mut off = 0;
    for (taken, (k, b)) in blocks.iter().enumerate().skip(i + 1).enumerate() {
        if b.kind != BlockKind::Para || taken >= MAX_HEADING_PARAS {
            break;
        }
        let norm = normalize(&text[b.start..b.end]);
        // The tagger's word beats the service phrases ("no log has been served").
        if is_service(&norm) && block_on(k) != Some(true) {
            break;
        }
        let about = block_on(k).unwrap_or_else(|| has_conferral_terms(&norm));
        if taken == 0 || about {
            end = b.end;
            off = 0;
        } else {
            off += 1;
            if off == 2 || block_on(k).is_none() {
                break;
            }
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::record::Span;

    fn located(text: &str) -> Option<&str> {
        locate(text).map(|c| &text[c.start..c.end])
    }

    fn heading_of(text: &str) -> Option<&str> {
        locate(text)
            .and_then(|c| c.heading)
            .map(|(s, e)| &text[s..e])
    }

    const SERVICE_TEXT: &str = "CERTIFICATE OF SERVICE\n\nI hereby certify that on March 3, 2023, I electronically filed the foregoing with the Clerk of Court using the CM/ECF system, which will send notification of such filing to all counsel of record.\n\n/s/ Jane Roe\n";

    #[test]
    fn heading_case() {
        let text = format!(
            "PLAINTIFF'S MOTION TO COMPEL\n\nPlaintiff moves to compel responses to Interrogatories 3-7.\n\n\
             CERTIFICATE OF CONFERENCE\n\nI certify that on February 27, 2023, I conferred with counsel for \
             Defendant, John Smith, by telephone regarding the relief sought in this motion. Defendant \
             opposes the motion.\n\n/s/ Jane Roe\nJane Roe\n\n{SERVICE_TEXT}"
        );
        let c = locate(&text).unwrap();
        let got = &text[c.start..c.end];
        assert!(got.starts_with("I certify that on February 27"), "{got}");
        assert!(got.ends_with("Defendant opposes the motion."), "{got}");
        assert_eq!(heading_of(&text), Some("CERTIFICATE OF CONFERENCE"));
        assert!(c.cue.contains("CERTIFICATE OF CONFERENCE"));
        assert!(c.confidence > 0.95, "{c:?}");
    }

    #[test]
    fn district_headings_and_inline_body() {
        for heading in [
            "RULE 37(a)(1) CERTIFICATION",
            "D. KAN. RULE 37.2 CERTIFICATION",
            "LOCAL RULE 3.01(g) CERTIFICATION",
            "Statement pursuant to LCvR 7(m)",
            "MEET AND CONFER DECLARATION",
            "CERTIFICATE OF GOOD FAITH CONFERENCE",
            "AFFIRMATION OF GOOD FAITH",
            "IV. CERTIFICATE OF CONFERRAL",
            "**Certificate of Conference**",
        ] {
            let text = format!(
                "Argument text here.\n\n{heading}\nCounsel for the parties conferred by email on May 1, \
                 2024 and could not resolve the dispute.\n\nRespectfully submitted,\n/s/ A. Lawyer\n"
            );
            let got = located(&text).unwrap_or_else(|| panic!("{heading}: none"));
            assert!(
                got.starts_with("Counsel for the parties"),
                "{heading}: {got}"
            );
            assert!(got.ends_with("dispute."), "{heading}: {got}");
            assert_eq!(heading_of(&text), Some(heading));
        }
        let inline =
            "Body.\n\nCertificate of Conference: Counsel conferred with opposing counsel on \
                      June 2; the motion is unopposed.\n\n/s/ X\n";
        let got = located(inline).unwrap();
        assert!(got.starts_with("Counsel conferred") && got.ends_with("unopposed."));
        assert_eq!(heading_of(inline), Some("Certificate of Conference:"));
        // A sentence that starts with heading words is not a heading.
        let prose =
            "Body.\n\nCertificate of conference requirements are strict in this district.\n";
        assert!(candidates(prose)
            .iter()
            .all(|c| !c.cue.starts_with("heading")));
    }

    #[test]
    fn first_paragraph_without_heading_colorado() {
        let text = "DEFENDANT'S MOTION FOR PROTECTIVE ORDER\n\nPursuant to D.C.COLO.LCivR 7.1(a), counsel \
                    certifies that counsel for Defendant conferred with counsel for Plaintiff by telephone \
                    on April 4, 2023. Plaintiff opposes this motion.\n\nDefendant seeks a protective order \
                    limiting the scope of the deposition because the topics are overbroad and the burden \
                    outweighs any benefit to the case, as explained below in detail.\n\nThe topics cover \
                    twenty years of records. That is disproportionate.\n\nThe Court should grant the motion \
                    and limit the topics to the relevant period.\n";
        let got = located(text).unwrap();
        assert!(
            got.starts_with("Pursuant to D.C.COLO.LCivR 7.1(a)"),
            "{got}"
        );
        assert!(got.ends_with("Plaintiff opposes this motion."), "{got}");
    }

    #[test]
    fn last_paragraph_without_heading_crlf_and_hyphenation() {
        let text = "MOTION TO EXTEND DEADLINE\r\n\r\nDefendant asks for fourteen more days to respond.\r\n\r\n\
                    Undersigned counsel certifies that she has con-\r\nferred with counsel for Plaintiff, \
                    who does not oppose the relief requested.\r\n\r\nRespectfully submitted,\r\n/s/ Jane Roe\r\n";
        let got = located(text).unwrap();
        assert!(got.starts_with("Undersigned counsel certifies"), "{got}");
        assert!(got.ends_with("relief requested."), "{got}");
        assert!(
            got.contains("con-\r\nferred"),
            "offsets index the original text"
        );
    }

    #[test]
    fn certificate_of_service_is_not_picked() {
        let text =
            format!("MOTION TO SEAL\n\nDefendant moves to seal Exhibit 4.\n\n{SERVICE_TEXT}");
        assert_eq!(located(&text), None);
        // Also under a conferral heading: the service paragraph is cut off.
        let both = "Motion.\n\nCERTIFICATE OF CONFERENCE AND SERVICE\n\nCounsel conferred with \
                    opposing counsel on May 5, who opposes.\n\nI hereby certify that on May 6, 2023, I \
                    electronically filed the foregoing using the CM/ECF system.\n";
        assert!(located(both).unwrap().ends_with("who opposes."));
    }

    #[test]
    fn no_certificate_and_argument_only() {
        assert!(candidates("").is_empty());
        assert_eq!(
            located("MOTION TO DISMISS\n\nThe complaint fails to state a claim.\n"),
            None
        );
        let argument = "MOTION TO COMPEL\n\nPlaintiff served discovery in January. Defendant refused to \
                        meet and confer about its deficient responses, despite three letters.\n\nRule \
                        37(a)(1) requires that the motion include a certification that the movant has in \
                        good faith conferred or attempted to confer. See Shuffle Master, Inc. v. Progressive \
                        Games, Inc., 170 F.R.D. 166 (D. Nev. 1996).\n\nThe Court should compel responses.\n";
        let cands = candidates(argument);
        assert!(
            cands.iter().all(|c| c.confidence < LOCATE_THRESHOLD),
            "{cands:?}"
        );
        assert_eq!(located(argument), None);
        // With a real certificate added, the certificate wins over the argument.
        let with_cert = format!(
            "{argument}\nCERTIFICATE OF CONFERENCE\nCounsel for Plaintiff conferred with counsel for \
             Defendant by telephone on March 1, 2023; Defendant opposes.\n"
        );
        assert!(located(&with_cert)
            .unwrap()
            .starts_with("Counsel for Plaintiff conferred"));
        assert_eq!(heading_of(&with_cert), Some("CERTIFICATE OF CONFERENCE"));
    }

    #[test]
    fn table_of_contents_entry_is_ignored_and_form_feeds_are_handled() {
        let text = "TABLE OF CONTENTS\nARGUMENT ........ 2\nCERTIFICATE OF CONFERENCE ........ 9\n\x0c\
                    ARGUMENT\n\nThe requests are proper.\n\x0cCERTIFICATE OF CONFERENCE\nCounsel met and \
                    conferred by video on July 7,\n\x0c2023, and the parties reached an impasse.\n\x0c/s/ Q\n";
        let got = located(text).unwrap();
        assert!(got.starts_with("Counsel met"), "{got}");
        assert_eq!(heading_of(text), Some("CERTIFICATE OF CONFERENCE"));
        assert!(got.ends_with("impasse."), "{got}");
    }

    #[test]
    fn long_paragraph_is_narrowed_to_sentences() {
        let filler = "The requests seek relevant documents about the contract. ".repeat(40);
        let text = format!(
            "{filler}Counsel for Plaintiff conferred with counsel for Defendant on May 2, 2023, and \
             Defendant opposes the motion. {filler}"
        );
        let c = locate(&text).unwrap();
        let got = &text[c.start..c.end];
        assert!(got.starts_with("Counsel for Plaintiff conferred"), "{got}");
        assert!(got.len() < 1600, "{}", got.len());
    }

    #[test]
    fn pleading_line_numbers_are_margin() {
        // Numbered lines, a numbered blank line between paragraphs, a mixed-case title line.
        let mut text = String::new();
        let body = [
            "Plaintiff moves to compel further responses to its",
            "requests for production, as set out below.",
            "",
            "Local Civ. Rule 7.02 Certification",
            "",
            "Counsel for Plaintiff certifies that she conferred by telephone",
            "with counsel for Defendant on January 6, 2025, about each request.",
            "Defendant opposes the motion.",
            "",
            "Dated: January 9, 2025",
        ];
        for k in 0..3 {
            for (i, line) in body.iter().enumerate() {
                text.push_str(&format!("{:>2}  {line}\n", (k * body.len() + i) % 28 + 1));
            }
        }
        let c = locate_all_with(&text, Tagger::embedded());
        let first = c.first().expect("a statement");
        assert_eq!(
            first.heading.map(|(s, e)| &text[s..e]),
            Some("Local Civ. Rule 7.02 Certification")
        );
        let got = &text[first.start..first.end];
        assert!(got.starts_with("Counsel for Plaintiff certifies"), "{got}");
        assert!(got.ends_with("Defendant opposes the motion."), "{got}");
    }

    #[test]
    fn headings_with_mixed_case_rule_names() {
        for heading in [
            "CERTIFICATE OF COMPLIANCE WITH LCivR 7.1(d)",
            "CERTIFICATION UNDER LRCiv 7.2(j)",
            "STATEMENT OF CONSULTATION WITH OPPOSING COUNSEL",
            "CERTIFICATION PURSUANT TO FED. R. CIV. P. 26(c)(1)",
        ] {
            let text = format!(
                "Argument text here.\n\n{heading}\n\nCounsel for the parties conferred by email on May 1, \
                 2024 and could not resolve the dispute.\n\nRespectfully submitted,\n/s/ A. Lawyer\n"
            );
            assert_eq!(heading_of(&text), Some(heading), "{heading}");
        }
    }

    #[test]
    fn state_rule_books_position_sections_and_short_titles_are_headings() {
        let with = |heading: &str| {
            format!(
                "Argument text here.\n\n{heading}\n\nCounsel for the parties conferred by email on \
                 May 1, 2024 and could not resolve the dispute.\n\nRespectfully submitted,\n\
                 /s/ A. Lawyer\n"
            )
        };
        for heading in [
            // A colon inside a rule number, or after "RE", does not end the heading.
            "III. RULE 4:1(c) CERTIFICATION",
            "STATEMENT PURSUANT TO R. 1:6-2(c)",
            "STATEMENT RE: CONSULTATION WITH SECURED LENDER AND U.S. TRUSTEE",
            // Rule books abbreviated with an R.
            "CR 26(i) CERTIFICATION",
            "NECivR 7.1(j) CERTIFICATION",
            "CERTIFICATE OF NONCONCURRENCE",
            "CERTIFICATION OF ATTEMPT TO RESOLVE",
            // The other side's position.
            "POSITION OF OPPOSING COUNSEL",
            "STATEMENT REGARDING POSITIONS OF OTHER PARTIES",
            "Position of Opposing Party",
            // Short titles, and sentence case ending on the kind.
            "MEET-AND-CONFER HISTORY",
            "Concurrence Sought",
            "Local Rule 2004-1(a) statement.",
        ] {
            assert_eq!(heading_of(&with(heading)), Some(heading), "{heading}");
        }
        // A sentence-case run-in title ends the certificate before it.
        let text = "STATEMENT UNDER FED. R. CIV. P. 37(a)(1) AND LOCAL RULE 3.04\n\n\
            A. Rule 37(a)(1) certification. Plaintiff's counsel certifies that he conferred with \
            Defendant's counsel by telephone on October 14, 2025.\n\n\
            B. Local Rule 3.04(a) statement. The conference lasted 35 minutes. The parties \
            could not agree on Interrogatory 3.\n\nRespectfully submitted,\n/s/ A. Lawyer\n";
        let found = locate_all_with(text, Tagger::embedded());
        let headings: Vec<&str> = found
            .iter()
            .filter_map(|c| c.heading.map(|(s, e)| &text[s..e]))
            .collect();
        assert_eq!(
            headings,
            [
                "A. Rule 37(a)(1) certification.",
                "B. Local Rule 3.04(a) statement."
            ],
            "{found:?}"
        );
        for not_one in [
            "PLAINTIFF'S POSITION",
            "B. Plaintiff Failed to Meet and Confer",
            "II. THE DUTY TO CONFER WAS NOT SATISFIED",
            "Position of the Parties on the Merits",
        ] {
            assert_eq!(heading_of(&with(not_one)), None, "{not_one}");
        }
    }

    #[test]
    fn ecf_headers_of_several_courts_are_page_furniture() {
        for header in [
            "Case 2:24-cv-02291-JWB-ADM Document 58 Filed 02/19/25 Page 1 of 3",
            "Case 1:24-cv-10463-HBS-DLC ECF No. 38, PageID.901 Filed 06/10/25 Page 1 of 3",
            "Case 25-10877-KBO    Doc 412    Filed 06/11/25    Page 3 of 4",
            "Case 25-09915 Doc 31 Filed 11/05/25 Entered 11/05/25 09:12:48 Desc Main Document Page 3 of 4",
            "- 3 -",
        ] {
            assert!(layout::is_furniture(header), "{header}");
        }
        assert!(!layout::is_furniture(
            "Case law on this point is settled; see page 4 of the order."
        ));
        // A bankruptcy header wrapped onto two lines is furniture on both.
        let text = "STATEMENT OF EFFORTS TO RESOLVE THIS MATTER\n\n\
            Case 25-09915    Doc 31    Filed 11/05/25    Entered 11/05/25 09:12:48    Desc Main\n\
            \x20                           Document     Page 2 of 2\n\
            8. On October 20, 2025, counsel for the movant sent the Debtor's attorney a letter \
            proposing an agreed order. The Debtor's attorney has not responded.\n";
        let found = locate_all_with(text, Tagger::embedded());
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            text[found[0].start..].starts_with("On October 20"),
            "{}",
            &text[found[0].start..found[0].end]
        );
    }

    #[test]
    fn a_paragraph_number_is_not_part_of_the_statement() {
        for (text, at) in [
            ("7. Counsel for Plaintiff conferred", 3),
            ("(b) Counsel conferred", 4),
            ("IV. Counsel conferred", 4),
            ("\u{b6} 4 Counsel conferred", 5),
            ("Counsel conferred", 0),
            ("37(a)(1) requires", 0),
            ("2025. Counsel", 0),
            ("30 days before filing", 0),
            ("22\n23 4. At 10:50", 9),
            ("22\n23 Counsel", 6),
            ("23 4. At", 6),
        ] {
            assert_eq!(layout::after_enumerator(text, 0, text.len()), at, "{text}");
        }
    }

    #[test]
    fn pleading_numbers_with_one_space_are_margin() {
        let mut text = String::new();
        let body = [
            "MOTION FOR PROTECTIVE ORDER",
            "",
            "Defendant moves for a protective order limiting the scope of the",
            "requests served on May 1, 2025.",
            "",
            "III. CERTIFICATION OF PERSONAL CONSULTATION (LRCiv 7.2(j))",
            "",
            "Counsel for the parties personally consulted by telephone on May 29,",
            "2025 and again on June 5, 2025 regarding each request at issue.",
            "Plaintiff withdrew five requests; the parties could not resolve the rest.",
            "",
            "IV. CONCLUSION",
            "",
            "The Court should enter the order.",
            "",
            "",
            "",
        ];
        for (k, line) in body.iter().enumerate() {
            text.push_str(&format!("{:>2} {line}\n", k + 1));
        }
        let found = locate_all_with(&text, Tagger::embedded());
        assert_eq!(found.len(), 1, "{found:?}");
        let c = &found[0];
        let heading = c.heading.map(|(s, e)| &text[s..e]);
        assert_eq!(
            heading,
            Some("III. CERTIFICATION OF PERSONAL CONSULTATION (LRCiv 7.2(j))")
        );
        assert!(text[c.start..].starts_with("Counsel for the parties"));
        assert!(text[..c.end].ends_with("could not resolve the rest."));
    }

    #[test]
    fn court_abbreviations_do_not_end_a_sentence() {
        let text = "Pursuant to E.D. Mich. LR 7.1(a), counsel sought concurrence by email on April 2, 2025. \
                    Counsel did not concur.";
        let blocks = layout::blocks(text);
        let us = units(text, &blocks, &[]);
        assert_eq!(us.len(), 2, "{us:?}");
    }

    #[test]
    fn a_short_statement_sent_alone_is_located() {
        for text in [
            "Counsel conferred.",
            "Counsel conferred. Defendant opposes.",
        ] {
            let found = locate_all_with(text, Tagger::embedded());
            assert_eq!(found.len(), 1, "{text}: {found:?}");
        }
        assert!(locate_all_with("The motion should be granted.", Tagger::embedded()).is_empty());
    }

    #[test]
    fn a_lettered_exhibit_ends_a_sentence() {
        let text = "Defendants move for entry of the order attached as Exhibit A. Undersigned counsel \
                    conferred with Plaintiff's counsel by telephone on April 2, 2025. Plaintiff opposes.";
        let blocks = layout::blocks(text);
        let us = units(text, &blocks, &[]);
        assert_eq!(us.len(), 3, "{us:?}");
        assert!(text[us[1].start..].starts_with("Undersigned counsel"));
    }

    #[test]
    fn a_declaration_is_one_statement_across_its_exhibit_sentences() {
        let text = "MOTION TO COMPEL\n\nPlaintiff moves to compel production.\n\n\
            DECLARATION OF COUNSEL\n\nI, Ann Roe, declare:\n\n\
            1. I am counsel for Plaintiff.\n\n\
            2. On March 3, 2025, I sent defense counsel, Ben Low, a letter identifying each \
            deficient response. A true and correct copy of that letter is attached as Exhibit C.\n\n\
            3. Mr. Low did not respond. On March 10, 2025, I called his office and left a voicemail \
            asking for a time to confer. Copies of my emails are attached as Exhibit D.\n\n\
            4. On March 14, 2025, Mr. Low and I conferred by telephone for thirty minutes about each \
            request. He stated that Defendant would not produce the documents.\n\n\
            I declare under penalty of perjury that the foregoing is true and correct.\n\n/s/ Ann Roe\n";
        let found = locate_all_with(text, Tagger::embedded());
        assert_eq!(found.len(), 1, "{found:?}");
        let got = &text[found[0].start..found[0].end];
        assert!(got.contains("I sent defense counsel"), "{got}");
        assert!(got.ends_with("would not produce the documents."), "{got}");
    }

    #[test]
    fn feature_names_match_weights() {
        assert_eq!(FEATURE_NAMES.len(), WEIGHTS.len());
        let mut f = Features([0.0; 17]);
        f.0[0] = 1.0;
        assert_eq!(f.active(), ["bias"]);
        assert!(f.confidence() < 0.5);
    }

    /// Property: every candidate of multibyte, CRLF, form-feed text is on char boundaries and
    /// its Span selects the same text by characters.
    #[test]
    fn candidate_spans_index_multibyte_text_in_chars() {
        let fillers = [
            "",
            "Café — “naïve” ",
            "中文 ",
            "😀 ",
            "e\u{301} ",
            "\u{feff}",
            "ß İ ",
        ];
        let seps = ["\n\n", "\r\n\r\n", "\n\x0c", "\n"];
        for (i, f) in fillers.iter().enumerate() {
            for s in seps {
                let text = format!(
                    "{f}MOTION{s}{f}Body {f} text.{s}CERTIFICATE OF CONFERENCE{s}{f}Counsel con-\nferred \
                     with {f}counsel; {f}opposed.{s}/s/ {f}{s}{f}Counsel met and conferred.{f}"
                );
                let cands = candidates(&text);
                assert!(!cands.is_empty(), "filler {i}");
                for c in cands {
                    let span = Span::from_byte_range(&text, c.start, c.end)
                        .unwrap_or_else(|| panic!("off boundary: {c:?} in {text:?}"));
                    let by_chars: String = text
                        .chars()
                        .skip(span.start)
                        .take(span.end - span.start)
                        .collect();
                    assert_eq!(by_chars, span.text);
                    assert_eq!(span.text, span.text.trim(), "trimmed");
                }
            }
        }
    }

    /// A pleading whose pages end in a page number and the document's running title, as
    /// pdftotext writes them; `gap` between the margin number and the text.
    fn pleading_pages(pages: &[&[&str]], gap: &str) -> String {
        let mut text = String::new();
        for (k, page) in pages.iter().enumerate() {
            for n in 1..=28 {
                let line = page.get(n - 1).copied().unwrap_or("");
                text.push_str(&format!("{n:>2}{gap}{line}\n"));
            }
            text.push_str(&format!(
                "{:>38}\n         MOTION TO COMPEL ATTENDANCE AT DEPOSITION\n\n",
                k + 1
            ));
        }
        text
    }

    #[test]
    fn a_running_footer_is_furniture_and_a_paragraph_goes_on_past_it() {
        let intro: &[&str] = &[
            "Defendant moves to compel Plaintiff's attendance at deposition.",
            "",
            "DECLARATION OF ANN ROE",
            "",
            "1. I am counsel for Defendant.",
            "",
            "2. On December 2, 2025, I sent a letter by email and U.S. mail repeating the",
        ];
        let rest: &[&str] = &[
            "request for dates and stating that Defendant would file this motion. I have",
            "received no response to my call, email, or letter.",
            "",
            "I declare under penalty of perjury that the foregoing is true.",
        ];
        let text = pleading_pages(&[intro, rest, &["Dated: December 22, 2025"]], "  ");
        let (blocks, furniture) = blocks_and_furniture(&text);
        // No footer is a block of its own (a heading would cut the declaration); the one
        // inside paragraph 2 is skipped furniture, and the paragraph is one block.
        for b in &blocks {
            assert!(
                !text[b.start..b.end].starts_with("MOTION TO COMPEL"),
                "{b:?}"
            );
        }
        assert_eq!(furniture.len(), 1, "{furniture:?}");
        let (s, e) = furniture[0];
        assert_eq!(&text[s..e], "MOTION TO COMPEL ATTENDANCE AT DEPOSITION");
        let para = blocks
            .iter()
            .find(|b| text[b.start..b.end].starts_with("2. On December 2"))
            .expect("paragraph 2");
        assert!(text[..para.end].ends_with("call, email, or letter."));
        // The sentence across the page break is one unit, read without the footer.
        let us = units(&text, &blocks, &furniture);
        let norms = unit_norms(&text, &us, &furniture);
        let k = us
            .iter()
            .position(|u| text[u.start..].starts_with("On December 2"))
            .expect("the sentence");
        assert!(text[..us[k].end].ends_with("would file this motion."));
        assert!(!norms[k].contains("attendance"), "{}", norms[k]);
        // A title used once is no running footer.
        let once = "MOTION TO COMPEL\n\nDefendant moves.\n\n1\nMOTION TO COMPEL\n";
        assert!(blocks_and_furniture(once).1.is_empty());
    }

    #[test]
    fn a_page_header_does_not_split_or_join_a_sentence() {
        let text = "The parties disagree on whether a neutral examiner or\n\
            \x20       CASE 0:24-cv-01455-PAM-TNL     Doc. 118     Filed 09/12/25     Page 3 of 3\n\
            Plaintiffs' retained expert will perform the examination. Defendant opposes.\n";
        let (blocks, furniture) = blocks_and_furniture(text);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        let us = units(text, &blocks, &furniture);
        assert_eq!(us.len(), 2, "{us:?}");
        let norms = unit_norms(text, &us, &furniture);
        assert_eq!(
            norms[0],
            normalize(
                "The parties disagree on whether a neutral examiner or Plaintiffs' retained \
                 expert will perform the examination."
            )
        );
    }

    #[test]
    fn a_paragraph_number_neither_starts_nor_ends_a_run() {
        // One space after the margin number ("18 3. Plaintiff"): "3." is then a sentence.
        let text = pleading_pages(
            &[&[
                "3. Plaintiff did not appear.",
                "",
                "4. I called Plaintiff's counsel the same day. I left a voicemail.",
                "",
                "5. I spent four hours.",
            ]],
            " ",
        );
        let (blocks, furniture) = blocks_and_furniture(&text);
        let us = units(&text, &blocks, &furniture);
        let unit_texts: Vec<&str> = us.iter().map(|u| &text[u.start..u.end]).collect();
        assert_eq!(
            unit_texts,
            [
                "1 3.",
                "Plaintiff did not appear.",
                "3 4.",
                "I called Plaintiff's counsel the same day.",
                "I left a voicemail.",
                "5 5.",
                "I spent four hours."
            ]
        );
        // The tagger likes the numbers; paragraph 3's sentence is weak.
        let p = [0.9, 0.05, 0.9, 0.99, 0.95, 0.9, 0.01];
        let cued = [false; 7];
        assert_eq!(runs(&text, &blocks, &us, &p, &cued), [(3, 5)]);
    }

    #[test]
    fn a_run_keeps_a_cued_sentence_of_its_paragraph() {
        let text = "Counsel wrote to defense counsel on June 13. On June 24, counsel spoke by \
            telephone and could not agree. The rule allows sanctions.";
        let (blocks, furniture) = blocks_and_furniture(text);
        let us = units(text, &blocks, &furniture);
        let norms = unit_norms(text, &us, &furniture);
        let cued: Vec<bool> = norms.iter().map(|n| strong_cue(n)).collect();
        assert_eq!(cued, [false, true, false]);
        // Below the hysteresis threshold, the second sentence stays in for its cue.
        let p = [0.95, 0.04, 0.04];
        assert_eq!(runs(text, &blocks, &us, &p, &cued), [(0, 2)]);
        assert_eq!(runs(text, &blocks, &us, &p, &[false; 3]), [(0, 1)]);
    }

    #[test]
    fn a_statement_after_the_request_starts_at_its_clause() {
        let text =
            "Plaintiff, by counsel, respectfully moves the Court for a thirty-day extension; \
            counsel for both Defendants have been contacted, and Defendant Roe does not object.";
        let at = text.find("counsel for both").expect("the clause");
        assert_eq!(clause_start(text, 0, text.len()), at);
        // A clause before that tells of conferring stays in the statement.
        for kept in [
            "On May 7, 2025, Counsel informed Plaintiff's attorney of this motion; she stated that \
             Plaintiff takes no position.",
            "Counsel conferred with Defendant's counsel; Defendant opposes the motion.",
            "Plaintiff moves to compel; the requests are relevant.",
        ] {
            assert_eq!(clause_start(kept, 0, kept.len()), 0, "{kept}");
        }
    }

    #[test]
    fn a_bridge_does_not_span_a_paragraph_of_its_own() {
        let text = "On May 1, I called defense counsel. She declined.\n\n\
            Attached as Exhibit D is the contract.\n\n\
            On May 9, we spoke again. Defendant opposes the motion.";
        let (blocks, furniture) = blocks_and_furniture(text);
        let us = units(text, &blocks, &furniture);
        assert_eq!(us.len(), 5, "{us:?}");
        let p = [0.99, 0.9, 0.3, 0.99, 0.95];
        assert_eq!(runs(text, &blocks, &us, &p, &[false; 5]), [(0, 2), (3, 5)]);
        // Within a paragraph a weaker sentence is bridged.
        let text = "On May 1, I called defense counsel. The contract is attached. She declined.";
        let (blocks, furniture) = blocks_and_furniture(text);
        let us = units(text, &blocks, &furniture);
        let p = [0.99, 0.3, 0.95];
        assert_eq!(runs(text, &blocks, &us, &p, &[false; 3]), [(0, 3)]);
    }

    /// Probabilities set by hand, in place of the tagger's.
    struct Fixed(Vec<f32>);

    impl Rescore for Fixed {
        fn rescore(&self, _text: &str, units: &[(usize, usize)], p: &mut [f32]) {
            assert_eq!(units.len(), self.0.len(), "{units:?}");
            p.copy_from_slice(&self.0);
        }
    }

    #[test]
    fn a_heading_s_body_keeps_the_weaker_sentences_of_its_paragraph() {
        let text = "Plaintiff moves to compel.\n\nCERTIFICATE OF CONFERENCE\n\n\
            I am counsel for Plaintiff. On May 27, I wrote to defense counsel proposing dates. \
            She answered on June 3 that her client objects. The parties could not agree.\n\n\
            /s/ Ann Roe\n";
        let tagger = Tagger::embedded().expect("embedded tagger");
        // The lead-in is out; the first letter, which the tagger half believes, is in.
        let fixed = Fixed(vec![0.01, 0.02, 0.4, 0.97, 0.99]);
        let found = candidates_rescored(text, Some(tagger), Some(&fixed));
        let c = &found
            .iter()
            .find(|(c, _)| c.heading.is_some())
            .expect("headed")
            .0;
        assert_eq!(
            &text[c.start..c.end],
            "On May 27, I wrote to defense counsel proposing dates. She answered on June 3 \
             that her client objects. The parties could not agree."
        );
    }

    #[test]
    fn a_numbered_running_footer_is_furniture() {
        // "TITLE - 3" above each ECF header: the number changes from page to page.
        let mut text = String::new();
        let pages = [
            "Plaintiff moves to compel a deposition. The topics are relevant to the claims.",
            "I certify that I conferred with counsel for Defendant. We exchanged emails on March 5 and",
            "March 12, 2025. Defendant would not designate anyone on Topics 3 and 4.",
        ];
        for (k, page) in pages.iter().enumerate() {
            text.push_str(&format!(
                "Case 4:24-cv-05071-MKD   ECF No. 22   filed 03/27/25   Page {} of 3\n\n{page}\n\n\
                 PLAINTIFF'S MOTION TO COMPEL 30(b)(6) DEPOSITION - {}\n\n",
                k + 1,
                k + 1
            ));
        }
        let (blocks, furniture) = blocks_and_furniture(&text);
        assert!(
            blocks.iter().all(|b| b.kind != BlockKind::Heading),
            "{blocks:?}"
        );
        let us = units(&text, &blocks, &furniture);
        assert!(
            us.iter()
                .any(|u| text[u.start..u.end].starts_with("We exchanged emails")
                    && text[..u.end].ends_with("March 12, 2025.")),
            "{us:?}"
        );
    }
}
