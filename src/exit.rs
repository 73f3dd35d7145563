//! How the runner ends: its exit codes, and the signals that stop it. Below every command
//! module, so that none of them imports the dispatcher that calls it.

/// The runner's exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Everything checked passed.
    Success = 0,
    /// A check failed (the learner's work is not done yet).
    Failed = 1,
    /// The runner could not do what was asked (bad course, bad arguments, I/O error).
    Error = 2,
    /// Stopped by Ctrl-C.
    Interrupted = 130,
}

impl Exit {
    pub fn from_pass(passed: bool) -> Self {
        if passed { Self::Success } else { Self::Failed }
    }
}

/// Resolves when the runner is asked to stop: Ctrl-C, SIGTERM, or the terminal closing
/// (SIGHUP). Dropping the work it races against kills every process group it started.
pub async fn interrupted() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut hangup)) = (signal(SignalKind::terminate()), signal(SignalKind::hangup())) else {
        let _ = tokio::signal::ctrl_c().await;
        return;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
        _ = hangup.recv() => {}
    }
}
