//! Finding the conferral statement in a motion (first, rule-based version).
//!
//! The text is split into lines and blocks (paragraphs, heading lines, signature lines). Two
//! kinds of candidate are proposed:
//! - a *heading* candidate from a conferral heading ("CERTIFICATE OF CONFERENCE", "RULE
//!   37(a)(1) CERTIFICATION", ...) through its body, stopping before a signature block, the
//!   next heading or a certificate of service;
//! - a *paragraph* candidate for each other paragraph with a sentence cue ("counsel
//!   conferred with", "met and conferred", "certifies ... good faith", a local-rule cite).
//!
//! Each candidate is described by a small vector of named [`Features`] and scored by a
//! logistic model ([`WEIGHTS`], set by hand for now). A learned locator can replace the
//! weights, or the scorer, without touching candidate generation or callers.
//!
//! [`locate`] gives the best statement; [`locate_all`] every statement (a motion can carry a
//! Rule 37(a)(1) certification and a local-rule certificate). Text extracted from PDFs is
//! handled: page headers and footers are skipped, paragraphs continue across page breaks,
//! indented first lines and double-spaced lines are read as paragraphs. The corpus in
//! `tests/locate_corpus/` measures all this (`cargo test --test locate_corpus`).
//!
//! Offsets are byte offsets into the original text, always on character boundaries; matching
//! runs on a normalised copy (lower-case, whitespace collapsed, hyphenated line breaks joined)
//! so CRLF, form feeds and "con-\nferred" do not hide cues.

/// A possible conferral statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Byte offsets into the text, `end` exclusive, on character boundaries.
    pub start: usize,
    pub end: usize,
    /// Probability-like score in [0, 1] that this is the motion's conferral statement.
    pub confidence: f32,
    /// What triggered it, e.g. `heading "CERTIFICATE OF CONFERENCE"`.
    pub cue: String,
}

/// [`locate`] returns nothing below this confidence (argument that merely discusses
/// conferral scores under it).
pub const LOCATE_THRESHOLD: f32 = 0.5;

/// Paragraphs longer than this (text without blank lines, e.g. from PDFs) are narrowed to a
/// window of sentences around the cue.
const MAX_BLOCK_BYTES: usize = 2000;
const WINDOW_BYTES: usize = 1200;
/// Paragraphs taken after a heading (the first always, later ones only if about conferral);
/// room for one paragraph per disputed request.
const MAX_HEADING_PARAS: usize = 8;

/// Names of the features, in [`Features`] order.
pub const FEATURE_NAMES: [&str; 17] = [
    "bias",
    "heading_known",
    "heading_generic",
    "certifies",
    "conferred",
    "meet_and_confer",
    "rule_cite",
    "good_faith",
    "outcome",
    "service",
    "argument",
    "legal_standard",
    "declarative",
    "edge_of_document",
    "empty_body",
    "no_conferral_terms",
    "contact",
];

/// Logistic weights per feature (hand-set; a learned locator replaces these).
pub const WEIGHTS: [f32; 17] = [
    -2.5, 5.5, 4.0, 1.5, 2.0, 1.0, 1.2, 0.8, 1.0, -4.0, -1.5, -2.5, 0.8, 0.5, -4.0, -3.0, 1.2,
];

/// Feature values of one candidate (0 or 1, `legal_standard` a count up to 2), in
/// [`FEATURE_NAMES`] order.
#[derive(Clone, Debug, PartialEq)]
pub struct Features(pub [f32; 17]);

impl Features {
    /// `sigmoid(WEIGHTS · features)`.
    pub fn confidence(&self) -> f32 {
        let z: f32 = self.0.iter().zip(WEIGHTS).map(|(x, w)| x * w).sum();
        1.0 / (1.0 + (-z).exp())
    }

    /// Names of the features that are on, for explanations and debugging.
    pub fn active(&self) -> Vec<&'static str> {
        FEATURE_NAMES
            .iter()
            .zip(self.0)
            .filter(|(_, v)| *v != 0.0)
            .map(|(n, _)| *n)
            .collect()
    }
}

