//! Sharding: split one corpus among N workers (Slurm job arrays, Kubernetes Indexed Jobs,
//! Spark tasks) so that every document is scored by exactly one of them.
//!
//! A document belongs to shard `shard_of(id, N)`: the 64-bit FNV-1a hash of its id's UTF-8
//! bytes, finalized with MurmurHash3's `fmix64` (so that every bit of the id reaches the low
//! bits), modulo N. The hash is fixed (not Rust's per-process randomized hasher), so every
//! worker, on any machine and in any run, agrees on the partition; the N shard outputs
//! together are exactly the unsharded output, and each shard keeps the input order.
//!
//! The shard comes from `--shard K/N` (0-based K), else from the scheduler's environment
//! ([`resolve`]).

use crate::report::error::ReportError;
use std::fmt;
use std::str::FromStr;

/// One of `count` shards, `index` 0-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

/// Where the shard was taken from (for messages).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `--shard K/N`.
    Flag,
    /// `SLURM_ARRAY_TASK_ID` (and `SLURM_ARRAY_TASK_COUNT` or `--shard-count`).
    Slurm,
    /// `JOB_COMPLETION_INDEX` and `--shard-count` (Kubernetes Indexed Job).
    Kubernetes,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::Flag => "--shard",
            Origin::Slurm => "SLURM_ARRAY_TASK_ID",
            Origin::Kubernetes => "JOB_COMPLETION_INDEX",
        })
    }
}

impl Shard {
    /// The whole corpus: one shard of one.
    pub const ALL: Shard = Shard { index: 0, count: 1 };

    pub fn new(index: usize, count: usize) -> Result<Shard, ReportError> {
        let spec = format!("{index}/{count}");
        if count == 0 {
            return Err(ReportError::ShardZeroCount(spec));
        }
        if index >= count {
            return Err(ReportError::ShardOutOfRange { spec, count });
        }
        Ok(Shard { index, count })
    }

    /// Whether this shard is the whole corpus (`0/1`).
    pub fn is_all(&self) -> bool {
        self.count <= 1
    }

