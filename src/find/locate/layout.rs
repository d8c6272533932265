//! Lines and blocks of a motion: paragraphs, headings, signature lines, page furniture.

use super::cues::normalize;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum BlockKind {
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
pub(super) struct Block {
    /// First and last non-blank byte of the block (trimmed).
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: BlockKind,
}

/// Lines (byte ranges without terminators); `\n`, `\r\n` and `\r` end a line. A form feed
/// (page break) is whitespace: a paragraph may continue on the next page.
pub(super) fn lines(text: &str) -> Vec<(usize, usize)> {
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
pub(super) fn trimmed(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
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
#[cfg(test)]
pub(super) fn blocks(text: &str) -> Vec<Block> {
    blocks_and_furniture(text).0
}

/// [`blocks`], and the byte ranges of the furniture lines skipped inside paragraphs (a page
/// header between the two halves of a sentence), which sentences and features leave out.
pub(super) fn blocks_and_furniture(text: &str) -> (Vec<Block>, Vec<(usize, usize)>) {
    let mut out: Vec<Block> = Vec::new();
    let mut inside: Vec<(usize, usize)> = Vec::new();
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
    let mut all_lines = lines(text);
    // Pleading paper: the line number is margin, not text; a numbered empty line is blank.
    if pleading_numbers(text, &all_lines) {
        for l in &mut all_lines {
            l.0 += line_number_len(&text[l.0..l.1]);
        }
    }
    let double = double_spaced(text, &all_lines);
    let furniture = furniture_lines(text, &all_lines);
    // What lies between the last content line and this one.
    let (mut gap_blank, mut gap_page) = (0usize, false);
    let mut prev_line = (0, 0);
    for (li, &(ls, le)) in all_lines.iter().enumerate() {
        let Some((s, e)) = trimmed(text, ls, le) else {
            gap_blank += 1;
            gap_page |= text[ls..le].contains('\x0c');
            continue;
        };
        if text[ls..le].contains('\x0c') {
            gap_page = true;
        }
        if furniture[li] {
            gap_page = true;
            if para.is_some() {
                inside.push((s, e));
            }
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
    // Keep only furniture that ended up between two lines of one paragraph.
    inside.retain(|&(fs, fe)| {
        out.iter()
            .any(|b| b.kind == BlockKind::Para && b.start < fs && fe < b.end)
    });
    (out, inside)
}

/// Which `lines` (past any pleading line numbers) are page furniture: those
/// [`is_furniture`] knows, and running headers and footers, short lines the same on two pages
/// or more (numbers read as "#") next to a page number, an ECF header, a form feed or the end
/// of the text ("MOTION TO COMPEL ATTENDANCE AT DEPOSITION" under each page number of a
/// pleading, "MOTION TO COMPEL - 3").
fn furniture_lines(text: &str, lines: &[(usize, usize)]) -> Vec<bool> {
    let content: Vec<usize> = (0..lines.len())
        .filter(|&i| !text[lines[i].0..lines[i].1].trim().is_empty())
        .collect();
    let furniture: Vec<bool> = lines
        .iter()
        .map(|&(s, e)| is_furniture(text[s..e].trim()))
        .collect();
    // A page edge: furniture or a form feed; or a lone number set far in from the margin
    // (the page number of pleading paper, which line-number stripping left blank). Once per
    // line: each is looked at from the content lines on both sides.
    let edge: Vec<bool> = (0..lines.len())
        .map(|i| {
            // The raw line, margin number included (back to its terminator, which for text
            // with CR line ends is a '\r': never a scan to the start of the text).
            let ls = text[..lines[i].0].rfind(['\n', '\r']).map_or(0, |k| k + 1);
            let raw = &text[ls..lines[i].1];
            let t = raw.trim();
            let centred_number = !t.is_empty()
                && t.len() <= 4
                && t.bytes().all(|b| b.is_ascii_digit())
                && raw.len() - raw.trim_start().len() >= 8;
            furniture[i] || raw.contains('\x0c') || centred_number
        })
        .collect();
    // From the content line before to the content line after, this line excepted; the last
    // line of the text is at the last page's edge.
    let near_edge = |k: usize| {
        if k + 1 == content.len() {
            return true;
        }
        let from = k.checked_sub(1).map_or(0, |j| content[j]);
        let to = content.get(k + 1).map_or(lines.len() - 1, |&j| j);
        (from..=to).filter(|&i| i != content[k]).any(|i| edge[i])
    };
    // Whitespace collapsed and numbers as "#": the page number changes from page to page
    // ("MOTION FOR RELIEF FROM STAY - 2").
    let key = |i: usize| {
        let (s, e) = lines[i];
        let mut k = String::with_capacity(e - s);
        for w in text[s..e].split_whitespace() {
            if !k.is_empty() {
                k.push(' ');
            }
            let mut digits = false;
            for c in w.chars() {
                if c.is_ascii_digit() {
                    if !digits {
                        k.push('#');
                    }
                    digits = true;
                } else {
                    k.push(c);
                    digits = false;
                }
            }
        }
        k
    };
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut marked: Vec<(usize, String)> = Vec::new();
    for (k, &i) in content.iter().enumerate() {
        if furniture[i] || !near_edge(k) {
            continue;
        }
        let t = key(i);
        let letters = t.chars().filter(|c| c.is_alphabetic()).count();
        if letters < 3 || t.chars().count() > 120 {
            continue;
        }
        let (s, e) = trimmed(text, lines[i].0, lines[i].1).unwrap_or(lines[i]);
        if matches!(
            line_kind(text, s, e),
            BlockKind::ConferralHeading { .. } | BlockKind::Signature
        ) {
            continue;
        }
        *counts.entry(t.clone()).or_default() += 1;
        marked.push((i, t));
    }
    let mut out = furniture;
    for (i, t) in marked {
        out[i] = counts[&t] >= 2;
    }
    out
}

/// Bytes of a pleading-paper line number at the start of `line` ("12  text", " 7"): the
/// number and the whitespace before it; 0 when there is none.
fn line_number_len(line: &str) -> usize {
    let t = line.trim_start_matches([' ', '\t', '\x0c']);
    let digits = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = &t[digits..];
    // pdftotext keeps one space or more between the margin number and the text; a number
    // followed by a digit ("12 2025") is text.
    let numbered = (1..=2).contains(&digits)
        && t[..digits]
            .parse::<u32>()
            .is_ok_and(|n| (1..=32).contains(&n))
        && (rest.trim().is_empty()
            || rest.starts_with("  ")
            || rest.starts_with('\t')
            || (rest.starts_with(' ') && !rest[1..].starts_with(|c: char| c.is_ascii_digit())));
    if numbered {
        line.len() - rest.len()
    } else {
        0
    }
}

/// The text is on pleading paper: most lines start with a line number (1-28 per page).
fn pleading_numbers(text: &str, lines: &[(usize, usize)]) -> bool {
    let (mut numbered, mut content) = (0usize, 0usize);
    for &(s, e) in lines {
        let line = &text[s..e];
        if line.trim().is_empty() {
            continue;
        }
        content += 1;
        if line_number_len(line) > 0 {
            numbered += 1;
        }
    }
    numbered >= 12 && numbered * 5 >= content * 2
}

/// `Some(typical line length in bytes)` when the text is double-spaced (a blank line after
/// most lines, as text extracted from pleading paper often is).
pub(super) fn double_spaced(text: &str, lines: &[(usize, usize)]) -> Option<usize> {
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
pub(super) fn ends_sentence_line(para: &str) -> bool {
    let t = para.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')']);
    t.ends_with(['.', '?', '!', ':', ';'])
}

/// Page headers and footers of filed documents: never part of a statement.
pub(super) fn is_furniture(line: &str) -> bool {
    static FURNITURE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?ix)^(?:
                case\s+(?:no\.?\s*)?\d[\w:()-]*\s+(?:document|doc\.?|dkt\.?|ecf(?:\s+no\.?)?|\#)\s*\d+\b.*\b(?:page|pg)\s*\d+(?:\s*of\s*\d+)?.*
              | case\s+(?:no\.?\s*)?\d[\w:()-]*\s+(?:document|doc\.?|dkt\.?)\s*\d+\s+filed\s+\d.*
              | (?:desc\s+)?(?:main\s+)?document\s+page\s*\d+(?:\s*of\s*\d+)?
              | (?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?
              | page\s+\d{1,4}\s*[-\x{2013}\x{2014}]\s+\S.*
              | -\s*\d{1,4}\s*-
              | \[?\d{1,4}\]?
            )$",
        )
        .expect("furniture pattern compiles")
    });
    line.chars().count() <= 200 && FURNITURE.is_match(line.trim())
}

/// Conferral headings, as lower-case alphanumeric words (punctuation dropped).
pub(super) const HEADINGS: &[&str] = &[
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

/// Start of `text[s..e]` past a paragraph number or letter that opens it ("7. ", "(b) ",
/// "¶ 4 ", "IV. "): the number belongs to the document's outline, not to the statement.
pub(super) fn after_enumerator(text: &str, s: usize, e: usize) -> usize {
    static ENUMERATOR: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        // Pleading-paper line numbers may come first: numbers alone on their lines, then
        // one before the text ("22\n23 4. At 10:50 a.m. ...").
        let num = r"(?:\d{1,3}[.)]|\(\d{1,3}\)|\([a-z]\)|[a-z][.)]|[IVX]{1,5}\.|\(?[ivx]{1,5}\)|¶+\s*\d{1,3}\.?)";
        regex::Regex::new(&format!(
            r"^(?:(?:\d{{1,2}}[ \t]*(?:\r\n|\n|\r)[ \t]*)+(?:\d{{1,2}}[ \t]+)?(?:{num}\s+)?|\d{{1,2}}[ \t]+{num}\s+|{num}\s+)\p{{L}}"
        ))
        .expect("enumerator pattern compiles")
    });
    match ENUMERATOR.find(&text[s..e]) {
        // The match ends one letter into the statement.
        Some(m) => {
            let letter = text[s + m.start()..s + m.end()]
                .chars()
                .last()
                .map_or(0, char::len_utf8);
            s + m.end() - letter
        }
        None => s,
    }
}

/// Alphanumeric words of a line, lower-cased, with the byte offset where each ends.
pub(super) fn words(line: &str, base: usize) -> Vec<(String, usize)> {
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

pub(super) fn is_enumerator(w: &str) -> bool {
    const ROMAN: [&str; 12] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ];
    ROMAN.contains(&w) || w.chars().all(|c| c.is_ascii_digit()) || w.len() == 1
}

pub(super) fn line_kind(text: &str, s: usize, e: usize) -> BlockKind {
    let line = &text[s..e];
    let lower = line.to_lowercase();
    if is_signature(&lower) {
        return BlockKind::Signature;
    }
    if is_toc(line) {
        return BlockKind::Toc;
    }
    // Rule subsections in parentheses ("37(a)(1)", "3.01(g)") and rule abbreviations
    // ("LCivR", "DUCivR", "Civ.", "Fed.") do not make a line mixed-case.
    static SUBSECTION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\([a-z0-9]{1,4}\)|\b[A-Z]+[a-z]+[A-Z][A-Za-z]*\b|\b[A-Z][a-z]{1,4}\.")
            .expect("subsection pattern compiles")
    });
    let has_lower = SUBSECTION
        .replace_all(line, "")
        .chars()
        .any(char::is_lowercase);
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
    let kind_word = has("certif")
        || has("statement")
        || has("declaration")
        || has("affirmation")
        || has("conferral")
        || has("conference")
        || has("consultation")
        || has("effort");
    // Conferral rules named by number: 37(a)(1), D. Kan. 37.2, M.D. Fla. 3.01(g), D. Colo.
    // 7.1(a), D.D.C. 7(m), C.D. Cal. 7-3; or any rule by number ("RULE 7.1.1", "LCR 37"),
    // which the body then has to bear out.
    const RULES: [&str; 6] = ["37 a 1", "37 2", "3 01 g", "7 1 a", "7 m", "7 3"];
    const RULE_WORDS: [&str; 14] = [
        "rule",
        "lr",
        "lcr",
        "lcivr",
        "lcvr",
        "lrciv",
        "ducivr",
        "civr",
        "lbr",
        "r",
        "l",
        "p",
        "procedure",
        "rules",
    ];
    // Rule books abbreviated with a trailing "R" name rules too: CR 26(i) (Washington), UTCR
    // 5.010 (Oregon), NECivR 7.1(j), DUCivR 37-1.
    let rule_word =
        |w: &str| RULE_WORDS.contains(&w) || ["cr", "utcr"].contains(&w) || w.ends_with("civr");
    let numbered_rule = key
        .windows(2)
        .any(|w| rule_word(w[0]) && w[1].starts_with(|c: char| c.is_ascii_digit()));
    // The other side's position, as courts that require it call the section ("POSITION OF
    // OPPOSING COUNSEL", "STATEMENT REGARDING POSITIONS OF OTHER PARTIES"); a party's own
    // position ("PLAINTIFF'S POSITION" in a joint stipulation) is argument.
    let others_position = has("position")
        && (has("opposing")
            || joined.contains("other part")
            || joined.contains("interested part")
            || has("nonmoving"));
    // Short titles that say it all: "MEET-AND-CONFER HISTORY", "Concurrence Sought".
    let short = key.len() - usize::from(key.first().is_some_and(|w| is_enumerator(w))) <= 4;
    let self_titled = others_position
        || (short && ((has("meet") && has("confer")) || key.iter().any(|w| w.contains("concurr"))));
    let topic = has("confer")
        || has("consult")
        || key.iter().any(|w| w.contains("concurr"))
        || has("communicat")
        || has("contact")
        || ((has("effort") || has("attempt")) && has("resolv"))
        || (has("consent") && (has("effort") || has("position") || has("statement")))
        || joined.contains("good faith")
        || numbered_rule
        || RULES
            .iter()
            .any(|r| format!(" {joined} ").contains(&format!(" {r} ")));
    let short_title = line.chars().count() <= 90 && line.trim_end().ends_with(':');
    // "CERTIFICATES OF CONFERENCE AND SERVICE" heads both; a service heading alone does not.
    let service_only = has("service") && !has("confer") && !has("consult");
    if ((kind_word && topic) || self_titled) && !service_only {
        if caps_line || short_title {
            let body_start = separator(line)
                .map(|i| s + i + 1)
                .filter(|&b| caps_line || b == e)
                .unwrap_or(e);
            return BlockKind::ConferralHeading {
                generic: true,
                body_start,
            };
        }
        if let Some(body_start) = run_in_title(line) {
            return BlockKind::ConferralHeading {
                generic: true,
                body_start: s + body_start,
            };
        }
        if title_line(line) {
            return BlockKind::ConferralHeading {
                generic: true,
                body_start: e,
            };
        }
    }
    let lower_norm = normalize(&lower);
    if caps_line || (line.chars().count() <= 60 && lower_norm.starts_with("certificate of service"))
    {
        return BlockKind::Heading;
    }
    BlockKind::Para
}

