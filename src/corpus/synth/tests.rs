use super::dates::{Date, DateFmt};
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

/// The shipped data set is what the generator writes for the command in data/DATASHEET.md
/// (`conferral synth --n 1600 --seed 1`): a change to the code or to data/synth/*.toml that
/// changes the output shows here, and then the data set must be regenerated with it.
#[test]
fn shipped_data_set_is_reproduced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("synthetic.jsonl");
    crate::corpus::dataset::write_jsonl(&path, &generate(1600, 1)).unwrap();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/synthetic.jsonl");
    let shipped = std::fs::read(shipped).unwrap();
    assert!(
        std::fs::read(&path).unwrap() == shipped,
        "generate(1600, 1) differs from data/synthetic.jsonl"
    );
}
