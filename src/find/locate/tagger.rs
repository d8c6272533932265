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
//! Weights are 2^18 hashed buckets stored as f16 (512 KiB), embedded in the binary.

use std::sync::LazyLock;

use half::f16;

use super::cues::{normalize, FEATURE_NAMES};
use super::layout::{Block, BlockKind};
use super::sentences::ends_sentence;

const DIM_BITS: u32 = 18;
const DIM: usize = 1 << DIM_BITS;
const MAGIC: &[u8; 8] = b"CLOCTAG1";

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

/// Logistic weights over hashed features.
#[derive(Clone, Debug)]
pub struct Tagger {
    w: Vec<f32>,
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
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 8,
            learning_rate: 0.2,
            l2: 1e-6,
            positive_weight: 2.0,
            seed: 17,
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
        if b.len() != MAGIC.len() + 2 * DIM || &b[..MAGIC.len()] != MAGIC {
            return Err(TaggerError::Format(b.len()));
        }
        let w = b[MAGIC.len()..]
            .chunks_exact(2)
            .map(|c| f16::from_le_bytes([c[0], c[1]]).to_f32())
            .collect();
        Ok(Tagger { w })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(MAGIC.len() + 2 * DIM);
        out.extend_from_slice(MAGIC);
        for &x in &self.w {
            out.extend_from_slice(&f16::from_f32(x).to_le_bytes());
        }
        out
    }

    /// Probability that a unit with these features belongs to a statement.
    pub fn prob(&self, feats: &[u32]) -> f32 {
        let z: f32 = feats.iter().map(|&i| self.w[i as usize]).sum();
        sigmoid(z)
    }

    /// Logistic regression with AdaGrad over `(features, label)` examples; deterministic for
    /// a given seed and example order.
    pub fn train(examples: &[(Vec<u32>, bool)], opts: &TrainOptions) -> Tagger {
        let mut w = vec![0f32; DIM];
        let mut g2 = vec![1e-8f32; DIM];
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = opts.seed.max(1);
        for _ in 0..opts.epochs {
            // Fisher-Yates with xorshift: no dependency on `rand`'s stream across versions.
            for i in (1..order.len()).rev() {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                order.swap(i, (rng % (i as u64 + 1)) as usize);
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
        Tagger { w }
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The units of a motion, in order: the sentences of each paragraph, and the inline body of a
/// conferral heading line ("RULE 37(a)(1) CERTIFICATION: Counsel ...").
pub(super) fn units(text: &str, blocks: &[Block]) -> Vec<Unit> {
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
            if matches!(c, '.' | '?' | '!') && at + 1 < hi && ends_sentence(text, at) {
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

/// Hashed features of unit `i`: its words and word pairs, the words around it, the heading
/// above it, where it sits (in the motion, in its paragraph, after a signature), and the
/// rule features of [`super::Features`].
pub(super) fn unit_features(text: &str, blocks: &[Block], units: &[Unit], i: usize) -> Vec<u32> {
    let u = units[i];
    let norm = normalize(&text[u.start..u.end]);
    let toks = tokens(&norm);
    let mut f: Vec<u32> = Vec::with_capacity(3 * toks.len() + 48);
    f.push(bucket("bias", ""));
    for t in &toks {
        f.push(bucket("u", t));
    }
    for p in toks.windows(2) {
        f.push(bucket("b", &format!("{} {}", p[0], p[1])));
    }
    let lead: Vec<&str> = toks.iter().take(2).copied().collect();
    f.push(bucket("start", &lead.join(" ")));
    f.push(bucket("len", &len_bin(toks.len()).to_string()));

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
        for t in tokens(&normalize(&text[n.start..n.end])) {
            f.push(bucket(ns, t));
        }
    }

    // The nearest heading above, and what lies between it and this unit.
    let mut saw_para = false;
    let mut heading = "<none>";
    for (k, b) in blocks[..=u.block].iter().enumerate().rev() {
        let own = k == u.block;
        match b.kind {
            BlockKind::ConferralHeading { .. } => {
                heading = if own || !saw_para {
                    "conferral_direct"
                } else {
                    "conferral_section"
                };
                break;
            }
            BlockKind::Heading => {
                for t in tokens(&normalize(&text[b.start..b.end]))
                    .into_iter()
                    .take(8)
                {
                    f.push(bucket("h", t));
                }
                heading = if saw_para {
                    "other_section"
                } else {
                    "other_direct"
                };
                break;
            }
            BlockKind::Signature => {
                heading = "signature";
                break;
            }
            BlockKind::Para if !own => saw_para = true,
            _ => {}
        }
    }
    f.push(bucket("hk", heading));
    let after_sig = blocks[..u.block]
        .iter()
        .any(|b| b.kind == BlockKind::Signature);
    f.push(bucket("aftersig", if after_sig { "1" } else { "0" }));

    // Position in the motion and in the paragraph.
    let pos = if text.is_empty() {
        0
    } else {
        u.start * 10 / text.len()
    };
    f.push(bucket("pos", &pos.to_string()));
    let in_block: Vec<&Unit> = units.iter().filter(|v| v.block == u.block).collect();
    let idx = in_block
        .iter()
        .position(|v| v.start == u.start)
        .unwrap_or(0);
    f.push(bucket("bi", &idx.min(3).to_string()));
    f.push(bucket(
        "blast",
        if idx + 1 == in_block.len() { "1" } else { "0" },
    ));
    f.push(bucket("bn", &len_bin(in_block.len()).to_string()));
    let numbered = text[u.start..u.end]
        .split_whitespace()
        .next()
        .is_some_and(|w| {
            w.len() <= 4 && w.ends_with('.') && w[..w.len() - 1].bytes().all(|b| b.is_ascii_digit())
        });
    f.push(bucket("numbered", if numbered { "1" } else { "0" }));

    let rule = super::cues::features(&text[u.start..u.end], (u.start + u.end) / 2, text.len());
    for (name, v) in FEATURE_NAMES.iter().zip(rule.0).skip(1) {
        if v != 0.0 {
            f.push(bucket("r", name));
        }
    }
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
        let t = Tagger::train(&ex, &TrainOptions::default());
        assert!(t.prob(&pos) > 0.9, "{}", t.prob(&pos));
        assert!(t.prob(&neg) < 0.1, "{}", t.prob(&neg));
    }

    #[test]
    fn units_split_sentences_and_skip_abbreviations() {
        let text = "Pursuant to Fed. R. Civ. P. 37(a)(1), counsel conferred on May 2. Defendant opposes.\n\nWHEREFORE, grant it.";
        let blocks = super::super::layout::blocks(text);
        let us = units(text, &blocks);
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
