//! Throughput of each pipeline stage, on the embedded model and real texts:
//!
//! - `tokenize`: `TextEncoder::encode` over the real statements (`data/real_statements.jsonl`);
//! - `forward/{int8,f32}/b{1,8,32}/t{32,64,128}`: one `Model::score_batch` call at that
//!   precision, batch size and padded length (tokens cut from real statements, [CLS] ...
//!   [SEP]); int8 is skipped on a CPU without AVX-512 VNNI (its scalar kernel is a fallback,
//!   not a speed);
//! - `locate`: `locate::locate_all` on one long motion (the `tests/locate_corpus` motions
//!   concatenated, about 15 pages);
//! - `screen`: `Screener::screen` on 32 whole motions (locate + tokenize + model + decide).
//!
//! Throughput is reported in elements (statements, motions) per second where it applies.
//! Run `cargo bench --bench throughput`; `-- forward` runs one group. Kept short
//! (10 samples, a few seconds each) so the whole run takes a few minutes on 2 cores.

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use conferral::find::locate;
use conferral::model::classifier::{Model, Precision, RunOn};
use conferral::read::input::Document;
use conferral::screen::{ScreenOptions, Screener};

mod common;
use common::{motions, texts, Cutter};

fn model() -> Model {
    Model::embedded().expect("embedded model loads")
}

fn bench_tokenize(c: &mut Criterion) {
    let m = model();
    let statements = texts("data/real_statements.jsonl");
    let mut g = c.benchmark_group("tokenize");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Elements(statements.len() as u64));
    g.bench_function("real_statements", |b| {
        b.iter(|| {
            for t in &statements {
                black_box(m.encoder().encode(black_box(t)).expect("encode"));
            }
        })
    });
    g.finish();
}

fn bench_forward(c: &mut Criterion) {
    let mut g = c.benchmark_group("forward");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    for precision in [Precision::Int8, Precision::F32] {
        if precision == Precision::Int8 && !conferral::model::int8::has_vnni() {
            continue;
        }
        let m = Model::embedded_on(RunOn {
            engine: None,
            precision: Some(precision),
        })
        .expect("embedded model loads");
        let cutter = Cutter::new(&m);
        for &len in &[32usize, 64, 128] {
            for &batch in &[1usize, 8, 32] {
                let seqs = cutter.cut(batch, len);
                let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
                g.throughput(Throughput::Elements(batch as u64));
                g.bench_with_input(
                    BenchmarkId::new(format!("{}/b{batch}", precision.name()), format!("t{len}")),
                    &refs,
                    |b, refs| b.iter(|| black_box(m.score_batch(black_box(refs)).expect("score"))),
                );
            }
        }
    }
    g.finish();
}

fn bench_locate(c: &mut Criterion) {
    let long = motions().join("\n\n");
    let mut g = c.benchmark_group("locate");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .throughput(Throughput::Bytes(long.len() as u64));
    g.bench_function(format!("locate_all/{}KB", long.len() / 1024), |b| {
        b.iter(|| black_box(locate::locate_all(black_box(&long))))
    });
    g.finish();
}

fn bench_screen(c: &mut Criterion) {
    let m = model();
    let decider = Screener::default_decider(&m);
    let screener = Screener::new(
        m,
        ScreenOptions {
            statement_mode: false,
            decider,
            batch_size: 32,
            workers: 1,
        },
    );
    let docs: Vec<Document> = motions()
        .into_iter()
        .take(32)
        .enumerate()
        .map(|(i, text)| Document {
            id: format!("m{i}"),
            source: format!("m{i}.txt"),
            text: Ok(text),
            notes: Vec::new(),
            extra: Default::default(),
        })
        .collect();
    let mut g = c.benchmark_group("screen");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(4))
        .throughput(Throughput::Elements(docs.len() as u64));
    g.bench_function(format!("motions/{}", docs.len()), |b| {
        b.iter_batched(
            || docs.clone(),
            |d| black_box(screener.screen(d)),
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group!(
    benches,
    bench_tokenize,
    bench_forward,
    bench_locate,
    bench_screen
);
criterion_main!(benches);
