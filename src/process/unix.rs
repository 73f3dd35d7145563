//! The platform part of process control. On Linux every program starts under a supervisor (a
//! re-execution of the runner, see `supervisor.rs`) that owns the program's whole subtree and
//! cleans it up, even when the runner itself is killed. Unit tests run inside libtest's binary,
//! which cannot be re-executed as a supervisor: there, and on other systems, a program runs in
//! its own process group, killed whole (which `setsid` or a double fork escapes).

#[cfg(feature = "full")]
use std::ffi::OsString;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
#[cfg(feature = "full")]
use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use nix::sys::signal::{Signal, kill, killpg};
use nix::unistd::Pid;

use super::supervisor::{Report, Request};
use super::{Ending, Running, Spec, procfs};

/// Environment variable that marks every process of one check (`RUNNERPID-SERIAL`), so that
/// the runner can find them should their supervisor be gone.
pub const MARKER: &str = "RUNNER_CHECK";
/// Whether programs run under a supervisor.
const SUPERVISED: bool = cfg!(all(target_os = "linux", not(test)));
/// Longest a supervisor may take to start the program, or to report after it ended.
const SUPERVISOR_ANSWER: Duration = Duration::from_secs(10);
/// Longest the runner keeps sweeping for the processes of a supervisor that is gone.
const SWEEP_LIMIT: Duration = Duration::from_secs(5);

/// A started program's subtree (or process group); dropping it kills every process in it.
#[derive(Debug)]
pub struct Group {
    inner: Inner,
    done: bool,
}

#[derive(Debug)]
enum Inner {
    Supervised { control: UnixStream, answers: BufReader<UnixStream>, marker: String, report: Option<Report> },
    Direct { pgid: Pid },
}

pub fn spawn(spec: &Spec) -> std::io::Result<Running> {
    if !SUPERVISED {
        let mut command = std::process::Command::new(&spec.program);
        command.args(&spec.args).process_group(0);
        let child = prepared(command, spec, Stdio::null()).spawn()?;
        let pid = child.id().ok_or_else(|| std::io::Error::other("the child exited before it could be tracked"))?;
        let pgid = Pid::from_raw(i32::try_from(pid).map_err(|_| std::io::Error::other("process id out of range"))?);
        return Ok(Running { child, group: Group { inner: Inner::Direct { pgid }, done: false } });
    }
    let request = Request { limits: spec.limits, user: None, program: spec.program.clone().into(), args: spec.args.clone() };
    let (command, ours, marker) = supervisor_command(&request)?;
    let mut command = prepared(command, spec, Stdio::from(OwnedFd::from(ours.theirs)));
    let child = command.spawn()?;
    // Our copy of the supervisor's end must go, or its end of file would never come.
    drop(command);
    let (group, _) = Group::handshake(ours.ours, marker)?;
    Ok(Running { child, group })
}

/// The two ends of a supervisor's control socket.
struct Ends {
    ours: UnixStream,
    theirs: UnixStream,
}

/// The supervisor's command for `request` (its standard input still to be set to the end
/// returned), and the marker of the processes it will start.
fn supervisor_command(request: &Request) -> std::io::Result<(std::process::Command, Ends, String)> {
    static SERIAL: AtomicU64 = AtomicU64::new(0);
    let marker = format!("{}-{}", std::process::id(), SERIAL.fetch_add(1, Ordering::Relaxed));
    let (ours, theirs) = UnixStream::pair()?;
    // /proc/self/exe names this very binary even if the file was replaced since it started.
    let mut command = std::process::Command::new("/proc/self/exe");
    command.arg0("runner").args(request.args()).env(MARKER, &marker).process_group(0);
    Ok((command, Ends { ours, theirs }, marker))
}

fn prepared(mut command: std::process::Command, spec: &Spec, stdin: Stdio) -> tokio::process::Command {
    command.current_dir(&spec.cwd).envs(spec.env.iter().map(|(k, v)| (k, v))).stdin(stdin).stdout(Stdio::piped()).stderr(Stdio::piped());
    tokio::process::Command::from(command)
}

impl Group {
    /// Waits for the supervisor to say it started the program (or why it could not); returns
    /// the group and the program's process id.
    fn handshake(control: UnixStream, marker: String) -> std::io::Result<(Self, Pid)> {
        control.set_read_timeout(Some(SUPERVISOR_ANSWER))?;
        let mut answers = BufReader::new(control.try_clone()?);
        let mut line = String::new();
        answers.read_line(&mut line)?;
        match line.split_whitespace().collect::<Vec<_>>()[..] {
            ["started", pid] => {
                let pid = Pid::from_raw(pid.parse().map_err(|_| std::io::Error::other("the process supervisor named no process"))?);
                Ok((Self { inner: Inner::Supervised { control, answers, marker, report: None }, done: false }, pid))
            }
            ["failed", errno] => Err(std::io::Error::from_raw_os_error(errno.parse().unwrap_or(0))),
            _ => Err(std::io::Error::other("the process supervisor did not start (is /proc mounted?)")),
        }
    }

    fn order(&self, order: &[u8]) -> bool {
        match &self.inner {
            Inner::Supervised { control, .. } => (&*control).write_all(order).is_ok(),
            Inner::Direct { pgid } => killpg(*pgid, if order == b"T" { Signal::SIGTERM } else { Signal::SIGKILL }).is_ok(),
        }
    }

