//! ONNX Runtime engine (cargo feature `onnx`): runs `MODEL_DIR/model.onnx`, the graph that
//! `scripts/export_onnx.py` exports from the same weights, through the `ort` crate.
//!
//! ONNX Runtime is not linked at build time: `ort`'s `load-dynamic` opens the shared library
//! at run time, from `ORT_DYLIB_PATH` (else `libonnxruntime.so` on the library search path).
//! The one in the PyPI `onnxruntime` wheel (>= 1.31) works:
//!
//! ```text
//! pip install -r scripts/requirements-onnx.txt
//! python3 scripts/export_onnx.py --model models/conferral-minilm   # writes model.onnx
//! export ORT_DYLIB_PATH=$(python3 -c 'import onnxruntime, glob, os; print(glob.glob(os.path.join(os.path.dirname(onnxruntime.__file__), "capi", "libonnxruntime.so*"))[0])')
//! ```
//!
//! `ort`'s `Session::run` takes `&mut self` while [`Engine::forward`] takes `&self` and is
//! called from several scoring workers at once, so the engine holds a pool of single-thread
//! sessions, each behind a mutex: a call takes the first free one, and spreads its batch over
//! any others that are idle. See [`OnnxEngine::load`] for what `threads` means.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError, TryLockError};

use ort::environment::Environment;
use ort::session::builder::GraphOptimizationLevel;
use ort::session::Session;
use ort::value::Tensor;

use crate::model::engine::{Engine, RawLogits};
use crate::model::error::ModelError;

/// How to get the runtime library, for error messages.
const DYLIB_HELP: &str = "ONNX Runtime (>= 1.31) is loaded at run time: `pip install \
    onnxruntime` (or -r scripts/requirements-onnx.txt) and set ORT_DYLIB_PATH to its \
    libonnxruntime.so, e.g. ORT_DYLIB_PATH=$(python3 -c 'import onnxruntime, glob, os; \
    print(glob.glob(os.path.join(os.path.dirname(onnxruntime.__file__), \"capi\", \
    \"libonnxruntime.so*\"))[0])')";

/// How to make the graph, for error messages.
const EXPORT_HELP: &str = "`python3 scripts/export_onnx.py --model MODEL_DIR` writes \
    MODEL_DIR/model.onnx (pip install -r scripts/requirements-onnx.txt first)";

/// A pool of ONNX Runtime sessions on one `model.onnx`.
pub struct OnnxEngine {
    sessions: Vec<Mutex<Session>>,
    /// Where the next call starts looking for a free session (spreads callers).
    next: AtomicUsize,
    path: PathBuf,
}

/// The process's ONNX Runtime environment (one per process; made on first use).
fn environment() -> Result<Environment, ModelError> {
    static ENV: Mutex<Option<Environment>> = Mutex::new(None);
    let mut env = ENV.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(e) = env.as_ref() {
        return Ok(e.clone());
    }
    let dylib = match std::env::var_os("ORT_DYLIB_PATH") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(format!(
            "{}onnxruntime{}",
            std::env::consts::DLL_PREFIX,
            std::env::consts::DLL_SUFFIX
        )),
    };
    let set = if std::env::var_os("ORT_DYLIB_PATH").is_some_and(|p| !p.is_empty()) {
        "from ORT_DYLIB_PATH"
    } else {
        "ORT_DYLIB_PATH is not set; tried the library search path"
    };
    let built = ort::init_from(&dylib)
        .map_err(|e| e.to_string())
        .and_then(|b| {
            b.with_name("conferral")
                .with_telemetry(false)
                .build()
                .map_err(|e| e.to_string())
        })
        .map_err(|e| ModelError::Invalid {
            path: dylib.clone(),
            message: format!("cannot load ONNX Runtime ({set}): {e}. {DYLIB_HELP}"),
        })?;
    *env = Some(built.clone());
    Ok(built)
}

impl OnnxEngine {
    /// Loads `path` (a `model.onnx` from `scripts/export_onnx.py`) for `threads` compute
    /// threads in all (0 means 1): `threads` sessions of one intra-op thread each. Callers
    /// running at once each get their own session; a call that finds other sessions idle
    /// splits its batch over them, so one caller still uses all `threads` cores. On the
    /// 2-core dev VM (ONNX Runtime 1.32, 500 real statements in sorted batches of 32,
    /// `examples/onnx_speed.rs`) two such sessions ran as fast as or up to 6% faster than one
    /// two-thread session ([`OnnxEngine::with_layout`]`(path, 1, 2)`), with one caller or
    /// two, and about 2.1x candle on the same 2 cores; each extra session costs about 130 MiB
    /// (its own copy of the weights).
    pub fn load(path: &Path, threads: usize) -> Result<Self, ModelError> {
        Self::with_layout(path, threads.max(1), 1)
    }

