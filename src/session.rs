//! An opened course: the model, its progress store, the current exercise, and recording a
//! verdict. Every command module (learner commands, watch, dev) stands on it.

use std::path::Path;
use std::sync::Arc;

use anyhow::Context;

use crate::check::Checker;
use crate::course::{Course, Exercise, learner_dir};
use crate::originals::Originals;
use crate::progress::{Progress, Store};
use crate::report;

/// Removes the temporary files of writes a killed runner never finished: in the state
/// directory, the manifest's directory and the stage directories (reset writes there).
fn clean_leftovers(course: &Course) {
    crate::progress::clean_stale_temps(&course.state_dir(), true);
    crate::progress::clean_stale_temps(&course.root.join(course.format.package_dir()), false);
    for stage in &course.stages {
        crate::progress::clean_stale_temps(&course.root.join("exercises").join(&stage.dir), false);
    }
}

/// An opened course: the model, its progress store, and the manifest brought up to date.
pub struct Session {
    pub course: Arc<Course>,
    pub store: Store,
}

impl Session {
    pub fn open(explicit: Option<&Path>) -> anyhow::Result<Self> {
        let root = Course::find_root(explicit)?;
        let course = Course::load(&root)?;
        clean_leftovers(&course);
        crate::manifest::sync(&course)?;
        let store = Store::new(&course.state_dir());
        if course.upstream.is_some() && !store.exists() {
            import_rustlings_progress(&course, &store)?;
            ignore_state_dir(&course.root)?;
        }
        Ok(Self { course: Arc::new(course), store })
    }

    pub fn progress(&self) -> anyhow::Result<Progress> {
        self.store.load()
    }

    /// The current exercise: the one the progress names, else the first not done.
    pub fn current(&self, progress: &Progress) -> anyhow::Result<&Exercise> {
        let exercises = &self.course.exercises;
        let named = progress.current.as_deref().and_then(|name| exercises.iter().find(|e| e.name == name));
        named
            .or_else(|| exercises.iter().find(|e| !progress.done.contains(&e.name)))
            .or(exercises.first())
            .context("the course has no exercises yet")
    }

    pub fn pick(&self, name: Option<&str>) -> anyhow::Result<&Exercise> {
        match name {
            Some(name) => self.course.find(name),
            None => self.current(&self.progress()?),
        }
    }

    /// The first exercise after `exercise` (wrapping around) that is not done.
    pub fn next_pending(&self, progress: &Progress, exercise: &Exercise) -> Option<&Exercise> {
        let exercises = &self.course.exercises;
        let at = self.course.index_of(&exercise.name).unwrap_or(0);
        exercises[at + 1..].iter().chain(&exercises[..at]).find(|e| !progress.done.contains(&e.name))
    }

    pub fn learner_checker(&self) -> anyhow::Result<Checker> {
        let originals = Originals::snapshot(&self.course)?;
        Ok(Checker::new(self.course.clone(), originals, crate::color::enabled()))
    }

    /// What the reporters need to show this course's verdicts.
    pub fn look(&self, backtrace: bool) -> report::Look {
        report::Look { root: self.course.root.to_string_lossy().into_owned(), backtrace }
    }

    /// Where the log of an exercise's last check is, relative to the course.
    pub fn log_path(&self, exercise: &Exercise) -> std::path::PathBuf {
        let logs = self.course.state_dir().join("logs").join(format!("{}.log", exercise.name));
        logs.strip_prefix(&self.course.root).map(Path::to_path_buf).unwrap_or(logs)
    }

    /// As rustlings does, a done exercise's placeholder in `solutions/` gets the official solution.
    pub fn fill_official_solution(&self, exercise: &Exercise) -> anyhow::Result<()> {
        let course = &self.course;
        if course.upstream.is_none() {
            return Ok(());
        }
        let placeholder = course.root.join(exercise.rel_solution_path());
        if std::fs::read_to_string(&placeholder).is_ok_and(|text| learner_dir::is_placeholder(&text)) {
            let official = std::fs::read(course.solution_file(exercise)).with_context(|| format!("cannot read the official solution of `{}`", exercise.name))?;
            crate::progress::write_atomically(&placeholder, &official)?;
        }
        Ok(())
    }

    /// Records a verdict: its log is written, and a pass marks the exercise done and, if it was
    /// the current one, moves the learner on.
    pub fn record(&self, exercise: &Exercise, verdict: &crate::verify::Verdict) -> anyhow::Result<Progress> {
        let passed = verdict.passed();
        // A log is for reading, not for resuming: a plain write, no fsync on the save-to-verdict path.
        let logs = self.course.state_dir().join("logs");
        std::fs::create_dir_all(&logs)
            .and_then(|()| std::fs::write(logs.join(format!("{}.log", exercise.name)), report::log(verdict, exercise)))
            .with_context(|| format!("cannot write the log in {}", logs.display()))?;
        if passed {
            self.fill_official_solution(exercise)?;
        }
        self.store.update(|progress| {
            let was_current = self.current(progress).is_ok_and(|current| current.name == exercise.name);
            if passed {
                progress.done.insert(exercise.name.clone());
                if was_current {
                    progress.current = self.next_pending(progress, exercise).map(|e| e.name.clone());
                }
            }
        })
    }
}

/// The first time the runner opens a learner directory, it starts where rustlings left off.
fn import_rustlings_progress(course: &Course, store: &Store) -> anyhow::Result<()> {
    let Some(state) = learner_dir::read_state(&course.root) else { return Ok(()) };
    let known = |name: &String| course.index_of(name).is_some();
    store.update(|progress| {
        progress.done = state.done.into_iter().filter(known).collect();
        progress.current = state.current.filter(known);
    })?;
    Ok(())
}

/// rustlings' `.gitignore` does not know the runner's state directory: it is added once.
fn ignore_state_dir(root: &Path) -> anyhow::Result<()> {
    let path = root.join(".gitignore");
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(()) };
    if text.lines().any(|line| matches!(line.trim(), ".runner" | ".runner/" | "/.runner" | "/.runner/")) {
        return Ok(());
    }
    let separator = if text.is_empty() || text.ends_with('\n') { "" } else { "\n" };
    crate::progress::write_atomically(&path, format!("{text}{separator}# the runner's progress and builds\n.runner/\n").as_bytes())
}

/// Whether cargo's target `name` is one of the course's exercises (or a scratch copy of one,
/// or a solution), rather than a dependency.
pub fn is_target(course: &Course, name: &str) -> bool {
    let base = name.split("__").next().unwrap_or(name);
    course.index_of(base.strip_suffix("_sol").unwrap_or(base)).is_some()
}

/// A hint's paragraphs, revealed one at a time from a nudge to the near-answer.
pub fn hint_paragraphs(hint: &str) -> Vec<String> {
    let paragraphs: Vec<String> = hint.trim().split("\n\n").map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect();
    if paragraphs.is_empty() { vec![String::from("(no hint)")] } else { paragraphs }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_split_into_paragraphs() {
        assert_eq!(hint_paragraphs("nudge\n\nmore\n\n\nanswer\n"), vec!["nudge", "more", "answer"]);
        assert_eq!(hint_paragraphs("  "), vec!["(no hint)"]);
    }
}
