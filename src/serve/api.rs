//! The JSON routes: scoring, court profiles, health and metrics.

use std::panic::AssertUnwindSafe;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::judge::profiles::Registry;
use crate::read::input::Document;
use crate::report::record::{Record, SCHEMA};
use crate::screen::{Prepared, Statements};
use crate::serve::body::{self, BodyKind, ScoreRequest, Upload};
use crate::serve::{ApiError, AppState};

/// `GET /healthz`: the model and version; 200 once the model is loaded (it is before the
/// server listens).
pub async fn healthz(State(app): State<Arc<AppState>>) -> Json<Value> {
    let d = &app.decider;
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "schema": SCHEMA,
        "model": app.screener.model().origin,
        "engine": app.screener.model().engine_label(),
        "thresholds": {"flag": d.flag, "pass": d.pass},
        "court": d.court.map(|p| p.id.clone()),
        "auth": app.config.token.is_some(),
        "batch_size": app.config.batch.batch_size,
        "max_body": app.config.max_body,
        "max_queue": app.config.max_queue,
    }))
}

/// `GET /metrics`: Prometheus text.
pub async fn metrics(State(app): State<Arc<AppState>>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        app.metrics.render(),
    )
        .into_response()
}

/// `GET /v1/courts`: every embedded profile, briefly.
pub async fn courts() -> Result<Json<Value>, ApiError> {
    let reg = Registry::embedded().map_err(|e| ApiError::internal(e.to_string()))?;
    let list: Vec<Value> = reg
        .profiles()
        .iter()
        .map(|p| {
            json!({"id": p.id, "name": p.name, "court": p.court, "rule": p.rule,
                   "level": p.level, "status": p.status})
        })
        .collect();
    Ok(Json(json!({"courts": list})))
}

/// `GET /v1/courts/{id}`: one profile in full (as its TOML file says, plus the TOML text).
pub async fn court(Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let reg = Registry::embedded().map_err(|e| ApiError::internal(e.to_string()))?;
    let p = reg
        .get(&id)
        .map_err(|e| ApiError::not_found(e.to_string()))?;
    let mut v = serde_json::to_value(p).map_err(|e| ApiError::internal(e.to_string()))?;
    v["toml"] = Value::String(p.source.clone());
    Ok(Json(v))
}

/// Documents admitted and not yet answered: given back when the request ends, however.
struct Admission {
    app: Arc<AppState>,
    n: usize,
}

impl Admission {
    fn new(app: &Arc<AppState>, n: usize) -> Result<Admission, ApiError> {
        let q = &app.metrics.queued_documents;
        let mut now = q.load(Ordering::Relaxed);
        loop {
            // An idle server admits any request; a busy one up to --max-queue documents.
            if now > 0 && now + n > app.config.max_queue {
                return Err(ApiError::unavailable(
                    format!(
                        "the queue is full: {now} documents are waiting and this request adds {n} (--max-queue {}); retry later",
                        app.config.max_queue
                    ),
                    1,
                ));
            }
            match q.compare_exchange(now, now + n, Ordering::AcqRel, Ordering::Relaxed) {
                Ok(_) => {
                    return Ok(Admission {
                        app: app.clone(),
                        n,
                    })
                }
                Err(actual) => now = actual,
            }
        }
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        self.app
            .metrics
            .queued_documents
            .fetch_sub(self.n, Ordering::AcqRel);
    }
}

/// `POST /v1/score`: one `conferral/1` record per document, in request order.
pub async fn score(State(app): State<Arc<AppState>>, req: Request) -> Result<Response, ApiError> {
    let limit = app.config.max_body;
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ApiError::too_large(limit));
    }
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let request = match body::kind_of(ct.as_deref())? {
        BodyKind::Json => {
            let bytes = axum::body::to_bytes(req.into_body(), limit)
                .await
                .map_err(|_| ApiError::too_large(limit))?;
            body::parse_json(&bytes)?
        }
        BodyKind::Multipart => read_multipart(&app, req).await?,
    };
    let records = score_request(&app, request).await?;
    Ok(Json(json!({ "records": records })).into_response())
}

