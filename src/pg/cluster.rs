//! The PostgreSQL server process: found, initialised, started under a supervisor (so that it
//! ends with the runner, even one SIGKILLed), stopped, and cleaned up after a runner that died
//! without stopping it.

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::ffi::OsString;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::process::Service;

/// Why there is no cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// No PostgreSQL server binaries on this machine.
    NotInstalled,
    /// They are there, but the cluster could not be set up or started: why.
    Failed(String),
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotInstalled => f.write_str(super::INSTALL_HINT),
            Self::Failed(why) => write!(f, "the runner could not start its PostgreSQL server: {why}"),
        }
    }
}

/// The superuser the runner connects as (the cluster is the runner's alone).
pub const SUPERUSER: &str = "runner";
/// Longest the server may take to accept connections.
const START_LIMIT: Duration = Duration::from_secs(20);
/// Longest a stopping server gets before it is killed.
const STOP_LIMIT: Duration = Duration::from_secs(5);

/// An unprivileged account to run the server as, when the runner runs as root.
#[derive(Debug, Clone)]
struct Account {
    name: String,
    uid: u32,
    gid: u32,
}

pub struct Cluster {
    pub port: u16,
    pub password: String,
    /// Said once to the learner: how the server runs (as which user, and why).
    pub note: Option<String>,
    base: PathBuf,
    /// A private cluster (another runner holds the course's): removed when stopped.
    private: bool,
    /// The server, under a supervisor: it ends with the runner, even a runner SIGKILLed.
    server: Option<Service>,
    _lock: File,
}

impl Cluster {
    /// Starts the course's cluster under `state_dir/pg` (initialising it the first time).
    pub fn start(state_dir: &Path) -> Result<Self, Unavailable> {
        let bin = binaries().ok_or(Unavailable::NotInstalled)?;
        let failed = |what: &str, err: std::io::Error| Unavailable::Failed(format!("{what}: {err}"));
        let shared = state_dir.join("pg");
        std::fs::create_dir_all(&shared).map_err(|e| failed("cannot create .runner/pg", e))?;
        let (base, lock, private) = match lock(&shared.join("lock")) {
            Ok(Some(file)) => (shared, file, false),
            // Another runner on this course owns it: this one gets a cluster of its own.
            Ok(None) => {
                let base = shared.join(format!("private-{}", std::process::id()));
                std::fs::create_dir_all(&base).map_err(|e| failed("cannot create a private cluster directory", e))?;
                let file = lock(&base.join("lock")).ok().flatten().ok_or_else(|| Unavailable::Failed("cannot lock the private cluster".into()))?;
                (base, file, true)
            }
            Err(err) => return Err(failed("cannot lock .runner/pg", err)),
        };
        let account = if nix::unistd::geteuid().is_root() { Some(unprivileged_account().ok_or_else(|| Unavailable::Failed("the runner runs as root, and PostgreSQL refuses root, but this machine has neither a `postgres` nor a `nobody` user to run it as".into()))?) } else { None };
        let data = base.join("data");
        if let Some(account) = &account {
            let owned = |path: &Path| std::os::unix::fs::chown(path, Some(account.uid), Some(account.gid));
            owned(&base).map_err(|e| failed("cannot hand .runner/pg to the server's user", e))?;
            if !traversable_by_others(&base) {
                return Err(Unavailable::Failed(format!(
                    "the server runs as `{}` (PostgreSQL refuses root), which cannot reach {}: make the course's directories readable by others (chmod o+x on each), or run the runner as an ordinary user",
                    account.name,
                    base.display()
                )));
            }
        }
        stop_orphan(&data);
        let password = read_or_make_password(&base).map_err(|e| failed("cannot keep the server's password", e))?;
        if !data.join("PG_VERSION").is_file() {
            initdb(&bin, &base, &data, &password, account.as_ref())?;
        }
        let port = free_port().map_err(|e| failed("cannot find a free port on 127.0.0.1", e))?;
        let server = start_server(&bin, &base, &data, port, account.as_ref())?;
        let note = account.map(|a| format!("PostgreSQL refuses to run as root, so the runner started its server as the user `{}`", a.name));
        let mut cluster = Self { port, password, note, base, private, server: Some(server), _lock: lock };
        cluster.wait_ready()?;
        Ok(cluster)
    }