    /// SIGTERM to every process of the program.
    pub fn terminate(&self) {
        self.order(b"T");
    }

    /// SIGKILL to every process of the program.
    pub fn kill(&self) {
        self.order(b"K");
    }

    /// Kills whatever the program left running; returns whether anything was left. Call it
    /// once the program has ended.
    pub fn kill_rest(&mut self) -> bool {
        self.done = true;
        match &mut self.inner {
            Inner::Direct { pgid } => {
                let left = procfs::group_alive(pgid.as_raw());
                let _ = killpg(*pgid, Signal::SIGKILL);
                left
            }
            Inner::Supervised { control, answers, marker, report } => {
                let _ = (&*control).write_all(b"K");
                // The supervisor has ended or is about to: its last line is all that is left.
                let mut rest = String::new();
                let _ = answers.read_to_string(&mut rest);
                *report = rest.lines().find_map(Report::parse);
                match report {
                    Some(report) => report.left_behind,
                    None => sweep(marker),
                }
            }
        }
    }

    /// The subtree grew past the process cap and was killed (known after `kill_rest`).
    pub fn too_many_processes(&self) -> bool {
        matches!(&self.inner, Inner::Supervised { report: Some(report), .. } if report.too_many_processes)
    }

    /// The program ended before it was asked to (known after `kill_rest`).
    #[cfg(feature = "full")]
    pub fn ended_unprompted(&self) -> bool {
        matches!(&self.inner, Inner::Supervised { report: Some(report), .. } if report.unprompted)
    }

    /// Kills, by their marker, processes a supervisor that no longer answers left behind.
    pub fn sweep_orphans(&self) {
        if let Inner::Supervised { marker, .. } = &self.inner {
            sweep(marker);
        }
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        // Closing the control socket alone makes the supervisor kill everything; a failed order
        // means the supervisor is gone, and its orphans are found by their marker.
        if !self.done && !self.order(b"K") {
            self.sweep_orphans();
        }
    }
}

/// A long-running helper of the runner's own (the PostgreSQL server), started like a learner's
/// program under a supervisor, so that it and everything it starts end with the runner, a
/// SIGKILLed runner included. Blocking: for the threads that manage such a helper.
#[cfg(feature = "full")]
#[derive(Debug)]
pub struct Service {
    /// The supervisor (the helper itself where programs are not supervised).
    child: std::process::Child,
    /// The helper's own process.
    pid: Pid,
    group: Group,
}

#[cfg(feature = "full")]
impl Service {
    /// Starts `program` with `args`, as `user` (uid, gid) if given. `configure` sets the rest
    /// of the started process (output, environment), which the helper inherits.
    pub fn start(program: &Path, args: &[OsString], user: Option<(u32, u32)>, configure: impl FnOnce(&mut std::process::Command)) -> std::io::Result<Self> {
        if !SUPERVISED {
            let mut command = std::process::Command::new(program);
            command.args(args).stdin(Stdio::null()).process_group(0);
            if let Some((uid, gid)) = user {
                command.uid(uid).gid(gid);
            }
            configure(&mut command);
            let child = command.spawn()?;
            let pid = Pid::from_raw(i32::try_from(child.id()).map_err(|_| std::io::Error::other("process id out of range"))?);
            return Ok(Self { child, pid, group: Group { inner: Inner::Direct { pgid: pid }, done: false } });
        }
        let request = Request { limits: None, user, program: program.into(), args: args.to_vec() };
        let (mut command, ends, marker) = supervisor_command(&request)?;
        command.stdin(Stdio::from(OwnedFd::from(ends.theirs)));
        configure(&mut command);
        let child = command.spawn()?;
        // Our copy of the supervisor's end must go, or its end of file would never come.
        drop(command);
        let (group, pid) = Group::handshake(ends.ours, marker)?;
        Ok(Self { child, pid, group })
    }

    /// How the helper ended, once it has (its supervisor ends right after it).
    pub fn try_wait(&mut self) -> std::io::Result<Option<ExitStatus>> {
        self.child.try_wait()
    }

    /// Sends `signal` to the helper alone (its own way to shut down), gives it `limit` to end,
    /// then kills whatever is left of it.
    pub fn stop(&mut self, signal: Signal, limit: Duration) {
        let _ = kill(self.pid, signal);
        let deadline = std::time::Instant::now() + limit;
        while self.child.try_wait().ok().flatten().is_none() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        self.group.kill();
        let _ = self.child.wait();
        self.group.kill_rest();
    }
}

/// Stops then SIGKILLs every live process carrying `marker`, until none is left (or a few
/// seconds passed); returns whether there was any.
fn sweep(marker: &str) -> bool {
    let started = std::time::Instant::now();
    let mut any = false;
    while started.elapsed() < SWEEP_LIMIT {
        let marked = procfs::with_environment(MARKER, marker);
        if marked.is_empty() {
            break;
        }
        any = true;
        for signal in [Signal::SIGSTOP, Signal::SIGKILL] {
            for pid in &marked {
                let _ = kill(Pid::from_raw(*pid), signal);
            }
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    any
}

pub fn ending(status: ExitStatus) -> Ending {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => Ending::Exited(code),
        (None, Some(signal)) => Ending::Signalled(signal),
        (None, None) => Ending::Exited(-1),
    }
}