/// All candidates, in document order (including weak ones below [`LOCATE_THRESHOLD`]).
pub fn candidates(text: &str) -> Vec<Candidate> {
    candidates_with_features(text)
        .into_iter()
        .map(|(c, _)| c)
        .collect()
}

/// The statement to score, or `None` when the text has no conferral statement.
pub fn locate(text: &str) -> Option<Candidate> {
    candidates(text)
        .into_iter()
        .filter(|c| c.confidence >= LOCATE_THRESHOLD)
        // Ties go to the later one: certificates sit at the end of motions.
        .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
}

/// Every statement to score, in document order: the candidates at or above
/// [`LOCATE_THRESHOLD`] that do not overlap a stronger one. A motion may hold several, e.g. a
/// Rule 37(a)(1) certification in its body and a local-rule certificate at its end.
pub fn locate_all(text: &str) -> Vec<Candidate> {
    let mut strong: Vec<Candidate> = candidates(text)
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

/// Candidates with the features that scored them.
pub fn candidates_with_features(text: &str) -> Vec<(Candidate, Features)> {
    let blocks = blocks(text);
    let mut out: Vec<(Candidate, Features)> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        if let BlockKind::ConferralHeading {
            generic,
            body_start,
        } = b.kind
        {
            let end = heading_end(text, &blocks, i);
            let body = &text[body_start.min(end)..end];
            let mut f = features(body, (b.start + end) / 2, text.len());
            f.0[if generic { 2 } else { 1 }] = 1.0;
            f.0[14] = f32::from(u8::from(normalize(body).trim().is_empty()));
            let heading = text[b.start..b.end].trim();
            let cue = format!("heading \"{}\"", truncate(heading, 80));
            out.push((candidate(b.start, end, &f, cue), f));
        }
    }
    let headed: Vec<(usize, usize)> = out.iter().map(|(c, _)| (c.start, c.end)).collect();
    for b in &blocks {
        if b.kind != BlockKind::Para || headed.iter().any(|&(s, e)| b.start < e && s < b.end) {
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
    out.sort_by_key(|(c, _)| c.start);
    out
}

fn candidate(start: usize, end: usize, f: &Features, cue: String) -> Candidate {
    Candidate {
        start,
        end,
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

// ---------------------------------------------------------------------------------------
// Lines and blocks

#[derive(Clone, Copy, Debug, PartialEq)]
enum BlockKind {
    Para,
    /// A conferral heading line; `body_start` is where inline body text begins (the line's
    /// end when the line is only the heading).
    ConferralHeading {
        generic: bool,
        body_start: usize,
    },
    /// Any other heading (all-caps line): a boundary.
    Heading,
    Signature,
    /// A table-of-contents entry: never a statement.
    Toc,
}

#[derive(Clone, Copy, Debug)]
struct Block {
    /// First and last non-blank byte of the block (trimmed).
    start: usize,
    end: usize,
    kind: BlockKind,
}

/// Lines (byte ranges without terminators); `\n`, `\r\n` and `\r` end a line. A form feed
/// (page break) is whitespace: a paragraph may continue on the next page.
fn lines(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut s, mut i) = (0, 0);
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push((s, i));
                i += 1;
                s = i;
            }
            b'\r' => {
                out.push((s, i));
                i += 1;
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
                s = i;
            }
            _ => i += 1,
        }
    }
    if s < b.len() {
        out.push((s, b.len()));
    }
    out
}

/// The trimmed byte range of `text[s..e]`, or `None` when blank.
fn trimmed(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let line = &text[s..e];
    let t = line.trim();
    if t.is_empty() {
        return None;
    }
    let ls = s + (line.len() - line.trim_start().len());
    Some((ls, ls + t.len()))
}

