//! Normalisation, cue phrases and the rule features of a candidate.

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

/// Lower-case (ASCII), whitespace runs to one space, hyphenated line breaks joined; with the
/// original byte offset of every output byte.
pub(super) fn normalize_with_map(s: &str) -> (String, Vec<usize>) {
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

pub(super) fn normalize(s: &str) -> String {
    normalize_with_map(s).0
}

pub(super) fn any_of(norm: &str, phrases: &[&str]) -> bool {
    phrases.iter().any(|p| norm.contains(p))
}

pub(super) const CONFERRED: &[&str] = &[
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
    "video conference",
    "videoconference",
    "conferral",
];
/// Reaching out about the motion, short of "conferred".
pub(super) const CONTACT: &[&str] = &[
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
pub(super) const POSITION: &[&str] = &[
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
pub(super) const MEET_AND_CONFER: &[&str] =
    &["meet and confer", "meet-and-confer", "met and confer"];
pub(super) const RULE_CITES: &[&str] = &[
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
pub(super) const GOOD_FAITH: &[&str] = &["good faith", "good-faith", "goodfaith"];
pub(super) const OUTCOME: &[&str] = &[
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
pub(super) const SERVICE: &[&str] = &[
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
pub(super) const ARGUMENT: &[&str] = &[
    "refused",
    "failed to",
    "declined to",
    "ignored",
    "despite",
    "sanction",
    "never ",
];
pub(super) const LEGAL_STANDARD: &[&str] = &[
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
pub(super) const DECLARATIVE: &[&str] = &[
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
pub(super) const CONFERRAL_TERMS: &[&str] = &[
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

/// Words one of which every conferral statement has (beside [`CONFERRAL_TERMS`]): a run of
/// sentences the tagger likes but that has none of them is not a statement.
const STATEMENT_TERMS: &[&str] = &[
    "concur",
    "assent",
    "stipulat",
    "oppos",
    "respon",
    "wrote",
    "written",
    "mail",
    "speak",
    "message",
    "zoom",
    "teams",
    "video",
    "in person",
    "reach",
    "attempt",
    "notif",
    "advise",
    "inform",
    "certif",
    "propos",
];

/// Words that, with even a modest tagger score, make a sentence a statement sentence: the
/// act of conferring ("conferred with", "sought concurrence", "emailed") or the other side's
/// reported position ("does not oppose", "assents").
pub(super) fn strong_cue(norm: &str) -> bool {
    any_of(norm, CONFERRED)
        || any_of(norm, MEET_AND_CONFER)
        || any_of(norm, CONTACT)
        || any_of(norm, POSITION)
        || any_of(norm, &["concurrence", "assents", "conferred"])
}

/// A sentence that says by itself that the other side was asked about this motion and what
/// it answered ("Counsel for Defendant has been consulted and has no objection to this
/// motion"; "conferred with counsel ..., who assents to this motion"): a statement whatever
/// its surroundings.
pub(super) fn self_evident(norm: &str) -> bool {
    let asked = any_of(norm, CONFERRED)
        || any_of(norm, CONTACT)
        || any_of(
            norm,
            &[
                "consulted",
                "sought concurrence",
                "sought the concurrence",
                "requested concurrence",
                "asked whether",
                "asked if",
                "inquired whether",
            ],
        );
    let answered = any_of(norm, POSITION)
        || any_of(
            norm,
            &[
                "assent", "objects", "concur", "consent", "agrees", "agreed", "oppose",
            ],
        );
    let this_motion = any_of(
        norm,
        &[
            "this motion",
            "the motion",
            "this request",
            "the relief",
            "this application",
            "the requested",
            "this extension",
        ],
    );
    let counsel = any_of(norm, &["counsel", "attorney", "lawyer"]);
    asked && answered && (this_motion || counsel)
}

/// Whether normalised text says what a rule requires ("Local Rule 7.1(a)(2) provides, in
/// substance, that a motion may not be filed unless counsel certify ..."): a rule's words, not
/// a statement of what counsel did, however many cues they hold.
pub(super) fn describes_rule(norm: &str) -> bool {
    let rule = any_of(norm, RULE_CITES) || norm.contains("rule ");
    rule && any_of(
        norm,
        &[
            "provides that",
            "provides, in substance, that",
            "provides in substance that",
            "requires that",
            "require that",
            "mandates that",
        ],
    )
}

/// Whether normalised text could be a conferral statement at all (see [`STATEMENT_TERMS`]).
pub(super) fn could_be_statement(norm: &str) -> bool {
    any_of(norm, CONFERRAL_TERMS) || any_of(norm, STATEMENT_TERMS)
}

pub(super) fn is_service(norm: &str) -> bool {
    any_of(norm, SERVICE) && !any_of(norm, CONFERRED) && !any_of(norm, MEET_AND_CONFER)
}

pub(super) fn has_conferral_terms(norm: &str) -> bool {
    any_of(norm, CONFERRAL_TERMS)
}

/// The first sentence cue in normalised text, with its offset; `None` when the paragraph has
/// nothing that could make it a conferral statement.
pub(super) fn first_cue(norm: &str) -> Option<(&'static str, usize)> {
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
pub(super) fn features(body: &str, mid: usize, len: usize) -> Features {
    features_of(body.len(), &normalize(body), mid, len)
}

/// [`features`] of a text already normalised (`norm`, from a text of `body_len` bytes).
pub(super) fn features_of(body_len: usize, norm: &str, mid: usize, len: usize) -> Features {
    let norm = format!(" {norm} ");
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
    f[13] = b(!(0.2..=0.6).contains(&pos) || body_len * 2 > len);
    f[15] = b(!has_conferral_terms(&norm));
    f[16] = b(any_of(&norm, CONTACT));
    Features(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_s_words_are_not_a_statement() {
        for rule in [
            "Local Rule 7.1(a)(2) provides, in substance, that a motion may not be filed unless \
             counsel certify that they have conferred.",
            "Local Rule 7.1(c)(1) requires that the text of a motion state that other parties \
             have been contacted and whether they object.",
        ] {
            let n = normalize(rule);
            assert!(strong_cue(&n) && describes_rule(&n), "{rule}");
        }
        for statement in [
            "Pursuant to Local Rule 7.1(a), counsel conferred by telephone on May 2, 2025, and \
             Defendant opposes the motion.",
            "Counsel conferred as the rule requires, and Plaintiff does not oppose.",
        ] {
            assert!(!describes_rule(&normalize(statement)), "{statement}");
        }
    }
}
