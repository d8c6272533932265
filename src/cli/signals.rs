//! Graceful stop on SIGINT (Ctrl-C) and SIGTERM (schedulers: Slurm, Kubernetes, systemd).
//!
//! The first signal only sets a flag: `score` stops taking documents, writes the records it
//! finished and exits with 128 + the signal number (130, 143), the shell's convention. A
//! second signal exits at once with that code, for a stop that hangs (reading a stdin that
//! never ends); with `--resume` that is as safe as `kill -9`.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

use signal_hook::consts::signal::{SIGINT, SIGTERM};

/// Set by the first signal; statics, because a handler may only touch signal-safe state.
static REQUESTED: AtomicBool = AtomicBool::new(false);
static SIGNAL: AtomicUsize = AtomicUsize::new(0);

/// A handle on the process's stop request.
#[derive(Clone, Copy, Debug)]
pub struct Stop(());

impl Stop {
    /// Installs the handlers (once per process).
    pub fn install() -> std::io::Result<Stop> {
        static INSTALLED: OnceLock<Result<(), String>> = OnceLock::new();
        INSTALLED
            .get_or_init(|| {
                let register = || -> std::io::Result<()> {
                    for sig in [SIGINT, SIGTERM] {
                        // Actions run in registration order: the shutdown sees the flag as the
                        // previous signal left it, so only a second signal exits at once.
                        signal_hook::flag::register_conditional_shutdown(
                            sig,
                            exit_code(sig),
                            &REQUESTED,
                        )?;
                        signal_hook::flag::register_usize(sig, &SIGNAL, sig as usize)?;
                        signal_hook::flag::register(sig, &REQUESTED)?;
                    }
                    Ok(())
                };
                register().map_err(|e| e.to_string())
            })
            .clone()
            .map_err(std::io::Error::other)?;
        Ok(Stop(()))
    }

    pub fn requested(&self) -> bool {
        REQUESTED.load(Ordering::SeqCst)
    }

    /// The signal that asked to stop, if one did.
    pub fn signal(&self) -> Option<i32> {
        self.requested()
            .then(|| SIGNAL.load(Ordering::SeqCst) as i32)
    }
}

/// 128 + the signal number, as a shell reports a process killed by it.
pub fn exit_code(sig: i32) -> i32 {
    128 + sig
}

pub fn name(sig: i32) -> String {
    match sig {
        SIGINT => "SIGINT".into(),
        SIGTERM => "SIGTERM".into(),
        n => format!("signal {n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_shell() {
        assert_eq!(exit_code(SIGINT), 130);
        assert_eq!(exit_code(SIGTERM), 143);
        assert_eq!(name(SIGTERM), "SIGTERM");
    }

    #[test]
    fn a_signal_is_heard_and_does_not_kill() {
        let stop = Stop::install().unwrap();
        assert!(Stop::install().is_ok(), "installing twice is harmless");
        assert_eq!(stop.signal(), None);
        signal_hook::low_level::raise(SIGTERM).unwrap();
        assert!(stop.requested());
        assert_eq!(stop.signal(), Some(SIGTERM));
    }
}