/// Paragraphs (runs of non-blank lines) with heading, signature and contents lines split off
/// as their own blocks.
///
/// Text extracted from PDFs needs two more rules. Page furniture (the ECF header "Case
/// 2:21-cv-01234 Document 45 Filed ... Page 3 of 7", a lone page number) is skipped, and a
/// paragraph continues across the page break unless its last line ended a sentence and the
/// next starts a new one. Without blank lines between paragraphs, an indented line after a
/// sentence end starts a new paragraph.
fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut para: Option<(usize, usize)> = None;
    let flush = |para: &mut Option<(usize, usize)>, out: &mut Vec<Block>| {
        if let Some((s, e)) = para.take() {
            out.push(Block {
                start: s,
                end: e,
                kind: BlockKind::Para,
            });
        }
    };
    let all_lines = lines(text);
    let double = double_spaced(text, &all_lines);
    // What lies between the last content line and this one.
    let (mut gap_blank, mut gap_page) = (0usize, false);
    let mut prev_line = (0, 0);
    for &(ls, le) in &all_lines {
        let Some((s, e)) = trimmed(text, ls, le) else {
            gap_blank += 1;
            gap_page |= text[ls..le].contains('\x0c');
            continue;
        };
        if text[ls..le].contains('\x0c') {
            gap_page = true;
        }
        if is_furniture(&text[s..e]) {
            gap_page = true;
            continue;
        }
        if let Some((ps, pe)) = para {
            let prev_ends = ends_sentence_line(&text[ps..pe]);
            let starts_lower = text[s..e].chars().next().is_some_and(char::is_lowercase);
            let indented = text[ls..s].trim_start_matches('\x0c').len() >= 3;
            let sentence_break = prev_ends && !starts_lower;
            let new_para = if gap_page {
                sentence_break
            } else if double.is_some() && gap_blank == 1 {
                // Double spacing: one blank line is a line break; a paragraph starts after a
                // sentence end on an indented line or after a short last line.
                let short = double.is_some_and(|w| (prev_line.1 - prev_line.0) * 4 < w * 3);
                sentence_break && (indented || short)
            } else {
                gap_blank > 0 || (indented && sentence_break)
            };
            if new_para {
                flush(&mut para, &mut out);
            }
        }
        prev_line = (s, e);
        gap_blank = 0;
        gap_page = false;
        match line_kind(text, s, e) {
            BlockKind::Para => {
                para = Some(match para {
                    Some((ps, _)) => (ps, e),
                    None => (s, e),
                })
            }
            kind => {
                flush(&mut para, &mut out);
                out.push(Block {
                    start: s,
                    end: e,
                    kind,
                });
            }
        }
    }
    flush(&mut para, &mut out);
    out
}

/// `Some(typical line length in bytes)` when the text is double-spaced (a blank line after
/// most lines, as text extracted from pleading paper often is).
fn double_spaced(text: &str, lines: &[(usize, usize)]) -> Option<usize> {
    let blank: Vec<bool> = lines
        .iter()
        .map(|&(s, e)| text[s..e].trim().is_empty())
        .collect();
    let content = blank.iter().filter(|b| !**b).count();
    let single_gaps: Vec<usize> = (1..blank.len().saturating_sub(1))
        .filter(|&i| blank[i] && !blank[i - 1] && !blank[i + 1])
        .collect();
    // The telltale: a blank line inside a sentence (the line before it does not end one and
    // the line after it starts in lower case), which plain paragraphs never have.
    let mid_sentence = single_gaps
        .iter()
        .filter(|&&i| {
            let (ps, pe) = lines[i - 1];
            let (ns, ne) = lines[i + 1];
            !ends_sentence_line(text[ps..pe].trim())
                && text[ns..ne]
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
        })
        .count();
    if content < 10 || single_gaps.len() * 5 < content * 3 || mid_sentence < 3 {
        return None;
    }
    let mut lens: Vec<usize> = lines
        .iter()
        .map(|&(s, e)| text[s..e].trim().len())
        .filter(|&n| n > 0)
        .collect();
    lens.sort_unstable();
    // The 80th percentile: a full line, not a heading or a paragraph's short last line.
    let width = lens[lens.len() * 4 / 5];
    // Long lines are whole paragraphs (unwrapped text), not the lines of a page.
    (width <= 120).then_some(width)
}

