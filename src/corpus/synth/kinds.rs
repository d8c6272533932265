//! The kinds: template families, their labels, weights and variants. Each kind's templates
//! are its section of `data/synth/{sufficient,insufficient,one_way,paraphrase}.toml`.

use rand::rngs::StdRng;

use super::ctx::Ctx;
use super::insufficient::*;
use super::one_way::*;
use super::paraphrase::*;
use super::sufficient::*;
use super::Els;
use crate::corpus::dataset::Label;

/// Writes one statement of a kind: variant `usize`, setting the elements it writes.
pub(super) type Build = fn(&mut StdRng, &Ctx, &mut Els, usize) -> String;

pub(super) struct KindSpec {
    pub(super) name: &'static str,
    pub(super) label: Label,
    /// Relative frequency.
    pub(super) weight: u32,
    /// Number of variants, drawn uniformly.
    pub(super) variants: usize,
    pub(super) build: Build,
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

pub(super) const KINDS: &[KindSpec] = &[
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
pub(super) const RESPONSE_KINDS: &[&str] = &[
    "one_way_detailed_email",
    "one_way_letter",
    "dates_no_conferral",
    "multi_round",
];

/// Kinds whose templates speak of deficiencies in discovery.
pub(super) const DISCOVERY_KINDS: &[&str] = &[
    "attempts_ignored_specific",
    "letter_then_call",
    "refused_to_confer",
    "paraphrase_one_way",
    "paraphrase_attempts_ignored",
];
