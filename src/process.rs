//! Running learner programs (and cargo) safely: stdin closed, output captured and capped, the
//! whole subtree of each program (whatever it forks, `setsid` included) killed at the timeout,
//! when the program ends, when the check is dropped (cancelled), and when the runner dies;
//! learner programs under resource limits, with a verdict that says which one they hit.

mod limits;
mod procfs;
mod supervisor;
mod unix;

use std::ffi::OsString;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::Child;

pub use limits::{LimitHit, Limits};
pub use supervisor::main_if_requested as supervise_if_asked;
pub use unix::Group;
#[cfg(feature = "full")]
pub use unix::Service;

/// How much of each output stream is kept: the first and the last half of this.
pub const OUTPUT_CAP: usize = 256 * 1024;
/// Time a program gets between SIGTERM and SIGKILL.
const GRACE: Duration = Duration::from_millis(500);
/// Time the pipes may stay open after the program ended and its group was killed.
const PIPE_DRAIN: Duration = Duration::from_secs(1);
/// Time the supervisor gets to kill a program's subtree before it is killed itself: long, as
/// on a loaded machine killing takes a while, and a supervisor that is killed can only be
/// followed by a sweep for its marker.
const SUPERVISOR_GRACE: Duration = Duration::from_secs(30);

#[derive(Debug, Clone)]
pub struct Spec {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub env: Vec<(String, String)>,
    pub cwd: PathBuf,
    pub timeout: Duration,
    /// Resource limits (learner programs); `None` for the tools (cargo, rustfmt).
    pub limits: Option<Limits>,
}

impl Spec {
    pub fn new(program: impl Into<PathBuf>, cwd: impl Into<PathBuf>, timeout: Duration) -> Self {
        Self { program: program.into(), args: Vec::new(), env: Vec::new(), cwd: cwd.into(), timeout, limits: None }
    }

    /// The same program under the limits for a learner's program.
    pub fn limited(&self) -> Self {
        Self { limits: Some(Limits::for_learner(self.timeout)), ..self.clone() }
    }

    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    pub fn env(mut self, key: &str, value: impl Into<String>) -> Self {
        self.env.push((key.to_owned(), value.into()));
        self
    }

}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Exited(i32),
    Signalled(i32),
    TimedOut,
}

#[derive(Debug, Clone, Default)]
pub struct Captured {
    /// The output, with a marker where the middle was cut because it was longer than the cap.
    pub text: String,
}

#[derive(Debug)]
pub struct Finished {
    pub ending: Ending,
    pub stdout: Captured,
    pub stderr: Captured,
    /// The program left processes behind in its group (they were killed).
    pub left_behind: bool,
    /// The resource limit the program ran into, if any.
    pub limit: Option<LimitHit>,
    pub elapsed: Duration,
}

impl Finished {
    pub fn success(&self) -> bool {
        self.ending == Ending::Exited(0)
    }
}

/// A started child with its group; dropping it kills the whole group.
pub struct Running {
    pub child: Child,
    pub group: Group,
}

pub fn spawn(spec: &Spec) -> std::io::Result<Running> {
    unix::spawn(spec)
}

/// Runs a program to the end or to its timeout.
pub async fn run(spec: &Spec) -> std::io::Result<Finished> {
    let started = Instant::now();
    let mut running = spawn(spec)?;
    let stdout = tokio::spawn(capture(running.child.stdout.take()));
    let stderr = tokio::spawn(capture(running.child.stderr.take()));
    let ending = wait_or_kill(&mut running, spec.timeout).await?;
    let left_behind = running.group.kill_rest();
    let (stdout, stderr) = (drain(stdout).await, drain(stderr).await);
    let limit = spec.limits.and_then(|limits| limits.hit(ending, &stderr.text, running.group.too_many_processes()));
    Ok(Finished { ending, stdout, stderr, left_behind, limit, elapsed: started.elapsed() })
}

