//! Throughput against batch size and statement length, for the README's plot.
//!
//! For each thread layout (scoring workers x threads inside each forward pass) a child
//! process (this binary again, the layout in its environment, because candle reads its
//! thread count once per process) runs forward passes of the embedded model on real word
//! pieces cut to an exact length: every worker repeats the same batch until the time is up,
//! three times per point; the median of the three statements/s is kept. The parent writes
//! `sweep.csv` and two plots, `throughput_vs_batch` (at 64 tokens) and
//! `throughput_vs_length` (batch 32), as SVG and PNG.
//!
//!     cargo bench --bench sweep -- --out docs/perf
//!
//! Options after `--`: `--out DIR` (default target/sweep), `--seconds S` per repetition
//! (default 0.6), `--layouts 1x1,1x2,2x1` (workers x model threads, candle at the default
//! precision; `int8:WxT` and `f32:WxT` choose candle's precision; `onnx:WxT` runs ONNX
//! Runtime with W callers on W/T sessions of T threads, in a `--features onnx` build with
//! ORT_DYLIB_PATH set and `models/conferral-minilm/model.onnx` exported).

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use conferral::eval::plots::{write_line_chart, LineChart, Series};
use conferral::model::classifier::{Model, Precision, RunOn};

mod common;
use common::Cutter;

const BATCHES: [usize; 7] = [1, 2, 4, 8, 16, 32, 64];
const LENGTHS: [usize; 5] = [16, 32, 64, 128, 256];
const AT_LEN: usize = 64;
const AT_BATCH: usize = 32;
const CHILD: &str = "CONFERRAL_SWEEP_LAYOUT";

#[derive(Clone, Copy)]
struct Layout {
    onnx: bool,
    /// candle's precision (`None`: its default for this CPU).
    precision: Option<Precision>,
    workers: usize,
    threads: usize,
}

impl Layout {
    fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let (onnx, precision, s) = if let Some(rest) = s.strip_prefix("onnx:") {
            (true, None, rest)
        } else if let Some(rest) = s.strip_prefix("int8:") {
            (false, Some(Precision::Int8), rest)
        } else if let Some(rest) = s.strip_prefix("f32:") {
            (false, Some(Precision::F32), rest)
        } else {
            (false, None, s)
        };
        let (w, t) = s.split_once('x')?;
        Some(Layout {
            onnx,
            precision,
            workers: w.trim().parse().ok().filter(|&n| n > 0)?,
            threads: t.trim().parse().ok().filter(|&n| n > 0)?,
        })
    }

    fn spec(self) -> String {
        let engine = match (self.onnx, self.precision) {
            (true, _) => "onnx:".to_string(),
            (false, Some(p)) => format!("{}:", p.name()),
            (false, None) => String::new(),
        };
        format!("{engine}{}x{}", self.workers, self.threads)
    }

    fn name(self) -> String {
        let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        format!(
            "{}{} x {} per pass",
            if self.onnx {
                "ONNX Runtime, ".to_string()
            } else {
                format!(
                    "candle {}, ",
                    self.precision.unwrap_or_else(Precision::auto).name()
                )
            },
            plural(self.workers, "worker"),
            plural(self.threads, "thread")
        )
    }
}

/// The embedded model on the engine `layout` names.
fn model(layout: Layout) -> Model {
    if !layout.onnx {
        return Model::embedded_on(RunOn {
            engine: None,
            precision: layout.precision,
        })
        .expect("embedded model loads");
    }
    #[cfg(feature = "onnx")]
    {
        let path = std::path::Path::new(common::ROOT).join("models/conferral-minilm/model.onnx");
        let sessions = (layout.workers / layout.threads).max(1);
        let engine =
            conferral::model::engine_onnx::OnnxEngine::with_layout(&path, sessions, layout.threads)
                .unwrap_or_else(|e| panic!("{e}"));
        let make: conferral::model::classifier::MakeEngine =
            Box::new(move || Ok(Box::new(engine) as _));
        Model::embedded_on(Some(make)).expect("embedded model loads")
    }
    #[cfg(not(feature = "onnx"))]
    panic!("onnx layouts need `cargo bench --features onnx --bench sweep`")
}

