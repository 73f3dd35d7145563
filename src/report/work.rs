//! Progress of long work (`verify`, watch's `c`, the first build): one model that the command
//! line's bar (indicatif) and the watch screen both draw. The counter only grows: every cargo
//! invocation reports from zero, so crates are counted by name.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, PoisonError};

use indicatif::{ProgressBar, ProgressStyle};

use crate::cargo;
use crate::verify::Verdict;

#[derive(Debug, Clone, Default)]
pub struct Work {
    /// Checks to make (0: only building).
    pub total: usize,
    pub checked: usize,
    pub failing: usize,
    /// Dependencies compiled (not found up to date), each counted once.
    compiled: HashSet<String>,
    /// Exercise targets compiled.
    exercises: HashSet<String>,
    /// The crate or exercise cargo finished last, and whether it was a dependency.
    pub now: String,
    now_dependency: bool,
}

impl Work {
    pub fn new(total: usize) -> Self {
        Self { total, ..Self::default() }
    }

    /// Cargo finished a crate; `exercise`: it is one of the course's targets, not a dependency.
    pub fn built(&mut self, progress: &cargo::Progress, exercise: bool) {
        if progress.built > 0 {
            if exercise { &mut self.exercises } else { &mut self.compiled }.insert(progress.last.clone());
        }
        progress.last.clone_into(&mut self.now);
        self.now_dependency = !exercise;
    }

    pub fn checked(&mut self, verdict: &Verdict) {
        self.checked = (self.checked + 1).min(self.total.max(1));
        if !verdict.passed() {
            self.failing += 1;
        }
    }

    pub fn compiled(&self) -> usize {
        self.compiled.len()
    }

    /// Whether crates are being compiled and no check has finished yet: every check waits for
    /// the build of them all.
    pub fn building(&self) -> bool {
        self.checked == 0 && (self.compiled.len() > 3 || !self.exercises.is_empty())
    }

    /// `12/69 checked`
    pub fn counter(&self) -> String {
        format!("{}/{} checked", self.checked, self.total)
    }

    /// What is going on besides the counter: failures so far, or the build.
    pub fn detail(&self) -> String {
        if self.building() && self.now_dependency {
            format!("building dependencies (first run only): {} compiled, now {}", crate::report::count(self.compiled(), "crates"), self.now)
        } else if self.building() {
            format!("building the exercises: {} compiled, now {}", self.exercises.len(), self.now)
        } else if self.checked == 0 {
            "cargo is finding what needs building".into()
        } else if self.failing > 0 {
            format!("{} not passing yet", self.failing)
        } else {
            "all passing so far".into()
        }
    }
}

/// The command line's bar on stderr (drawn only on a terminal), fed by a checker's callbacks.
#[derive(Clone)]
pub struct Bar {
    bar: ProgressBar,
    work: Arc<Mutex<Work>>,
}

impl Bar {
    pub fn new(total: usize, color: bool) -> Self {
        let bar = ProgressBar::new(total as u64);
        let template = if color { "[{bar:20.green/dim}] {pos}/{len} checked · {wide_msg}" } else { "[{bar:20}] {pos}/{len} checked · {wide_msg}" };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("█▌░"));
        }
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        Self { bar, work: Arc::new(Mutex::new(Work::new(total))) }
    }

    pub fn is_hidden(&self) -> bool {
        self.bar.is_hidden()
    }

    fn update(&self, change: impl FnOnce(&mut Work)) {
        let mut work = self.work.lock().unwrap_or_else(PoisonError::into_inner);
        change(&mut work);
        self.bar.set_position(work.checked as u64);
        self.bar.set_message(work.detail());
    }

    pub fn built(&self, progress: &cargo::Progress, exercise: bool) {
        self.update(|w| w.built(progress, exercise));
    }

    pub fn checked(&self, verdict: &Verdict) {
        self.update(|w| w.checked(verdict));
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::{Outcome, Verdict};

    fn built(name: &str) -> cargo::Progress {
        cargo::Progress { built: 1, fresh: 0, last: name.into() }
    }

    #[test]
    fn the_counter_survives_several_cargo_calls() {
        let mut work = Work::new(3);
        for name in ["a", "b", "c", "d", "b", "a"] {
            work.built(&built(name), false);
        }
        assert_eq!(work.compiled(), 4, "crates are counted once by name");
        assert!(work.building());
        assert_eq!(work.detail(), "building dependencies (first run only): 4 crates compiled, now a");
        work.built(&built("hello"), true);
        assert_eq!(work.detail(), "building the exercises: 1 compiled, now hello");
        work.checked(&Verdict::new("x", Outcome::Failed, "no"));
        assert_eq!((work.counter(), work.detail()), ("1/3 checked".to_owned(), "1 not passing yet".to_owned()));
    }
}
