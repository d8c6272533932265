//! The page of `conferral serve` in a real browser: headless Chromium driven over WebDriver
//! (Debian's `chromium` and `chromium-driver`) uploads two motions, waits for the table,
//! filters it, opens the flagged one and checks that its statement is shown highlighted.
//! A screenshot is left in `target/tmp/serve_page/page.png`.
//!
//! Without chromium and chromedriver the test fails when `CI` is set and is skipped (with a
//! message) otherwise; `.ci/run` installs them.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::server::{agent, read, Server};
use serde_json::{json, Value};

/// The W3C WebDriver key of an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_program(names: &[&str]) -> Option<PathBuf> {
    names.iter().find_map(|name| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|d| d.join(name))
                .find(|p| p.is_file())
        })
    })
}

/// chromium and chromedriver, or `None` (skip) outside CI.
fn browser() -> Option<(PathBuf, PathBuf)> {
    let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"]);
    let driver = find_program(&["chromedriver"]);
    match (chromium, driver) {
        (Some(c), Some(d)) => Some((c, d)),
        _ if std::env::var_os("CI").is_some() => {
            panic!("chromium and chromedriver are needed (CI is set): apt-get install -y chromium chromium-driver")
        }
        _ => {
            eprintln!("skipping the page's browser test: apt-get install chromium chromium-driver");
            None
        }
    }
}

/// chromedriver on a free local port; killed on drop.
struct Driver {
    child: Child,
    base: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start(path: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let d = Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let started = Instant::now();
        loop {
            if let Ok(resp) = agent().get(format!("{}/status", d.base)).call() {
                let (_, body, _) = read(resp);
                if body.contains("\"ready\":true") {
                    break;
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        d
    }

    /// One WebDriver command; its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let resp = match body {
            Some(b) => agent()
                .post(&url)
                .header("Content-Type", "application/json")
                .send(b.to_string()),
            None if method == "DELETE" => agent().delete(&url).call(),
            None => agent().get(&url).call(),
        }
        .expect("chromedriver answers");
        let (status, text, _) = read(resp);
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(status, 200, "{method} {path}: {text}");
        v["value"].clone()
    }
}

/// A browser session on the driver.
struct Session<'a> {
    driver: &'a Driver,
    id: String,
}

