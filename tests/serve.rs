//! `conferral serve` end to end: a real server on an ephemeral port, a real HTTP client.
//! Every route and every error of the API, the records against the CLI's, batching under
//! concurrency, a full queue, and a graceful stop.

mod common;

use std::time::{Duration, Instant};

use common::server::{agent, ids, post_json, post_multipart, read, Server};
use serde_json::{json, Value};

const EXAMPLES: &str = "examples";

/// The example motions: (file name, text).
fn motions() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(EXAMPLES)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read_to_string(p).unwrap(),
            )
        })
        .collect()
}

/// A record without `source`, which says where a document came from (a file path for the
/// CLI, `documents[i]` for JSON requests): every other field must match the CLI's.
fn without_source(r: &Value) -> Value {
    let mut r = r.clone();
    r.as_object_mut().unwrap().remove("source");
    r
}

/// Whether two JSON values are equal, numbers to within 1e-6: scores depend on which
/// statements share a forward pass (padding changes the order of float operations), and a
/// pass of the server holds other statements than one of the CLI.
fn close(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() <= 1e-6
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| close(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| close(v, w)))
        }
        _ => a == b,
    }
}

/// The CLI's records for `docs` (id, text) given as a JSON Lines file, with `args`.
fn cli_records(docs: &[(String, String)], args: &[&str]) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.jsonl");
    let lines: Vec<String> = docs
        .iter()
        .map(|(id, text)| json!({"id": id, "text": text}).to_string())
        .collect();
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let mut cmd = common::conferral();
    cmd.args(["score", "--format", "jsonl"])
        .args(args)
        .arg(&path);
    common::json_lines_of(&mut cmd)
}

#[test]
fn json_scoring_gives_the_cli_records_in_request_order() {
    let server = Server::start(&[]);
    let mut docs = motions();
    docs.reverse();
    let body = json!({
        "documents": docs.iter().map(|(id, text)| json!({"id": id, "text": text})).collect::<Vec<_>>(),
        "statement": false,
        "court": null,
    });
    let (status, answer) = post_json(&server.url("/v1/score"), &body, None);
    assert_eq!(status, 200, "{answer}");
    let got = answer["records"].as_array().unwrap();
    let want = cli_records(&docs, &[]);
    assert_eq!(got.len(), docs.len());
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        assert_eq!(g["source"], format!("documents[{i}]"));
        let (g, w) = (without_source(g), without_source(w));
        assert!(close(&g, &w), "record {i}:\n{g}\n{w}");
    }
    let verdicts: Vec<&str> = got.iter().map(|r| r["verdict"].as_str().unwrap()).collect();
    assert!(verdicts.contains(&"insufficient") && verdicts.contains(&"no_certificate"));

    // Statement mode and a court profile, as `--statement --court ID`; a document without
    // text is an error record in its place, an id-less one is named by its position.
    let stmt = "Counsel for both parties conferred by telephone on March 3, 2024 about \
                Interrogatories 3 through 7 and could not agree.";
    let body = json!({
        "documents": [{"id": "s1", "text": stmt, "matter": "12-cv-3"}, {"id": "gone"}, {"text": stmt}],
        "statement": true,
        "court": "nd-ill-37-2",
    });
    let (status, answer) = post_json(&server.url("/v1/score"), &body, None);
    assert_eq!(status, 200, "{answer}");
    assert_eq!(ids(&answer), ["s1", "gone", "documents[2]"]);
    let rs = answer["records"].as_array().unwrap();
    let want = cli_records(
        &[("s1".to_string(), stmt.to_string())],
        &["--statement", "--court", "nd-ill-37-2"],
    );
    let mut g = without_source(&rs[0]);
    assert_eq!(
        g.as_object_mut().unwrap().remove("matter"),
        Some(json!("12-cv-3"))
    );
    assert!(close(&g, &without_source(&want[0])), "{g}\n{}", want[0]);
    assert_eq!(rs[0]["profile"]["id"], "nd-ill-37-2");
    assert_eq!(rs[1]["verdict"], "error");
    assert!(rs[1]["error"]
        .as_str()
        .unwrap()
        .contains("documents[1] has no \"text\" field"));
    assert!(close(&rs[2]["score"], &rs[0]["score"]));

    // Nothing to score is an empty answer.
    let (status, answer) = post_json(&server.url("/v1/score"), &json!({"documents": []}), None);
    assert_eq!((status, answer), (200, json!({"records": []})));
}

