//! `conferral._native`: the library's [`conferral::screen::Screener`] for Python.
//!
//! Records cross as their `conferral/1` JSON Lines text, the same serialisation the binary
//! writes, so Python sees exactly the CLI's records; `conferral/__init__.py` parses them and
//! adds the pandas view. Scoring runs with the GIL released, on the screener's own workers.

use std::path::PathBuf;

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use conferral::model::classifier::{Model, Precision, RunOn};
use conferral::read::input::Document;
use conferral::screen::{ScreenOptions, Screener};

/// A loaded model and decision rule; `score` screens texts on `threads` workers.
#[pyclass(name = "Screener", module = "conferral._native", frozen)]
struct NativeScreener {
    inner: Screener,
    origin: String,
    flag: f32,
    pass: f32,
}

#[pymethods]
impl NativeScreener {
    #[new]
    #[pyo3(signature = (model=None, court=None, statement=false, threads=None, batch_size=8, precision="auto"))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        model: Option<PathBuf>,
        court: Option<String>,
        statement: bool,
        threads: Option<usize>,
        batch_size: usize,
        precision: &str,
    ) -> PyResult<Self> {
        if threads == Some(0) {
            return Err(PyValueError::new_err("threads must be at least 1"));
        }
        let precision = match precision {
            "auto" => None,
            "int8" => Some(Precision::Int8),
            "f32" => Some(Precision::F32),
            other => {
                return Err(PyValueError::new_err(format!(
                    "precision must be \"auto\", \"int8\" or \"f32\", not {other:?}"
                )))
            }
        };
        let how = || RunOn {
            engine: None,
            precision,
        };
        // Loading takes a few tenths of a second; other Python threads go on meanwhile.
        let model = py
            .detach(|| match &model {
                Some(dir) => Model::load_dir_on(dir, how())
                    .map_err(|e| format!("loading model {}: {e}", dir.display())),
                None => Model::embedded_on(how())
                    .map_err(|e| format!("loading the embedded model: {e}")),
            })
            .map_err(PyValueError::new_err)?;
        let mut decider = Screener::default_decider(&model);
        if let Some(id) = court.as_deref() {
            decider = decider
                .with_court(id)
                .map_err(|e| PyValueError::new_err(format!("court {id:?}: {e}")))?;
        }
        let workers = threads.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        });
        let (flag, pass) = (decider.flag, decider.pass);
        let origin = model.origin.clone();
        let inner = Screener::new(
            model,
            ScreenOptions {
                statement_mode: statement,
                decider,
                batch_size: batch_size.max(1),
                workers,
            },
        );
        Ok(NativeScreener {
            inner,
            origin,
            flag,
            pass,
        })
    }

    /// Screens `texts` (ids: `ids`, else their positions); one JSON record per text, in order.
    #[pyo3(signature = (texts, ids=None))]
    fn score(
        &self,
        py: Python<'_>,
        texts: Vec<String>,
        ids: Option<Vec<String>>,
    ) -> PyResult<Vec<String>> {
        let ids = match ids {
            Some(ids) if ids.len() != texts.len() => {
                return Err(PyValueError::new_err(format!(
                    "ids has {} items but texts has {}: give one id per text",
                    ids.len(),
                    texts.len()
                )))
            }
            Some(ids) => ids,
            None => (0..texts.len()).map(|i| i.to_string()).collect(),
        };
        let docs: Vec<Document> = ids
            .into_iter()
            .zip(texts)
            .map(|(id, text)| Document {
                source: id.clone(),
                id,
                text: Ok(text),
                notes: Vec::new(),
                extra: Default::default(),
            })
            .collect();
        py.detach(|| {
            self.inner
                .screen(docs)
                .iter()
                .map(serde_json::to_string)
                .collect::<Result<Vec<String>, _>>()
        })
        .map_err(|e| PyRuntimeError::new_err(format!("cannot encode a record: {e}")))
    }

    /// Where the model came from: `embedded` or its directory.
    #[getter]
    fn model_origin(&self) -> &str {
        &self.origin
    }

    /// Scores below this are `insufficient`.
    #[getter]
    fn flag_below(&self) -> f32 {
        self.flag
    }

    /// Scores at or above this are `sufficient`.
    #[getter]
    fn pass_above(&self) -> f32 {
        self.pass
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // As the binary does by default (`--model-threads 1`): one thread inside each forward
    // pass, the `threads` workers side by side; candle reads this at its parallel operations.
    // A value the user set is kept.
    for var in ["RAYON_NUM_THREADS", "CANDLE_NUM_THREADS"] {
        if std::env::var_os(var).is_none() {
            std::env::set_var(var, "1");
        }
    }
    m.add_class::<NativeScreener>()?;
    m.add("ELEMENTS", conferral::corpus::dataset::ELEMENTS.to_vec())?;
    m.add("SCHEMA", conferral::report::record::SCHEMA)?;
    Ok(())
}
