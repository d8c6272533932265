//! Rule-based evidence for the rubric elements, with character spans into the statement.
//!
//! The transformer's element head gives a probability per element; these rules give the
//! *evidence* a person can check (the words that show a date, a means, a participant...) and
//! the facts the court profiles need that the model does not report: the time of day, which
//! means were used (live or written), one-way contact, the number of attempts and contact
//! that came too late. [`detect`] never fails: any text yields an [`Evidence`].
//!
//! Offsets count characters (Unicode scalar values) of the text given to [`detect`], `end`
//! exclusive, like [`crate::report::record::Span`].

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;
use serde::Serialize;

/// One piece of evidence: `text` is the statement's characters `start..end`; `cue` says
/// what kind of evidence it is (e.g. `date`, `email`, `no_response`).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub cue: &'static str,
}

/// The rule evidence for one element: `present` when any span was found.
#[derive(Serialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    pub present: bool,
    pub spans: Vec<Hit>,
}

impl Element {
    fn from_hits(spans: Vec<Hit>) -> Element {
        Element {
            present: !spans.is_empty(),
            spans,
        }
    }

    /// Whether any span has one of these cues.
    pub fn has_cue(&self, cues: &[&str]) -> bool {
        self.spans.iter().any(|h| cues.contains(&h.cue))
    }
}

/// How the parties communicated.
#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Means {
    InPerson,
    Phone,
    Video,
    Letter,
    Email,
    Voicemail,
    TextMessage,
    Fax,
}

impl Means {
    pub const ALL: [Means; 8] = [
        Means::InPerson,
        Means::Phone,
        Means::Video,
        Means::Letter,
        Means::Email,
        Means::Voicemail,
        Means::TextMessage,
        Means::Fax,
    ];

    /// The cue name of this means in [`Hit::cue`].
    pub fn as_str(self) -> &'static str {
        match self {
            Means::InPerson => "in_person",
            Means::Phone => "phone",
            Means::Video => "video",
            Means::Letter => "letter",
            Means::Email => "email",
            Means::Voicemail => "voicemail",
            Means::TextMessage => "text_message",
            Means::Fax => "fax",
        }
    }

    /// A live exchange: in person, by telephone or by video. Letters, emails, voicemails,
    /// texts and faxes are one-way or written.
    pub fn is_live(self) -> bool {
        matches!(self, Means::InPerson | Means::Phone | Means::Video)
    }

    fn from_cue(cue: &str) -> Option<Means> {
        Means::ALL.into_iter().find(|m| m.as_str() == cue)
    }
}

/// Everything the rules found in one statement.
#[derive(Serialize, Clone, Debug, Default, PartialEq)]
pub struct Evidence {
    pub participants: Element,
    pub when: Element,
    pub means: Element,
    pub dialogue: Element,
    pub issues: Element,
    pub outcome: Element,
    /// Time of day of a contact ("at 2:00 p.m.").
    pub time: Element,
    /// Named people (a subset of the participant spans): "Mr. Doe", "Attorney Roe".
    pub names: Element,
    /// One-way contact or non-response: a single email sent, "did not respond".
    pub one_way: Element,
    /// Contact after filing or too close to it: "after filing", "hours before filing".
    pub late: Element,
    /// The statement says no conference took place.
    pub no_conference: Element,
    /// Distinct means found, in [`Means::ALL`] order.
    pub means_used: Vec<Means>,
    /// Distinct dated contacts, or the number of contacts the statement gives ("three
    /// calls"), whichever is larger; 1 when a contact is described without a date.
    pub attempts: usize,
}

impl Evidence {
    /// The evidence for a rubric element by name (see [`crate::corpus::dataset::ELEMENTS`]).
    pub fn element(&self, name: &str) -> Option<&Element> {
        Some(match name {
            "participants" => &self.participants,
            "when" => &self.when,
            "means" => &self.means,
            "dialogue" => &self.dialogue,
            "issues" => &self.issues,
            "outcome" => &self.outcome,
            _ => return None,
        })
    }

    /// Some contact was live: in person, by telephone or by video.
    pub fn live_contact(&self) -> bool {
        self.means_used.iter().any(|m| m.is_live())
    }

    /// Means were stated, and none of them was live.
    pub fn written_only(&self) -> bool {
        !self.means_used.is_empty() && !self.live_contact()
    }
}

/// A compiled rule: its cue and expression.
struct Rule {
    cue: &'static str,
    re: Regex,
}

