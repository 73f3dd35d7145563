//! The supervisor: the runner re-executed as `runner __supervise [--limits M:C:F:P] [--user
//! UID:GID] -- PROGRAM ARGS...`, standing between the runner and every program it starts. It makes itself child
//! subreaper, so whatever the program forks (setsid, double fork, a daemon) stays in its
//! subtree; it applies the resource limits to itself before starting the program, which
//! inherits them; and when the program ends, when the runner says so, or when the runner dies
//! (its control socket, fd 0, reaches end of file, even after a SIGKILL) it stops and kills the
//! whole subtree. Its exit status mirrors the program's, and a last line on the socket tells
//! the runner what else happened.
//!
//! Protocol on fd 0 (a Unix socket pair): the runner sends `T` (terminate: SIGTERM to every
//! process of the subtree) and `K` (kill them all); the supervisor answers `started PID` or
//! `failed ERRNO` once, then `ended exit|signal N left=0|1 processes=0|1 unprompted=0|1` at the end.

use std::collections::HashSet;
use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;
use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use nix::errno::Errno;
use nix::sys::resource::{Resource, getrlimit, setrlimit};
use nix::sys::signal::{Signal, kill};
use nix::sys::wait::{WaitPidFlag, WaitStatus, waitpid};
use nix::unistd::{Pid, Uid};

use super::Limits;
use super::procfs;

/// The hidden first argument that turns the runner into a supervisor.
pub const COMMAND: &str = "__supervise";
/// How often the number of processes is looked at, when it is capped.
const CAP_POLL: Duration = Duration::from_millis(200);
/// Longest the supervisor keeps trying to kill a subtree (a process stuck in the kernel).
const KILL_LIMIT: Duration = Duration::from_secs(10);
/// Threads beyond the user's current count that RLIMIT_NPROC allows (a brake on fork bombs;
/// the precise cap is `Limits::processes`, counted by the supervisor).
const NPROC_HEADROOM: u64 = 4096;

/// Set when the subtree was killed for having too many processes.
static TOO_MANY: AtomicBool = AtomicBool::new(false);
/// Set once the runner (or the process cap) asked for the subtree to end.
static ASKED: AtomicBool = AtomicBool::new(false);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    Exited(i32),
    Signalled(i32),
}

/// The supervisor's last word: how the program ended and what had to be cleaned up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Report {
    pub ended: Ended,
    /// Processes of the program were still alive when it ended (they were killed).
    pub left_behind: bool,
    /// The subtree had more than `Limits::processes` processes at once (it was killed).
    pub too_many_processes: bool,
    /// The program ended before anyone asked it to (a server that exits, or daemonises).
    pub unprompted: bool,
}

impl Report {
    fn line(&self) -> String {
        let (how, n) = match self.ended {
            Ended::Exited(code) => ("exit", code),
            Ended::Signalled(signal) => ("signal", signal),
        };
        let flag = u8::from;
        format!("ended {how} {n} left={} processes={} unprompted={}", flag(self.left_behind), flag(self.too_many_processes), flag(self.unprompted))
    }

    pub fn parse(line: &str) -> Option<Self> {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let ["ended", how, n, left, processes, unprompted] = fields[..] else { return None };
        let n = n.parse().ok()?;
        let ended = match how {
            "exit" => Ended::Exited(n),
            "signal" => Ended::Signalled(n),
            _ => return None,
        };
        let flag = |field: &str, name: &str| field.strip_prefix(name).map(|v| v == "1");
        Some(Self { ended, left_behind: flag(left, "left=")?, too_many_processes: flag(processes, "processes=")?, unprompted: flag(unprompted, "unprompted=")? })
    }
}

/// What a supervisor is asked to run, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Resource limits (a learner's program); `None` for the runner's tools and helpers.
    pub limits: Option<Limits>,
    /// The user and group the program runs as (the PostgreSQL server, when the runner is root);
    /// the supervisor itself stays the runner's user, so that it can always be executed.
    pub user: Option<(u32, u32)>,
    pub program: OsString,
    pub args: Vec<OsString>,
}

