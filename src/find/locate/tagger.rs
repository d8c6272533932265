//! The learned part of locating: a logistic model over hashed features that scores every
//! sentence of a motion for "this sentence is part of a conferral statement".
//!
//! Headings find most certificates, but many statements have none: a sentence in the first
//! paragraph ("Plaintiff's counsel has informed us that plaintiff will not oppose"), numbered
//! declaration paragraphs, "sought concurrence ... not obtained". Phrase lists miss the
//! wordings nobody listed; a model over word n-grams and context (the heading above, the
//! neighbouring sentences, where in the motion) learns them from the locate corpus
//! (`data/locate/`, `conferral locate-train`). It costs a few microseconds per sentence.
//!
//! Two stages: the first scores each sentence alone; the second sees the same features plus
//! the first stage's scores of the neighbouring sentences and paragraphs, so that a statement
//! is read as a whole (the middle paragraph of a numbered declaration that only mentions an
//! exhibit, a lone "Plaintiff opposes." after a conferral sentence). The second stage is
//! trained on out-of-fold first-stage scores, as it will see them on new motions.
//!
//! Weights are 2 x 2^18 hashed buckets stored as f16 (1 MiB), embedded in the binary.

use std::sync::LazyLock;

use half::f16;

use super::cues::{normalize, FEATURE_NAMES};
use super::layout::{Block, BlockKind};
use super::sentences::ends_sentence;

const DIM_BITS: u32 = 18;
const DIM: usize = 1 << DIM_BITS;
const MAGIC: &[u8; 8] = b"CLOCTAG2";
/// Folds for the out-of-fold first-stage scores the second stage trains on.
const FOLDS: usize = 4;

/// The weights trained on the locate corpus's train split (models/locator/, see its card).
static EMBEDDED: &[u8] = include_bytes!("../../../models/locator/tagger.bin");

static DEFAULT: LazyLock<Option<Tagger>> = LazyLock::new(|| Tagger::from_bytes(EMBEDDED).ok());

/// A sentence (or the inline body after a heading) of a motion: a unit the tagger scores.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Unit {
    /// Trimmed byte range.
    pub(super) start: usize,
    pub(super) end: usize,
    /// Index of the block it lies in.
    pub(super) block: usize,
}

/// Two stages of logistic weights over hashed features.
#[derive(Clone, Debug)]
pub struct Tagger {
    w: Vec<f32>,
    w2: Vec<f32>,
}

/// One motion's training units: features, labels and their [`Layout`].
#[derive(Clone, Debug, Default)]
pub struct MotionUnits {
    pub features: Vec<Vec<u32>>,
    pub labels: Vec<bool>,
    pub layout: Layout,
}

/// Where a motion's units lie: the block of each, and whether a heading, signature or
/// contents line comes between it and the unit before (the second stage does not read
/// context across such a boundary).
#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub blocks: Vec<usize>,
    pub breaks: Vec<bool>,
}

/// Why tagger weights could not be read.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum TaggerError {
    #[error("not locator tagger weights (bad magic or size: {0} bytes)")]
    Format(usize),
}

/// Settings of [`Tagger::train`].
#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    /// Weight of a positive sentence's loss (statements are a few sentences of many).
    pub positive_weight: f32,
    pub seed: u64,
    /// Fits averaged within each stage, each with its own shuffle (seeds `seed`, `seed + 1`,
    /// ...).
    pub shuffles: usize,
    /// Taggers averaged, each trained on its own 4 in 5 of the motions (1: all motions). One
    /// tagger leans on single motions: trained without 10 of the 788 train motions, it
    /// located two more dev statements and three more test statements (six flips on each);
    /// the average of 20 moved none on dev and two on test.
    pub bags: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 8,
            learning_rate: 0.2,
            l2: 1e-6,
            positive_weight: 2.0,
            seed: 17,
            shuffles: 1,
            bags: 20,
        }
    }
}

