//! How the runner ends: its exit codes, the signals that stop it, and a closed output. Below every command
//! module, so that none of them imports the dispatcher that calls it.

/// Exit status when standard output or error is closed under the runner (`runner list | head
/// -1`): what a program killed by SIGPIPE reports, without the panic Rust's `println!` makes.
pub const BROKEN_PIPE: i32 = 141;

/// Ends the runner quietly because nobody reads its output any more. Its programs' supervisors
/// see the runner go and clean up; its files are written atomically.
pub fn exit_broken_pipe() -> ! {
    std::process::exit(BROKEN_PIPE)
}

/// Makes a print to a closed output end the runner quietly (see `BROKEN_PIPE`).
pub fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload.downcast_ref::<String>().map(String::as_str).or_else(|| payload.downcast_ref::<&str>().copied()).unwrap_or_default();
        if message.starts_with("failed printing to std") && message.contains("Broken pipe") {
            exit_broken_pipe();
        }
        default(info);
    }));
}

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