#[test]
fn multipart_uploads_give_one_record_per_document() {
    let server = Server::start(&[]);
    let motions = motions();
    let jsonl = b"{\"id\": \"j1\", \"text\": \"Counsel conferred by telephone on May 2 and could not agree.\"}\n{\"text\": \"no id here\"}\n";
    let csv = b"id,text\nc1,\"Plaintiff's counsel emailed once; no response.\"\n";
    let mut parts: Vec<(&str, Option<&str>, &[u8])> = motions
        .iter()
        .map(|(name, text)| ("file", Some(name.as_str()), text.as_bytes()))
        .collect();
    parts.push(("file", Some("batch.jsonl"), jsonl));
    parts.push(("file", Some("more.csv"), csv));
    let (status, answer) = post_multipart(&server.url("/v1/score"), &parts);
    assert_eq!(status, 200, "{answer}");
    let mut want: Vec<String> = motions.iter().map(|(n, _)| n.clone()).collect();
    want.extend(["j1", "batch.jsonl:2", "c1"].map(String::from));
    assert_eq!(ids(&answer), want);
    // The motions' records equal the CLI's on the same texts.
    let cli = cli_records(&motions, &[]);
    for (g, w) in answer["records"].as_array().unwrap().iter().zip(&cli) {
        assert_eq!(g["source"], g["id"]);
        let (g, w) = (without_source(g), without_source(w));
        assert!(close(&g, &w), "{g}\n{w}");
    }

    // Form fields: statement mode and a court.
    let stmt =
        b"Counsel for both parties conferred by telephone on March 3, 2024 and could not agree.";
    let (status, answer) = post_multipart(
        &server.url("/v1/score"),
        &[
            ("statement", None, b"true"),
            ("court", None, b"frcp-37"),
            ("file", Some("s.txt"), stmt),
        ],
    );
    assert_eq!(status, 200, "{answer}");
    let r = &answer["records"][0];
    assert_eq!(r["statement"]["start"], 0);
    assert_eq!(r["profile"]["id"], "frcp-37");
    assert_eq!(r["profile"]["why"], "--court");
}