impl Tagger {
    /// The embedded weights, or `None` if they do not parse (a unit test pins that they do;
    /// without them, locating falls back to its rules).
    pub fn embedded() -> Option<&'static Tagger> {
        DEFAULT.as_ref()
    }

    pub fn from_bytes(b: &[u8]) -> Result<Tagger, TaggerError> {
        if b.len() != MAGIC.len() + 4 * DIM || &b[..MAGIC.len()] != MAGIC {
            return Err(TaggerError::Format(b.len()));
        }
        let all: Vec<f32> = b[MAGIC.len()..]
            .chunks_exact(2)
            .map(|c| f16::from_le_bytes([c[0], c[1]]).to_f32())
            .collect();
        let (w, w2) = all.split_at(DIM);
        Ok(Tagger {
            w: w.to_vec(),
            w2: w2.to_vec(),
        })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(MAGIC.len() + 4 * DIM);
        out.extend_from_slice(MAGIC);
        for &x in self.w.iter().chain(&self.w2) {
            out.extend_from_slice(&f16::from_f32(x).to_le_bytes());
        }
        out
    }

    /// Probabilities that each unit of a motion belongs to a statement: `features` from
    /// [`all_features`].
    pub fn probs(&self, features: &[Vec<u32>], layout: &Layout) -> Vec<f32> {
        let first: Vec<f32> = features.iter().map(|f| score(&self.w, f)).collect();
        let ctx = context_features(&first, layout);
        features
            .iter()
            .zip(ctx)
            .map(|(f, c)| sigmoid(raw(&self.w2, f) + raw(&self.w2, &c)))
            .collect()
    }

    /// [`Tagger::train_one`] on `opts.bags` subsamples of the motions (each 4 in 5, seeded),
    /// weights averaged; with one bag, on all motions.
    pub fn train(motions: &[MotionUnits], opts: &TrainOptions) -> Tagger {
        if opts.bags <= 1 {
            return Tagger::train_one(&motions.iter().collect::<Vec<_>>(), opts);
        }
        let mut avg = Tagger {
            w: vec![0.0; DIM],
            w2: vec![0.0; DIM],
        };
        for bag in 0..opts.bags {
            let mut rng = (opts.seed + 1000 * (bag as u64 + 1)) | 1;
            let keep: Vec<&MotionUnits> = motions
                .iter()
                .filter(|_| !xorshift(&mut rng).is_multiple_of(5))
                .collect();
            let one = TrainOptions {
                seed: opts.seed + bag as u64,
                ..opts.clone()
            };
            let t = Tagger::train_one(&keep, &one);
            add_share(&mut avg.w, &t.w, opts.bags);
            add_share(&mut avg.w2, &t.w2, opts.bags);
        }
        avg
    }

    /// Trains both stages: the first on all units; the second on the units' features and
    /// the first stage's out-of-fold scores (folds by motion).
    fn train_one(motions: &[&MotionUnits], opts: &TrainOptions) -> Tagger {
        let flat = |ms: &mut dyn Iterator<Item = &&MotionUnits>| -> Vec<(Vec<u32>, bool)> {
            ms.flat_map(|m| m.features.iter().cloned().zip(m.labels.iter().copied()))
                .collect()
        };
        let w = fit(&flat(&mut motions.iter()), opts);
        let mut second: Vec<(Vec<u32>, bool)> = Vec::new();
        for fold in 0..FOLDS {
            let held = |k: &usize| k % FOLDS == fold;
            let wf = fit(
                &flat(
                    &mut motions
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| !held(k))
                        .map(|x| x.1),
                ),
                opts,
            );
            for (_, m) in motions.iter().enumerate().filter(|(k, _)| held(k)) {
                let first: Vec<f32> = m.features.iter().map(|f| score(&wf, f)).collect();
                for ((f, c), &y) in m
                    .features
                    .iter()
                    .zip(context_features(&first, &m.layout))
                    .zip(&m.labels)
                {
                    second.push(([f.as_slice(), &c].concat(), y));
                }
            }
        }
        let w2 = fit(&second, opts);
        Tagger { w, w2 }
    }
}

fn raw(w: &[f32], feats: &[u32]) -> f32 {
    feats.iter().map(|&i| w[i as usize]).sum()
}

fn score(w: &[f32], feats: &[u32]) -> f32 {
    sigmoid(raw(w, feats))
}