/// Statements per second with `workers` threads each repeating `seqs` for `secs`.
fn rate(m: &Model, seqs: &[Vec<u32>], workers: usize, secs: f64) -> f64 {
    let refs: Vec<&[u32]> = seqs.iter().map(Vec::as_slice).collect();
    m.score_batch(&refs).expect("warm-up pass");
    let done = AtomicUsize::new(0);
    let over = AtomicBool::new(false);
    let start = Instant::now();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                while !over.load(Ordering::Relaxed) {
                    m.score_batch(&refs).expect("forward pass");
                    done.fetch_add(refs.len(), Ordering::Relaxed);
                }
            });
        }
        std::thread::sleep(Duration::from_secs_f64(secs));
        over.store(true, Ordering::Relaxed);
    });
    // Passes still running at the deadline finish and count: divide by the real time.
    done.load(Ordering::Relaxed) as f64 / start.elapsed().as_secs_f64()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// In the child: one CSV row per (batch, length) point.
fn child(layout: Layout, secs: f64) {
    let m = model(layout);
    let cutter = Cutter::new(&m);
    let mut points: Vec<(usize, usize)> = BATCHES.iter().map(|&b| (b, AT_LEN)).collect();
    points.extend(
        LENGTHS
            .iter()
            .filter(|&&l| l != AT_LEN)
            .map(|&l| (AT_BATCH, l)),
    );
    for (batch, len) in points {
        let seqs = cutter.cut(batch, len);
        let r = median(
            (0..3)
                .map(|_| rate(&m, &seqs, layout.workers, secs))
                .collect(),
        );
        let engine = if layout.onnx {
            "onnx".to_string()
        } else {
            format!(
                "candle {}",
                layout.precision.unwrap_or_else(Precision::auto).name()
            )
        };
        println!(
            "{engine},{},{},{batch},{len},{r:.2}",
            layout.workers, layout.threads
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let secs: f64 = opt("--seconds").map_or(0.6, |s| s.parse().expect("--seconds S"));
    if let Ok(l) = std::env::var(CHILD) {
        child(Layout::parse(&l).expect("layout"), secs);
        return;
    }
    let out = PathBuf::from(opt("--out").unwrap_or_else(|| "target/sweep".into()));
    let layouts: Vec<Layout> = opt("--layouts")
        .unwrap_or_else(|| "1x1,1x2,2x1".into())
        .split(',')
        .map(|s| Layout::parse(s).expect("--layouts like 1x2,2x1"))
        .collect();
    let exe = std::env::current_exe().expect("own path");
    let mut csv = String::from("engine,workers,model_threads,batch,tokens,statements_per_s\n");
    let mut by_batch = Vec::new();
    let mut by_len = Vec::new();
    for layout in layouts {
        eprintln!("sweep: {}", layout.name());
        let t = layout.threads.to_string();
        let run = Command::new(&exe)
            .args(["--seconds", &secs.to_string()])
            .env(CHILD, layout.spec())
            .env("RAYON_NUM_THREADS", &t)
            .env("CANDLE_NUM_THREADS", &t)
            .output()
            .expect("run the sweep child");
        assert!(
            run.status.success(),
            "child failed: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let rows = String::from_utf8(run.stdout).expect("utf-8");
        csv.push_str(&rows);
        let (mut b, mut l) = (Vec::new(), Vec::new());
        for row in rows.lines() {
            let f: Vec<f64> = row
                .split(',')
                .skip(1)
                .map(|x| x.parse().expect("number"))
                .collect();
            if f[3] as usize == AT_LEN {
                b.push((f[2], f[4]));
            }
            if f[2] as usize == AT_BATCH {
                l.push((f[3], f[4]));
            }
        }
        l.sort_by(|a, b| a.0.total_cmp(&b.0));
        by_batch.push(Series {
            name: layout.name(),
            points: b,
        });
        by_len.push(Series {
            name: layout.name(),
            points: l,
        });
    }
    std::fs::create_dir_all(&out).expect("create --out");
    std::fs::write(out.join("sweep.csv"), &csv).expect("write sweep.csv");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let title_b = format!("conferral forward passes, {AT_LEN} tokens ({cores} cores)");
    let title_l = format!("conferral forward passes, batch {AT_BATCH} ({cores} cores)");
    for (chart, stem) in [
        (
            LineChart {
                title: &title_b,
                x_desc: "statements per forward pass (batch size)",
                y_desc: "statements / s",
                series: &by_batch,
            },
            "throughput_vs_batch",
        ),
        (
            LineChart {
                title: &title_l,
                x_desc: "tokens per statement",
                y_desc: "statements / s",
                series: &by_len,
            },
            "throughput_vs_length",
        ),
    ] {
        for f in write_line_chart(&chart, &out, stem).expect("plot") {
            eprintln!("wrote {}", f.display());
        }
    }
    print!("{csv}");
}
