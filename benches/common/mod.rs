//! Inputs shared by the benchmarks: real texts and real word-piece sequences.

use std::path::Path;

use conferral::model::classifier::Model;

pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The `text` field of every record of a JSON Lines file under the crate root.
pub fn texts(rel: &str) -> Vec<String> {
    let raw = std::fs::read_to_string(Path::new(ROOT).join(rel)).expect("read data file");
    raw.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v.get("text")?.as_str().map(str::to_string))
        .collect()
}

/// The motions of `tests/locate_corpus` (`*.txt`), sorted by name.
#[allow(dead_code)] // not every bench screens motions
pub fn motions() -> Vec<String> {
    let dir = Path::new(ROOT).join("tests/locate_corpus");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("read tests/locate_corpus")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("read motion"))
        .collect()
}

/// `batch` sequences of exactly `len` tokens ([CLS] ... [SEP]) cut from the word pieces of
/// the real statements, so that forward passes see real vocabulary, not one repeated token.
pub struct Cutter {
    cls: u32,
    sep: u32,
    stream: Vec<u32>,
}

impl Cutter {
    pub fn new(m: &Model) -> Self {
        let (mut cls, mut sep) = (101, 102);
        let mut stream = Vec::new();
        for t in texts("data/real_statements.jsonl") {
            let ids = m.encoder().encode(&t).expect("encode");
            if ids.len() > 2 {
                cls = ids[0];
                sep = ids[ids.len() - 1];
                stream.extend_from_slice(&ids[1..ids.len() - 1]);
            }
        }
        Cutter { cls, sep, stream }
    }

    pub fn cut(&self, batch: usize, len: usize) -> Vec<Vec<u32>> {
        assert!(
            len >= 2 && len - 2 < self.stream.len(),
            "length {len} out of range"
        );
        (0..batch)
            .map(|i| {
                let from = (i * 97) % (self.stream.len() - len);
                let mut s = Vec::with_capacity(len);
                s.push(self.cls);
                s.extend_from_slice(&self.stream[from..from + len - 2]);
                s.push(self.sep);
                s
            })
            .collect()
    }
}