/// Second-stage features of each unit from the first stage's scores: its own, its
/// neighbours' (one and two away), the strongest in its paragraph and in the paragraphs
/// before and after; "brk" where a boundary lies between.
fn context_features(p: &[f32], layout: &Layout) -> Vec<Vec<u32>> {
    fn bin(x: Option<f32>) -> &'static str {
        match x {
            None => "brk",
            Some(x) if x < 0.05 => "0",
            Some(x) if x < 0.2 => "1",
            Some(x) if x < 0.5 => "2",
            Some(x) if x < 0.8 => "3",
            Some(x) if x < 0.95 => "4",
            Some(_) => "5",
        }
    }
    let (blocks, n) = (&layout.blocks, p.len());
    // Segment of each unit: units between two boundaries.
    let mut seg = Vec::with_capacity(n);
    let mut k = 0usize;
    for i in 0..n {
        if layout.breaks.get(i).copied().unwrap_or(false) {
            k += 1;
        }
        seg.push(k);
    }
    let at = |i: usize, j: isize| {
        (j >= 0 && (j as usize) < n && seg[j as usize] == seg[i]).then(|| p[j as usize])
    };
    let max2 = |a: Option<f32>, b: Option<f32>| match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    // Each run of units in one block: first and last unit, the strongest unit and its score,
    // and the best score of the others (so "the rest of my paragraph" is O(1) per unit even in
    // one huge paragraph).
    struct Span {
        first: usize,
        last: usize,
        top: usize,
        max: f32,
        second: Option<f32>,
    }
    let mut spans: Vec<Span> = Vec::new();
    for i in 0..n {
        match spans.last_mut() {
            Some(sp) if blocks[sp.first] == blocks[i] => {
                sp.last = i;
                if p[i] > sp.max {
                    sp.second = Some(sp.max);
                    sp.max = p[i];
                    sp.top = i;
                } else {
                    sp.second = Some(sp.second.map_or(p[i], |x| x.max(p[i])));
                }
            }
            _ => spans.push(Span {
                first: i,
                last: i,
                top: i,
                max: p[i],
                second: None,
            }),
        }
    }
    let mut span_of = vec![0usize; n];
    for (k, sp) in spans.iter().enumerate() {
        span_of[sp.first..=sp.last].fill(k);
    }
    (0..n)
        .map(|i| {
            let ii = i as isize;
            let sp = &spans[span_of[i]];
            let own_block = if i == sp.top { sp.second } else { Some(sp.max) };
            let prev_block = span_of[i]
                .checked_sub(1)
                .map(|k| &spans[k])
                .filter(|q| seg[q.last] == seg[i])
                .map(|q| q.max);
            let next_block = spans
                .get(span_of[i] + 1)
                .filter(|q| seg[q.first] == seg[i])
                .map(|q| q.max);
            let me = bin(Some(p[i]));
            let (pp, np) = (bin(at(i, ii - 1)), bin(at(i, ii + 1)));
            vec![
                bucket("c_bias", ""),
                bucket("c_me", me),
                bucket("c_p1", pp),
                bucket("c_n1", np),
                bucket("c_p2", bin(max2(at(i, ii - 1), at(i, ii - 2)))),
                bucket("c_n2", bin(max2(at(i, ii + 1), at(i, ii + 2)))),
                bucket("c_pn", &format!("{pp}{np}")),
                bucket("c_mepn", &format!("{me}{pp}{np}")),
                bucket("c_blk", bin(own_block)),
                bucket("c_pblk", bin(prev_block)),
                bucket("c_nblk", bin(next_block)),
                bucket("c_meblk", &format!("{me}{}", bin(own_block))),
            ]
        })
        .collect()
}

/// The average of [`fit_one`] over `opts.shuffles` seeds.
fn fit(examples: &[(Vec<u32>, bool)], opts: &TrainOptions) -> Vec<f32> {
    let n = opts.shuffles.max(1);
    let mut avg = vec![0f32; DIM];
    for k in 0..n {
        let one = TrainOptions {
            seed: opts.seed + k as u64,
            ..opts.clone()
        };
        add_share(&mut avg, &fit_one(examples, &one), n);
    }
    avg
}

/// Adds `w`'s share of an average over `n` to `avg`.
fn add_share(avg: &mut [f32], w: &[f32], n: usize) {
    for (a, w) in avg.iter_mut().zip(w) {
        *a += w / n as f32;
    }
}