    /// Loads `sessions` sessions of `intra_threads` intra-op threads each (for measuring
    /// layouts; [`OnnxEngine::load`] picks the one that measured fastest).
    pub fn with_layout(
        path: &Path,
        sessions: usize,
        intra_threads: usize,
    ) -> Result<Self, ModelError> {
        let invalid = |message: String| ModelError::Invalid {
            path: path.to_path_buf(),
            message,
        };
        if !path.is_file() {
            return Err(invalid(format!("no such ONNX model file; {EXPORT_HELP}")));
        }
        let env = environment()?;
        let make = || -> Result<Session, ort::Error> {
            Session::builder(&env)?
                .with_optimization_level(GraphOptimizationLevel::All)?
                .with_intra_threads(intra_threads.max(1))?
                .with_inter_threads(1)?
                .commit_from_file(path)
        };
        // Each session parses and optimises the graph: do it on as many threads.
        let made: Vec<Result<Session, ort::Error>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..sessions.max(1)).map(|_| s.spawn(make)).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect()
        });
        let sessions = made
            .into_iter()
            .map(|r| r.map(Mutex::new))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| {
                invalid(format!(
                    "ONNX Runtime cannot load this graph: {e}; re-export it: {EXPORT_HELP}"
                ))
            })?;
        let engine = OnnxEngine {
            sessions,
            next: AtomicUsize::new(0),
            path: path.to_path_buf(),
        };
        engine.check_signature().map_err(invalid)?;
        Ok(engine)
    }

    /// The file it runs.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Number of sessions in the pool.
    pub fn sessions(&self) -> usize {
        self.sessions.len()
    }

    fn check_signature(&self) -> Result<(), String> {
        let s = self.acquire();
        let inputs: Vec<&str> = s.inputs().iter().map(|i| i.name()).collect();
        let outputs: Vec<&str> = s.outputs().iter().map(|o| o.name()).collect();
        for want in ["input_ids", "attention_mask"] {
            if !inputs.contains(&want) {
                return Err(format!(
                    "not a conferral export: inputs {inputs:?} lack `{want}`; {EXPORT_HELP}"
                ));
            }
        }
        for want in ["classes", "elements"] {
            if !outputs.contains(&want) {
                return Err(format!(
                    "not a conferral export: outputs {outputs:?} lack `{want}`; {EXPORT_HELP}"
                ));
            }
        }
        Ok(())
    }

    /// The first free session, starting at a rotating index; waits for one if all are busy.
    fn acquire(&self) -> MutexGuard<'_, Session> {
        let n = self.sessions.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed) % n;
        for k in 0..n {
            match self.sessions[(start + k) % n].try_lock() {
                Ok(g) => return g,
                Err(TryLockError::Poisoned(p)) => return p.into_inner(),
                Err(TryLockError::WouldBlock) => {}
            }
        }
        self.sessions[start]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs a batch: on the first free session, and when other sessions are idle too, on
    /// them as well, each taking a contiguous share of the batch on its own thread.
    fn run(&self, seqs: &[&[u32]]) -> Result<Vec<RawLogits>, String> {
        let mut guards = vec![self.acquire()];
        let parts = self.sessions.len().min(seqs.len() / MIN_SPLIT).max(1);
        for m in &self.sessions {
            if guards.len() >= parts {
                break;
            }
            if let Ok(g) = m.try_lock() {
                guards.push(g);
            }
        }
        if guards.len() == 1 {
            return run_session(&mut guards[0], seqs);
        }
        let share = seqs.len().div_ceil(guards.len());
        std::thread::scope(|scope| {
            // Guards cannot cross threads; the sessions they lock can.
            let mut sessions = guards.iter_mut().map(|g| &mut **g);
            let first = sessions.next().expect("one session");
            let mut chunks = seqs.chunks(share);
            let head = chunks.next().expect("non-empty batch");
            let rest: Vec<_> = chunks
                .zip(sessions)
                .map(|(chunk, s)| scope.spawn(move || run_session(s, chunk)))
                .collect();
            let mut out = run_session(first, head)?;
            for h in rest {
                out.extend(
                    h.join()
                        .map_err(|_| "a session thread panicked".to_string())??,
                );
            }
            Ok(out)
        })
    }
}

/// A batch is split over idle sessions only if each share gets at least this many
/// statements (smaller shares make small, less efficient matrix products).
const MIN_SPLIT: usize = 4;