/// The colon that ends a heading and starts its body on the same line: not one inside a rule
/// number ("RULE 4:1(c)", "R. 1:6-2(c)") nor the one after "RE".
fn separator(line: &str) -> Option<usize> {
    line.match_indices(':').map(|(i, _)| i).find(|&i| {
        let after_ok = line[i + 1..].chars().next().is_none_or(char::is_whitespace);
        let word = line[..i].rsplit(|c: char| !c.is_alphanumeric()).next();
        after_ok && !word.is_some_and(|w| w.eq_ignore_ascii_case("re"))
    })
}

/// Lower-case words a conferral title may hold between its capitalised words ("Certification
/// of meet and confer").
const TITLE_SMALL_WORDS: [&str; 14] = [
    "of",
    "to",
    "and",
    "with",
    "under",
    "pursuant",
    "the",
    "for",
    "re",
    "on",
    "regarding",
    "meet",
    "confer",
    "by",
];

/// A run-in title at the start of a line ("Certification of Compliance with D. Kan. Rule
/// 37.2: Counsel ...", "Rule 37(d)(1)(B) Certification. On April 4 ..."): the byte offset
/// in `line` where the body starts. The title must name the kind of statement and read as a
/// title: capitalised words, rule numbers and small joining words only.
fn run_in_title(line: &str) -> Option<usize> {
    const KINDS: [&str; 9] = [
        "certification",
        "certificate",
        "statement",
        "conferral",
        "conference",
        "declaration",
        "confer",
        "consultation",
        "concurrence",
    ];
    let mut words = 0;
    for (i, c) in line.char_indices() {
        let end_here = match c {
            ':' => true,
            // A period ends the title only right after a kind word ("Certification.").
            '.' => {
                let before = line[..i].rsplit(|c: char| !c.is_alphanumeric()).next();
                before.is_some_and(|w| KINDS.contains(&w.to_lowercase().as_str()))
            }
            _ => false,
        };
        if end_here {
            let rest = &line[i + 1..];
            let body = rest.trim_start();
            let starts_sentence = body.chars().next().is_some_and(|c| c.is_uppercase());
            return (words >= 2 && starts_sentence).then(|| line.len() - body.len());
        }
        if c == ' ' {
            words += 1;
            let next: String = line[i + 1..]
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            // Sentence case names the kind in lower case ("B. Local Rule 3.04(a) statement.").
            let ok = next.is_empty()
                || next.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || TITLE_SMALL_WORDS.contains(&next.as_str())
                || KINDS.contains(&next.as_str());
            if !ok || words > 14 {
                return None;
            }
        }
    }
    None
}