/// Whether a paragraph's text ends a sentence (or a lead-in such as "as follows:").
fn ends_sentence_line(para: &str) -> bool {
    let t = para.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')']);
    t.ends_with(['.', '?', '!', ':', ';'])
}

/// Page headers and footers of filed documents: never part of a statement.
fn is_furniture(line: &str) -> bool {
    static FURNITURE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?ix)^(?:
                case\s+(?:no\.?\s*)?\d+:\d{2}-[a-z]{2,3}-\d+\S*\s+(?:document|doc\.?|dkt\.?)\s*\d+.*\b(?:page|pg)\s*\d+\s*of\s*\d+.*
              | (?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?
              | -\s*\d{1,4}\s*-
              | \[?\d{1,4}\]?
            )$",
        )
        .expect("furniture pattern compiles")
    });
    line.chars().count() <= 200 && FURNITURE.is_match(line.trim())
}

/// Conferral headings, as lower-case alphanumeric words (punctuation dropped).
const HEADINGS: &[&str] = &[
    "certificate of conference",
    "certificate of conferral",
    "certificate of consultation",
    "certificate of good faith conference",
    "certificate of good faith conferral",
    "certificate of good faith",
    "certification of conference",
    "certification of conferral",
    "certification of good faith",
    "good faith certification",
    "rule 37 a 1 certification",
    "rule 37 a 1 certificate",
    "fed r civ p 37 a 1 certification",
    "d kan rule 37 2 certification",
    "local rule 37 2 certification",
    "rule 37 2 certification",
    "local rule 3 01 g certification",
    "local rule 3 01 g certificate",
    "statement pursuant to lcvr 7 m",
    "statement pursuant to local civil rule 7 m",
    "lcvr 7 m statement",
    "meet and confer declaration",
    "meet and confer statement",
    "meet and confer certification",
    "meet and confer certificate",
    "statement of conferral",
    "conferral statement",
    "conferral certification",
    "certification pursuant to d c colo lcivr 7 1 a",
    "d c colo lcivr 7 1 a certification",
    "affirmation of good faith",
];

/// Alphanumeric words of a line, lower-cased, with the byte offset where each ends.
fn words(line: &str, base: usize) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, c) in line.char_indices() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if !cur.is_empty() {
            out.push((std::mem::take(&mut cur), base + i));
        }
    }
    if !cur.is_empty() {
        out.push((cur, base + line.len()));
    }
    out
}

fn is_enumerator(w: &str) -> bool {
    const ROMAN: [&str; 12] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    ROMAN.contains(&w) || w.chars().all(|c| c.is_ascii_digit()) || w.len() == 1
}

fn line_kind(text: &str, s: usize, e: usize) -> BlockKind {
    let line = &text[s..e];
    let lower = line.to_lowercase();
    if is_signature(&lower) {
        return BlockKind::Signature;
    }
    if is_toc(line) {
        return BlockKind::Toc;
    }
    let has_lower = line.chars().any(char::is_lowercase);
    let letters = line.chars().filter(|c| c.is_alphabetic()).count();
    let caps_line = !has_lower && letters >= 2 && line.chars().count() <= 100;
    let ws = words(line, s);
    let key: Vec<&str> = ws.iter().map(|(w, _)| w.as_str()).collect();

    // Known headings, possibly after an enumerator ("IV.", "A.").
    for skip in 0..=usize::from(key.first().is_some_and(|w| is_enumerator(w))) {
        for h in HEADINGS {
            let hw: Vec<&str> = h.split(' ').collect();
            if key.len() >= skip + hw.len() && key[skip..skip + hw.len()] == hw[..] {
                let after = ws[skip + hw.len() - 1].1;
                if let Some(body_start) = heading_rest(text, after, e, caps_line) {
                    return BlockKind::ConferralHeading {
                        generic: false,
                        body_start,
                    };
                }
            }
        }
    }

    // Other headings that name a conferral certification.
    let has = |p: &str| key.iter().any(|w| w.starts_with(p));
    let joined = key.join(" ");
    let kind_word = has("certif") || has("statement") || has("declaration") || has("affirmation");
    // Conferral rules named by number: 37(a)(1), D. Kan. 37.2, M.D. Fla. 3.01(g), D. Colo.
    // 7.1(a), D.D.C. 7(m), C.D. Cal. 7-3.
    const RULES: [&str; 6] = ["37 a 1", "37 2", "3 01 g", "7 1 a", "7 m", "7 3"];
    let topic = has("confer")
        || joined.contains("good faith")
        || RULES
            .iter()
            .any(|r| format!(" {joined} ").contains(&format!(" {r} ")));
    let short_title = line.chars().count() <= 80 && line.trim_end().ends_with(':');
    if kind_word && topic && !has("service") && (caps_line || short_title) {
        let body_start = line
            .find(':')
            .map(|i| s + i + 1)
            .filter(|&b| caps_line || b == e)
            .unwrap_or(e);
        return BlockKind::ConferralHeading {
            generic: true,
            body_start,
        };
    }
    let lower_norm = normalize(&lower);
    if caps_line || (line.chars().count() <= 60 && lower_norm.starts_with("certificate of service"))
    {
        return BlockKind::Heading;
    }
    BlockKind::Para
}