impl Request {
    /// The supervisor's command line (after the executable) for this request.
    pub fn args(&self) -> Vec<OsString> {
        let mut out: Vec<OsString> = vec![COMMAND.into()];
        if let Some(l) = self.limits {
            out.push("--limits".into());
            out.push(format!("{}:{}:{}:{}", l.memory, l.cpu_secs, l.file_size, l.processes).into());
        }
        if let Some((uid, gid)) = self.user {
            out.push("--user".into());
            out.push(format!("{uid}:{gid}").into());
        }
        out.push("--".into());
        out.push(self.program.clone());
        out.extend(self.args.iter().cloned());
        out
    }

    /// The request a supervisor's command line (after `COMMAND`) makes.
    fn parse(args: &[OsString]) -> Option<Self> {
        let numbers = |arg: Option<&OsString>| -> Option<Vec<u64>> { arg?.to_str()?.split(':').map(|n| n.parse().ok()).collect() };
        let (mut limits, mut user, mut rest) = (None, None, args);
        loop {
            match rest.first()?.to_str() {
                Some("--limits") => {
                    let [memory, cpu_secs, file_size, processes] = numbers(rest.get(1))?[..] else { return None };
                    let processes = u32::try_from(processes).ok()?;
                    limits = Some(Limits { memory, cpu_secs, file_size, processes });
                }
                Some("--user") => {
                    let [uid, gid] = numbers(rest.get(1))?[..] else { return None };
                    user = Some((u32::try_from(uid).ok()?, u32::try_from(gid).ok()?));
                }
                Some("--") => break,
                _ => return None,
            }
            rest = rest.get(2..)?;
        }
        let (program, program_args) = rest.get(1..)?.split_first()?;
        Some(Self { limits, user, program: program.clone(), args: program_args.to_vec() })
    }
}

/// Runs the supervisor when the command line asks for it (`runner __supervise ...`).
pub fn main_if_requested() -> Option<ExitCode> {
    let args: Vec<OsString> = std::env::args_os().collect();
    if args.get(1).is_none_or(|first| first != COMMAND) {
        return None;
    }
    Some(supervise(&args[2..]))
}

fn supervise(args: &[OsString]) -> ExitCode {
    let Ok(control) = std::io::stdin().as_fd().try_clone_to_owned().map(UnixStream::from) else { return ExitCode::from(125) };
    let fail = |errno: i32, code: u8| {
        let _ = writeln!(&control, "failed {errno}");
        ExitCode::from(code)
    };
    let Some(Request { limits, user, program, args: program_args }) = Request::parse(args) else { return fail(Errno::EINVAL as i32, 125) };
    if let Err(errno) = prepare(limits) {
        return fail(errno as i32, 125);
    }
    let mut command = Command::new(&program);
    command.args(&program_args).stdin(Stdio::null()).process_group(0);
    if let Some((uid, gid)) = user {
        command.uid(uid).gid(gid);
    }
    let main = match command.spawn() {
        // Dropping a std `Child` neither waits nor kills: the loop below reaps it.
        Ok(child) => Pid::from_raw(i32::try_from(child.id()).unwrap_or(i32::MAX)),
        Err(err) => return fail(err.raw_os_error().unwrap_or(0), 127),
    };
    let _ = writeln!(&control, "started {main}");
    let me = Pid::this().as_raw();
    if let Ok(reader) = control.try_clone() {
        std::thread::spawn(move || obey(reader, me));
    }
    if let Some(cap) = limits.map(|l| l.processes) {
        std::thread::spawn(move || watch_count(me, cap));
    }
    let ended = wait_for(main);
    let unprompted = !ASKED.load(Ordering::SeqCst);
    let left_behind = kill_all(me);
    reap_all(me);
    let report = Report { ended, left_behind, too_many_processes: TOO_MANY.load(Ordering::SeqCst), unprompted };
    let _ = writeln!(&control, "{}", report.line());
    mirror(ended)
}

