#![cfg(feature = "onnx")]
//! The ONNX Runtime engine against candle on the same weights (only built with
//! `--features onnx`). Needs the exported graph and the runtime library:
//!
//! ```text
//! pip install -r scripts/requirements-onnx.txt
//! python3 scripts/export_onnx.py --model models/conferral-minilm
//! ORT_DYLIB_PATH=/path/to/site-packages/onnxruntime/capi/libonnxruntime.so.1.NN.N \
//!     cargo test --features onnx --test onnx
//! ```
//!
//! Without them every test fails, saying so: whoever builds with the feature means to test it.

use std::path::{Path, PathBuf};

use conferral::model::classifier::Model;
use conferral::model::engine::{Engine, RawLogits};
use conferral::model::engine_onnx::OnnxEngine;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const TOL: f32 = 1e-3;

fn model_dir() -> PathBuf {
    Path::new(ROOT).join("models/conferral-minilm")
}

/// The ONNX engine on the default model, or a panic that says how to set it up.
fn onnx(threads: usize) -> OnnxEngine {
    let path = model_dir().join("model.onnx");
    if std::env::var_os("ORT_DYLIB_PATH").is_none_or(|p| p.is_empty()) {
        panic!(
            "ORT_DYLIB_PATH is not set: point it at libonnxruntime.so from the onnxruntime \
             wheel (pip install -r scripts/requirements-onnx.txt), e.g. \
             ORT_DYLIB_PATH=$(python3 -c 'import onnxruntime, glob, os; print(glob.glob(os.path.join(os.path.dirname(onnxruntime.__file__), \"capi\", \"libonnxruntime.so*\"))[0])') \
             cargo test --features onnx --test onnx"
        );
    }
    if !path.is_file() {
        panic!(
            "{} is missing: run `python3 scripts/export_onnx.py --model models/conferral-minilm` \
             (pip install -r scripts/requirements-onnx.txt first)",
            path.display()
        );
    }
    OnnxEngine::load(&path, threads).unwrap_or_else(|e| panic!("{e}"))
}

fn candle() -> Model {
    Model::load_dir(&model_dir()).expect("load models/conferral-minilm")
}

/// 20 real statements spread over the range of token lengths, shortest first.
fn statements(model: &Model) -> Vec<(String, Vec<u32>)> {
    let raw = std::fs::read_to_string(Path::new(ROOT).join("data/real_statements.jsonl"))
        .expect("read data/real_statements.jsonl");
    let mut all: Vec<(String, Vec<u32>)> = raw
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text")?.as_str().map(str::to_string))
        .map(|t| {
            let ids = model.encoder().encode(&t).expect("encode");
            (t, ids)
        })
        .collect();
    all.sort_by_key(|(_, ids)| ids.len());
    let n = 20;
    let picked: Vec<_> = (0..n)
        .map(|i| all[i * (all.len() - 1) / (n - 1)].clone())
        .collect();
    let (short, long) = (picked[0].1.len(), picked[n - 1].1.len());
    assert!(long > 3 * short, "lengths {short}..{long} should vary");
    picked
}

/// What is compared: the margin (sufficient minus insufficient logit) and the element
/// probabilities.
#[derive(Clone, Debug)]
struct Out {
    margin: f32,
    elements: [f32; 6],
}

impl From<&RawLogits> for Out {
    fn from(r: &RawLogits) -> Self {
        Out {
            margin: r.classes[1] - r.classes[0],
            elements: r.elements.map(|x| 1.0 / (1.0 + (-x).exp())),
        }
    }
}

fn assert_close(what: &str, i: usize, got: &Out, want: &Out) {
    let d = (got.margin - want.margin).abs();
    assert!(
        d <= TOL,
        "{what}, statement {i}: margin {} vs {} (|diff| {d:.2e})",
        got.margin,
        want.margin
    );
    for (k, (g, w)) in got.elements.iter().zip(&want.elements).enumerate() {
        assert!(
            (g - w).abs() <= TOL,
            "{what}, statement {i}, element {k}: p {g} vs {w}"
        );
    }
}