    /// Whether the document with this id belongs to this shard.
    pub fn owns(&self, id: &str) -> bool {
        self.is_all() || shard_of(id, self.count) == self.index
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = ReportError;

    /// `K/N`, e.g. `0/4` … `3/4`; spaces around the numbers are allowed.
    fn from_str(s: &str) -> Result<Shard, ReportError> {
        let syntax = || ReportError::ShardSyntax(s.to_string());
        let (k, n) = s.split_once('/').ok_or_else(syntax)?;
        let num = |x: &str| {
            let x = x.trim();
            if x.is_empty() || !x.bytes().all(|b| b.is_ascii_digit()) {
                return Err(syntax());
            }
            x.parse::<usize>().map_err(|_| syntax())
        };
        let (index, count) = (num(k)?, num(n)?);
        if count == 0 {
            return Err(ReportError::ShardZeroCount(s.to_string()));
        }
        if index >= count {
            return Err(ReportError::ShardOutOfRange {
                spec: s.to_string(),
                count,
            });
        }
        Ok(Shard { index, count })
    }
}

/// 64-bit FNV-1a of `bytes`.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// MurmurHash3's 64-bit finalizer: FNV-1a's low bits depend on few input bits (its lowest
/// bit is the parity of the bytes' lowest bits); this spreads every bit over all of them.
fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// The 0-based shard of the document `id` among `count` shards (0 when `count` is 0 or 1).
pub fn shard_of(id: &str, count: usize) -> usize {
    if count <= 1 {
        return 0;
    }
    (fmix64(fnv1a64(id.as_bytes())) % count as u64) as usize
}

/// Environment variables read by [`resolve`].
pub const ENV_VARS: [&str; 6] = [
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_COUNT",
    "SLURM_ARRAY_TASK_MIN",
    "SLURM_ARRAY_TASK_MAX",
    "SLURM_ARRAY_TASK_STEP",
    "JOB_COMPLETION_INDEX",
];

/// The shard to score, or `None` for the whole corpus.
///
/// - `flag` (`--shard K/N`) wins; a `count` (`--shard-count`) that differs from its N is an
///   error.
/// - Else a Slurm array task: `SLURM_ARRAY_TASK_ID` gives the index, counted from
///   `SLURM_ARRAY_TASK_MIN` in steps of `SLURM_ARRAY_TASK_STEP` (so `--array=1-10` gives
///   shards 0..9 of 10); N is `count` if given, else `SLURM_ARRAY_TASK_COUNT`.
/// - Else a Kubernetes Indexed Job: `JOB_COMPLETION_INDEX` gives the index; N must come from
///   `count` (`--shard-count` / `CONFERRAL_SHARD_COUNT`), as Kubernetes does not export it.
///
/// `env` looks up an environment variable (pass `|k| std::env::var(k).ok()`); a variable set
/// to the empty string counts as unset. A shard of one (`0/1`) is the whole corpus.
pub fn resolve(
    flag: Option<Shard>,
    count: Option<usize>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Option<(Shard, Origin)>, ReportError> {
    let get = |var: &'static str| -> Result<Option<usize>, ReportError> {
        match env(var) {
            None => Ok(None),
            Some(v) if v.trim().is_empty() => Ok(None),
            Some(v) => v
                .trim()
                .parse::<usize>()
                .map(Some)
                .map_err(|_| ReportError::ShardEnv { var, value: v }),
        }
    };
    let found = if let Some(shard) = flag {
        if let Some(n) = count.filter(|&n| n != shard.count) {
            return Err(ReportError::ShardConflict {
                shard: shard.to_string(),
                count: n,
            });
        }
        (shard, Origin::Flag)
    } else if let Some(id) = get("SLURM_ARRAY_TASK_ID")? {
        let n = match count.or(get("SLURM_ARRAY_TASK_COUNT")?) {
            Some(n) => n,
            None => {
                return Err(ReportError::ShardMissingCount {
                    var: "SLURM_ARRAY_TASK_ID",
                    index: id,
                })
            }
        };
        let min = get("SLURM_ARRAY_TASK_MIN")?.unwrap_or(0);
        let step = get("SLURM_ARRAY_TASK_STEP")?.unwrap_or(1).max(1);
        let max = get("SLURM_ARRAY_TASK_MAX")?;
        let layout = || ReportError::ShardSlurmLayout {
            detail: format!(
                "id {id}, min {min}, max {}, step {step}, count {n}",
                max.map_or("unset".to_string(), |m| m.to_string())
            ),
            count: n,
            last: n.saturating_sub(1),
        };
        if n == 0 {
            return Err(ReportError::ShardZeroCount(format!("{id}/{n}")));
        }
        if id < min || (id - min) % step != 0 {
            return Err(layout());
        }
        // An irregular array (`--array=1,3,8`) would leave shards unscored: refuse it.
        if let Some(max) = max {
            if max < min || (max - min) / step + 1 != n {
                return Err(layout());
            }
        }
        let index = (id - min) / step;
        if index >= n {
            return Err(layout());
        }
        (Shard { index, count: n }, Origin::Slurm)
    } else if let Some(index) = get("JOB_COMPLETION_INDEX")? {
        let n = count.ok_or(ReportError::ShardMissingCount {
            var: "JOB_COMPLETION_INDEX",
            index,
        })?;
        (Shard::new(index, n)?, Origin::Kubernetes)
    } else if let Some(n) = count.filter(|&n| n > 1) {
        return Err(ReportError::ShardMissingIndex(n));
    } else {
        return Ok(None);
    };
    Ok((!found.0.is_all()).then_some(found))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        let map: HashMap<&str, &str> = pairs.iter().copied().collect();
        move |k| map.get(k).map(|v| v.to_string())
    }

    fn sh(index: usize, count: usize) -> Shard {
        Shard { index, count }
    }

    #[test]
    fn parses_k_of_n() {
        assert_eq!("0/4".parse::<Shard>().unwrap(), sh(0, 4));
        assert_eq!("3/4".parse::<Shard>().unwrap(), sh(3, 4));
        assert_eq!(" 2 / 3 ".parse::<Shard>().unwrap(), sh(2, 3));
        assert_eq!("0/1".parse::<Shard>().unwrap(), Shard::ALL);
        assert_eq!(sh(5, 8).to_string(), "5/8");
        for bad in [
            "", "1", "/", "1/", "/4", "a/4", "1/b", "-1/4", "+1/4", "1/4/2", "1.0/4",
        ] {
            assert!(
                matches!(bad.parse::<Shard>(), Err(ReportError::ShardSyntax(_))),
                "{bad:?}"
            );
        }
        assert!(matches!(
            "0/0".parse::<Shard>(),
            Err(ReportError::ShardZeroCount(_))
        ));
        let e = "4/4".parse::<Shard>().unwrap_err();
        assert!(matches!(e, ReportError::ShardOutOfRange { count: 4, .. }));
        assert!(e.to_string().contains("0-based"), "{e}");
        assert!(Shard::new(1, 2).is_ok() && Shard::new(2, 2).is_err());
    }