/// Waits for the child; at the timeout sends SIGTERM to its group, then SIGKILL after a grace.
pub async fn wait_or_kill(running: &mut Running, timeout: Duration) -> std::io::Result<Ending> {
    if let Ok(status) = tokio::time::timeout(timeout, running.child.wait()).await {
        return Ok(unix::ending(status?));
    }
    running.group.terminate();
    if tokio::time::timeout(GRACE, running.child.wait()).await.is_err() {
        running.group.kill();
        if tokio::time::timeout(SUPERVISOR_GRACE, running.child.wait()).await.is_err() {
            // The supervisor does not answer: end it, and find what it left by its marker.
            let _ = running.child.start_kill();
            running.child.wait().await?;
            running.group.sweep_orphans();
        }
    }
    Ok(Ending::TimedOut)
}

/// Collects a stream keeping the first and last `OUTPUT_CAP / 2` bytes.
pub async fn capture<R: AsyncRead + Unpin>(stream: Option<R>) -> Captured {
    let Some(mut stream) = stream else { return Captured::default() };
    let mut cap = Cap::default();
    let mut buf = vec![0u8; 16 * 1024];
    while let Ok(n) = stream.read(&mut buf).await {
        if n == 0 {
            break;
        }
        cap.push(&buf[..n]);
    }
    cap.finish()
}

async fn drain(task: tokio::task::JoinHandle<Captured>) -> Captured {
    let abort = task.abort_handle();
    match tokio::time::timeout(PIPE_DRAIN, task).await {
        Ok(Ok(captured)) => captured,
        _ => {
            abort.abort();
            Captured { text: "(output unavailable: a process outside the program's group kept it open)".into() }
        }
    }
}

#[derive(Default)]
pub struct Cap {
    head: Vec<u8>,
    tail: std::collections::VecDeque<u8>,
    dropped: u64,
}

impl Cap {
    pub fn push(&mut self, mut bytes: &[u8]) {
        let half = OUTPUT_CAP / 2;
        if self.head.len() < half {
            let take = bytes.len().min(half - self.head.len());
            self.head.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
        }
        self.tail.extend(bytes);
        let excess = self.tail.len().saturating_sub(half);
        if excess > 0 {
            self.tail.drain(..excess);
            self.dropped += excess as u64;
        }
    }

    pub fn finish(self) -> Captured {
        let mut text = String::from_utf8_lossy(&self.head).into_owned();
        let tail: Vec<u8> = self.tail.into_iter().collect();
        if self.dropped > 0 {
            text.push_str(&format!("\n[... {} bytes of output cut ...]\n", self.dropped));
        }
        text.push_str(&String::from_utf8_lossy(&tail));
        Captured { text }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cap_keeps_head_and_tail_and_counts_the_rest() {
        let mut cap = Cap::default();
        cap.push(b"START");
        for _ in 0..1000 {
            cap.push(&[b'x'; 1024]);
        }
        cap.push(b"END");
        let captured = cap.finish();
        assert!(captured.text.starts_with("START"));
        assert!(captured.text.ends_with("END"));
        let cut = 5 + 1000 * 1024 + 3 - OUTPUT_CAP;
        assert!(captured.text.contains(&format!("[... {cut} bytes of output cut ...]")), "the cut is counted");
    }

    fn sh(script: &str, timeout: Duration) -> Spec {
        Spec::new("/bin/sh", std::env::temp_dir(), timeout).arg("-c").arg(script)
    }

    #[tokio::test]
    async fn a_program_that_never_ends_is_killed_with_its_children() {
        let spec = sh("sleep 300 & sleep 300; echo never", Duration::from_millis(300));
        let finished = run(&spec).await.expect("spawn sh");
        assert_eq!(finished.ending, Ending::TimedOut);
        assert!(!finished.stdout.text.contains("never"));
    }

    #[tokio::test]
    async fn a_child_left_running_after_exit_is_reported_and_killed() {
        let finished = run(&sh("sleep 300 & echo started", Duration::from_secs(10))).await.expect("spawn sh");
        assert_eq!(finished.ending, Ending::Exited(0));
        assert!(finished.left_behind, "the background sleep is still in the group");
        assert!(finished.stdout.text.contains("started"));
    }

    #[tokio::test]
    async fn stdin_is_closed() {
        let finished = run(&sh("cat; echo done", Duration::from_secs(10))).await.expect("spawn sh");
        assert_eq!(finished.ending, Ending::Exited(0), "cat must see end of input at once");
    }
}
