//! Headless chromium for the end-to-end tests of HTML pages (Debian's `chromium`): load a
//! file, dump the DOM after its scripts ran, take screenshots.
//!
//! Without chromium the browser tests fail when `CI` is set and are skipped (with a message)
//! otherwise; `.ci/run` installs it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The browser, or `None` (skip) outside CI; in CI a missing browser fails the test.
pub fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("chromium is not installed (CI is set): apt-get install -y chromium");
        }
        eprintln!(
            "skipping the browser test: chromium is not installed (apt-get install chromium)"
        );
    }
    found
}

/// Runs headless chromium on `url` with `args`; returns stdout. Killed after 60 s.
pub fn run_chromium(browser: &Path, url: &str, args: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).unwrap();
        s
    });
    let mut stderr = child.stderr.take().unwrap();
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break st;
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("chromium did not finish within 60 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let out = reader.join().unwrap();
    let err = err_reader.join().unwrap();
    assert!(status.success(), "chromium failed ({status}): {err}");
    out
}

pub fn dump_dom(browser: &Path, file: &Path, query: &str) -> String {
    let url = format!("file://{}{query}", file.canonicalize().unwrap().display());
    let dom = run_chromium(browser, &url, &["--dump-dom"]);
    assert!(dom.contains("</html>"), "no DOM from chromium: {dom}");
    dom
}
