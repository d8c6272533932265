//! Helpers shared by the end-to-end tests.

// Each test binary compiles this module and uses a subset of it.
#![allow(dead_code)]

pub mod browser;
pub mod server;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Saves a tiny random BERT classifier (fast to load and run) with the library's own
/// `Trainee::save`, so it has exactly the layout `--model` loads, and the tokenizer of the
/// embedded model; no `calibration.json`, so the model's defaults apply. Returns its dir.
///
/// One directory per test process under `target/tmp/<name>/` (a concurrent run must not
/// delete ours); those of finished processes are removed where `/proc` tells which are alive.
pub fn save_tiny_model(name: &str) -> PathBuf {
    let parent = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if Path::new("/proc/self").exists() {
        for entry in std::fs::read_dir(&parent).into_iter().flatten().flatten() {
            if !Path::new("/proc").join(entry.file_name()).exists() {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let dir = parent.join(std::process::id().to_string());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tokenizer = std::fs::read(root.join("models/conferral-minilm/tokenizer.json"))
        .expect("the embedded model's tokenizer.json");
    let bert = conferral::model::bert::BertConfig::tiny(30522);
    conferral::model::train::Trainee::new(bert, tokenizer, &HashMap::new(), 64, 7)
        .expect("tiny model")
        .save(&dir)
        .expect("tiny model saved");
    dir
}

/// Names of the caller's environment variables that would change what the binary does
/// (any `CONFERRAL_*` setting, the scheduler variables that pick a shard, backtraces on
/// stderr): end-to-end tests remove them so that a run inside a Slurm array or with a
/// `CONFERRAL_MODEL` set tests the same thing as anywhere else.
pub fn inherited_settings() -> Vec<String> {
    std::env::vars()
        .map(|(k, _)| k)
        .filter(|k| {
            k.starts_with("CONFERRAL_")
                || conferral::report::shard::ENV_VARS.contains(&k.as_str())
                || k == "RUST_BACKTRACE"
        })
        .collect()
}

/// The binary, run from the package root on one compute thread, with none of the caller's
/// [`inherited_settings`]: the base of every end-to-end test's command.
pub fn conferral() -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_conferral"));
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    for var in inherited_settings() {
        cmd.env_remove(var);
    }
    cmd.env("CONFERRAL_THREADS", "1");
    cmd
}

/// Runs `cmd`, which must exit 0 (its stderr is shown otherwise), and parses its standard
/// output as JSON Lines.
pub fn json_lines_of(cmd: &mut std::process::Command) -> Vec<serde_json::Value> {
    let out = cmd.output().expect("the binary runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// Token-multiset F1 of a predicted against a true text: the library's, as `locate-eval`
/// counts it.
#[allow(unused_imports)] // not every test file uses it
pub use conferral::eval::locate_eval::token_f1;

/// Finishes a test PDF: one US-letter page per entry of `pages` (its content operations and,
/// optionally, its own resources), the page tree at `pages_id` with the shared `resources`
/// (fonts), the catalog; returns the file's bytes.
pub fn save_pdf(
    mut doc: lopdf::Document,
    pages_id: lopdf::ObjectId,
    pages: Vec<(Vec<lopdf::content::Operation>, Option<lopdf::Dictionary>)>,
    resources: Option<lopdf::ObjectId>,
) -> Vec<u8> {
    use lopdf::{content::Content, dictionary, Object, Stream};
    let mut kids: Vec<Object> = Vec::new();
    for (operations, own) in pages {
        let content = Content { operations }.encode().expect("content encodes");
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
        };
        if let Some(r) = own {
            page.set("Resources", r);
        }
        kids.push(doc.add_object(page).into());
    }
    let count = kids.len() as i64;
    let mut tree = dictionary! {
        "Type" => "Pages",
        "Kids" => kids,
        "Count" => count,
        "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
    };
    if let Some(r) = resources {
        tree.set("Resources", r);
    }
    doc.objects.insert(pages_id, Object::Dictionary(tree));
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("PDF saves");
    out
}
