//! Nothing a learner's program starts outlives its check, or the runner: escapes from the
//! process group (setsid, a double fork, a daemon), ignored SIGTERM, a SIGKILLed runner. And
//! the resource limits end a runaway with a verdict that names the limit.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::os::fd::OwnedFd;
use std::os::unix::net::UnixStream;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command as StdCommand, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::{FAILING_TESTS, Fixture, PASSING_TESTS, process_with, text};

fn exercise(name: &str, verifier: &str, extra: &str) -> String {
    format!("\n[[exercises]]\nname = \"{name}\"\nstage = \"00_intro\"\nverifier = \"{verifier}\"\nhint = \"h\"\n{extra}")
}

fn program_fixture(name: &str, verifier: &str, extra: &str, program: &str) -> Fixture {
    Fixture::new(
        &exercise(name, verifier, extra),
        &[(&format!("exercises/00_intro/{name}.rs"), program), (&format!("solutions/00_intro/{name}.rs"), "fn main() {}\n")],
    )
}

fn run(fixture: &Fixture, name: &str) -> (i32, String) {
    let output = fixture.runner().args(["run", name]).output().expect("run");
    (output.status.code().unwrap_or(-1), text(&output))
}

/// Polls `done` until it holds or `limit` passes.
pub fn eventually(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        if done() {
            return true;
        }
        if Instant::now() > deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Starts `sleep MARKER.N` three ways that each leave the program's process group.
const ESCAPES: &str = r#"
    use std::os::unix::process::CommandExt;
    let _ = std::process::Command::new("setsid").arg("sleep").arg("MARKER.1").spawn();
    let _ = std::process::Command::new("sh").arg("-c").arg("(sleep MARKER.2 &) &").spawn();
    let _ = std::process::Command::new("sleep").arg("MARKER.3").process_group(0).spawn();
"#;

fn escaping(marker: &str, then: &str) -> String {
    format!("// TODO\nfn main() {{\n{}\n    {then}\n}}\n", ESCAPES.replace("MARKER", marker))
}

#[test]
fn escaped_processes_die_with_a_timed_out_check() {
    let fixture = program_fixture("escape", "run", "timeout_secs = 2\n", &escaping("5151", "loop { std::thread::park(); }"));
    let (code, shown) = run(&fixture, "escape");
    assert_eq!(code, 1, "{shown}");
    assert!(shown.contains("did not finish within 2s"), "{shown}");
    assert!(!process_with("5151."), "setsid, double fork and a new process group all die with the check");
}

#[test]
fn escaped_processes_die_when_the_program_ends_and_are_reported() {
    let fixture = program_fixture("escape", "run", "", &escaping("5252", "println!(\"done\");"));
    let (code, shown) = run(&fixture, "escape");
    assert_eq!(code, 0, "{shown}");
    assert!(shown.contains("left processes running after it ended"), "{shown}");
    assert!(!process_with("5252."), "nothing is left");
}

#[test]
fn a_daemonising_server_fails_and_leaves_no_process_or_port() {
    let daemon = r#"// TODO
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
fn main() {
    if std::env::var("DAEMON").is_err() {
        let me = std::env::current_exe().expect("exe");
        let _ = std::process::Command::new(me).env("DAEMON", "1").process_group(0).spawn();
        return; // the parent exits: the server lives on in another group
    }
    let _child = std::process::Command::new("sleep").arg("5656.6").spawn();
    let port = std::env::var("PORT").unwrap_or_default();
    let listener = std::net::TcpListener::bind(format!("127.0.0.1:{port}")).expect("bind");
    std::fs::write("port.txt", &port).ok();
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let mut buf = [0u8; 4096];
        let _ = stream.read(&mut buf);
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
    }
}
"#;
    let fixture = program_fixture("daemon", "http", "timeout_secs = 5\n[exercises.http]\n[[exercises.http.requests]]\npath = \"/\"\nstatus = 200\n", daemon);
    let (code, shown) = run(&fixture, "daemon");
    assert_eq!(code, 1, "a server whose process exited does not pass: {shown}");
    assert!(!process_with("5656.6"), "the daemon's child is gone");
    if let Ok(port) = fixture.read("port.txt").trim().parse::<u16>() {
        assert!(TcpListener::bind(("127.0.0.1", port)).is_ok(), "port {port} is free");
    }
}