/// After a known heading's words ending at `after`: `Some(body start)` when the line reads as
/// a heading (nothing else, a separator and body text, or an all-caps heading line).
fn heading_rest(text: &str, after: usize, e: usize, caps_line: bool) -> Option<usize> {
    let rest = &text[after..e];
    let skipped = rest.trim_start_matches([')', ']', '*', '_', '#', ' ', '\t']);
    let at = e - skipped.len();
    if !skipped.chars().any(char::is_alphanumeric) || caps_line {
        return Some(e);
    }
    let sep = skipped.chars().next()?;
    if [':', '.', '—', '–', '-'].contains(&sep) {
        return Some(at + sep.len_utf8());
    }
    None
}

fn is_signature(lower: &str) -> bool {
    const STARTS: [&str; 11] = [
        "/s/",
        "s/",
        "by: /s/",
        "by /s/",
        "respectfully submitted",
        "respectfully,",
        "dated:",
        "date:",
        "dated this",
        "sincerely",
        "signed:",
    ];
    STARTS.iter().any(|p| lower.starts_with(p))
}

fn is_toc(line: &str) -> bool {
    if line.contains("....") || line.contains(". . .") || line.contains('…') {
        return true;
    }
    // "CERTIFICATE OF CONFERENCE\t\t12": a page number after a wide gap.
    let t = line.trim_end();
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let before = &t[..t.len() - digits];
    digits > 0 && digits < t.len() && (before.ends_with('\t') || before.ends_with("   "))
}

/// End of a heading candidate: the heading, then its first paragraph, then following
/// paragraphs that are about conferral, stopping at a boundary.
fn heading_end(text: &str, blocks: &[Block], i: usize) -> usize {
    let mut end = blocks[i].end;
    for (taken, b) in blocks[i + 1..].iter().enumerate() {
        if b.kind != BlockKind::Para || taken >= MAX_HEADING_PARAS {
            break;
        }
        let norm = normalize(&text[b.start..b.end]);
        if is_service(&norm) || (taken > 0 && !has_conferral_terms(&norm)) {
            break;
        }
        end = b.end;
    }
    end
}

// ---------------------------------------------------------------------------------------
// Normalisation and features

/// Lower-case (ASCII), whitespace runs to one space, hyphenated line breaks joined; with the
/// original byte offset of every output byte.
fn normalize_with_map(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if (c == '-' || c == '\u{ad}') && out.chars().last().is_some_and(char::is_alphabetic) {
            // "con-\n  ferred" -> "conferred" when a line break follows the hyphen.
            let mut j = k + 1;
            let mut broke = false;
            while j < chars.len() && chars[j].1.is_whitespace() {
                broke |= matches!(chars[j].1, '\n' | '\r' | '\u{c}');
                j += 1;
            }
            if broke && j < chars.len() && chars[j].1.is_lowercase() {
                k = j;
                continue;
            }
        }
        if c.is_whitespace() {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
                map.push(i);
            }
        } else {
            let c = match c {
                '\u{2018}' | '\u{2019}' => '\'',
                '\u{201c}' | '\u{201d}' => '"',
                c => c.to_ascii_lowercase(),
            };
            out.push(c);
            map.extend(std::iter::repeat_n(i, c.len_utf8()));
        }
        k += 1;
    }
    (out, map)
}