    #[test]
    fn fnv1a_reference_values() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(fnv1a64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
        // The partition is fixed across runs, machines and releases: pin a few shards
        // (checked against an independent Python implementation of FNV-1a + fmix64).
        let pinned: Vec<usize> = ["a", "doc-1", "doc-2", "tests/x.txt:3"]
            .iter()
            .map(|id| shard_of(id, 7))
            .collect();
        assert_eq!(pinned, PINNED_SHARDS_OF_7);
        assert_eq!(shard_of("anything", 1), 0);
        assert_eq!(shard_of("anything", 0), 0);
    }

    /// `shard_of` of `["a", "doc-1", "doc-2", "tests/x.txt:3"]` among 7: changing it would
    /// reshuffle every sharded corpus between releases.
    const PINNED_SHARDS_OF_7: [usize; 4] = [1, 1, 3, 1];

    /// Property: for many ids and shard counts, every id is owned by exactly one shard, and
    /// the shards are balanced (sequential ids included, the common case).
    #[test]
    fn shards_partition_and_balance() {
        let ids: Vec<String> = (0..12_000)
            .map(|i| match i % 3 {
                0 => format!("doc-{i}"),
                1 => format!("corpus/2024/motions.jsonl:{i}"),
                _ => format!("{i:08}"),
            })
            .collect();
        for n in [1usize, 2, 3, 4, 7, 10, 64] {
            let shards: Vec<Shard> = (0..n).map(|k| Shard::new(k, n).unwrap()).collect();
            let mut sizes = vec![0usize; n];
            for id in &ids {
                let owners: Vec<usize> = (0..n).filter(|&k| shards[k].owns(id)).collect();
                assert_eq!(owners.len(), 1, "{id} among {n}");
                assert_eq!(owners[0], shard_of(id, n));
                sizes[owners[0]] += 1;
            }
            // Within 5 standard deviations of a uniform random assignment.
            let p = 1.0 / n as f64;
            let mean = ids.len() as f64 * p;
            let sd = (mean * (1.0 - p)).sqrt();
            for (k, &s) in sizes.iter().enumerate() {
                let dev = (s as f64 - mean).abs();
                assert!(
                    dev <= 5.0 * sd,
                    "shard {k}/{n} has {s}, mean {mean}, sd {sd}"
                );
            }
        }
    }

    #[test]
    fn flag_wins_and_no_setting_means_everything() {
        let slurm = [
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ];
        assert_eq!(
            resolve(Some(sh(2, 3)), None, env(&slurm)).unwrap(),
            Some((sh(2, 3), Origin::Flag))
        );
        assert_eq!(
            resolve(Some(sh(2, 3)), Some(3), env(&[])).unwrap(),
            Some((sh(2, 3), Origin::Flag))
        );
        assert!(matches!(
            resolve(Some(sh(2, 3)), Some(4), env(&[])),
            Err(ReportError::ShardConflict { .. })
        ));
        // `--shard 0/1` opts out of the scheduler's environment.
        assert_eq!(resolve(Some(Shard::ALL), None, env(&slurm)).unwrap(), None);
        assert_eq!(resolve(None, None, env(&[])).unwrap(), None);
        assert_eq!(resolve(None, Some(1), env(&[])).unwrap(), None);
        assert!(matches!(
            resolve(None, Some(4), env(&[])),
            Err(ReportError::ShardMissingIndex(4))
        ));
    }