#[test]
fn courts_health_and_metrics() {
    let server = Server::start(&[]);
    let (status, body, _) = read(agent().get(server.url("/healthz")).call().unwrap());
    assert_eq!(status, 200);
    let h: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(h["status"], "ok");
    assert_eq!(h["model"], "embedded");
    assert_eq!(h["version"], env!("CARGO_PKG_VERSION"));

    let (status, body, _) = read(agent().get(server.url("/v1/courts")).call().unwrap());
    assert_eq!(status, 200);
    let courts: Value = serde_json::from_str(&body).unwrap();
    let list = courts["courts"].as_array().unwrap();
    let reg = conferral::judge::profiles::Registry::embedded().unwrap();
    assert_eq!(list.len(), reg.profiles().len());
    assert!(list
        .iter()
        .any(|c| c["id"] == "nd-ill-37-2" && c["rule"] == "N.D. Ill. L.R. 37.2"));

    let (status, body, _) = read(
        agent()
            .get(server.url("/v1/courts/nd-ill-37-2"))
            .call()
            .unwrap(),
    );
    assert_eq!(status, 200);
    let p: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(p["id"], "nd-ill-37-2");
    assert!(p["requires"].is_object() && p["sources"].is_array());
    assert_eq!(p["toml"], reg.get("nd-ill-37-2").unwrap().source);

    let (status, answer) = post_json(
        &server.url("/v1/score"),
        &json!({"documents": [{"id": "a", "text": motions()[0].1}, {"id": "b", "text": "  "}]}),
        None,
    );
    assert_eq!(status, 200, "{answer}");
    let (status, text, headers) = read(agent().get(server.url("/metrics")).call().unwrap());
    assert_eq!(status, 200);
    assert!(headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    for line in [
        "conferral_requests_total{route=\"/v1/score\",status=\"200\"} 1",
        "conferral_requests_total{route=\"/v1/courts/{id}\",status=\"200\"} 1",
        "conferral_documents_total{verdict=\"error\"} 1",
        "conferral_queue_depth 0",
        "conferral_queue_documents 0",
    ] {
        assert!(text.lines().any(|l| l == line), "no {line} in\n{text}");
    }
    assert!(server.metric("conferral_batch_size_count", None) >= 1.0);
    assert!(
        server.metric(
            "conferral_request_duration_seconds_count{route=\"/v1/score\"}",
            None
        ) >= 1.0
    );
}

/// An error answer: its status and `error.code`, and a message that says something.
fn error_of(status: u16, body: &str) -> (u16, String) {
    let v: Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    let msg = v["error"]["message"].as_str().unwrap_or("");
    assert!(msg.len() > 10, "{body}");
    (status, v["error"]["code"].as_str().unwrap().to_string())
}

#[test]
fn errors_are_json_with_the_right_status() {
    let server = Server::start(&["--max-body", "2000"]);
    let score = server.url("/v1/score");
    let post = |ct: Option<&str>, body: &[u8]| {
        let mut req = agent().post(&score);
        if let Some(ct) = ct {
            req = req.header("Content-Type", ct);
        }
        let (status, text, _) = read(req.send(body).unwrap());
        error_of(status, &text)
    };
    let json_ct = Some("application/json");
    assert_eq!(post(json_ct, b"{not json"), (400, "bad_request".into()));
    assert_eq!(
        post(json_ct, b"{\"docs\": []}"),
        (400, "bad_request".into())
    );
    assert_eq!(
        post(json_ct, br#"{"documents": [], "court": "no-such-court"}"#),
        (400, "bad_request".into())
    );
    let big = json!({"documents": [{"id": "a", "text": "x".repeat(3000)}]}).to_string();
    assert_eq!(post(json_ct, big.as_bytes()), (413, "too_large".into()));
    assert_eq!(
        post(Some("text/plain"), b"hello"),
        (415, "unsupported_media_type".into())
    );
    assert_eq!(post(None, b"hello"), (415, "unsupported_media_type".into()));
    let (mp, ct) = common::server::multipart(&[("file", Some("scan.png"), b"\x89PNG....")]);
    assert_eq!(post(Some(&ct), &mp), (415, "unsupported_media_type".into()));
    let (mp, ct) = common::server::multipart(&[("statement", None, b"true")]);
    assert_eq!(post(Some(&ct), &mp), (400, "bad_request".into()));
    let (mp, ct) =
        common::server::multipart(&[("file", Some("a.txt"), "y".repeat(3000).as_bytes())]);
    assert_eq!(post(Some(&ct), &mp), (413, "too_large".into()));
    assert_eq!(
        post(Some("multipart/form-data"), b"x"),
        (400, "bad_request".into())
    );
    let (status, text, _) = read(agent().get(server.url("/v1/nothing")).call().unwrap());
    assert_eq!(error_of(status, &text), (404, "not_found".into()));
    let (status, text, _) = read(agent().get(&score).call().unwrap());
    assert_eq!(error_of(status, &text), (405, "method_not_allowed".into()));
    let (status, text, _) = read(
        agent()
            .get(server.url("/v1/courts/no-such-court"))
            .call()
            .unwrap(),
    );
    assert_eq!(error_of(status, &text), (404, "not_found".into()));
    // The server is still there and answers.
    let (status, _) = post_json(
        &score,
        &json!({"documents": [{"id": "a", "text": "ok"}]}),
        None,
    );
    assert_eq!(status, 200);
}

#[test]
fn a_token_is_required_when_set() {
    for server in [
        Server::start(&["--token", "s3cret"]),
        Server::start_with(&[], &[("CONFERRAL_TOKEN", "s3cret")]),
    ] {
        let body = json!({"documents": [{"id": "a", "text": "Counsel conferred."}]});
        for token in [None, Some("wrong"), Some("s3cre"), Some("s3cret2")] {
            let (status, v) = post_json(&server.url("/v1/score"), &body, token);
            assert_eq!(
                (status, v["error"]["code"].as_str()),
                (401, Some("unauthorized"))
            );
        }
        let (status, text, headers) = read(agent().get(server.url("/v1/courts")).call().unwrap());
        assert_eq!(error_of(status, &text), (401, "unauthorized".into()));
        assert!(headers.contains_key("www-authenticate"));
        let (status, _, _) = read(agent().get(server.url("/metrics")).call().unwrap());
        assert_eq!(status, 401);
        let (status, v) = post_json(&server.url("/v1/score"), &body, Some("s3cret"));
        assert_eq!((status, ids(&v)), (200, vec!["a".to_string()]));
        // Health and the page stay open (the page asks for the token).
        let (status, text, _) = read(agent().get(server.url("/healthz")).call().unwrap());
        assert_eq!(status, 200);
        assert!(text.contains("\"auth\":true"));
        assert_eq!(read(agent().get(server.url("/")).call().unwrap()).0, 200);
    }
}

/// `n` short statements with ids `{prefix}{i}`.
fn statements(prefix: &str, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            json!({"id": format!("{prefix}{i}"),
                   "text": format!("Counsel conferred by telephone on March {} and could not agree on request {i}.", 1 + i % 28)})
        })
        .collect()
}

