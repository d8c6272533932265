//! The int8 quality gate on a fixed set, with the embedded model: the rubric-labelled dev
//! statements (written dev and real dev, 435) scored at f32 and at int8. int8 must keep the
//! AUC within 0.002, change at most 0.5% of verdicts, and keep every probability within 0.1
//! (the largest difference is printed). And a statement's record must not depend on what it
//! is batched with, at either precision.
//!
//! On a CPU without AVX-512 VNNI int8 runs the scalar kernel (the same integers, slowly in
//! the test profile): the gate then runs on the first 40 statements.

use conferral::corpus::dataset;
use conferral::eval::metrics::auc_roc;
use conferral::model::classifier::{Model, Precision, RunOn};
use conferral::model::int8::has_vnni;
use conferral::read::input::Document;
use conferral::report::record::Record;
use conferral::screen::Screener;

fn screener(precision: Precision, batch_size: usize) -> Screener {
    let model = Model::embedded_on(RunOn {
        engine: None,
        precision: Some(precision),
    })
    .expect("embedded model loads");
    Screener::with_calibrated(model, true, batch_size, 2)
}

fn docs(texts: &[String]) -> Vec<Document> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document {
            id: format!("s{i}"),
            source: "precision".into(),
            text: Ok(t.clone()),
            notes: Vec::new(),
            extra: Default::default(),
        })
        .collect()
}

fn scores(records: &[Record]) -> Vec<f32> {
    records.iter().map(|r| r.score.expect("scored")).collect()
}

#[test]
fn int8_keeps_the_auc_and_the_verdicts_of_f32() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut data = dataset::read_many(&[
        format!("{root}/data/written_dev.jsonl").into(),
        format!("{root}/data/real_dev.jsonl").into(),
    ])
    .expect("dev data");
    if !has_vnni() {
        eprintln!("no AVX-512 VNNI: the scalar int8 kernel, on 40 statements");
        data.truncate(40);
    }
    let texts: Vec<String> = data.iter().map(|s| s.text.clone()).collect();
    let labels: Vec<bool> = data.iter().map(|s| s.label.is_sufficient()).collect();
    let f32s = screener(Precision::F32, 8).screen(docs(&texts));
    let int8 = screener(Precision::Int8, 8).screen(docs(&texts));
    let (p32, p8) = (scores(&f32s), scores(&int8));
    let (a32, a8) = (
        auc_roc(&p32, &labels).unwrap(),
        auc_roc(&p8, &labels).unwrap(),
    );
    let max_dp = p32
        .iter()
        .zip(&p8)
        .map(|(a, b)| (a - b).abs())
        .fold(0f32, f32::max);
    let flips = f32s
        .iter()
        .zip(&int8)
        .filter(|(a, b)| a.verdict != b.verdict)
        .count();
    eprintln!(
        "{} statements: AUC f32 {a32:.4}, int8 {a8:.4}; largest |dp| {max_dp:.4}; {flips} verdicts differ",
        texts.len()
    );
    assert!((a8 - a32).abs() <= 0.002, "AUC {a32} -> {a8}");
    assert!(
        flips as f64 <= 0.005 * texts.len() as f64,
        "{flips} verdicts differ"
    );
    assert!(max_dp <= 0.1, "largest probability difference {max_dp}");
}

#[test]
fn a_record_does_not_depend_on_its_batch() {
    let root = env!("CARGO_MANIFEST_DIR");
    let data = dataset::read_many(&[format!("{root}/data/real_dev.jsonl").into()]).unwrap();
    let texts: Vec<String> = data.iter().map(|s| s.text.clone()).collect();
    for precision in [Precision::F32, Precision::Int8] {
        let whole = screener(precision, 8).screen(docs(&texts));
        let alone = screener(precision, 1).screen(docs(&texts));
        for (a, b) in whole.iter().zip(&alone) {
            assert_eq!(
                serde_json::to_string(a).unwrap(),
                serde_json::to_string(b).unwrap(),
                "{precision:?}: batched and alone differ"
            );
        }
    }
}