/// Subreaper first, so that nothing forked later can leave the subtree; then the limits, which
/// the program inherits.
fn prepare(limits: Option<Limits>) -> Result<(), Errno> {
    // Linux only; elsewhere programs are not supervised (see unix.rs) and this never runs.
    #[cfg(target_os = "linux")]
    nix::sys::prctl::set_child_subreaper(true)?;
    // A memory limit makes an abort likely: no core file in the learner's directory.
    lower(Resource::RLIMIT_CORE, 0)?;
    if let Some(limits) = limits {
        // RLIMIT_DATA counts what a program really allocates (heap, writable private maps),
        // not address space merely reserved, which RLIMIT_AS would (allocator arenas, guards).
        lower(Resource::RLIMIT_DATA, limits.memory)?;
        lower(Resource::RLIMIT_FSIZE, limits.file_size)?;
        let (cpu_soft, _) = getrlimit(Resource::RLIMIT_CPU)?;
        if limits.cpu_secs < cpu_soft {
            // SIGXCPU at the soft limit, SIGKILL a second later for a program that ignores it.
            let (_, hard) = getrlimit(Resource::RLIMIT_CPU)?;
            setrlimit(Resource::RLIMIT_CPU, limits.cpu_secs.min(hard), (limits.cpu_secs + 1).min(hard))?;
        }
        // The kernel does not apply RLIMIT_NPROC to root; then the process count below is the
        // only cap.
        if !Uid::effective().is_root() {
            lower(Resource::RLIMIT_NPROC, procfs::tasks_of(Uid::current().as_raw()) + NPROC_HEADROOM)?;
        }
    }
    Ok(())
}

/// Sets both limits to `value`, or leaves them where they are lower already.
fn lower(resource: Resource, value: u64) -> Result<(), Errno> {
    let (soft, hard) = getrlimit(resource)?;
    setrlimit(resource, value.min(soft), value.min(hard))
}

/// Follows the runner's orders; its end of file (the runner gone, or done) kills everything.
fn obey(mut control: UnixStream, me: i32) {
    let mut orders = [0u8; 64];
    loop {
        match control.read(&mut orders) {
            Ok(0) | Err(_) => {
                ASKED.store(true, Ordering::SeqCst);
                kill_all(me);
                return;
            }
            Ok(n) => {
                // Before acting, so that a program the order ends is not taken as ending by itself.
                ASKED.store(true, Ordering::SeqCst);
                for order in &orders[..n] {
                    match order {
                        b'T' => signal_all(me, Signal::SIGTERM),
                        b'K' => drop(kill_all(me)),
                        _ => {}
                    }
                }
            }
        }
    }
}

fn watch_count(me: i32, cap: u32) {
    loop {
        std::thread::sleep(CAP_POLL);
        if procfs::live_descendants(me, &procfs::entries()).len() > cap as usize {
            TOO_MANY.store(true, Ordering::SeqCst);
            ASKED.store(true, Ordering::SeqCst);
            kill_all(me);
            return;
        }
    }
}