/// A mixed-case title on a line of its own ("Local Civ. Rule 7.02 Certification",
/// "Certification of meet and confer."): capitalised words, rule numbers and small joining
/// words, at most a closing period.
fn title_line(line: &str) -> bool {
    let t = line.trim().trim_end_matches('.');
    let words: Vec<&str> = t.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 12
        && t.chars().count() <= 90
        && !t.ends_with([',', ';'])
        && words[0].starts_with(char::is_uppercase)
        && words.iter().enumerate().all(|(k, w)| {
            let core = w.trim_matches(|c: char| !c.is_alphanumeric());
            core.is_empty()
                || core.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || TITLE_SMALL_WORDS.contains(&core)
                // Sentence case ends on the kind: "Local Rule 2004-1(a) statement."
                || (k + 1 == words.len() && TITLE_KINDS.contains(&core))
        })
}

/// Kinds of statement a sentence-case title may end on in lower case.
const TITLE_KINDS: [&str; 3] = ["statement", "certification", "certificate"];

/// After a known heading's words ending at `after`: `Some(body start)` when the line reads as
/// a heading (nothing else, a separator and body text, or an all-caps heading line).
pub(super) fn heading_rest(text: &str, after: usize, e: usize, caps_line: bool) -> Option<usize> {
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

pub(super) fn is_signature(lower: &str) -> bool {
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

pub(super) fn is_toc(line: &str) -> bool {
    if line.contains("....") || line.contains(". . .") || line.contains('…') {
        return true;
    }
    // "CERTIFICATE OF CONFERENCE\t\t12": a page number after a wide gap.
    let t = line.trim_end();
    let digits = t.len() - t.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let before = &t[..t.len() - digits];
    digits > 0 && digits < t.len() && (before.ends_with('\t') || before.ends_with("   "))
}