/// The parts of a multipart body: files (`file`), and the fields `statement` and `court`.
async fn read_multipart(app: &Arc<AppState>, req: Request) -> Result<ScoreRequest, ApiError> {
    let limit = app.config.max_body;
    let fail = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::too_large(limit)
        } else {
            ApiError::bad_request(format!(
                "the multipart body cannot be read: {}",
                e.body_text()
            ))
        }
    };
    let mut form = Multipart::from_request(req, &())
        .await
        .map_err(|e| ApiError::bad_request(format!("not a multipart body: {}", e.body_text())))?;
    let mut uploads = Vec::new();
    let mut request = ScoreRequest::default();
    while let Some(field) = form.next_field().await.map_err(fail)? {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            "file" => {
                let Some(file) = field.file_name().map(str::to_string).filter(|f| !f.is_empty())
                else {
                    return Err(ApiError::bad_request(
                        "a \"file\" part has no file name (Content-Disposition filename=...)",
                    ));
                };
                body::check_upload_name(&file)?;
                let bytes = field.bytes().await.map_err(fail)?;
                uploads.push(Upload {
                    name: file,
                    bytes: bytes.to_vec(),
                });
            }
            "statement" => {
                let v = field.text().await.map_err(fail)?;
                request.statement = body::form_flag("statement", &v)?;
            }
            "court" => {
                let v = field.text().await.map_err(fail)?;
                let v = v.trim();
                request.court = (!v.is_empty()).then(|| v.to_string());
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown form part \"{other}\": send files as parts named \"file\" (and optionally \"statement\", \"court\")"
                )))
            }
        }
    }
    if uploads.is_empty() {
        return Err(ApiError::bad_request(
            "the form has no part named \"file\": upload one or more files",
        ));
    }
    let opts = app.config.input.clone();
    request.docs = blocking(move || body::upload_documents(uploads, &opts)).await??;
    Ok(request)
}

/// Runs `f` on a blocking thread; a panic is a 500 for this request only.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(format!("a worker failed: {e}")))
}

/// Locates and tokenizes (in slices over the workers), scores in shared batches, judges:
/// one record per document, in order.
pub async fn score_request(
    app: &Arc<AppState>,
    request: ScoreRequest,
) -> Result<Vec<Record>, ApiError> {
    let decider = match request.court.as_deref() {
        Some(id) => app
            .decider
            .with_court(id)
            .map_err(|e| ApiError::bad_request(format!("\"court\": {e} (see GET /v1/courts)")))?,
        None => app.decider,
    };
    let _admitted = Admission::new(app, request.docs.len())?;
    let statement = request.statement;
    let slices = split(request.docs, app.config.batch.workers);
    let mut tasks = Vec::new();
    for slice in slices {
        let s = app.screener.clone();
        tasks.push(blocking(move || {
            slice
                .into_iter()
                .map(|d| {
                    let p = std::panic::catch_unwind(AssertUnwindSafe(|| s.prepare(&d, statement)))
                        .unwrap_or_else(|_| Prepared::Done(panicked(&d, "locating")));
                    (d, p)
                })
                .collect::<Vec<_>>()
        }));
    }
    let mut prepared = Vec::new();
    for t in tasks {
        prepared.extend(t.await?);
    }
    // Every statement of the documents that need the model, in document order.
    let mut seqs = Vec::new();
    for (_, p) in &prepared {
        if let Prepared::Pending(st) = p {
            seqs.extend(st.ids.iter().cloned());
        }
    }
    let mut scores = app.batcher.submit(seqs).scores().await.into_iter();
    let items: Vec<(Document, Prepared, Vec<crate::serve::batcher::Score>)> = prepared
        .into_iter()
        .map(|(d, p)| {
            let n = match &p {
                Prepared::Pending(st) => st.ids.len(),
                Prepared::Done(_) => 0,
            };
            let mine = scores.by_ref().take(n).collect();
            (d, p, mine)
        })
        .collect();
    let mut tasks = Vec::new();
    for slice in split(items, app.config.batch.workers) {
        let (s, decider) = (app.screener.clone(), decider);
        tasks.push(blocking(move || {
            slice
                .into_iter()
                .map(|(d, p, sc)| match p {
                    Prepared::Done(r) => r,
                    Prepared::Pending(st) => complete(&s, &d, &st, sc, &decider),
                })
                .collect::<Vec<_>>()
        }));
    }
    let mut records = Vec::new();
    for t in tasks {
        records.extend(t.await?);
    }
    for r in &records {
        app.metrics.document(r.verdict.as_str());
    }
    Ok(records)
}

fn complete(
    s: &crate::screen::Screener,
    d: &Document,
    st: &Statements,
    scores: Vec<crate::serve::batcher::Score>,
    decider: &crate::judge::decide::Decider,
) -> Record {
    std::panic::catch_unwind(AssertUnwindSafe(|| s.complete(d, st, scores, decider)))
        .unwrap_or_else(|_| panicked(d, "judging"))
}

/// The error record of a document whose processing panicked (a bug): the request and the
/// other documents are still answered.
fn panicked(d: &Document, stage: &str) -> Record {
    Record::error(
        &d.id,
        &d.source,
        format!(
            "{}: internal error while {stage} (please report it)",
            d.source
        ),
    )
}

/// `items` in up to `n` contiguous slices of near-equal length.
fn split<T>(items: Vec<T>, n: usize) -> Vec<Vec<T>> {
    let per = items.len().div_ceil(n.max(1)).max(1);
    let mut out = Vec::new();
    let mut it = items.into_iter().peekable();
    while it.peek().is_some() {
        out.push(it.by_ref().take(per).collect());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_order_and_count() {
        let parts = split((0..10).collect(), 3);
        assert_eq!(parts, vec![vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8, 9]]);
        assert!(split(Vec::<u8>::new(), 4).is_empty());
        assert_eq!(split(vec![1], 0), vec![vec![1]]);
    }
}