fn rules(list: &[(&'static str, &str)]) -> Vec<Rule> {
    list.iter()
        .map(|(cue, pat)| Rule {
            cue,
            // The expressions are constants of this file, checked by the tests.
            re: Regex::new(pat).unwrap_or_else(|e| panic!("bad element rule {cue}: {e}")),
        })
        .collect()
}

const MONTH: &str = r"(?:january|february|march|april|(?-i:May|MAY)|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?";
const YEAR: &str = r"(?:,?\s+(?:19|20)\d{2}\b)?";
const NUMBER: &str = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|multiple|numerous|repeated|a\s+few)";

struct Rules {
    when: Vec<Rule>,
    time: Vec<Rule>,
    means: Vec<Rule>,
    participants: Vec<Rule>,
    names: Vec<Rule>,
    dialogue: Vec<Rule>,
    one_way: Vec<Rule>,
    no_conference: Vec<Rule>,
    issues: Vec<Rule>,
    outcome: Vec<Rule>,
    late: Vec<Rule>,
    counts: Regex,
    negation: Regex,
    not_contact: Regex,
}

fn compiled() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let m = MONTH;
        let date1 = format!(r"(?i)\b{m}\s+\d{{1,2}}(?:st|nd|rd|th)?\b{YEAR}");
        let date2 = format!(r"(?i)\b(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+(?:day\s+)?(?:of\s+)?{m}{YEAR}");
        let month_year = format!(r"(?i)\b(?:in|during|since|early|late|mid-?)\s+{m},?\s+(?:19|20)\d{{2}}\b");
        let relative = format!(
            r"(?i)\b(?:yesterday|today|tonight|this\s+(?:morning|afternoon|evening|week)|earlier\s+(?:today|this\s+week)|last\s+(?:week|month|night|monday|tuesday|wednesday|thursday|friday)|the\s+(?:previous|prior|following|next)\s+(?:day|week|morning)|{NUMBER}\s+(?:days?|weeks?)\s+(?:ago|earlier|later|before|prior))\b"
        );
        let counts = format!(
            r"(?i)\b({NUMBER})\s+(?:separate\s+|different\s+|additional\s+|further\s+)?(?:occasions|times|attempts|(?:telephone\s+|phone\s+)?calls|e-?mails|letters|voice[- ]?mails|messages|conferences|meetings)\b|\b(twice|thrice)\b"
        );
        Rules {
            when: rules(&[
                ("date", &date1),
                ("date", &date2),
                ("date", r"\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b"),
                ("date", r"\b(?:19|20)\d{2}-\d{1,2}-\d{1,2}\b"),
                ("date", r"\b\d{1,2}-\d{1,2}-(?:(?:19|20)\d{2}|\d{2})\b"),
                ("date", r"\b\d{1,2}\.\d{1,2}\.(?:19|20)\d{2}\b"),
                ("month", &month_year),
                ("weekday", r"(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b"),
                ("relative", &relative),
            ]),
            time: rules(&[
                ("time", r"(?i)\b(?:(?:at|around|about|by)\s+)?\d{1,2}(?::\d{2})?\s*(?:[ap]\.\s?m\.|[ap]m\b)(?:\s+(?:[ecmp][sd]?t|eastern|central|mountain|pacific)\b)?"),
                ("time", r"(?i)\b(?:(?:at|around|about|by)\s+)?\d{1,2}:\d{2}\s+(?:[ecmp][sd]t|eastern|central|mountain|pacific)\b"),
                ("time", r"(?i)\b(?:at|around|about|before|after)\s+(?:noon|midnight|\d{1,2}:\d{2})\b"),
                ("time", r"(?i)\b\d{1,2}\s+o['’]clock\b"),
            ]),
            means: rules(&[
                ("in_person", r"(?i)\bin[- ]person\b|\bface[- ]to[- ]face\b|\bpersonally\s+met\b|\bmet\s+(?:at|in)\s+(?:the\s+)?(?:offices?|chambers|courthouse|conference\s+room)\b|\bmeeting\s+at\s+(?:the\s+)?offices?\b"),
                ("phone", r"(?i)\b(?:tele)?phon(?:e|ed|es|ic|ically)\b|\b(?:conference|phone)\s+calls?\b|\b(?:a|one|two|three|four|several|multiple|numerous|brief|lengthy|follow-up|\d+)\s+calls?\b|\bcalled\s+(?:opposing|defense|plaintiff|defendant|counsel|him|her|them|mr|ms|mrs|attorney)"),
                ("video", r"(?i)\bvideo(?:[- ]?conferenc(?:e|ing)|\s+call|\s+conference)?\b|\bzoom\b|\bwebex\b|\bgoogle\s+meet\b|\bskype\b|\b(?:microsoft|ms)\s+teams\b|\b(?:via|by|over|on|through)\s+teams\b"),
                ("letter", r"(?i)\bletters?\b|\bcorrespondence\b|\bwrote\s+to\b|\bby\s+(?:u\.\s?s\.|first[- ]class|certified)?\s*mail\b|\bmailed\b"),
                ("email", r"(?i)\be-?mail(?:s|ed)?\b|\belectronic\s+mail\b"),
                ("voicemail", r"(?i)\bvoice[- ]?mails?\b|\bleft\s+(?:a\s+|two\s+|three\s+|several\s+|multiple\s+)?(?:detailed\s+)?messages?\b"),
                ("text_message", r"(?i)\btext(?:ed|\s+messages?)\b|\bsms\b"),
                ("fax", r"(?i)\bfax(?:ed|es)?\b|\bfacsimile\b|\btelecop(?:y|ied)\b"),
            ]),
            participants: rules(&[
                ("counsel_for", r"(?i:\bcounsel\s+(?:of\s+record\s+)?for\s+(?:the\s+)?(?:plaintiffs?|defendants?|movants?|respondents?|petitioners?|debtors?|creditors?|third[- ]part(?:y|ies)|non-?part(?:y|ies)|all\s+parties|the\s+parties|both\s+parties)\b)"),
                ("counsel_for", r"(?i:\bcounsel\s+for\s+)[A-Z][\w&'.-]*(?:\s+[A-Z][\w&'.-]*){0,4}"),
                ("party_counsel", r"(?i)\b(?:plaintiffs?|defendants?|movants?|respondents?|petitioners?|debtors?)['’]?s?['’]?\s+(?:lead\s+|local\s+|trial\s+)?(?:counsel|attorneys?|lawyers?)\b"),
                ("role", r"(?i)\b(?:opposing|undersigned|defense|lead|local|trial)\s+counsel\b|\bthe\s+undersigned\b|\bcounsel\s+for\s+(?:the\s+)?(?:opposing|other)\s+part(?:y|ies)\b"),
            ]),
            names: rules(&[
                ("name", r"\b(?:Mr|Ms|Mrs|Dr|Miss)\.?\s+(?:[A-Z]\.\s+)?[A-Z][A-Za-z'’-]+"),
                ("name", r"\b(?i:attorneys?)\s+[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’-]+)?"),
                ("name", r"\(\s*(?:[A-Z][a-z]*\.?\s+)?(?:[A-Z]\.\s*)?[A-Z][a-z'’-]+(?:\s+and\s+(?:[A-Z][a-z]*\.?\s+)?(?:[A-Z]\.\s*)?[A-Z][a-z'’-]+)?\s*\)"),
                ("name", r"\b[A-Z][a-z]+\s+(?:[A-Z]\.\s+)?[A-Z][a-z'’-]+,?\s+(?:Esq\b\.?|\(?(?i:counsel|attorneys?)\s+(?:for|of\s+record))"),
                ("name", r"\b(?i:counsel|attorneys?),?\s+[A-Z][a-z]+\s+(?:[A-Z]\.\s+)?[A-Z][a-z'’-]+"),
                ("name", r"(?i:\bcounsel\s+for\s+(?:the\s+)?(?:plaintiffs?|defendants?|movants?|respondents?)),?\s+\(?[A-Z][a-z]+\s+(?:[A-Z]\.\s+)?[A-Z][a-z'’-]+"),
                ("name", r"\bI,\s+[A-Z][a-z]+\s+(?:[A-Z]\.\s+)?[A-Z][a-z'’-]+"),
            ]),
            dialogue: rules(&[
                ("met_and_conferred", r"(?i)\bmet\s+and\s+conferred\b"),
                ("discussed", r"(?i)\bdiscuss(?:ed|ion|ions|ing)\b"),
                ("conferred", r"(?i)\bconferred\s+(?:by|via|over|in\s+person|telephonically|for|at\s+length|on|regarding|about|with\s+\w+\s+by)\b"),
                ("spoke", r"(?i)\b(?:spoke|spoken|talked|conversation|conversations|teleconference)\b"),
                ("agreed", r"(?i)\bagreed\b"),
                ("exchange", r"(?i)\bnegotiat(?:ed|ions?)\b|\bexchanged\s+(?:views|positions|proposals|offers)\b|\b(?:responded|replied)\b"),
                ("went_through", r"(?i)\b(?:went|walked|worked|go|going)\s+through\b|\bhash(?:ed|ing)?\s+out\b|\bironed\s+out\b"),
                ("met", r"(?i)\bmet\s+(?:with|in\s+person|face[- ]to[- ]face|at|for|on|in)\b|\b(?:held|had|participated\s+in|attended|joined)\s+(?:a|an|the|two|three|several)\s+(?:\S+\s+){0,3}(?:calls?|conferences?|meetings?|sessions?|teleconferences?)\b"),
                ("answer", r"(?i)\b(?:stated|said|indicated|advised|explained|confirmed|countered|proposed|offered|insisted|maintained|represented|responded|replied)\s+(?:\w+\s+){0,2}that\b|\btook\s+the\s+position\b"),
            ]),
            one_way: rules(&[
                ("single_contact", r"(?i)\b(?:sent|mailed|faxed|e-?mailed|wrote|left|served|delivered)\s+(?:to\s+\w+\s+)?(?:a|an|one|the)\s+(?:single\s+|brief\s+|short\s+)?(?:e-?mail|letter|voice[- ]?mail|message|fax|(?:golden[- ]rule|meet[- ]and[- ]confer|deficiency)\s+letter)\b"),
                ("draft_motion", r"(?i)\b(?:sent|provided|forwarded|e-?mailed|served)\s+(?:\w+\s+){0,3}(?:a\s+|the\s+)?(?:copy\s+of\s+(?:the\s+|this\s+)?)?draft\b"),
                ("no_response", r"(?i)\b(?:did\s+not|has\s+not|have\s+not|had\s+not|never|failed\s+to|refused\s+to)\s+(?:yet\s+)?(?:respond|responded|reply|replied|return(?:ed)?|answer(?:ed)?|acknowledge[sd]?)\b|\bno\s+(?:response|reply|answer)\b|\bwithout\s+(?:a\s+|any\s+)?(?:response|reply)\b|\bunresponsive\b|\bnot\s+heard\s+back\b|\breceived\s+no\b"),
            ]),
            no_conference: rules(&[
                ("no_conference", r"(?i)\bno\s+(?:conference|meet[- ]and[- ]confer)\s+(?:was\s+held|took\s+place|occurred|has\s+(?:been\s+held|occurred|taken\s+place))\b|\b(?:did|have|has|had|could|were|was)\s+not\s+(?:been\s+able\s+to\s+|able\s+to\s+)?(?:confer|conferred|meet\s+and\s+confer)\b|\bunable\s+to\s+(?:confer|reach\s+(?:opposing\s+)?counsel)\b|\bwithout\s+conferring\b"),
            ]),
            issues: rules(&[
                ("numbered_request", r"(?i)\b(?:interrogator(?:y|ies)|requests?\s+for\s+(?:production|admissions?|inspection)(?:\s+of\s+documents)?|rfps?|rfas?|document\s+requests?|requests?)\s*(?:nos?\.?|numbers?|#)?\s*\d+[a-z]?(?:\s*(?:-|–|through|to|and|,|&)\s*(?:nos?\.?\s*)?\d+[a-z]?)*"),
                ("discovery", r"(?i)\binterrogator(?:y|ies)\b|\brequests?\s+for\s+(?:production|admissions?|inspection)\b|\bdepositions?\b|\bsubpoenas?(?:\s+duces\s+tecum)?\b|\bprivilege\s+log\b|\binitial\s+disclosures\b|\bsearch\s+terms\b|\besi\b|\bexpert\s+(?:reports?|disclosures?)\b|\bproduction\s+of\b|\b(?:discovery\s+)?(?:responses|objections)\b"),
                ("this_motion", r"(?i)\b(?:this|the\s+instant|the\s+present|the\s+within)\s+motion\b|\b(?:rogs?|rfps?|rfas?)\b|\bdocuments?\b|\bproduction\b|\brecords\b"),
                ("relief", r"(?i)\b(?:the\s+)?relief\s+(?:requested|sought)\b|\b(?:the\s+)?(?:issues|matters|disputes?|requests)\s+(?:raised|presented|set\s+forth|addressed|at\s+issue)\s+in\s+(?:this|the)\s+motion\b|\b(?:the\s+)?subject\s+(?:matter\s+)?of\s+(?:this|the)\s+motion\b|\bprotective\s+order\b|\bconfidentiality\s+(?:order|agreement|designations?)\b|\bextension\s+of\s+(?:time|the\s+deadline)\b|\bleave\s+to\s+(?:amend|file)\b|\bcontinuance\b"),
            ]),
            outcome: rules(&[
                ("unopposed", r"(?i)\bunopposed\b|\b(?:does|do|will|did)\s+not\s+oppose\b|\bno\s+objection\b|\bconsent(?:s|ed)?\s+to\b|\bagreed\s+to\b|\breached\s+(?:an?\s+)?agreement\b|\bresolved\b|\bwithdr(?:ew|awn)\b"),
                ("opposed", r"(?i)\boppos(?:es|ed|e|ition)\b"),
                ("impasse", r"(?i)\bimpasse\b|\bunable\s+to\s+(?:resolve|reach|agree)\b|\b(?:could|can|did|were\s+not\s+able\s+to)\s+not\s+(?:resolve|reach|agree)\b|\bcould\s+not\s+(?:resolve|reach|agree)\b|\bno\s+agreement\b|\bunresolved\b|\bremains?\s+in\s+dispute\b"),
                ("narrowed", r"(?i)\bnarrow(?:ed|ing)?\b"),
                ("no_position", r"(?i)\b(?:takes?|taken|taking)\s+no\s+position\b|\bno\s+position\b"),
                ("refused", r"(?i)\b(?:refused|declined|rejected)\b|\bwill\s+not\s+(?:produce|agree|supplement|withdraw|provide|stipulate|consent|reschedule|appear)\b|\b(?:maintain(?:s|ed)?|stands?|stood)\s+(?:on\s+|by\s+)?(?:its|their|his|her|the|all)\s+(?:\w+\s+)?objections?\b|\b(?:does|do|will|did)\s+not\s+object\b"),
                ("no_response", r"(?i)\bno\s+(?:response|reply|answer)\b|\b(?:has|have|had)\s+not\s+(?:yet\s+)?(?:responded|replied|returned)\b|\bnever\s+(?:responded|replied|returned|heard)\b|\bdid\s+not\s+(?:respond|reply|return)\b|\bnot\s+heard\s+back\b"),
            ]),
            late: rules(&[
                ("after_filing", r"(?i)\bafter\s+(?:the\s+)?(?:filing|(?:this|the)\s+motion\s+(?:was|had\s+been)\s+filed)\b"),
                ("hours_before", r"(?i)\b(?:\d+|one|two|three|four|five|six|a\s+few|several)\s+(?:hours?|minutes?)\s+(?:before|prior\s+to)\s+(?:filing|the\s+filing|(?:the|this)\s+motion|the\s+deadline)\b|\b(?:shortly|just|immediately)\s+(?:before|prior\s+to)\s+(?:filing|the\s+filing)\b"),
                ("same_day", r"(?i)\b(?:this\s+morning|earlier\s+today|today|the\s+same\s+day|same\s+day)\b[^.]{0,100}\bfil(?:e|ed|es|ing)\b|\bfil(?:ed|ing)\b[^.;]{0,60}\b(?:this\s+morning|earlier\s+today)\b|\bcontemporaneously\s+with\s+(?:the\s+)?filing\b|\bon\s+the\s+day\s+(?:of\s+filing|this\s+motion\s+(?:was|is)\s+filed)\b"),
            ]),
            counts: Regex::new(&counts).unwrap_or_else(|e| panic!("bad count rule: {e}")),
            not_contact: Regex::new(
                r"(?i)(?:\b(?:by|until|before|due|later\s+than|deadline\s+of)\s+(?:on\s+)?(?:\w+,?\s+)?$|\bfil(?:e|ed|es|ing)\b[^.;]*$)",
            )
            .unwrap_or_else(|e| panic!("bad contact rule: {e}")),
            negation: Regex::new(r"(?i)\b(?:not|never|no|without)\s+(?:\w+\s+){0,2}$|n['’]t\s+(?:\w+\s+)?$")
                .unwrap_or_else(|e| panic!("bad negation rule: {e}")),
        }
    })
}