fn normalize(s: &str) -> String {
    normalize_with_map(s).0
}

fn any_of(norm: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| norm.contains(p))
}

const CONFERRED: &[&str] = &[
    "met and conferred",
    "conferred with",
    "have conferred",
    "has conferred",
    "had conferred",
    "conferred by",
    "conferred via",
    "conferred on ",
    "conferred in ",
    "conferred regarding",
    "conferred about",
    "conferred through",
    "conferred telephonically",
    "conferred extensively",
    "parties conferred",
    "counsel conferred",
    "undersigned conferred",
    "i conferred",
    "we conferred",
    "spoke with",
    "spoke by telephone",
    "telephone conference",
    "telephonic conference",
    "conferral",
];
/// Reaching out about the motion, short of "conferred".
const CONTACT: &[&str] = &[
    "contacted",
    "consulted with",
    "discussed this motion",
    "discussed the motion",
    "discussed the relief",
    "has attempted to confer",
    "have attempted to confer",
    "counsel attempted to confer",
    "undersigned attempted to confer",
    "i attempted to confer",
    "we attempted to confer",
    "attempted to contact",
    "left a voicemail",
    "left a voice mail",
    "emailed",
    "sent a letter",
    "sent an email",
    "sent an e-mail",
    "telephoned",
];
/// The other side's position, as reported in a statement.
const POSITION: &[&str] = &[
    "does not oppose",
    "do not oppose",
    "not opposed",
    "unopposed",
    "no objection",
    "does not object",
    "do not object",
    "no opposition",
    "authorized to state",
    "takes no position",
    "consents to",
];
const MEET_AND_CONFER: &[&str] = &["meet and confer", "meet-and-confer", "met and confer"];
const RULE_CITES: &[&str] = &[
    "37(a)(1)",
    "lcivr",
    "lcvr",
    "local rule",
    "local civil rule",
    "l.r.",
    "rule 37.2",
    "26(c)(1)",
    "3.01(g)",
    "7.1(a)",
    "d.c.colo",
];
const GOOD_FAITH: &[&str] = &["good faith", "good-faith", "goodfaith"];
const OUTCOME: &[&str] = &[
    "oppose",
    "takes no position",
    "take no position",
    "agree",
    "consent",
    "unable to resolve",
    "unable to reach",
    "could not resolve",
    "could not reach",
    "impasse",
    "did not respond",
    "no response",
    "narrow",
    "no objection",
    "not object",
    "authorized to state",
    "concur",
];
const SERVICE: &[&str] = &[
    "electronically filed",
    "cm/ecf",
    "certificate of service",
    "proof of service",
    "notice of electronic filing",
    "notification of such filing",
    "served a copy",
    "served a true",
    "was served",
    "were served",
    "been served",
    "served on all",
    "served upon",
    "via u.s. mail",
    "first-class mail",
    "first class mail",
    "clerk of court using",
    "clerk of the court using",
    "ecf system",
];
const ARGUMENT: &[&str] = &[
    "refused",
    "failed to",
    "declined to",
    "ignored",
    "despite",
    "sanction",
    "never ",
];
const LEGAL_STANDARD: &[&str] = &[
    " requires ",
    " require ",
    " provides that",
    " unless ",
    "held that",
    "have held",
    "courts in ",
    "the purpose of",
    "will not consider",
    "moving party",
    " must ",
    " shall ",
    "see ",
    " v. ",
    "f.3d",
    "f.4th",
    "f. supp",
    "f.supp",
    "u.s. ",
];
const DECLARATIVE: &[&str] = &[
    "undersigned",
    "i hereby",
    "hereby certif",
    "i certify",
    "counsel for",
    "counsel certifies",
    "the parties have",
    "we conferred",
    "i conferred",
];
const CONFERRAL_TERMS: &[&str] = &[
    "confer",
    "contact",
    "consult",
    "object",
    "voicemail",
    "voice mail",
    "call",
    "represent",
    "authorized",
    "meet",
    "met ",
    "spoke",
    "telephone",
    "phone",
    "email",
    "e-mail",
    "letter",
    "discuss",
    "oppose",
    "agree",
    "consent",
    "resolve",
    "good faith",
    "position",
];