/// Runs one padded batch on one session.
fn run_session(session: &mut Session, seqs: &[&[u32]]) -> Result<Vec<RawLogits>, String> {
    let batch = seqs.len();
    let (ids, mask, len) = pad(seqs);
    let shape = [batch as i64, len as i64];
    let ids = Tensor::from_array((shape, ids)).map_err(|e| e.to_string())?;
    let mask = Tensor::from_array((shape, mask)).map_err(|e| e.to_string())?;
    let out = session
        .run(ort::inputs!["input_ids" => ids, "attention_mask" => mask])
        .map_err(|e| e.to_string())?;
    let classes = rows::<2>(&out, "classes", batch)?;
    let elements = rows::<6>(&out, "elements", batch)?;
    Ok(classes
        .into_iter()
        .zip(elements)
        .map(|(classes, elements)| RawLogits { classes, elements })
        .collect())
}

/// Pads token ids to the longest sequence (at least 1) with 0 and builds the attention mask
/// (1 = token, 0 = padding): row-major (batch, len) int64 buffers, and len.
fn pad(seqs: &[&[u32]]) -> (Vec<i64>, Vec<i64>, usize) {
    let len = seqs.iter().map(|s| s.len()).max().unwrap_or(0).max(1);
    let mut ids = Vec::with_capacity(seqs.len() * len);
    let mut mask = Vec::with_capacity(seqs.len() * len);
    for s in seqs {
        ids.extend(s.iter().map(|&t| i64::from(t)));
        ids.extend(std::iter::repeat_n(0, len - s.len()));
        mask.extend(std::iter::repeat_n(1, s.len()));
        mask.extend(std::iter::repeat_n(0, len - s.len()));
    }
    (ids, mask, len)
}

/// Output `name` as `batch` rows of `N` floats.
fn rows<const N: usize>(
    out: &ort::session::SessionOutputs<'_>,
    name: &str,
    batch: usize,
) -> Result<Vec<[f32; N]>, String> {
    let value = out
        .get(name)
        .ok_or_else(|| format!("the graph gave no `{name}` output"))?;
    let (shape, data) = value
        .try_extract_tensor::<f32>()
        .map_err(|e| format!("output `{name}`: {e}"))?;
    if data.len() != batch * N {
        return Err(format!(
            "output `{name}` has shape {shape:?}, expected [{batch}, {N}]"
        ));
    }
    Ok(data
        .chunks_exact(N)
        .map(|c| c.try_into().expect("chunk of N"))
        .collect())
}

impl Engine for OnnxEngine {
    fn name(&self) -> &'static str {
        "onnx"
    }

    fn forward(&self, seqs: &[&[u32]]) -> Result<Vec<RawLogits>, ModelError> {
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        self.run(seqs)
            .map_err(|e| ModelError::Engine(format!("ONNX Runtime ({}): {e}", self.path.display())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_fills_with_zero_and_masks_padding() {
        let (ids, mask, len) = pad(&[&[101, 7, 102], &[101, 102], &[101, 5, 6, 102]]);
        assert_eq!(len, 4);
        assert_eq!(ids, vec![101, 7, 102, 0, 101, 102, 0, 0, 101, 5, 6, 102]);
        assert_eq!(mask, vec![1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 1, 1]);
    }

    #[test]
    fn pad_keeps_equal_lengths_and_large_ids() {
        let (ids, mask, len) = pad(&[&[u32::MAX, 1], &[2, 3]]);
        assert_eq!(len, 2);
        assert_eq!(ids, vec![i64::from(u32::MAX), 1, 2, 3]);
        assert_eq!(mask, vec![1; 4]);
    }

    #[test]
    fn pad_gives_empty_sequences_one_masked_slot() {
        let (ids, mask, len) = pad(&[&[], &[]]);
        assert_eq!(len, 1);
        assert_eq!(ids, vec![0, 0]);
        assert_eq!(mask, vec![0, 0]);
        let (ids, mask, len) = pad(&[]);
        assert_eq!((ids.len(), mask.len(), len), (0, 0, 1));
    }

    #[test]
    fn a_missing_graph_is_an_error_naming_it_and_the_export_script() {
        let path = Path::new("/nonexistent/conferral/model.onnx");
        let err = OnnxEngine::load(path, 1)
            .err()
            .expect("must fail")
            .to_string();
        assert!(err.contains("/nonexistent/conferral/model.onnx"), "{err}");
        assert!(err.contains("scripts/export_onnx.py"), "{err}");
    }
}