#[test]
fn margins_agree_with_candle_alone_and_in_padded_batches() {
    let model = candle();
    let engine = onnx(2);
    let st = statements(&model);
    // Reference: candle, each statement alone (no padding).
    let want: Vec<Out> = st
        .iter()
        .map(|(_, ids)| {
            let s = &model.score_batch(&[ids.as_slice()]).expect("candle")[0];
            Out {
                margin: s.margin,
                elements: s.elements,
            }
        })
        .collect();
    let mut worst = 0f32;
    // Alone.
    for (i, (_, ids)) in st.iter().enumerate() {
        let got = engine.forward(&[ids.as_slice()]).expect("onnx alone");
        assert_eq!(got.len(), 1);
        let got = Out::from(&got[0]);
        worst = worst.max((got.margin - want[i].margin).abs());
        assert_close("alone", i, &got, &want[i]);
    }
    // Batches mixing short and long statements (heavy padding), and all 20 at once.
    let order: Vec<usize> = (0..st.len()).map(|k| (k * 7) % st.len()).collect();
    for size in [5, 20] {
        for chunk in order.chunks(size) {
            let batch: Vec<&[u32]> = chunk.iter().map(|&i| st[i].1.as_slice()).collect();
            let got = engine.forward(&batch).expect("onnx batch");
            assert_eq!(got.len(), chunk.len(), "one output per input");
            for (r, &i) in got.iter().zip(chunk) {
                let got = Out::from(r);
                worst = worst.max((got.margin - want[i].margin).abs());
                assert_close(&format!("batch of {size}"), i, &got, &want[i]);
            }
        }
    }
    eprintln!("max |margin difference| onnx vs candle: {worst:.2e}");
}

#[test]
fn scores_through_the_model_api_match_candle() {
    let st = statements(&candle());
    let texts: Vec<&str> = st.iter().map(|(t, _)| t.as_str()).collect();
    let want = candle().score_texts(&texts, 8).expect("candle scores");
    let model = candle().with_engine(Box::new(onnx(1)));
    assert_eq!(model.engine_name(), "onnx");
    let got = model.score_texts(&texts, 8).expect("onnx scores");
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert!(
            (g.margin - w.margin).abs() <= TOL,
            "statement {i}: margin {} vs candle {}",
            g.margin,
            w.margin
        );
        assert!(
            (g.prob - w.prob).abs() <= TOL,
            "statement {i}: calibrated prob"
        );
        assert_eq!(g.tokens, w.tokens);
    }
}

#[test]
fn concurrent_callers_get_the_same_results_as_one() {
    let model = candle();
    let st = statements(&model);
    let engine = onnx(2);
    let batches: Vec<Vec<&[u32]>> = st
        .chunks(4)
        .map(|c| c.iter().map(|(_, ids)| ids.as_slice()).collect())
        .collect();
    let alone: Vec<Vec<RawLogits>> = batches
        .iter()
        .map(|b| engine.forward(b).expect("forward"))
        .collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    batches
                        .iter()
                        .map(|b| engine.forward(b))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            for (got, want) in h.join().expect("caller").into_iter().zip(&alone) {
                let got = got.expect("concurrent forward");
                for (i, (g, w)) in got.iter().zip(want).enumerate() {
                    assert_close("concurrent", i, &g.into(), &w.into());
                }
            }
        }
    });
    assert!(engine.forward(&[]).expect("empty batch").is_empty());
}

#[test]
fn a_graph_that_is_not_onnx_is_a_clear_error() {
    let _ = onnx(1); // fails with the set-up message when the runtime is missing
    let dir = tempfile::tempdir().expect("temp dir");
    let bogus = dir.path().join("model.onnx");
    std::fs::write(&bogus, b"not a protobuf").expect("write");
    let err = OnnxEngine::load(&bogus, 1)
        .err()
        .expect("must fail")
        .to_string();
    assert!(err.contains(&bogus.display().to_string()), "{err}");
    assert!(err.contains("scripts/export_onnx.py"), "{err}");
}