#[test]
fn a_full_queue_is_503_with_retry_after() {
    // Batches wait up to 3 s to fill 1,000 statements: the first request stays queued.
    let model = common::save_tiny_model("serve-queue");
    let server = Server::start(&[
        "--model",
        model.to_str().unwrap(),
        "--max-queue",
        "300",
        "--batch-size",
        "1000",
        "--max-wait-ms",
        "3000",
    ]);
    let url = server.url("/v1/score");
    let first = {
        let url = url.clone();
        std::thread::spawn(move || {
            post_json(
                &url,
                &json!({"documents": statements("a", 250), "statement": true}),
                None,
            )
        })
    };
    server.wait_for("the first request to queue", || {
        server.metric("conferral_queue_documents", None) >= 250.0
    });
    let body = json!({"documents": statements("b", 100), "statement": true}).to_string();
    let (status, text, headers) = read(
        agent()
            .post(&url)
            .header("Content-Type", "application/json")
            .send(body)
            .unwrap(),
    );
    assert_eq!(error_of(status, &text), (503, "unavailable".into()));
    assert_eq!(headers["retry-after"], "1");
    let (status, answer) = first.join().unwrap();
    assert_eq!(status, 200);
    assert_eq!(ids(&answer).len(), 250);
    // Once answered, the queue takes requests again, even one larger than --max-queue.
    let (status, answer) = post_json(
        &url,
        &json!({"documents": statements("c", 400), "statement": true}),
        None,
    );
    assert_eq!((status, ids(&answer).len()), (200, 400));
}