/// The next number of a xorshift stream (no dependency on `rand`'s stream across versions).
fn xorshift(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// Logistic regression with AdaGrad over `(features, label)` examples; deterministic for
/// a given seed and example order.
fn fit_one(examples: &[(Vec<u32>, bool)], opts: &TrainOptions) -> Vec<f32> {
    let mut w = vec![0f32; DIM];
    let mut g2 = vec![1e-8f32; DIM];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = opts.seed.max(1);
    for _ in 0..opts.epochs {
        // Fisher-Yates.
        for i in (1..order.len()).rev() {
            order.swap(i, (xorshift(&mut rng) % (i as u64 + 1)) as usize);
        }
        for &k in &order {
            let (feats, label) = &examples[k];
            let z: f32 = feats.iter().map(|&i| w[i as usize]).sum();
            let y = f32::from(u8::from(*label));
            let weight = if *label { opts.positive_weight } else { 1.0 };
            let grad = weight * (sigmoid(z) - y);
            for &i in feats {
                let i = i as usize;
                let g = grad + opts.l2 * w[i];
                g2[i] += g * g;
                w[i] -= opts.learning_rate * g / g2[i].sqrt();
            }
        }
    }
    w
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The units of a motion, in order: the sentences of each paragraph, and the inline body of a
/// conferral heading line ("RULE 37(a)(1) CERTIFICATION: Counsel ..."). A period inside
/// `furniture` (the page header between two halves of a sentence, "Doc. 118") ends nothing.
pub(super) fn units(text: &str, blocks: &[Block], furniture: &[(usize, usize)]) -> Vec<Unit> {
    // `furniture` is in text order: a binary search, not a scan per period.
    let in_furniture = |at: usize| {
        let k = furniture.partition_point(|&(s, _)| s <= at);
        k > 0 && at < furniture[k - 1].1
    };
    let mut out = Vec::new();
    for (bi, b) in blocks.iter().enumerate() {
        let (lo, hi) = match b.kind {
            BlockKind::Para => (b.start, b.end),
            BlockKind::ConferralHeading { body_start, .. } if body_start < b.end => {
                (body_start, b.end)
            }
            _ => continue,
        };
        let mut s = lo;
        for (i, c) in text[lo..hi].char_indices() {
            let at = lo + i;
            if matches!(c, '.' | '?' | '!')
                && at + 1 < hi
                && ends_sentence(text, at)
                && !in_furniture(at)
            {
                push_unit(text, s, at + 1, bi, &mut out);
                s = at + 1;
            }
        }
        push_unit(text, s, hi, bi, &mut out);
    }
    out
}

fn push_unit(text: &str, s: usize, e: usize, block: usize, out: &mut Vec<Unit>) {
    let piece = &text[s..e];
    let t = piece.trim();
    if t.chars().any(char::is_alphanumeric) {
        let start = s + (piece.len() - piece.trim_start().len());
        out.push(Unit {
            start,
            end: start + t.len(),
            block,
        });
    }
}

/// Words of normalised text: lower-case alphanumeric runs; numbers of three or more digits
/// become "#" (dates and case numbers say little; rule numbers like 37 are kept).
fn tokens(norm: &str) -> Vec<&str> {
    norm.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.len() >= 3 && w.bytes().all(|b| b.is_ascii_digit()) {
                "#"
            } else {
                w
            }
        })
        .collect()
}

/// FNV-1a of a namespace and a string, into the weight table.
fn bucket(ns: &str, s: &str) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in ns.bytes().chain([0xff]).chain(s.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h >> (64 - DIM_BITS)) as u32
}

/// What lies above a block: the nearest heading-like block and whether a paragraph came
/// between (computed once per document: per unit, it would be quadratic in long texts).
#[derive(Clone, Copy)]
struct Above {
    /// Index of the nearest conferral heading, other heading or signature block above.
    boundary: Option<usize>,
    /// A paragraph lies between that boundary and the block.
    para_between: bool,
    after_signature: bool,
}

