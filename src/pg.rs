//! A throwaway PostgreSQL cluster the runner owns, for the exercises that need the real server.
//!
//! Started on first need from the system's PostgreSQL binaries, in `.runner/pg/`: `initdb` once,
//! then the server as the runner's child, listening on 127.0.0.1 only (no Unix socket), with
//! password authentication, `fsync` off and small memory settings. It is reused by every check
//! while the runner runs and stopped when it exits. A server left by a runner that was killed is
//! found (its `postmaster.pid`) and stopped on the next start. PostgreSQL refuses to run as root:
//! a runner running as root starts it as the `postgres` user (or `nobody`) and says so.

mod cluster;
mod databases;

pub use cluster::{Cluster, Unavailable};
pub use databases::{CheckDatabase, Databases, Layout, Role};

use std::sync::{Arc, Mutex, OnceLock};

/// The runner's cluster, started on first need and shared by every check of this process.
static SHARED: OnceLock<Mutex<Option<Arc<Databases>>>> = OnceLock::new();

/// The databases of the process's cluster, starting it if needed.
pub fn shared(state_dir: &std::path::Path) -> Result<Arc<Databases>, Unavailable> {
    let slot = SHARED.get_or_init(Default::default);
    let mut guard = slot.lock().map_err(|_| Unavailable::Failed("the cluster's lock is poisoned".into()))?;
    if let Some(databases) = guard.as_ref() {
        return Ok(databases.clone());
    }
    let cluster = Cluster::start(state_dir)?;
    let databases = Arc::new(Databases::new(cluster));
    *guard = Some(databases.clone());
    Ok(databases)
}

/// Stops the process's cluster, if one was started. Called once when the runner exits.
pub fn shutdown() {
    if let Some(slot) = SHARED.get()
        && let Ok(mut guard) = slot.lock()
        && let Some(databases) = guard.take()
    {
        databases.stop();
    }
}

/// The two lines a learner without PostgreSQL reads.
pub const INSTALL_HINT: &str = "This exercise needs the PostgreSQL server (15 or newer), which is not installed.\n\
    Install it (Debian/Ubuntu: `sudo apt install postgresql`; macOS: `brew install postgresql`; Windows: `winget install PostgreSQL.PostgreSQL`), then check again: the runner starts and stops its own server.";