/// Byte offset -> character offset, for one text.
struct CharIndex {
    /// Byte offset of every character, plus the text length.
    bytes: Vec<usize>,
}

impl CharIndex {
    fn new(text: &str) -> CharIndex {
        let mut bytes: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        bytes.push(text.len());
        CharIndex { bytes }
    }

    fn char_of(&self, byte: usize) -> usize {
        self.bytes.partition_point(|&b| b < byte)
    }
}

/// Every match of the rules, as byte ranges with cues, overlapping ones resolved: the
/// earliest wins, then the longest.
fn find(text: &str, rules: &[Rule]) -> Vec<(usize, usize, &'static str)> {
    let mut found: Vec<(usize, usize, &'static str)> = rules
        .iter()
        .flat_map(|r| {
            r.re.find_iter(text)
                .map(move |m| (m.start(), m.end(), r.cue))
        })
        .filter(|(s, e, _)| e > s)
        .collect();
    found.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut kept: Vec<(usize, usize, &'static str)> = Vec::new();
    for f in found {
        if kept.last().is_none_or(|k| f.0 >= k.1) {
            kept.push(f);
        }
    }
    kept
}

fn hits(text: &str, idx: &CharIndex, found: &[(usize, usize, &'static str)]) -> Vec<Hit> {
    found
        .iter()
        .map(|&(s, e, cue)| Hit {
            start: idx.char_of(s),
            end: idx.char_of(e),
            text: text[s..e].to_string(),
            cue,
        })
        .collect()
}

/// Whether the words just before byte `start` negate what follows ("did not discuss").
fn negated(text: &str, start: usize, negation: &Regex) -> bool {
    let mut from = start.saturating_sub(24);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    negation.is_match(&text[from..start])
}

fn count_word(w: &str) -> usize {
    match w
        .to_ascii_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .as_str()
    {
        "one" => 1,
        "two" | "twice" | "several" | "multiple" | "numerous" | "repeated" | "a few" => 2,
        "three" | "thrice" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        other => other.parse().unwrap_or(0).min(100),
    }
}

/// Finds the element evidence in a statement.
pub fn detect(text: &str) -> Evidence {
    let r = compiled();
    let idx = CharIndex::new(text);
    let when = find(text, &r.when);
    // "Request 4 calls for all documents" is not a telephone call.
    let means: Vec<_> = find(text, &r.means)
        .into_iter()
        .filter(|&(s, e, cue)| {
            !(cue == "phone"
                && text[s..e].to_ascii_lowercase().ends_with("calls")
                && text[e..]
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("for "))
        })
        .collect();
    let dialogue: Vec<_> = find(text, &r.dialogue)
        .into_iter()
        .filter(|&(s, _, _)| !negated(text, s, &r.negation))
        .collect();
    let one_way = find(text, &r.one_way);
    let no_conference = find(text, &r.no_conference);
    let names = find(text, &r.names);
    let mut participant_rules = find(text, &r.participants);
    participant_rules.extend(names.iter().copied());
    participant_rules.sort_by_key(|&(s, e, _)| (s, std::cmp::Reverse(e)));
    let mut participants: Vec<(usize, usize, &'static str)> = Vec::new();
    for p in participant_rules {
        if participants.last().is_none_or(|k| p.0 >= k.1) {
            participants.push(p);
        }
    }

    let means_used: Vec<Means> = {
        let set: BTreeSet<Means> = means.iter().filter_map(|m| Means::from_cue(m.2)).collect();
        set.into_iter().collect()
    };

    // Contacts: dates near a means or contact verb count as dated contacts.
    let contacts: Vec<(usize, usize)> = means
        .iter()
        .chain(&dialogue)
        .chain(&one_way)
        .map(|&(s, e, _)| (s, e))
        .collect();
    let near = |s: usize, e: usize| {
        contacts
            .iter()
            .any(|&(cs, ce)| cs < e + 120 && s < ce + 120)
    };
    // A deadline ("by August 12") or the filing date ("filed this motion on August 14") is
    // not a contact.
    let not_contact = |s: usize| {
        let mut from = s.saturating_sub(40);
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        r.not_contact.is_match(&text[from..s])
    };
    let dated_spans: Vec<(usize, usize, &'static str)> = when
        .iter()
        .filter(|&&(s, e, cue)| cue == "date" && near(s, e) && !not_contact(s))
        .map(|&(s, e, _)| (s, e, "repeated_attempts"))
        .collect();
    let dated: BTreeSet<String> = dated_spans
        .iter()
        .map(|&(s, e, _)| {
            text[s..e]
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect::<String>()
                .to_lowercase()
        })
        .collect();
    let stated = r
        .counts
        .captures_iter(text)
        .filter_map(|c| c.get(1).or(c.get(2)))
        .map(|m| count_word(m.as_str()))
        .max()
        .unwrap_or(0);
    let described = usize::from(!means.is_empty() || !dialogue.is_empty() || !one_way.is_empty());
    let attempts = dated.len().max(stated).max(described);

    // Two or more dated contacts about the dispute are the rubric's "repeated, specific
    // attempts": dialogue even when nobody answered. Their dates are the evidence.
    let dialogue = if dialogue.is_empty() && dated.len() >= 2 {
        dated_spans
    } else {
        dialogue
    };
    let el = |found: &[(usize, usize, &'static str)]| Element::from_hits(hits(text, &idx, found));
    Evidence {
        participants: el(&participants),
        when: el(&when),
        means: el(&means),
        dialogue: el(&dialogue),
        issues: el(&find(text, &r.issues)),
        outcome: el(&find(text, &r.outcome)),
        time: el(&find(text, &r.time)),
        names: el(&names),
        one_way: el(&one_way),
        late: el(&find(text, &r.late)),
        no_conference: el(&no_conference),
        means_used,
        attempts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(e: &Element) -> Vec<&'static str> {
        e.spans.iter().map(|h| h.cue).collect()
    }

    fn texts(e: &Element) -> Vec<&str> {
        e.spans.iter().map(|h| h.text.as_str()).collect()
    }

    /// Every span's offsets select its text from the statement, in characters.
    fn assert_spans_index(text: &str, ev: &Evidence) {
        for e in [
            &ev.participants,
            &ev.when,
            &ev.means,
            &ev.dialogue,
            &ev.issues,
            &ev.outcome,
            &ev.time,
            &ev.names,
            &ev.one_way,
            &ev.late,
            &ev.no_conference,
        ] {
            assert_eq!(e.present, !e.spans.is_empty());
            for h in &e.spans {
                let by_chars: String = text.chars().skip(h.start).take(h.end - h.start).collect();
                assert_eq!(by_chars, h.text, "{h:?}");
            }
        }
    }

    #[test]
    fn rules_compile() {
        let _ = compiled();
    }

    #[test]
    fn sufficient_statement_has_every_element() {
        let t = "On May 2, 2022, counsel for Plaintiff (A. Smith) and counsel for Defendant \
                 (B. Jones) conferred by telephone about the relief requested in this motion. \
                 Defendant opposes the motion.";
        let ev = detect(t);
        assert_spans_index(t, &ev);
        assert_eq!(texts(&ev.when), ["May 2, 2022"]);
        assert_eq!(ev.means_used, [Means::Phone]);
        assert!(ev.participants.present && ev.names.present, "{ev:?}");
        assert!(texts(&ev.names).contains(&"(A. Smith)"), "{:?}", ev.names);
        assert!(ev.dialogue.present);
        assert!(ev.issues.has_cue(&["relief"]));
        assert!(ev.outcome.has_cue(&["opposed"]));
        assert!(!ev.one_way.present && !ev.late.present && !ev.time.present);
        assert_eq!(ev.attempts, 1);
        assert!(ev.live_contact() && !ev.written_only());
    }

    #[test]
    fn dates_in_many_formats() {
        for (t, want) in [
            ("Counsel spoke on March 3, 2021.", "March 3, 2021"),
            ("Counsel spoke on 3/3/21.", "3/3/21"),
            ("Counsel spoke on 2021-03-03.", "2021-03-03"),
            (
                "Counsel spoke on the 3rd of March, 2021.",
                "the 3rd of March, 2021",
            ),
            ("Counsel spoke on 3 March 2021.", "3 March 2021"),
            ("Counsel spoke on Sept. 14th.", "Sept. 14th"),
            ("Counsel spoke on Tuesday.", "Tuesday"),
            ("Counsel spoke yesterday.", "yesterday"),
            ("Counsel spoke two weeks ago.", "two weeks ago"),
            ("Counsel exchanged letters in June 2020.", "in June 2020"),
        ] {
            let ev = detect(t);
            assert_eq!(texts(&ev.when), [want], "{t}");
            assert_spans_index(t, &ev);
        }
        // Not dates: case numbers, times, request numbers, the modal "may".
        let ev = detect("Case No. 3:21-cv-00123. Plaintiff may 3 times... Interrogatories 3-7.");
        assert!(!ev.when.present, "{:?}", ev.when);
    }

    #[test]
    fn times_of_day() {
        for (t, want) in [
            ("They spoke by phone at 2:00 p.m. on May 3.", "at 2:00 p.m."),
            ("They met at 10 AM.", "at 10 AM"),
            ("A call at 4:30 pm CST.", "at 4:30 pm CST"),
            ("A call at 11:15 Eastern.", "at 11:15 Eastern"),
            ("They met at noon.", "at noon"),
        ] {
            let ev = detect(t);
            assert_eq!(texts(&ev.time), [want], "{t}");
        }
        assert!(!detect("Case No. 3:21-cv-00123").time.present);
    }

    #[test]
    fn means_of_every_kind() {
        for (t, m) in [
            (
                "Counsel met in person at the offices of Smith LLP.",
                Means::InPerson,
            ),
            ("Counsel met face-to-face.", Means::InPerson),
            ("Counsel conferred telephonically.", Means::Phone),
            ("Counsel had a lengthy phone call.", Means::Phone),
            ("Counsel conferred by videoconference.", Means::Video),
            ("Counsel conferred via Zoom.", Means::Video),
            ("Counsel conferred over Microsoft Teams.", Means::Video),
            ("Counsel sent a letter.", Means::Letter),
            ("Counsel e-mailed defense counsel.", Means::Email),
            ("Counsel left a voicemail.", Means::Voicemail),
            ("Counsel sent a text message.", Means::TextMessage),
            ("Counsel sent a fax.", Means::Fax),
        ] {
            assert_eq!(detect(t).means_used, [m], "{t}");
        }
        // RFP wording about "calls for" is not a call.
        assert!(!detect("Request 4 calls for all documents.").means.present);
    }

    #[test]
    fn participants_and_names() {
        let t = "Undersigned counsel conferred with Ms. Alvarez, counsel for Acme Corp., and \
                 with Attorney John Doe. Jane Roe, counsel for Defendant, joined.";
        let ev = detect(t);
        assert_spans_index(t, &ev);
        let names = texts(&ev.names);
        assert!(names.contains(&"Ms. Alvarez"), "{names:?}");
        assert!(names.contains(&"Attorney John Doe"), "{names:?}");
        assert!(names.iter().any(|n| n.starts_with("Jane Roe")), "{names:?}");
        assert!(cues(&ev.participants).contains(&"counsel_for"));
        // Role only: participants, but nobody named.
        let ev = detect("Plaintiff's counsel emailed opposing counsel.");
        assert!(ev.participants.present && !ev.names.present, "{ev:?}");
    }

    #[test]
    fn dialogue_cues_and_negation() {
        for t in [
            "The parties met and conferred on May 3.",
            "Counsel discussed each request.",
            "Counsel conferred by telephone.",
            "Counsel spoke for 45 minutes.",
            "The parties agreed to extend the deadline.",
            // A conference in other words: going through, hashing out, meeting, answers.
            "We went through each of the twelve requests.",
            "Counsel hashed out the search terms over two hours.",
            "I met with Ms. Lane at the courthouse after the hearing.",
            "Counsel held a one-hour Teams call on the objections.",
            "Defense counsel stated that the documents do not exist.",
            // Repeated, dated attempts, unanswered: the rubric counts them as dialogue.
            "Counsel called on May 1, 2023 and emailed on May 4, 2023; no reply came.",
        ] {
            assert!(detect(t).dialogue.present, "{t}");
        }
        // One dated contact is not repeated.
        assert!(!detect("Counsel emailed on May 1, 2023.").dialogue.present);
        for t in [
            "Counsel never discussed the motion.",
            "Defense counsel has not responded.",
            "The parties did not speak.",
        ] {
            assert!(!detect(t).dialogue.present, "{t}");
        }
    }

    #[test]
    fn one_way_contact_and_non_response() {
        let t = "On June 1, 2021, Plaintiff's counsel sent a letter to defense counsel \
                 requesting supplemental responses. Defendant did not respond.";
        let ev = detect(t);
        assert_spans_index(t, &ev);
        assert_eq!(cues(&ev.one_way), ["single_contact", "no_response"]);
        assert_eq!(ev.means_used, [Means::Letter]);
        assert!(ev.written_only());
        assert_eq!(ev.attempts, 1);
        let ev = detect("Counsel emailed a copy of the draft motion and received no reply.");
        assert!(ev.one_way.has_cue(&["draft_motion"]), "{:?}", ev.one_way);
        assert!(ev.one_way.has_cue(&["no_response"]));
        let ev = detect("No conference took place because counsel could not be reached.");
        assert!(ev.no_conference.present);
    }

    #[test]
    fn attempts_count_distinct_dated_contacts() {
        let t = "Counsel called defense counsel on May 1, 2023, emailed on May 3, 2023, and \
                 left a voicemail on May 5, 2023; no response was received. The May 1, 2023 \
                 call went unanswered.";
        let ev = detect(t);
        assert_eq!(ev.attempts, 3, "{:?}", ev.when);
        assert!(ev.live_contact());
        assert_eq!(
            detect("Counsel made three calls and sent two letters.").attempts,
            3
        );
        assert_eq!(detect("Counsel tried twice.").attempts, 2);
        assert_eq!(detect("Counsel has complied with the rule.").attempts, 0);
        // A date with no contact near it (a response deadline) is not an attempt.
        let far = format!(
            "Responses were due on January 5, 2022.{} Counsel called defense counsel once.",
            " Filler words here.".repeat(10)
        );
        assert_eq!(detect(&far).attempts, 1);
        // Deadlines and the filing date are not contacts.
        let one = "On August 5, 2024, at 4:12 p.m., counsel for Plaintiff sent an email asking \
                   for supplemental responses by August 12, 2024. Defendant's counsel did not \
                   respond to the email, and Plaintiff filed this motion on August 14, 2024.";
        assert_eq!(detect(one).attempts, 1);
    }

    #[test]
    fn issues_and_outcomes() {
        let ev = detect(
            "Counsel discussed Interrogatories Nos. 3-7 and RFP 9 and the deposition of \
             Mr. Lee. The parties narrowed the dispute to RFP 9; Defendant opposes the rest.",
        );
        let issues = texts(&ev.issues);
        assert!(issues.contains(&"Interrogatories Nos. 3-7"), "{issues:?}");
        assert!(issues.contains(&"RFP 9"), "{issues:?}");
        assert!(issues.contains(&"deposition"), "{issues:?}");
        assert_eq!(cues(&ev.outcome), ["narrowed", "opposed"]);
        for (t, cue) in [
            ("The motion is unopposed.", "unopposed"),
            ("Defendant does not oppose the relief.", "unopposed"),
            ("The parties reached an impasse.", "impasse"),
            ("Defendant takes no position.", "no_position"),
            ("Counsel were unable to resolve the dispute.", "impasse"),
            ("Defendant refused to supplement.", "refused"),
            ("The City stands on its objections.", "refused"),
            ("Counsel has not responded.", "no_response"),
        ] {
            assert_eq!(cues(&detect(t).outcome), [cue], "{t}");
        }
        // "This motion", RFP/ROG shorthand and documents name the subject.
        for t in [
            "We conferred about this motion.",
            "We conferred about ROGs 4 and 5.",
            "We conferred about the documents.",
        ] {
            assert!(detect(t).issues.present, "{t}");
        }
    }

    #[test]
    fn late_contact() {
        for t in [
            "Counsel emailed opposing counsel two hours before filing this motion.",
            "Counsel called after the motion was filed.",
            "This morning, counsel left a voicemail; this motion is being filed today.",
            "Counsel sent the email shortly before filing.",
        ] {
            assert!(detect(t).late.present, "{t}");
        }
        assert!(
            !detect("Before filing this motion, counsel conferred on May 3.")
                .late
                .present
        );
    }

    #[test]
    fn multibyte_text_keeps_char_offsets() {
        let t = "Señor Núñez’s counsel — Ms. Ruiz — spoke by téléphone and by phone on 3/3/21 😀.";
        let ev = detect(t);
        assert_spans_index(t, &ev);
        assert!(ev.when.present && ev.means.present && ev.names.present);
    }

    #[test]
    fn empty_and_odd_text() {
        for t in ["", " ", "\u{feff}", "😀😀", "(((", "9/99/99999"] {
            let ev = detect(t);
            assert_spans_index(t, &ev);
            assert_eq!(ev.attempts, 0);
        }
    }
}
