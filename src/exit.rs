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
///
/// A signal that comes while no call is waiting (between two turns of a loop that calls this
/// each turn) is not lost: a flag, set by a handler registered once, records it, and is read
/// after the listeners exist, so a signal is seen either by them or in the flag.
pub async fn interrupted() {
    use tokio::signal::unix::{SignalKind, signal};
    let listeners = (signal(SignalKind::interrupt()), signal(SignalKind::terminate()), signal(SignalKind::hangup()));
    let (Ok(mut interrupt), Ok(mut term), Ok(mut hangup)) = listeners else {
        let _ = tokio::signal::ctrl_c().await;
        return;
    };
    if stop_requested() {
        return;
    }
    tokio::select! {
        _ = interrupt.recv() => {}
        _ = term.recv() => {}
        _ = hangup.recv() => {}
    }
}

/// Whether SIGINT, SIGTERM or SIGHUP has come since the first call.
fn stop_requested() -> bool {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, OnceLock};
    static STOP: OnceLock<Arc<AtomicBool>> = OnceLock::new();
    STOP.get_or_init(|| {
        let flag = Arc::new(AtomicBool::new(false));
        for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
            // Registered beside tokio's own handler (both through signal-hook-registry).
            let _ = signal_hook::flag::register(signal, flag.clone());
        }
        flag
    })
    .load(Ordering::SeqCst)
}
