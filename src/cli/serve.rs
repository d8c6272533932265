//! `conferral serve`: loads the model once and serves it (the server is
//! `conferral::serve`); stops on SIGTERM/SIGINT after the requests in flight.

use std::time::Duration;

use anyhow::{bail, Context, Result};

use conferral::screen::{ScreenOptions, Screener};
use conferral::serve::{AppState, BatchConfig, ServeConfig};

use crate::cli::args::*;
use crate::cli::common::*;

pub(super) fn serve(a: ServeArgs) -> Result<i32> {
    let workers = workers(a.threads);
    // Each worker runs whole forward passes on one core (as `score` does with candle).
    set_model_threads(1);
    std::thread::spawn(|| conferral::judge::profiles::Registry::embedded().is_ok());
    let model = load_model(&a.model)?;
    let mut decider = Screener::default_decider(&model);
    if let Some(f) = a.flag_below {
        decider.flag = f;
    }
    if let Some(p) = a.pass_above {
        decider.pass = p;
    }
    if !(0.0..=1.0).contains(&decider.flag) || !(0.0..=1.0).contains(&decider.pass) {
        bail!("--flag-below and --pass-above must be between 0 and 1");
    }
    if decider.flag > decider.pass {
        bail!(
            "the flag threshold {} must not exceed the pass threshold {}",
            decider.flag,
            decider.pass
        );
    }
    if let Some(id) = a.court.as_deref() {
        decider = decider.with_court(id)?;
    }
    if a.token.as_deref().is_some_and(|t| t.trim().is_empty()) {
        bail!("--token / CONFERRAL_TOKEN is empty: give a token or leave it unset");
    }
    let screener = Screener::new(
        model,
        ScreenOptions {
            statement_mode: false,
            decider,
            batch_size: a.batch_size.max(1),
            workers,
        },
    );
    let config = ServeConfig {
        token: a.token.clone(),
        max_body: a.max_body,
        max_queue: a.max_queue.max(1),
        batch: BatchConfig {
            batch_size: a.batch_size.max(1),
            max_wait: Duration::from_millis(a.max_wait_ms),
            workers,
        },
        input: input_options(&InputArgs {
            inputs: Vec::new(),
            id_field: a.id_field.clone(),
            text_field: a.text_field.clone(),
            ocr: a.ocr,
        }),
        grace: Duration::from_secs(10),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&a.addr)
            .await
            .with_context(|| format!("cannot listen on {}", a.addr))?;
        let local = listener.local_addr()?;
        let state = AppState::new(screener, config);
        eprintln!(
            "conferral serve: listening on http://{local}/ (model {}, {workers} workers, batch {}{})",
            state.screener.model().origin,
            a.batch_size.max(1),
            if a.token.is_some() { ", token required" } else { "" }
        );
        conferral::serve::run(listener, state, stop_signal()).await?;
        eprintln!("conferral serve: stopped");
        Ok::<_, anyhow::Error>(())
    })?;
    // Requests cut off after the grace period are not waited for.
    runtime.shutdown_timeout(Duration::from_millis(100));
    Ok(0)
}

/// Resolves on the first SIGTERM or SIGINT.
async fn stop_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        // Without handlers the default action (exit) still stops the server.
        return std::future::pending().await;
    };
    let name = tokio::select! {
        _ = term.recv() => "SIGTERM",
        _ = int.recv() => "SIGINT",
    };
    eprintln!("conferral serve: {name}: finishing the requests in flight (at most 10 s)");
}
