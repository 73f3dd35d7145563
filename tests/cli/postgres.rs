//! The PostgreSQL server the runner starts for a check dies with the runner, a SIGKILLed runner
//! included: no server process, no backend, no listening port is left. Skipped (with a note)
//! where the PostgreSQL server binaries are not installed.

use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use crate::containment::eventually;
use crate::support::Fixture;

/// Whether `initdb` and `postgres` are on PATH or under /usr/lib/postgresql/*/bin.
pub fn postgres_installed() -> bool {
    let has_both = |dir: &Path| dir.join("initdb").is_file() && dir.join("postgres").is_file();
    let on_path = std::env::var_os("PATH").is_some_and(|path| std::env::split_paths(&path).any(|dir| has_both(&dir)));
    let debian = std::fs::read_dir("/usr/lib/postgresql").is_ok_and(|dirs| dirs.flatten().any(|e| has_both(&e.path().join("bin"))));
    on_path || debian
}

/// Process id and parent of every live (not zombie) process.
fn processes() -> Vec<(i32, i32)> {
    let Ok(entries) = std::fs::read_dir("/proc") else { return Vec::new() };
    entries
        .flatten()
        .filter_map(|entry| {
            let pid = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            let (_, rest) = stat.rsplit_once(')')?;
            let mut fields = rest.split_whitespace();
            let state = fields.next()?;
            let ppid = fields.next()?.parse().ok()?;
            (state != "Z").then_some((pid, ppid))
        })
        .collect()
}

fn alive(pid: i32) -> bool {
    processes().iter().any(|(p, _)| *p == pid)
}

/// The server's process id and port, from its `postmaster.pid`, once it is running.
fn server(data: &Path) -> Option<(i32, u16)> {
    let text = std::fs::read_to_string(data.join("postmaster.pid")).ok()?;
    let lines: Vec<&str> = text.lines().collect();
    let pid = lines.first()?.trim().parse().ok()?;
    let port = lines.get(3)?.trim().parse().ok()?;
    alive(pid).then_some((pid, port))
}

/// What the server's process title says a backend is doing (`postgres: learner db ... SELECT`).
fn a_backend_runs_a_query(postmaster: i32) -> bool {
    processes().iter().filter(|(_, ppid)| *ppid == postmaster).any(|(pid, _)| {
        let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        String::from_utf8_lossy(&cmdline).contains("SELECT")
    })
}

#[test]
fn the_postgres_server_dies_when_the_runner_is_killed_mid_check() {
    if !postgres_installed() {
        println!("note: skipped, the PostgreSQL server binaries (initdb, postgres) are not installed");
        return;
    }
    let fixture = Fixture::new(
        "\n[[exercises]]\nname = \"slow\"\nstage = \"00_intro\"\nverifier = \"sql\"\nhint = \"h\"\ntimeout_secs = 120\n[exercises.sql]\nengine = \"postgres\"\nfixture = \"shop.sql\"\n",
        &[
            ("exercises/00_intro/shop.sql", "CREATE TABLE t (a integer);\nINSERT INTO t VALUES (1);\n"),
            ("exercises/00_intro/slow.sql", "-- TODO\nSELECT a FROM t, pg_sleep(100);\n"),
            ("solutions/00_intro/slow.sql", "SELECT a FROM t;\n"),
        ],
    );
    // A runner running as root starts the server as another user, who must reach the course.
    std::fs::set_permissions(fixture.root(), std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let data: PathBuf = fixture.path(".runner/pg/data");
    let binary = assert_cmd::cargo::cargo_bin("runner");
    let mut runner = StdCommand::new(binary).args(["run", "slow"]).current_dir(fixture.root()).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("spawn");

    let mut listening_since: Option<Instant> = None;
    let mut seen = None;
    // Mid-check: a backend runs the learner's query (or, should process titles be off, the
    // server has been up for a few seconds).
    let mid_check = eventually(Duration::from_secs(120), || {
        let Some((pid, port)) = server(&data) else { return false };
        seen = Some((pid, port));
        let since = *listening_since.get_or_insert_with(Instant::now);
        a_backend_runs_a_query(pid) || since.elapsed() > Duration::from_secs(5)
    });
    let family: Vec<i32> = seen.map(|(pid, _)| processes().iter().filter(|(_, ppid)| *ppid == pid).map(|(p, _)| *p).chain([pid]).collect()).unwrap_or_default();
    runner.kill().expect("SIGKILL the runner");
    let _ = runner.wait();
    let server_log = std::fs::read_to_string(fixture.path(".runner/pg/server.log")).unwrap_or_default();
    assert!(mid_check, "the server started and the check ran: {server_log}");
    let (_, port) = seen.expect("the server's pid and port");
    assert!(family.len() > 1, "the server had its own processes (checkpointer, backends): {family:?}");
    let gone = eventually(Duration::from_secs(15), || family.iter().all(|pid| !alive(*pid)) && TcpListener::bind(("127.0.0.1", port)).is_ok());
    let left: Vec<i32> = family.iter().copied().filter(|pid| alive(*pid)).collect();
    assert!(gone, "after the runner's SIGKILL no PostgreSQL process is left ({left:?} of {family:?}) and port {port} is free");

    // The next runner starts the server again on the data the killed one left, and grades.
    fixture.write("exercises/00_intro/slow.sql", "-- TODO\nSELECT a + 1 FROM t;\n");
    let output = fixture.runner().args(["run", "slow"]).output().expect("run");
    let shown = crate::support::text(&output);
    assert_eq!(output.status.code(), Some(1), "graded on a restarted server: {shown}");
}