fn is_service(norm: &str) -> bool {
    any_of(norm, SERVICE) && !any_of(norm, CONFERRED) && !any_of(norm, MEET_AND_CONFER)
}

fn has_conferral_terms(norm: &str) -> bool {
    any_of(norm, CONFERRAL_TERMS)
}

/// The first sentence cue in normalised text, with its offset; `None` when the paragraph has
/// nothing that could make it a conferral statement.
fn first_cue(norm: &str) -> Option<(&'static str, usize)> {
    let strong = CONFERRED.iter().chain(MEET_AND_CONFER).chain(CONTACT);
    let mut best: Option<(&'static str, usize)> = None;
    for p in strong {
        if let Some(at) = norm.find(p) {
            if best.is_none_or(|(_, b)| at < b) {
                best = Some((p, at));
            }
        }
    }
    if best.is_none() && norm.contains("certif") && norm.contains("confer") {
        best = norm.find("certif").map(|at| ("certif… confer", at));
    }
    if best.is_none()
        && any_of(norm, GOOD_FAITH)
        && (norm.contains("confer") || any_of(norm, RULE_CITES))
    {
        best = GOOD_FAITH
            .iter()
            .filter_map(|p| norm.find(p).map(|at| (*p, at)))
            .min_by_key(|&(_, at)| at);
    }
    if best.is_none() {
        best = POSITION
            .iter()
            .filter_map(|p| norm.find(p).map(|at| (*p, at)))
            .min_by_key(|&(_, at)| at);
    }
    best
}

/// Features of a candidate's text; `mid` is its middle byte, `len` the document's length.
/// A candidate that is most of the document counts as at its edge (a statement sent alone).
fn features(body: &str, mid: usize, len: usize) -> Features {
    let norm = format!(" {} ", normalize(body));
    let b = |x: bool| f32::from(u8::from(x));
    let pos = if len == 0 {
        0.5
    } else {
        mid as f32 / len as f32
    };
    let mut f = [0.0f32; 17];
    f[0] = 1.0;
    f[3] = b(norm.contains("certif"));
    f[4] = b(any_of(&norm, CONFERRED));
    f[5] = b(any_of(&norm, MEET_AND_CONFER));
    f[6] = b(any_of(&norm, RULE_CITES));
    f[7] = b(any_of(&norm, GOOD_FAITH));
    f[8] = b(any_of(&norm, OUTCOME));
    f[9] = b(any_of(&norm, SERVICE));
    f[10] = b(any_of(&norm, ARGUMENT));
    // Counted (up to 2): prose that explains a rule piles these up; a statement that cites
    // one rarely has more than one.
    f[11] = LEGAL_STANDARD
        .iter()
        .filter(|p| norm.contains(*p))
        .count()
        .min(2) as f32;
    f[12] = b(any_of(&norm, DECLARATIVE));
    f[13] = b(!(0.2..=0.6).contains(&pos) || body.len() * 2 > len);
    f[15] = b(!has_conferral_terms(&norm));
    f[16] = b(any_of(&norm, CONTACT));
    Features(f)
}

// ---------------------------------------------------------------------------------------
// Sentence windows for long paragraphs

const ABBREVIATIONS: &[&str] = &[
    "fed", "civ", "no", "nos", "colo", "kan", "tex", "fla", "cal", "inc", "corp", "co", "mr", "ms",
    "mrs", "dr", "jr", "st", "ct", "app", "supp", "id", "ex", "al", "etc", "lcivr", "cir",
];

/// Whether the '.', '?' or '!' at byte `i` ends a sentence.
fn ends_sentence(text: &str, i: usize) -> bool {
    let next_ws = text[i + 1..].chars().next().is_none_or(char::is_whitespace);
    if !next_ws {
        return false;
    }
    if text.as_bytes()[i] != b'.' {
        return true;
    }
    let word: String = text[..i]
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<String>()
        .chars()
        .rev()
        .collect::<String>()
        .to_lowercase();
    !(word.chars().count() <= 1 || word.contains('.') || ABBREVIATIONS.contains(&word.as_str()))
}

/// Start of a paragraph candidate whose cue at `hit` comes after sentences about something
/// else ("WHEREFORE, ... . Undersigned counsel has conferred ..."): the first of the
/// sentences before the cue that all speak of conferring or cite a rule, else `lo`'s.
fn lead_in_start(text: &str, lo: usize, hit: usize) -> usize {
    let mut starts = vec![lo];
    for (i, c) in text[lo..hit].char_indices() {
        if matches!(c, '.' | '?' | '!') && ends_sentence(text, lo + i) {
            starts.push(lo + i + 1);
        }
    }
    let mut k = starts.len() - 1;
    while k > 0 {
        let prev = format!(" {} ", normalize(&text[starts[k - 1]..starts[k]]));
        if !(has_conferral_terms(&prev) || any_of(&prev, RULE_CITES) || prev.contains("certif")) {
            break;
        }
        k -= 1;
    }
    trimmed(text, starts[k], hit).map_or(starts[k], |(s, _)| s)
}

/// A window of sentences in `text[lo..hi]`: from the start of the sentence holding `hit` to
/// the end of the sentence that crosses [`WINDOW_BYTES`], or `hi`.
fn window(text: &str, lo: usize, hi: usize, hit: usize) -> (usize, usize) {
    let mut start = lo;
    for (i, c) in text[lo..hit].char_indices().rev() {
        if matches!(c, '.' | '?' | '!') && ends_sentence(text, lo + i) {
            start = lo + i + 1;
            break;
        }
    }
    let mut end = hi;
    let limit = start + WINDOW_BYTES;
    for (i, c) in text[hit..hi].char_indices() {
        let at = hit + i;
        if at >= limit && matches!(c, '.' | '?' | '!') && ends_sentence(text, at) {
            end = at + 1;
            break;
        }
    }
    trimmed(text, start, end).unwrap_or((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::record::Span;

    fn located(text: &str) -> Option<&str> {
        locate(text).map(|c| &text[c.start..c.end])
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
        assert!(got.starts_with("CERTIFICATE OF CONFERENCE"), "{got}");
        assert!(got.ends_with("Defendant opposes the motion."), "{got}");
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
            assert!(got.starts_with(heading), "{heading}: {got}");
            assert!(got.ends_with("dispute."), "{heading}: {got}");
        }
        let inline =
            "Body.\n\nCertificate of Conference: Counsel conferred with opposing counsel on \
                      June 2; the motion is unopposed.\n\n/s/ X\n";
        let got = located(inline).unwrap();
        assert!(got.starts_with("Certificate of Conference:") && got.ends_with("unopposed."));
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
        assert!(!cands.is_empty());
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
            .starts_with("CERTIFICATE OF CONFERENCE"));
    }

    #[test]
    fn table_of_contents_entry_is_ignored_and_form_feeds_are_handled() {
        let text = "TABLE OF CONTENTS\nARGUMENT ........ 2\nCERTIFICATE OF CONFERENCE ........ 9\n\x0c\
                    ARGUMENT\n\nThe requests are proper.\n\x0cCERTIFICATE OF CONFERENCE\nCounsel met and \
                    conferred by video on July 7,\n\x0c2023, and the parties reached an impasse.\n\x0c/s/ Q\n";
        let got = located(text).unwrap();
        assert!(
            got.starts_with("CERTIFICATE OF CONFERENCE\nCounsel met"),
            "{got}"
        );
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
}