    /// A connection configuration for `database` as `user`.
    pub fn config(&self, database: &str, user: &str, password: &str) -> tokio_postgres::Config {
        let mut config = tokio_postgres::Config::new();
        config.host("127.0.0.1").port(self.port).user(user).password(password).dbname(database).connect_timeout(Duration::from_secs(5));
        config
    }

    fn wait_ready(&mut self) -> Result<(), Unavailable> {
        let deadline = Instant::now() + START_LIMIT;
        loop {
            if std::net::TcpStream::connect_timeout(&([127, 0, 0, 1], self.port).into(), Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if let Some(server) = &mut self.server
                && let Ok(Some(status)) = server.try_wait()
            {
                return Err(Unavailable::Failed(format!("the server exited ({status}):\n{}", log_tail(&self.base))));
            }
            if Instant::now() > deadline {
                return Err(Unavailable::Failed(format!("the server did not accept connections within {}s:\n{}", START_LIMIT.as_secs(), log_tail(&self.base))));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Stops the server (a fast shutdown, then a kill) and removes a private cluster.
    pub fn stop(&mut self) {
        if let Some(mut server) = self.server.take() {
            // SIGINT: a fast shutdown, which ends the open sessions.
            server.stop(Signal::SIGINT, STOP_LIMIT);
        }
        if self.private {
            let _ = std::fs::remove_dir_all(&self.base);
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The directory of `initdb` and `postgres`: `RUNNER_PG_BIN` when set (the only place then
/// looked at, so a machine can be made to lack PostgreSQL), else on PATH, else the newest under
/// /usr/lib/postgresql/*/bin (Debian's layout, which keeps them off PATH).
pub fn binaries() -> Option<PathBuf> {
    let has_both = |dir: &Path| dir.join("initdb").is_file() && dir.join("postgres").is_file();
    if let Some(dir) = std::env::var_os("RUNNER_PG_BIN") {
        return Some(PathBuf::from(dir)).filter(|dir| has_both(dir));
    }
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if has_both(&dir) {
                return Some(dir);
            }
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .filter_map(|e| Some((e.file_name().to_string_lossy().parse::<u32>().ok()?, e.path().join("bin"))))
        .filter(|(_, dir)| has_both(dir))
        .collect();
    versions.sort();
    versions.pop().map(|(_, dir)| dir)
}

/// An exclusive lock on `path`, or `None` if another process holds it.
fn lock(path: &Path) -> std::io::Result<Option<File>> {
    let file = OpenOptions::new().create(true).truncate(false).write(true).open(path)?;
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Ok(None),
        Err(std::fs::TryLockError::Error(err)) => Err(err),
    }
}

fn unprivileged_account() -> Option<Account> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    ["postgres", "nobody"].into_iter().find_map(|wanted| {
        passwd.lines().find_map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            (fields.first() == Some(&wanted)).then(|| Some(Account { name: wanted.to_owned(), uid: fields.get(2)?.parse().ok()?, gid: fields.get(3)?.parse().ok()? })).flatten()
        })
    })
}

/// Whether every directory above `path` lets other users through.
fn traversable_by_others(path: &Path) -> bool {
    let Ok(absolute) = std::path::absolute(path) else { return false };
    absolute.ancestors().skip(1).all(|dir| std::fs::metadata(dir).is_ok_and(|m| m.permissions().mode() & 0o001 != 0))
}

/// Stops a server a killed runner left running on `data` (its pid file names it).
fn stop_orphan(data: &Path) {
    let Ok(text) = std::fs::read_to_string(data.join("postmaster.pid")) else { return };
    let Some(pid) = text.lines().next().and_then(|l| l.trim().parse::<i32>().ok()) else { return };
    let pid = Pid::from_raw(pid);
    let is_postgres = std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|c| String::from_utf8_lossy(&c).contains("postgres"));
    if is_postgres && kill(pid, None).is_ok() {
        // SIGQUIT: an immediate shutdown; the data is throwaway.
        let _ = kill(pid, Signal::SIGQUIT);
        let deadline = Instant::now() + STOP_LIMIT;
        while kill(pid, None).is_ok() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = kill(pid, Signal::SIGKILL);
    }
    let _ = std::fs::remove_file(data.join("postmaster.pid"));
}

fn read_or_make_password(base: &Path) -> std::io::Result<String> {
    let path = base.join("password");
    if let Ok(password) = std::fs::read_to_string(&path)
        && password.trim().len() >= 16
    {
        return Ok(password.trim().to_owned());
    }
    let mut bytes = [0u8; 16];
    File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    let password: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let mut file = OpenOptions::new().create(true).truncate(true).write(true).mode(0o600).open(&path)?;
    file.write_all(password.as_bytes())?;
    Ok(password)
}

fn as_account(command: &mut Command, account: Option<&Account>) {
    if let Some(account) = account {
        command.uid(account.uid).gid(account.gid).env("HOME", "/tmp");
    }
}

fn initdb(bin: &Path, base: &Path, data: &Path, password: &str, account: Option<&Account>) -> Result<(), Unavailable> {
    // The password file is read by initdb, which may run as another user: it is theirs, and
    // removed at once.
    let pwfile = base.join("initdb-password");
    std::fs::write(&pwfile, password).map_err(|e| Unavailable::Failed(format!("cannot write the initial password: {e}")))?;
    if let Some(account) = account {
        let _ = std::os::unix::fs::chown(&pwfile, Some(account.uid), Some(account.gid));
    }
    let _ = std::fs::set_permissions(&pwfile, std::fs::Permissions::from_mode(0o600));
    let mut command = Command::new(bin.join("initdb"));
    command
        .arg("--pgdata")
        .arg(data)
        .args(["--username", SUPERUSER, "--auth", "scram-sha-256", "--encoding", "UTF8", "--locale", "C", "--no-sync", "--no-instructions"])
        .arg(format!("--pwfile={}", pwfile.display()))
        .stdin(Stdio::null());
    as_account(&mut command, account);
    let output = command.output();
    let _ = std::fs::remove_file(&pwfile);
    match output {
        Ok(output) if output.status.success() => Ok(()),
        Ok(output) => Err(Unavailable::Failed(format!("initdb failed:\n{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))),
        Err(err) => Err(Unavailable::Failed(format!("cannot run initdb: {err}"))),
    }
}

fn start_server(bin: &Path, base: &Path, data: &Path, port: u16, account: Option<&Account>) -> Result<Service, Unavailable> {
    let log = File::create(base.join("server.log")).map_err(|e| Unavailable::Failed(format!("cannot create the server's log: {e}")))?;
    let log_err = log.try_clone().map_err(|e| Unavailable::Failed(format!("cannot share the server's log: {e}")))?;
    if let Some(account) = account {
        let _ = std::os::unix::fs::chown(base.join("server.log"), Some(account.uid), Some(account.gid));
    }
    let mut args: Vec<OsString> = vec!["-D".into(), data.into(), "-p".into(), port.to_string().into()];
    // Loopback only, no socket file; a throwaway cluster: durability off, memory small.
    for setting in [
        "listen_addresses=127.0.0.1",
        "unix_socket_directories=",
        "fsync=off",
        "synchronous_commit=off",
        "full_page_writes=off",
        "shared_buffers=16MB",
        // Checks run side by side and a learner's program may hold a pool of its own: room for
        // all of them (a backend costs memory only while it is connected).
        "max_connections=200",
        "max_wal_size=64MB",
        "autovacuum=off",
        "log_min_messages=warning",
        "lc_messages=C",
    ] {
        args.extend(["-c".into(), setting.into()]);
    }
    let user = account.map(|a| (a.uid, a.gid));
    Service::start(&bin.join("postgres"), &args, user, |command| {
        command.stdout(log).stderr(log_err);
        if account.is_some() {
            command.env("HOME", "/tmp");
        }
    })
    .map_err(|e| Unavailable::Failed(format!("cannot start postgres: {e}")))
}

fn free_port() -> std::io::Result<u16> {
    Ok(std::net::TcpListener::bind(("127.0.0.1", 0))?.local_addr()?.port())
}

fn log_tail(base: &Path) -> String {
    let text = std::fs::read_to_string(base.join("server.log")).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}