#[test]
fn nothing_survives_the_runner_being_killed_mid_check() {
    let stubborn = r#"// TODO
use std::os::unix::process::CommandExt;
fn main() {
    if std::env::var("IGNORING_TERM").is_err() {
        let me = std::env::current_exe().expect("exe");
        let err = std::process::Command::new("sh").arg("-c").arg("trap '' TERM; exec \"$0\"").arg(me).env("IGNORING_TERM", "1").exec();
        panic!("exec failed: {err}");
    }
    let _ = std::process::Command::new("setsid").arg("sleep").arg("5353.1").spawn();
    let _ = std::process::Command::new("sh").arg("-c").arg("trap '' TERM; sleep 5353.2").process_group(0).spawn();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    std::fs::write("port.txt", listener.local_addr().expect("addr").port().to_string()).ok();
    loop {
        std::thread::park();
    }
}
"#;
    let fixture = program_fixture("stubborn", "run", "timeout_secs = 120\n", stubborn);
    let binary = assert_cmd::cargo::cargo_bin("runner");
    let mut runner = StdCommand::new(binary).args(["run", "stubborn"]).current_dir(fixture.root()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn");
    let started = eventually(Duration::from_secs(150), || process_with("5353.1") && process_with("5353.2") && !fixture.read("port.txt").is_empty());
    runner.kill().expect("SIGKILL the runner");
    let _ = runner.wait();
    assert!(started, "the program started its children");
    let port: u16 = fixture.read("port.txt").trim().parse().expect("port");
    let program = format!("{}/target/debug/stubborn", fixture.root().display());
    let clean = eventually(Duration::from_secs(10), || !process_with("5353.") && !process_with(&program) && TcpListener::bind(("127.0.0.1", port)).is_ok());
    assert!(clean, "after the runner's SIGKILL no process of the check is left and port {port} is free");
}

#[test]
fn a_program_over_the_memory_limit_is_told_so() {
    let greedy = "pub fn answer() -> u32 {\n    // TODO\n    let big: Vec<u8> = Vec::with_capacity(3 << 30);\n    big.capacity() as u32\n}\n\nfn main() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn answer_is_42() {\n        assert_eq!(super::answer(), 42);\n    }\n}\n";
    let (code, shown) = run(&Fixture::answer(greedy), "answer");
    assert_eq!(code, 1, "{shown}");
    assert!(shown.contains("your program used more than 2 GiB of memory"), "{shown}");
}

#[test]
fn a_program_with_too_many_processes_is_stopped_and_told_so() {
    let forking = "// TODO\nfn main() {\n    let mut children = Vec::new();\n    for _ in 0..400 {\n        if let Ok(child) = std::process::Command::new(\"sleep\").arg(\"5454.4\").spawn() {\n            children.push(child);\n        }\n    }\n    loop {\n        std::thread::park();\n    }\n}\n";
    let (code, shown) = run(&program_fixture("forks", "run", "timeout_secs = 30\n", forking), "forks");
    assert_eq!(code, 1, "{shown}");
    assert!(shown.contains("more than 256 processes running at once"), "{shown}");
    assert!(!process_with("5454.4"));
}

/// Runs the hidden supervisor directly with tiny limits, as the runner does.
fn supervised(limits: &str, script: &str, cwd: &std::path::Path) -> (std::process::ExitStatus, String) {
    let (ours, theirs) = UnixStream::pair().expect("socket pair");
    let binary = assert_cmd::cargo::cargo_bin("runner");
    let mut child = StdCommand::new(binary)
        .args(["__supervise", "--limits", limits, "--", "sh", "-c", script])
        .current_dir(cwd)
        .stdin(Stdio::from(OwnedFd::from(theirs)))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn the supervisor");
    let status = child.wait().expect("wait");
    let mut answers = String::new();
    ours.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let _ = (&ours).read_to_string(&mut answers);
    (status, answers)
}

#[test]
fn the_supervisor_applies_cpu_and_file_size_limits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (status, answers) = supervised("2147483648:1:1048576:256", "while :; do :; done", dir.path());
    assert_eq!(status.signal(), Some(24), "SIGXCPU after one second of CPU: {answers}");
    assert!(answers.contains("ended signal 24"), "{answers}");
    let (status, answers) = supervised("2147483648:60:1048576:256", "exec head -c 3000000 /dev/zero > big", dir.path());
    assert_eq!(status.signal(), Some(25), "SIGXFSZ past 1 MiB: {answers}");
    let written = std::fs::metadata(dir.path().join("big")).map(|m| m.len()).unwrap_or(0);
    assert!(written <= 1 << 20, "the file stops at the limit ({written} bytes)");
}