#[test]
fn sixteen_clients_are_answered_while_a_2000_document_request_runs() {
    let server = Server::start(&["--batch-size", "8"]);
    let url = server.url("/v1/score");
    let big_ids: Vec<String> = (0..2000).map(|i| format!("big{i}")).collect();
    let big = {
        let url = url.clone();
        std::thread::spawn(move || {
            let started = Instant::now();
            let (status, answer) = post_json(
                &url,
                &json!({"documents": statements("big", 2000), "statement": true}),
                None,
            );
            (status, answer, started.elapsed(), Instant::now())
        })
    };
    server.wait_for("the large request to reach the model", || {
        server.metric("conferral_queue_depth", None) > 0.0
    });
    let clients: Vec<_> = (0..16)
        .map(|c| {
            let url = url.clone();
            std::thread::spawn(move || {
                let mut worst = Duration::ZERO;
                for r in 0..25 {
                    let n = 1 + (c + r) % 3;
                    let docs = statements(&format!("c{c}-r{r}-"), n);
                    let want: Vec<String> = (0..n).map(|i| format!("c{c}-r{r}-{i}")).collect();
                    let started = Instant::now();
                    let (status, answer) =
                        post_json(&url, &json!({"documents": docs, "statement": true}), None);
                    worst = worst.max(started.elapsed());
                    assert_eq!(status, 200, "{answer}");
                    assert_eq!(ids(&answer), want);
                    assert!(answer["records"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|r| r["score"].is_number()));
                }
                (worst, Instant::now())
            })
        })
        .collect();
    let small: Vec<(Duration, Instant)> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    let (status, answer, big_took, big_done) = big.join().unwrap();
    assert_eq!(status, 200);
    assert_eq!(ids(&answer), big_ids);
    // Fairness: every small request was answered before the large one, and none waited
    // for it.
    let worst = small.iter().map(|s| s.0).max().unwrap();
    assert!(
        small.iter().all(|s| s.1 < big_done),
        "a small request finished after the large one"
    );
    assert!(
        worst < big_took,
        "a small request took {worst:?}, the large one {big_took:?}"
    );
    // Statements of different requests shared forward passes.
    let passes = server.metric("conferral_batch_size_count", None);
    let scored = server.metric("conferral_batch_size_sum", None);
    let small_docs: usize = (0..16)
        .flat_map(|c| (0..25).map(move |r| 1 + (c + r) % 3))
        .sum();
    assert_eq!(scored as usize, 2000 + small_docs);
    assert!(
        passes < scored / 4.0,
        "{passes} passes for {scored} statements"
    );
}

#[test]
fn a_stop_signal_lets_requests_in_flight_finish() {
    let model = common::save_tiny_model("serve-stop");
    let mut server = Server::start(&[
        "--model",
        model.to_str().unwrap(),
        "--batch-size",
        "1000",
        "--max-wait-ms",
        "1500",
    ]);
    let url = server.url("/v1/score");
    let inflight = {
        let url = url.clone();
        std::thread::spawn(move || {
            post_json(
                &url,
                &json!({"documents": statements("s", 20), "statement": true}),
                None,
            )
        })
    };
    server.wait_for("the request to queue", || {
        server.metric("conferral_queue_depth", None) > 0.0
    });
    let stopped = Instant::now();
    unsafe { libc::kill(server.child.id() as i32, libc::SIGTERM) };
    let (status, answer) = inflight.join().unwrap();
    assert_eq!(status, 200, "{answer}");
    assert_eq!(ids(&answer).len(), 20);
    let exit = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            stopped.elapsed() < Duration::from_secs(12),
            "still running 12 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit}: {}", server.stderr.lock().unwrap());
    assert!(
        agent().get(server.url("/healthz")).call().is_err(),
        "still listening"
    );
    let log = server.stderr.lock().unwrap().clone();
    assert!(log.contains("SIGTERM") && log.contains("stopped"), "{log}");
}

#[test]
fn a_client_that_hangs_up_leaves_the_queue() {
    use std::io::Write;
    // Passes wait up to 5 s to fill: the request is still queued when its client leaves.
    let model = common::save_tiny_model("serve-hangup");
    let server = Server::start(&[
        "--model",
        model.to_str().unwrap(),
        "--batch-size",
        "1000",
        "--max-wait-ms",
        "5000",
    ]);
    let body = json!({"documents": statements("h", 50), "statement": true}).to_string();
    let addr = server.base.trim_start_matches("http://").to_string();
    let mut conn = std::net::TcpStream::connect(&addr).unwrap();
    write!(
        conn,
        "POST /v1/score HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    server.wait_for("the request to queue", || {
        server.metric("conferral_queue_documents", None) >= 50.0
    });
    let left = Instant::now();
    drop(conn);
    server.wait_for("the request to leave the queue", || {
        server.metric("conferral_queue_documents", None) == 0.0
    });
    assert!(
        left.elapsed() < Duration::from_secs(4),
        "it waited for its pass"
    );
    // Its statements are never scored: the next request's pass holds only its own.
    let (status, answer) = post_json(
        &server.url("/v1/score"),
        &json!({"documents": statements("n", 3), "statement": true}),
        None,
    );
    assert_eq!((status, ids(&answer).len()), (200, 3));
    assert_eq!(server.metric("conferral_batch_size_sum", None), 3.0);
}
