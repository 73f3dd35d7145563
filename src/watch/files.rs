//! File events: notify (native, or polling where native events do not arrive), reduced to
//! "these exercise files changed" after a short quiet period.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use notify::{Config, Event, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;

/// Quiet time after the last event before a check starts: an editor's save is several events.
pub const DEBOUNCE: Duration = Duration::from_millis(50);
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// Keeps the watcher alive; dropping it stops the events.
pub struct Watching {
    _watcher: Box<dyn Watcher + Send>,
}

/// Watches `dir` recursively, sending every changed path that `wanted` accepts.
pub fn watch(dir: &Path, poll: bool, wanted: Arc<dyn Fn(&Path) -> bool + Send + Sync>) -> anyhow::Result<(Watching, mpsc::UnboundedReceiver<PathBuf>)> {
    let (tx, rx) = mpsc::unbounded_channel();
    let handler = move |event: notify::Result<Event>| {
        let Ok(event) = event else { return };
        if event.kind.is_access() {
            return;
        }
        for path in event.paths.into_iter().filter(|p| wanted(p)) {
            let _ = tx.send(path);
        }
    };
    let mut watcher: Box<dyn Watcher + Send> = if poll {
        Box::new(PollWatcher::new(handler, Config::default().with_poll_interval(POLL_INTERVAL).with_compare_contents(true))?)
    } else {
        match RecommendedWatcher::new(handler.clone(), Config::default()) {
            Ok(watcher) => Box::new(watcher),
            // Some file systems have no change notification: poll them instead.
            Err(_) => Box::new(PollWatcher::new(handler, Config::default().with_poll_interval(POLL_INTERVAL))?),
        }
    };
    watcher.watch(dir, RecursiveMode::Recursive).with_context(|| format!("cannot watch {}", dir.display()))?;
    Ok((Watching { _watcher: watcher }, rx))
}