/// CPU time (user + system) of a process, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let fields: Vec<u64> = stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().skip(11).take(2).filter_map(|f| f.parse().ok()).collect()).unwrap_or_default();
    fields.iter().sum()
}

#[test]
fn watch_with_standard_input_at_end_of_file_idles_and_keeps_watching() {
    let fixture = Fixture::answer(FAILING_TESTS);
    let binary = assert_cmd::cargo::cargo_bin("runner");
    let mut child = StdCommand::new(binary).arg("watch").current_dir(fixture.root()).env("NO_COLOR", "1").stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().expect("spawn watch");
    let (tx, rx) = mpsc::channel();
    let stdout = child.stdout.take().expect("stdout");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).split(b'\n').map_while(Result::ok) {
            if tx.send(String::from_utf8_lossy(&line).into_owned()).is_err() {
                return;
            }
        }
    });
    let wait_for = |needle: &str, bytes: &mut usize| {
        let deadline = Instant::now() + Duration::from_secs(120);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match rx.recv_timeout(left) {
                Ok(line) => {
                    *bytes += line.len() + 1;
                    if line.contains(needle) {
                        return true;
                    }
                }
                Err(_) => return false,
            }
        }
        false
    };
    let mut before = 0;
    assert!(wait_for("answer: the test failed", &mut before), "the first check runs");
    // Idle: measured over a while, since idleness is the absence of work.
    let ticks = cpu_ticks(child.id());
    std::thread::sleep(Duration::from_secs(2));
    let idle_ticks = cpu_ticks(child.id()) - ticks;
    let idle_output: usize = rx.try_iter().map(|l| l.len() + 1).sum();
    if idle_ticks >= 20 || idle_output >= 1024 {
        let _ = child.kill();
        panic!("idle watch used {idle_ticks} ticks of CPU and printed {idle_output} bytes in 2 s");
    }
    fixture.write("exercises/00_intro/answer.rs", PASSING_TESTS);
    let mut after = 0;
    let checked = wait_for("answer: the test passed", &mut after);
    // Asked again until it goes: a signal that arrives while the dispatcher is between two
    // turns of its loop is not seen (watch.rs listens anew at each turn).
    let pid = nix::unistd::Pid::from_raw(i32::try_from(child.id()).unwrap_or(0));
    let mut status = None;
    let stopped = eventually(Duration::from_secs(20), || {
        let _ = nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM);
        std::thread::sleep(Duration::from_millis(200));
        status = child.try_wait().ok().flatten();
        status.is_some()
    });
    if !stopped {
        let _ = child.kill();
    }
    assert!(checked, "after the end of input, saves are still checked");
    assert!(after < 16 * 1024, "one screen per check ({after} bytes)");
    assert_eq!(status.and_then(|s| s.code()), Some(130), "SIGTERM stops it as an interruption");
}