    #[test]
    fn slurm_array_defaults() {
        let zero_based = [
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ];
        assert_eq!(
            resolve(None, None, env(&zero_based)).unwrap(),
            Some((sh(3, 4), Origin::Slurm))
        );
        // --array=1-10: ids 1..=10 are shards 0..=9.
        let one_based = [
            ("SLURM_ARRAY_TASK_ID", "10"),
            ("SLURM_ARRAY_TASK_COUNT", "10"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_MAX", "10"),
        ];
        assert_eq!(
            resolve(None, None, env(&one_based)).unwrap(),
            Some((sh(9, 10), Origin::Slurm))
        );
        // --array=0-8:2: ids 0,2,4,6,8 are shards 0..=4.
        let stepped = [
            ("SLURM_ARRAY_TASK_ID", "6"),
            ("SLURM_ARRAY_TASK_COUNT", "5"),
            ("SLURM_ARRAY_TASK_MIN", "0"),
            ("SLURM_ARRAY_TASK_MAX", "8"),
            ("SLURM_ARRAY_TASK_STEP", "2"),
        ];
        assert_eq!(
            resolve(None, None, env(&stepped)).unwrap(),
            Some((sh(3, 5), Origin::Slurm))
        );
        // --shard-count overrides the array size; empty variables are unset.
        let no_count = [("SLURM_ARRAY_TASK_ID", "2"), ("SLURM_ARRAY_TASK_COUNT", "")];
        assert_eq!(
            resolve(None, Some(6), env(&no_count)).unwrap(),
            Some((sh(2, 6), Origin::Slurm))
        );
        assert!(matches!(
            resolve(None, None, env(&no_count)),
            Err(ReportError::ShardMissingCount { index: 2, .. })
        ));
        // A single-task array is the whole corpus.
        let single = [
            ("SLURM_ARRAY_TASK_ID", "0"),
            ("SLURM_ARRAY_TASK_COUNT", "1"),
        ];
        assert_eq!(resolve(None, None, env(&single)).unwrap(), None);
    }

    #[test]
    fn slurm_layouts_that_would_lose_shards_are_refused() {
        // --array=1,3,8: three tasks, but ids do not form a range.
        let irregular = [
            ("SLURM_ARRAY_TASK_ID", "3"),
            ("SLURM_ARRAY_TASK_COUNT", "3"),
            ("SLURM_ARRAY_TASK_MIN", "1"),
            ("SLURM_ARRAY_TASK_MAX", "8"),
        ];
        assert!(matches!(
            resolve(None, None, env(&irregular)),
            Err(ReportError::ShardSlurmLayout { .. })
        ));
        // 1-based ids without SLURM_ARRAY_TASK_MIN: the last one is out of range.
        let no_min = [
            ("SLURM_ARRAY_TASK_ID", "4"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ];
        let e = resolve(None, None, env(&no_min)).unwrap_err();
        assert!(matches!(e, ReportError::ShardSlurmLayout { .. }), "{e}");
        assert!(e.to_string().contains("--array=0-3"), "{e}");
        let bad = [
            ("SLURM_ARRAY_TASK_ID", "x"),
            ("SLURM_ARRAY_TASK_COUNT", "4"),
        ];
        assert!(matches!(
            resolve(None, None, env(&bad)),
            Err(ReportError::ShardEnv {
                var: "SLURM_ARRAY_TASK_ID",
                ..
            })
        ));
        let zero = [
            ("SLURM_ARRAY_TASK_ID", "0"),
            ("SLURM_ARRAY_TASK_COUNT", "0"),
        ];
        assert!(resolve(None, None, env(&zero)).is_err());
    }

    #[test]
    fn kubernetes_indexed_job_needs_the_count() {
        let k8s = [("JOB_COMPLETION_INDEX", "2")];
        assert_eq!(
            resolve(None, Some(5), env(&k8s)).unwrap(),
            Some((sh(2, 5), Origin::Kubernetes))
        );
        let e = resolve(None, None, env(&k8s)).unwrap_err();
        assert!(matches!(
            e,
            ReportError::ShardMissingCount {
                var: "JOB_COMPLETION_INDEX",
                index: 2
            }
        ));
        assert!(e.to_string().contains("--shard-count"), "{e}");
        assert!(matches!(
            resolve(None, Some(2), env(&k8s)),
            Err(ReportError::ShardOutOfRange { .. })
        ));
        // Slurm wins when both are set; --shard wins over both.
        let both = [
            ("JOB_COMPLETION_INDEX", "0"),
            ("SLURM_ARRAY_TASK_ID", "1"),
            ("SLURM_ARRAY_TASK_COUNT", "2"),
        ];
        assert_eq!(
            resolve(None, None, env(&both)).unwrap(),
            Some((sh(1, 2), Origin::Slurm))
        );
        assert_eq!(
            resolve(Some(sh(0, 3)), None, env(&both)).unwrap(),
            Some((sh(0, 3), Origin::Flag))
        );
    }
}