fn above(blocks: &[Block]) -> Vec<Above> {
    let mut out = Vec::with_capacity(blocks.len());
    let (mut boundary, mut para_between, mut after_signature) = (None, false, false);
    for (k, b) in blocks.iter().enumerate() {
        out.push(Above {
            boundary,
            para_between,
            after_signature,
        });
        match b.kind {
            BlockKind::Para => para_between = true,
            BlockKind::Toc => {}
            BlockKind::Signature => {
                after_signature = true;
                boundary = Some(k);
                para_between = false;
            }
            BlockKind::Heading | BlockKind::ConferralHeading { .. } => {
                boundary = Some(k);
                para_between = false;
            }
        }
    }
    out
}

/// Each unit's text, normalised ([`normalize`]), without the `furniture` lines inside it:
/// computed once per motion for the tagger's features and the locator's cue rules.
pub(super) fn unit_norms(text: &str, units: &[Unit], furniture: &[(usize, usize)]) -> Vec<String> {
    units
        .iter()
        .map(|u| {
            let from = furniture.partition_point(|&(s, _)| s <= u.start);
            let inside: Vec<&(usize, usize)> = furniture[from..]
                .iter()
                .take_while(|&&(s, _)| s < u.end)
                .filter(|&&(_, e)| e < u.end)
                .collect();
            if inside.is_empty() {
                return normalize(&text[u.start..u.end]);
            }
            let mut kept = String::with_capacity(u.end - u.start);
            let mut at = u.start;
            for &(s, e) in inside {
                kept.push_str(&text[at..s]);
                kept.push(' ');
                at = e;
            }
            kept.push_str(&text[at..u.end]);
            normalize(&kept)
        })
        .collect()
}

/// Hashed features of every unit (see [`unit_features`]); `norms` from [`unit_norms`].
pub(super) fn all_features(
    text: &str,
    blocks: &[Block],
    units: &[Unit],
    norms: &[String],
) -> Vec<Vec<u32>> {
    let ctx = above(blocks);
    // Units per block, and each unit's place in its block.
    let mut per_block = vec![0usize; blocks.len()];
    let mut index_in_block = Vec::with_capacity(units.len());
    for u in units {
        index_in_block.push(per_block[u.block]);
        per_block[u.block] += 1;
    }
    let toks: Vec<Vec<String>> = norms
        .iter()
        .map(|n| tokens(n).into_iter().map(str::to_string).collect())
        .collect();
    (0..units.len())
        .map(|i| {
            let place = (index_in_block[i], per_block[units[i].block]);
            let mut f = unit_features(text, blocks, units, &toks, &ctx, place, i);
            // The rule features of [`super::Features`], from the normalised text at hand.
            let u = units[i];
            let rule = super::cues::features_of(
                u.end - u.start,
                &norms[i],
                (u.start + u.end) / 2,
                text.len(),
            );
            for (name, v) in FEATURE_NAMES.iter().zip(rule.0).skip(1) {
                if v != 0.0 {
                    f.push(bucket("r", name));
                }
            }
            f
        })
        .collect()
}