impl Session<'_> {
    fn cmd(&self, path: &str, body: Value) -> Value {
        self.driver
            .call("POST", &format!("/session/{}{path}", self.id), Some(body))
    }

    fn script(&self, js: &str) -> Value {
        self.cmd("/execute/sync", json!({"script": js, "args": []}))
    }

    fn element(&self, css: &str) -> String {
        let v = self.cmd("/element", json!({"using": "css selector", "value": css}));
        v[ELEMENT].as_str().unwrap().to_string()
    }

    /// Waits (up to 60 s) until `js` returns something truthy; returns it.
    fn wait(&self, what: &str, js: &str) -> Value {
        let started = Instant::now();
        loop {
            let v = self.script(js);
            if !(v.is_null() || v == json!(false) || v == json!(0) || v == json!("")) {
                return v;
            }
            let errors = self.script("return document.getElementById('errors').textContent");
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "waited in vain for {what}; page errors: {errors}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let _ = agent()
            .delete(format!("{}/session/{}", self.driver.base, self.id))
            .call();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let clean: Vec<u8> = s
        .bytes()
        .filter(|&c| c != b'=' && !c.is_ascii_whitespace())
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= (val(c) as u32) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

#[test]
fn the_page_uploads_motions_and_shows_the_flagged_statement() {
    let Some((chromium, chromedriver)) = browser() else {
        return;
    };
    let server = Server::start(&[]);
    let driver = Driver::start(&chromedriver);
    let profile = tempfile::tempdir().unwrap();
    let caps = json!({"capabilities": {"alwaysMatch": {
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium.to_string_lossy(),
            "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1400,1000", "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-extensions",
                     format!("--user-data-dir={}", profile.path().display())]
        }
    }}});
    let created = driver.call("POST", "/session", Some(caps));
    let session = Session {
        driver: &driver,
        id: created["sessionId"].as_str().unwrap().to_string(),
    };
    session.cmd("/url", json!({"url": server.url("/")}));
    session.wait(
        "the page's script",
        "return document.body.getAttribute('data-js')==='ready'",
    );

    // Two motions: one that shows a conference, one certified by a single email.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let good = root.join("01-ndtex-motion-to-compel.txt");
    let flagged = root.join("05-dkan-motion-to-compel-single-email.txt");
    let input = session.element("#files");
    session.cmd(
        &format!("/element/{input}/value"),
        json!({"text": format!("{}\n{}", good.display(), flagged.display())}),
    );
    session.wait(
        "both documents in the table",
        "return document.body.getAttribute('data-done')==='2' && document.querySelectorAll('#docs tbody tr').length===2",
    );
    let progress =
        session.script("var p=document.getElementById('progress');return [p.value,p.max];");
    assert_eq!(progress, json!([2, 2]));
    let counts = session.script(
        "return document.getElementById('total').textContent+' '+document.querySelector('#counts .n[data-verdict=insufficient]').textContent",
    );
    assert_eq!(counts, "2 1");

    // The verdict filter leaves the flagged one.
    session.script(
        "var s=document.getElementById('filter-verdict');s.value='flagged';s.dispatchEvent(new Event('change'));",
    );
    let shown = session.script(
        "return Array.prototype.filter.call(document.querySelectorAll('#docs tbody tr'),function(r){return !r.hidden;}).map(function(r){return r.getAttribute('data-id');});",
    );
    assert_eq!(shown, json!(["05-dkan-motion-to-compel-single-email.txt"]));

    // Open it: the report's section, and the motion with its statement marked.
    let row =
        session.element("#docs tbody tr[data-id='05-dkan-motion-to-compel-single-email.txt']");
    session.cmd(&format!("/element/{row}/click"), json!({}));
    let statement = session.wait(
        "the highlighted statement",
        "var m=document.querySelector('#detail mark#stmt');return m&&m.textContent;",
    );
    let (_, body, _) = read(
        agent()
            .post(server.url("/v1/score"))
            .header("Content-Type", "application/json")
            .send(
                json!({"documents": [{"id": "x", "text": std::fs::read_to_string(&flagged).unwrap()}]})
                    .to_string(),
            )
            .unwrap(),
    );
    let record: Value = serde_json::from_str::<Value>(&body).unwrap()["records"][0].clone();
    assert_eq!(record["verdict"], "insufficient");
    assert_eq!(statement, record["statement"]["text"]);
    let detail = session.script(
        "var d=document.getElementById('detail');return [d.querySelector('article .badge').textContent, d.querySelectorAll('.statement mark.hl').length, d.querySelector('.reasons').textContent];",
    );
    assert_eq!(detail[0], "insufficient");
    assert!(
        detail[1].as_u64().unwrap() > 0,
        "no element evidence marked: {detail}"
    );
    let reasons = detail[2].as_str().unwrap();
    assert!(
        reasons.contains("D. Kan."),
        "the reasons cite the rule: {reasons}"
    );

    // Sorting (the report's script) by score, highest first.
    session.script(
        "var s=document.getElementById('filter-verdict');s.value='';s.dispatchEvent(new Event('change'));",
    );
    let head = session.element("#docs th[data-key=score] button");
    session.cmd(&format!("/element/{head}/click"), json!({}));
    let order = session.script(
        "return Array.prototype.map.call(document.querySelectorAll('#docs tbody tr'),function(r){return r.getAttribute('data-id');});",
    );
    assert_eq!(order[0], "01-ndtex-motion-to-compel.txt");

    let png = session
        .driver
        .call("GET", &format!("/session/{}/screenshot", session.id), None);
    let bytes = base64_decode(png.as_str().unwrap());
    assert!(bytes.starts_with(b"\x89PNG"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("serve_page");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("page.png"), bytes).unwrap();
}
