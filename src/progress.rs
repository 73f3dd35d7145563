//! The learner's progress: which exercises are done and which is current, in a small TOML file
//! the runner owns. Every write goes to a temporary file that is synced and renamed over the old
//! one, so a kill at any moment leaves the old or the new state, never half of one; a lock file
//! keeps two runners in the same course from interleaving their updates.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::{Deserialize, Serialize};

const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    #[serde(default = "format_version")]
    pub format_version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    #[serde(default)]
    pub done: BTreeSet<String>,
    /// How many paragraphs of each exercise's hint the learner has seen.
    #[serde(default)]
    pub hints: BTreeMap<String, usize>,
}

fn format_version() -> u32 {
    FORMAT_VERSION
}

#[derive(Debug, thiserror::Error)]
pub enum ProgressError {
    #[error(
        "your progress file {path} is unreadable: {detail}\n  \
         Your exercise files are untouched. Fix the file, or delete it to start the progress list over \
         (exercises you solved are found again by `runner verify`)."
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error("your progress file {path} was written by a newer runner (format {found}); update the runner")]
    TooNew { path: PathBuf, found: u32 },
}

pub struct Store {
    path: PathBuf,
    lock_path: PathBuf,
}

impl Store {
    pub fn new(state_dir: &Path) -> Self {
        Self { path: state_dir.join("progress.toml"), lock_path: state_dir.join("progress.lock") }
    }

    /// Whether any progress was ever recorded here.
    pub fn exists(&self) -> bool {
        self.path.exists()
    }

    pub fn load(&self) -> anyhow::Result<Progress> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Progress { format_version: FORMAT_VERSION, ..Progress::default() }),
            Err(err) => return Err(ProgressError::Corrupt { path: self.path.clone(), detail: err.to_string() }.into()),
        };
        let progress: Progress = toml::from_str(&text)
            .map_err(|err| ProgressError::Corrupt { path: self.path.clone(), detail: err.message().to_owned() })?;
        if progress.format_version > FORMAT_VERSION {
            return Err(ProgressError::TooNew { path: self.path.clone(), found: progress.format_version }.into());
        }
        Ok(progress)
    }

    /// Reads, changes and writes the progress under the lock; returns the new state.
    pub fn update(&self, change: impl FnOnce(&mut Progress)) -> anyhow::Result<Progress> {
        let _lock = self.lock()?;
        let mut progress = self.load()?;
        let before = progress.clone();
        change(&mut progress);
        if progress != before {
            progress.format_version = FORMAT_VERSION;
            let text = toml::to_string(&progress).context("cannot serialise the progress")?;
            write_atomically(&self.path, text.as_bytes())?;
        }
        Ok(progress)
    }

    fn lock(&self) -> anyhow::Result<File> {
        if let Some(dir) = self.lock_path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&self.lock_path)
            .with_context(|| format!("cannot open {}", self.lock_path.display()))?;
        file.lock().with_context(|| format!("cannot lock {}", self.lock_path.display()))?;
        Ok(file)
    }
}

/// A temporary file of `write_atomically` older than this is left over whatever its writer.
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes the temporary files `write_atomically` left in `dir` (and below, if `recursive`)
/// when its process was killed mid-write: those of a process that is gone, or old ones.
pub fn clean_stale_temps(dir: &Path, recursive: bool) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() && recursive {
            clean_stale_temps(&path, true);
        } else if kind.is_file()
            && let Some(pid) = temp_writer(&entry.file_name().to_string_lossy())
        {
            let gone = !Path::new(&format!("/proc/{pid}")).exists();
            let old = entry.metadata().and_then(|m| m.modified()).is_ok_and(|at| at.elapsed().is_ok_and(|age| age > STALE_TEMP));
            if gone || old {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

/// The writer's pid, if `name` is a temporary file of `write_atomically` (`.NAME.PID.N.tmp`).
fn temp_writer(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let mut parts = inner.rsplitn(3, '.');
    let (serial, pid, original) = (parts.next()?, parts.next()?, parts.next()?);
    serial.parse::<u64>().ok()?;
    (!original.is_empty()).then_some(())?;
    pid.parse().ok()
}

/// Replaces `path` with `bytes` so that readers see the old or the new content, never a mix.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // Unique per write: two threads of one runner may write the same file at once.
    static WRITES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let serial = WRITES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.{}.{serial}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut file = File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        // Make the rename itself durable.
        File::open(dir)?.sync_all()
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::new(dir.path());
        (dir, store)
    }

    #[test]
    fn a_missing_file_is_a_fresh_start() {
        let (_dir, store) = temp_store();
        let progress = store.load().expect("load");
        assert!(progress.done.is_empty());
        assert_eq!(progress.current, None);
    }

    #[test]
    fn updates_round_trip() {
        let (_dir, store) = temp_store();
        store
            .update(|p| {
                p.done.insert("a".into());
                p.current = Some("b".into());
            })
            .expect("update");
        let progress = store.load().expect("load");
        assert!(progress.done.contains("a"));
        assert_eq!(progress.current.as_deref(), Some("b"));
    }

    #[test]
    fn a_corrupt_file_is_a_clear_error() {
        let (dir, store) = temp_store();
        std::fs::write(dir.path().join("progress.toml"), "done = [\"a\"\n").expect("write");
        let err = store.load().expect_err("corrupt");
        let shown = err.to_string();
        assert!(shown.contains("progress.toml is unreadable"), "{shown}");
        assert!(shown.contains("delete it"), "{shown}");
    }

    #[test]
    fn stale_temporary_files_are_removed_and_others_kept() {
        let (dir, store) = temp_store();
        store.update(|p| p.current = Some("a".into())).expect("update");
        let dead = dir.path().join(".progress.toml.999999999.3.tmp");
        let live = dir.path().join(format!(".progress.toml.{}.4.tmp", std::process::id()));
        let learner = dir.path().join(".notes.tmp");
        for path in [&dead, &live, &learner] {
            std::fs::write(path, "x").expect("write");
        }
        clean_stale_temps(dir.path(), false);
        assert!(!dead.exists(), "a dead writer's file goes");
        assert!(live.exists() && learner.exists(), "a running writer's file and other files stay");
        assert!(dir.path().join("progress.toml").exists());
        assert_eq!(temp_writer(".progress.toml.42.0.tmp"), Some(42));
        assert_eq!(temp_writer(".x.tmp"), None);
    }

    #[test]
    fn concurrent_updates_are_not_lost() {
        let (dir, _store) = temp_store();
        let threads: Vec<_> = (0..8)
            .map(|i| {
                let path = dir.path().to_owned();
                std::thread::spawn(move || {
                    Store::new(&path).update(|p| {
                        p.done.insert(format!("e{i}"));
                    })
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("thread").expect("update");
        }
        assert_eq!(Store::new(dir.path()).load().expect("load").done.len(), 8);
    }
}