/// Hashed features of unit `i`: its words and word pairs, the words around it, the heading
/// above it and where it sits (in the motion, in its paragraph, after a signature);
/// [`all_features`] adds the rule features. `place` is (index in its block, units in block).
fn unit_features(
    text: &str,
    blocks: &[Block],
    units: &[Unit],
    toks: &[Vec<String>],
    ctx: &[Above],
    place: (usize, usize),
    i: usize,
) -> Vec<u32> {
    let u = units[i];
    let own = &toks[i];
    let mut f: Vec<u32> = Vec::with_capacity(3 * own.len() + 48);
    f.push(bucket("bias", ""));
    for t in own {
        f.push(bucket("u", t));
    }
    for p in own.windows(2) {
        f.push(bucket("b", &format!("{} {}", p[0], p[1])));
    }
    let lead: Vec<&str> = own.iter().take(2).map(String::as_str).collect();
    f.push(bucket("start", &lead.join(" ")));
    f.push(bucket("len", &len_bin(own.len()).to_string()));

    // Neighbours, and whether a boundary (heading, signature) lies between.
    for (ns, j) in [("p", i.checked_sub(1)), ("n", Some(i + 1))] {
        let Some(n) = j.and_then(|j| units.get(j)) else {
            f.push(bucket(ns, "<edge>"));
            continue;
        };
        let (a, b) = if n.block < u.block {
            (n.block, u.block)
        } else {
            (u.block, n.block)
        };
        let crossed = blocks
            .get(a + 1..b)
            .is_some_and(|bs| bs.iter().any(|b| b.kind != BlockKind::Para));
        if crossed {
            f.push(bucket(ns, "<boundary>"));
        }
        for t in &toks[j.expect("a neighbour index")] {
            f.push(bucket(ns, t));
        }
    }

    // The nearest heading above, and what lies between it and this unit.
    let own_block = blocks[u.block].kind;
    let at = ctx[u.block];
    // A unit inside a heading or signature block is "below" that block itself.
    let boundary = match own_block {
        BlockKind::ConferralHeading { .. } | BlockKind::Heading | BlockKind::Signature => {
            Some(u.block)
        }
        _ => at.boundary,
    };
    let para_between = at.para_between && boundary == at.boundary;
    let heading = {
        match boundary.map(|k| (k, blocks[k].kind)) {
            Some((_, BlockKind::ConferralHeading { .. })) if para_between => "conferral_section",
            Some((_, BlockKind::ConferralHeading { .. })) => "conferral_direct",
            Some((k, BlockKind::Heading)) => {
                for t in tokens(&normalize(&text[blocks[k].start..blocks[k].end]))
                    .into_iter()
                    .take(8)
                {
                    f.push(bucket("h", t));
                }
                if para_between {
                    "other_section"
                } else {
                    "other_direct"
                }
            }
            Some((_, BlockKind::Signature)) => "signature",
            _ => "<none>",
        }
    };
    f.push(bucket("hk", heading));
    f.push(bucket(
        "aftersig",
        if at.after_signature { "1" } else { "0" },
    ));

    // Position in the motion and in the paragraph.
    let pos = if text.is_empty() {
        0
    } else {
        u.start * 10 / text.len()
    };
    f.push(bucket("pos", &pos.to_string()));
    let (idx, count) = place;
    f.push(bucket("bi", &idx.min(3).to_string()));
    f.push(bucket("blast", if idx + 1 == count { "1" } else { "0" }));
    f.push(bucket("bn", &len_bin(count).to_string()));
    let numbered = text[u.start..u.end]
        .split_whitespace()
        .next()
        .is_some_and(|w| {
            w.len() <= 4 && w.ends_with('.') && w[..w.len() - 1].bytes().all(|b| b.is_ascii_digit())
        });
    f.push(bucket("numbered", if numbered { "1" } else { "0" }));
    f
}

fn len_bin(n: usize) -> usize {
    match n {
        0..=3 => 0,
        4..=8 => 1,
        9..=16 => 2,
        17..=32 => 3,
        33..=64 => 4,
        _ => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_weights_parse_and_round_trip() {
        let t = Tagger::embedded().expect("embedded tagger weights parse");
        let again = Tagger::from_bytes(&t.to_bytes()).unwrap();
        assert_eq!(t.w, again.w);
        assert_eq!(t.w2, again.w2);
        assert!(matches!(
            Tagger::from_bytes(b"nope"),
            Err(TaggerError::Format(4))
        ));
    }

    #[test]
    fn training_separates_a_toy_problem() {
        let pos = vec![bucket("bias", ""), bucket("u", "conferred")];
        let neg = vec![bucket("bias", ""), bucket("u", "argument")];
        let mut ex = Vec::new();
        for _ in 0..50 {
            ex.push((pos.clone(), true));
            ex.push((neg.clone(), false));
        }
        let w = fit(&ex, &TrainOptions::default());
        assert!(score(&w, &pos) > 0.9, "{}", score(&w, &pos));
        assert!(score(&w, &neg) < 0.1, "{}", score(&w, &neg));
    }

    #[test]
    fn units_split_sentences_and_skip_abbreviations() {
        let text = "Pursuant to Fed. R. Civ. P. 37(a)(1), counsel conferred on May 2. Defendant opposes.\n\nWHEREFORE, grant it.";
        let blocks = super::super::layout::blocks(text);
        let us = units(text, &blocks, &[]);
        let got: Vec<&str> = us.iter().map(|u| &text[u.start..u.end]).collect();
        assert_eq!(
            got,
            [
                "Pursuant to Fed. R. Civ. P. 37(a)(1), counsel conferred on May 2.",
                "Defendant opposes.",
                "WHEREFORE, grant it."
            ]
        );
    }
}