/// A program that leaves its group four ways, ignores SIGTERM and holds a port, then hangs.
const RUNAWAY: &str = r#"// TODO
use std::os::unix::process::CommandExt;
fn main() {
    if std::env::var("IGNORING_TERM").is_err() {
        let me = std::env::current_exe().expect("exe");
        let err = std::process::Command::new("sh").arg("-c").arg("trap '' TERM; exec \"$0\"").arg(me).env("IGNORING_TERM", "1").exec();
        panic!("exec failed: {err}");
    }
    let _ = std::process::Command::new("setsid").arg("sleep").arg("5757.1").spawn();
    let _ = std::process::Command::new("sh").arg("-c").arg("(trap '' TERM; sleep 5757.2 &) &").spawn();
    let _ = std::process::Command::new("sleep").arg("5757.3").process_group(0).spawn();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    std::fs::write("port.txt", listener.local_addr().expect("addr").port().to_string()).ok();
    let _ = std::process::Command::new("setsid").arg("sh").arg("-c").arg("trap '' TERM; sleep 5757.4").stdout(std::process::Stdio::inherit()).spawn();
    loop {
        std::thread::park();
    }
}
"#;

fn count_from_env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// The closing figures: `cargo test --test cli figures -- --ignored --nocapture`
/// (`FIGURE_TIMEOUTS`, `FIGURE_KILLS` set the counts).
#[test]
#[ignore = "takes minutes: run for the figures"]
fn figures_timed_out_checks_and_runner_kills_leave_nothing() {
    let fixture = program_fixture("runaway", "run", "timeout_secs = 1\n", RUNAWAY);
    let port = || fixture.read("port.txt").trim().parse::<u16>().ok();
    let leftovers = || process_with("5757.") || port().is_some_and(|p| TcpListener::bind(("127.0.0.1", p)).is_err());
    let (runs, kills) = (count_from_env("FIGURE_TIMEOUTS", 100), count_from_env("FIGURE_KILLS", 20));
    let mut left = 0;
    for _ in 0..runs {
        let _ = std::fs::remove_file(fixture.path("port.txt"));
        let (code, shown) = run(&fixture, "runaway");
        assert!(code == 1 && shown.contains("did not finish within 1s"), "{shown}");
        // Checked at once: the runner must have cleaned up before it returned.
        if leftovers() {
            left += 1;
            assert!(eventually(Duration::from_secs(10), || !leftovers()), "leftovers do not even go away later");
        }
    }
    let slow = program_fixture("runaway", "run", "timeout_secs = 600\n", RUNAWAY);
    let binary = assert_cmd::cargo::cargo_bin("runner");
    let (mut orphaned, mut slowest) = (0, Duration::ZERO);
    for _ in 0..kills {
        let _ = std::fs::remove_file(slow.path("port.txt"));
        let mut runner = StdCommand::new(&binary).args(["run", "runaway"]).current_dir(slow.root()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn");
        let started = eventually(Duration::from_secs(150), || (1..=4).all(|n| process_with(&format!("5757.{n}"))) && !slow.read("port.txt").is_empty());
        runner.kill().expect("SIGKILL");
        let _ = runner.wait();
        assert!(started, "the program started everything");
        let killed_at = Instant::now();
        let port = slow.read("port.txt").trim().parse::<u16>().ok();
        let gone = || !process_with("5757.") && port.is_some_and(|p| TcpListener::bind(("127.0.0.1", p)).is_ok());
        if eventually(Duration::from_secs(10), gone) {
            slowest = slowest.max(killed_at.elapsed());
        } else {
            orphaned += 1;
        }
    }
    println!("FIGURES: {left} of {runs} timed-out checks left a process or a port; {orphaned} of {kills} runner SIGKILLs left an orphan (all gone within {} ms)", slowest.as_millis());
    assert_eq!((left, orphaned), (0, 0));
}
