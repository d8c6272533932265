//! `conferral serve`: the screening pipeline as an HTTP service (axum on tokio) and a web
//! page for people.
//!
//! Routes: `GET /` (the page, [`page`]), `GET /healthz`, `GET /metrics` ([`metrics`]),
//! `POST /v1/score` (JSON or multipart, [`body`]), `GET /v1/courts`, `GET /v1/courts/{id}`
//! ([`api`]). Documents are read and located on tokio's blocking threads; their statements
//! share forward passes with those of other requests in the [`batcher`]. Errors are JSON
//! ([`error::ApiError`]).

pub mod api;
pub mod batcher;
pub mod body;
pub mod error;
pub mod metrics;
pub mod page;

use std::future::{Future, IntoFuture};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::judge::decide::Decider;
use crate::read::input::InputOptions;
use crate::screen::Screener;
pub use batcher::BatchConfig;
pub use error::{ApiError, ServeError};
use metrics::Metrics;

/// Default body limit: 32 MiB.
pub const DEFAULT_MAX_BODY: usize = 32 << 20;

/// How the server runs (the options of `conferral serve`).
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// Requests to `/v1/*` and `/metrics` must carry `Authorization: Bearer TOKEN`.
    pub token: Option<String>,
    /// Bodies over this many bytes get 413.
    pub max_body: usize,
    /// Documents admitted and not yet answered, at most; more get 503 with `Retry-After`
    /// (a request is always admitted when none is waiting, however large).
    pub max_queue: usize,
    pub batch: BatchConfig,
    /// How uploaded files are read (JSONL/CSV fields, OCR).
    pub input: InputOptions,
    /// How long in-flight requests may take to finish after a stop signal.
    pub grace: Duration,
}

/// What the handlers share.
pub struct AppState {
    pub screener: Arc<Screener>,
    pub batcher: batcher::Batcher,
    pub metrics: Arc<Metrics>,
    pub config: ServeConfig,
    /// The thresholds and `--court` of the server; a request's `court` overrides the court.
    pub decider: Decider,
}

impl AppState {
    /// Starts the batch workers on `screener`'s model.
    pub fn new(screener: Screener, config: ServeConfig) -> Arc<AppState> {
        let screener = Arc::new(screener);
        let metrics = Arc::new(Metrics::default());
        let batcher =
            batcher::Batcher::start(screener.clone(), config.batch.clone(), metrics.clone());
        Arc::new(AppState {
            decider: screener.options().decider,
            screener,
            batcher,
            metrics,
            config,
        })
    }
}

/// Every route, with auth, metrics and JSON errors for unknown routes and methods.
pub fn router(state: Arc<AppState>) -> Router {
    let protected = Router::new()
        .route("/v1/score", post(api::score))
        .route("/v1/courts", get(api::courts))
        .route("/v1/courts/{id}", get(api::court))
        .route("/v1/render", post(page::render))
        .route("/metrics", get(api::metrics))
        .route_layer(axum::middleware::from_fn_with_state(state.clone(), auth));
    Router::new()
        .route("/", get(page::page))
        .route("/healthz", get(api::healthz))
        .merge(protected)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // The score route reads its body itself, under `max_body`.
        .layer(DefaultBodyLimit::max(state.config.max_body))
        .layer(axum::middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

async fn not_found(req: Request) -> ApiError {
    ApiError::not_found(format!(
        "no route {} {}: see GET /healthz, /metrics, /v1/courts, POST /v1/score",
        req.method(),
        req.uri().path()
    ))
}

async fn method_not_allowed(req: Request) -> ApiError {
    ApiError::method_not_allowed(format!(
        "{} is not allowed on {}",
        req.method(),
        req.uri().path()
    ))
}

/// `Authorization: Bearer TOKEN` when the server has a token.
async fn auth(State(app): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let Some(token) = app.config.token.as_deref() else {
        return next.run(req).await;
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim);
    match given {
        Some(t) if same(t.as_bytes(), token.as_bytes()) => next.run(req).await,
        Some(_) => ApiError::unauthorized("the bearer token is wrong").into_response(),
        None => ApiError::unauthorized(
            "this server needs a token: send Authorization: Bearer TOKEN (--token / CONFERRAL_TOKEN)",
        )
        .into_response(),
    }
}

/// Compares without stopping at the first difference, so timing does not tell a prefix.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Counts every answer by route pattern and status, with its latency.
async fn observe(State(app): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str())
        .to_string();
    let head = req.method() == Method::HEAD;
    let resp = next.run(req).await;
    if !head {
        app.metrics.request(
            &route,
            resp.status().as_u16(),
            started.elapsed().as_secs_f64(),
        );
    }
    resp
}

/// Serves on `listener` until `shutdown` resolves, then lets in-flight requests finish for
/// up to `config.grace` (new connections are refused from the signal on).
pub async fn run(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let grace = state.config.grace;
    let metrics = state.metrics.clone();
    let (heard, stopping) = tokio::sync::oneshot::channel::<()>();
    let signalled = async move {
        shutdown.await;
        let _ = heard.send(());
    };
    let server = axum::serve(listener, router(state)).with_graceful_shutdown(signalled);
    let server = server.into_future();
    tokio::pin!(server);
    tokio::select! {
        r = &mut server => r?,
        _ = async {
            if stopping.await.is_err() {
                std::future::pending::<()>().await;
            }
            tokio::time::sleep(grace).await;
        } => {
            eprintln!(
                "conferral serve: in-flight requests did not finish within {} s ({} documents left unanswered)",
                grace.as_secs(),
                metrics.queued_documents.load(Ordering::Relaxed)
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_comparison() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
        assert!(same(b"", b""));
    }
}