/// Waits for the program, reaping on the way every orphan of the subtree that ends.
fn wait_for(main: Pid) -> Ended {
    loop {
        match waitpid(None::<Pid>, None) {
            Ok(WaitStatus::Exited(pid, code)) if pid == main => return Ended::Exited(code),
            Ok(WaitStatus::Signaled(pid, signal, _)) if pid == main => return Ended::Signalled(signal as i32),
            Ok(_) | Err(Errno::EINTR) => {}
            // nix cannot name a real-time signal; the child is reaped all the same.
            Err(_) if kill(main, None).is_err() => return Ended::Signalled(0),
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

fn signal_all(me: i32, signal: Signal) {
    for pid in procfs::live_descendants(me, &procfs::entries()) {
        let _ = kill(Pid::from_raw(pid), signal);
    }
}

/// Stops every live process of the subtree (a stopped process cannot fork), looking again
/// until no new one appears, then kills them all; repeats until none is left. Returns whether
/// there was any.
fn kill_all(me: i32) -> bool {
    let started = Instant::now();
    let mut any = false;
    while started.elapsed() < KILL_LIMIT {
        let mut stopped = HashSet::new();
        loop {
            let fresh: Vec<i32> = procfs::live_descendants(me, &procfs::entries()).into_iter().filter(|p| !stopped.contains(p)).collect();
            if fresh.is_empty() {
                break;
            }
            for pid in fresh {
                let _ = kill(Pid::from_raw(pid), Signal::SIGSTOP);
                stopped.insert(pid);
            }
        }
        if stopped.is_empty() {
            return any;
        }
        any = true;
        for pid in &stopped {
            let _ = kill(Pid::from_raw(*pid), Signal::SIGKILL);
        }
        // Let the kernel finish them before looking again.
        std::thread::sleep(Duration::from_millis(2));
    }
    any
}

/// Reaps every child left (the killed subtree, reparented here). A child still alive is one a
/// scan missed (`/proc` is read one process at a time, so a process reparented during a scan
/// can be seen under neither parent): it is killed with the rest of what is left.
fn reap_all(me: i32) {
    let started = Instant::now();
    while started.elapsed() < KILL_LIMIT {
        match waitpid(None::<Pid>, Some(WaitPidFlag::WNOHANG)) {
            Err(Errno::ECHILD) => return,
            Ok(WaitStatus::StillAlive) => {
                kill_all(me);
                std::thread::sleep(Duration::from_millis(1));
            }
            _ => {}
        }
    }
}

/// Ends the way the program ended, so that the runner reads the program's status as ours.
fn mirror(ended: Ended) -> ExitCode {
    match ended {
        Ended::Exited(code) => ExitCode::from(u8::try_from(code).unwrap_or(u8::MAX)),
        Ended::Signalled(number) => {
            if let Ok(signal) = Signal::try_from(number) {
                let _ = nix::sys::signal::raise(signal);
            }
            // Still here: the signal is ignored in this process (SIGPIPE, in Rust programs).
            ExitCode::from(128u8.saturating_add(u8::try_from(number).unwrap_or(0)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_round_trip() {
        for ended in [Ended::Exited(0), Ended::Exited(101), Ended::Signalled(9)] {
            for (left_behind, too_many_processes, unprompted) in [(false, false, true), (true, false, false), (false, true, false)] {
                let report = Report { ended, left_behind, too_many_processes, unprompted };
                assert_eq!(Report::parse(&report.line()), Some(report));
            }
        }
        assert_eq!(Report::parse("started 42"), None);
        assert_eq!(Report::parse("ended exit x left=0 processes=0 unprompted=0"), None);
    }

    #[test]
    fn requests_round_trip_with_and_without_limits_and_user() {
        let limits = Limits { memory: 1 << 31, cpu_secs: 60, file_size: 1 << 28, processes: 256 };
        let program_args: Vec<OsString> = vec!["--color".into(), "--".into(), "never".into()];
        for (limits, user) in [(Some(limits), None), (None, None), (None, Some((101, 104))), (Some(limits), Some((0, 0)))] {
            let request = Request { limits, user, program: "/x/prog".into(), args: program_args.clone() };
            let args = request.args();
            assert_eq!(args[0], COMMAND);
            assert_eq!(Request::parse(&args[1..]), Some(request));
        }
        assert_eq!(Request::parse(&[OsString::from("prog")]), None, "the separator is required");
        assert_eq!(Request::parse(&["--user".into(), "x:1".into(), "--".into(), "p".into()]), None);
        assert_eq!(Request::parse(&["--".into()]), None, "a program is required");
    }
}
