//! The original text of every exercise, kept by the runner so that `reset` can restore it and
//! grading can use the original tests whatever the learner did to their file (even after they
//! committed it). A snapshot is taken the first time the runner sees an exercise; a grader can
//! instead point at a pristine checkout of the course.

mod upstream;

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::course::{Course, Exercise};

pub use upstream::refresh as refresh_from_upstream;

pub enum Originals {
    /// Copies under the runner's state directory, taken on first sight.
    Snapshot(PathBuf),
    /// A pristine course directory (a grader's checkout, or the course itself for authors).
    Pristine(PathBuf),
}

impl Originals {
    /// Snapshots every exercise not snapshotted yet and returns the snapshot store.
    pub fn snapshot(course: &Course) -> anyhow::Result<Self> {
        if let Some(sources) = &course.upstream {
            // A learner directory's files may be edited already: the official sources are pristine.
            return Ok(Self::Pristine(sources.clone()));
        }
        let dir = course.state_dir().join("originals");
        for exercise in &course.exercises {
            let copy = dir.join(exercise.rel_path());
            if copy.exists() {
                continue;
            }
            let text = std::fs::read(course.root.join(exercise.rel_path()))
                .with_context(|| format!("cannot read {}", exercise.rel_path().display()))?;
            crate::progress::write_atomically(&copy, &text)?;
        }
        Ok(Self::Snapshot(dir))
    }

    fn path(&self, exercise: &Exercise) -> PathBuf {
        match self {
            Self::Snapshot(dir) | Self::Pristine(dir) => dir.join(exercise.rel_path()),
        }
    }

    /// Where the original of `exercise` is, as a learner would open it (relative to the course
    /// when it is inside it).
    pub fn shown_path(&self, course: &Course, exercise: &Exercise) -> PathBuf {
        let path = self.path(exercise);
        path.strip_prefix(&course.root).map(Path::to_path_buf).unwrap_or(path)
    }

    pub fn text(&self, exercise: &Exercise) -> anyhow::Result<String> {
        let path = self.path(exercise);
        std::fs::read_to_string(&path).with_context(|| format!("cannot read the original of `{}` ({})", exercise.name, path.display()))
    }
}

/// Puts the original text back in the learner's file.
pub fn restore(course: &Course, originals: &Originals, exercise: &Exercise) -> anyhow::Result<PathBuf> {
    let text = originals.text(exercise)?;
    let path: PathBuf = course.root.join(exercise.rel_path());
    crate::progress::write_atomically(Path::new(&path), text.as_bytes())?;
    Ok(path)
}
