//! Statements per second of the ONNX Runtime engine against candle, on the same real
//! statements, sorted by token length and cut into batches (as `conferral score` batches).
//!
//! ```text
//! python3 scripts/export_onnx.py --model models/conferral-minilm
//! export ORT_DYLIB_PATH=...   # see src/engine_onnx.rs
//! cargo run --release --features onnx --example onnx_speed -- [--n 500] [--batch 32] \
//!     [--rounds 3] [--model DIR] [--onnx FILE]... [--layouts 1x2:1,2x1:2,1x1:1]
//! ```
//!
//! A layout `SxT:C` is S sessions of T intra-op threads each, fed by C callers at once (each
//! caller takes every C-th batch). Rounds are interleaved across engines so that load from
//! other processes hits all alike; it prints each engine's median docs/s, the ratio to candle
//! and the largest |margin difference| to candle.

use std::path::PathBuf;
use std::time::Instant;

use conferral::model::classifier::Model;
use conferral::model::engine::Engine;
use conferral::model::engine_onnx::OnnxEngine;

struct Args {
    n: usize,
    batch: usize,
    rounds: usize,
    model: PathBuf,
    onnx: Vec<PathBuf>,
    layouts: Vec<(usize, usize, usize)>,
    data: PathBuf,
}

fn parse_layout(s: &str) -> (usize, usize, usize) {
    let parsed = s.split_once(':').and_then(|(st, c)| {
        let (n, t) = st.split_once('x')?;
        Some((n.parse().ok()?, t.parse().ok()?, c.parse().ok()?))
    });
    parsed.unwrap_or_else(|| panic!("layout {s:?}: expected SESSIONSxTHREADS:CALLERS, e.g. 2x1:2"))
}

fn args() -> Args {
    let mut a = Args {
        n: 500,
        batch: 32,
        rounds: 3,
        model: "models/conferral-minilm".into(),
        onnx: Vec::new(),
        layouts: Vec::new(),
        data: "data/real_statements.jsonl".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut v = || it.next().unwrap_or_else(|| panic!("{k} needs a value"));
        match k.as_str() {
            "--n" => a.n = v().parse().expect("--n"),
            "--batch" => a.batch = v().parse().expect("--batch"),
            "--rounds" => a.rounds = v().parse().expect("--rounds"),
            "--model" => a.model = v().into(),
            "--onnx" => a.onnx.push(v().into()),
            "--data" => a.data = v().into(),
            "--layouts" => a.layouts = v().split(',').map(parse_layout).collect(),
            other => panic!("unknown argument {other}"),
        }
    }
    if a.onnx.is_empty() {
        a.onnx.push(a.model.join("model.onnx"));
    }
    if a.layouts.is_empty() {
        a.layouts = vec![(1, 2, 1), (2, 1, 2), (1, 1, 1)];
    }
    a
}

/// Margins of every batch, running `callers` threads that take every `callers`-th batch.
fn run(engine: &dyn Engine, batches: &[Vec<&[u32]>], callers: usize) -> Vec<Vec<f32>> {
    let mut out: Vec<Vec<f32>> = vec![Vec::new(); batches.len()];
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..callers)
            .map(|c| {
                s.spawn(move || {
                    (c..batches.len())
                        .step_by(callers)
                        .map(|i| {
                            let raw = engine.forward(&batches[i]).expect("forward");
                            (i, raw.iter().map(|r| r.classes[1] - r.classes[0]).collect())
                        })
                        .collect::<Vec<(usize, Vec<f32>)>>()
                })
            })
            .collect();
        for h in handles {
            for (i, m) in h.join().expect("caller thread") {
                out[i] = m;
            }
        }
    });
    out
}

/// Resident memory of this process (Linux), MiB.
fn rss_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        })
        .map_or(0, |kib| kib / 1024)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let a = args();
    let model = Model::load_dir(&a.model).expect("load model directory");
    let raw = std::fs::read_to_string(&a.data).expect("read data");
    let texts: Vec<String> = raw
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text")?.as_str().map(str::to_string))
        .collect();
    let mut seqs: Vec<Vec<u32>> = texts
        .iter()
        .cycle()
        .take(a.n)
        .map(|t| model.encoder().encode(t).expect("encode"))
        .collect();
    seqs.sort_by_key(Vec::len);
    let batches: Vec<Vec<&[u32]>> = seqs
        .chunks(a.batch)
        .map(|c| c.iter().map(Vec::as_slice).collect())
        .collect();
    let mean_len = seqs.iter().map(Vec::len).sum::<usize>() as f64 / seqs.len() as f64;
    println!(
        "{} statements ({} distinct), mean {:.1} tokens, max {}, batch {}, {} rounds",
        seqs.len(),
        texts.len().min(a.n),
        mean_len,
        seqs.last().map_or(0, Vec::len),
        a.batch,
        a.rounds
    );

    // candle through the crate API (one caller; its kernels use RAYON_NUM_THREADS threads).
    let candle_run = |batches: &[Vec<&[u32]>]| -> Vec<Vec<f32>> {
        batches
            .iter()
            .map(|b| {
                let s = model.score_batch(b).expect("candle");
                s.iter().map(|s| s.margin).collect()
            })
            .collect()
    };
    let mut engines: Vec<(String, OnnxEngine, usize)> = Vec::new();
    for path in &a.onnx {
        for &(s, t, c) in &a.layouts {
            let (rss0, t0) = (rss_mib(), Instant::now());
            let e = OnnxEngine::with_layout(path, s, t).unwrap_or_else(|e| panic!("{e}"));
            let name = format!(
                "onnx {} {s} session(s) x {t} thread(s), {c} caller(s)",
                path.display()
            );
            println!(
                "{name}: loaded in {:.2} s, +{} MiB resident",
                t0.elapsed().as_secs_f64(),
                rss_mib().saturating_sub(rss0)
            );
            engines.push((name, e, c));
        }
    }

    // Warm-up and agreement.
    let reference_all = candle_run(&batches);
    let mut worst: Vec<f32> = Vec::new();
    for (_, e, c) in &engines {
        let m = run(e, &batches, *c);
        let d = m
            .iter()
            .flatten()
            .zip(reference_all.iter().flatten())
            .map(|(x, y)| (x - y).abs())
            .fold(0f32, f32::max);
        worst.push(d);
    }

    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); engines.len() + 1];
    for round in 0..a.rounds {
        let t = Instant::now();
        candle_run(&batches);
        rates[0].push(seqs.len() as f64 / t.elapsed().as_secs_f64());
        for (k, (_, e, c)) in engines.iter().enumerate() {
            let t = Instant::now();
            run(e, &batches, *c);
            rates[k + 1].push(seqs.len() as f64 / t.elapsed().as_secs_f64());
        }
        eprintln!(
            "round {}: {}",
            round + 1,
            rates
                .iter()
                .map(|r| format!("{:.1}", r[round]))
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    let candle = median(&mut rates[0].clone());
    println!(
        "candle (1 caller): median {candle:.1} docs/s {:.1?}",
        rates[0]
    );
    for (k, (name, _, _)) in engines.iter().enumerate() {
        let m = median(&mut rates[k + 1].clone());
        println!(
            "{name}: median {m:.1} docs/s ({:.2}x candle) {:.1?}; max |margin - candle| {:.2e}",
            m / candle,
            rates[k + 1],
            worst[k]
        );
    }
}
