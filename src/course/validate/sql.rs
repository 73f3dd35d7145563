//! SQL exercises when the course loads: the fixture is a file inside the stage directory and
//! loads, and the check and plan queries prepare on it (or, for tables the exercise creates, on
//! the state the reference solution leaves). Loading and preparing need SQLite, so only
//! `runner-full` (which judges these exercises and runs `dev check`) goes that far.

use std::path::PathBuf;
#[cfg(feature = "full")]
use std::{collections::HashMap, sync::Arc, time::Duration};

#[cfg(feature = "full")]
use rusqlite::Connection;

use super::{Exercise, Problem, SqlView, confinement_problem};
#[cfg(feature = "full")]
use crate::verify::sql::sandbox::{self, Deadline, Layout};

/// Without the `full` feature, fixtures are only found, not loaded: nothing to keep.
#[cfg(not(feature = "full"))]
#[derive(Default)]
pub struct Fixtures(());

#[cfg(not(feature = "full"))]
impl Fixtures {
    fn problems(&mut self, _: &Exercise, _: Option<&SqlView>, _: PathBuf, _: &str, _: std::ops::Range<usize>) -> Vec<Problem> {
        Vec::new()
    }
}

/// Longest the check queries (or the reference) may run at load.
#[cfg(feature = "full")]
const LOAD_LIMIT: Duration = Duration::from_secs(5);

/// Fixtures read and loaded once per course load, by path: the database image the verifier
/// uses too (the sandbox keeps it for the process), or why it does not load.
#[cfg(feature = "full")]
#[derive(Default)]
pub struct Fixtures(HashMap<PathBuf, Result<Arc<Vec<u8>>, String>>);

#[cfg(feature = "full")]
impl Fixtures {
    fn load(&mut self, path: PathBuf) -> Result<Arc<Vec<u8>>, String> {
        self.0
            .entry(path)
            .or_insert_with_key(|path| {
                let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
                sandbox::image(&text, Layout::AsWritten)
            })
            .clone()
    }
}

/// A fresh database from `image`, its statements interrupted after `LOAD_LIMIT`.
#[cfg(feature = "full")]
fn database(image: &[u8]) -> Option<Connection> {
    let mut conn = sandbox::open(image).ok()?;
    sandbox::bound(&mut conn, &Deadline::new(LOAD_LIMIT)).ok()?;
    Some(conn)
}

/// The fixture `name` (in `[exercises.sql]` or `[exercises.postgres]`, at `span`) must be a
/// file inside the stage directory; returns its path, or the problem.
pub fn fixture_path(exercise: &Exercise, name: &str, span: std::ops::Range<usize>) -> Result<PathBuf, Box<Problem>> {
    if let Some(why) = confinement_problem(name) {
        return Err(Box::new(exercise.problem(span, format!("`fixture = \"{name}\"` {why}"))));
    }
    let rel = exercise.stage_dir.join(name);
    let path = exercise.root.join(&rel);
    match (path.canonicalize(), exercise.root.canonicalize()) {
        (Err(_), _) => {
            let problem = exercise.problem(span, format!("its fixture {} does not exist", rel.display()));
            Err(Box::new(problem.with_help("create it, or name the right file with `fixture = \"...\"`")))
        }
        (Ok(real), Ok(root)) if !real.starts_with(&root) => Err(Box::new(exercise.problem(span, format!("its fixture {} leads outside the course (a symbolic link)", rel.display())))),
        _ => Ok(path),
    }
}

pub fn problems(exercise: &Exercise, settings: Option<&SqlView>, fixtures: &mut Fixtures) -> Vec<Problem> {
    let (name, span) = match settings.and_then(|s| s.fixture.as_ref()) {
        Some(fixture) => (fixture.get_ref().clone(), fixture.span()),
        None => ("fixture.sql".to_owned(), exercise.view.name.span()),
    };
    let path = match fixture_path(exercise, &name, span.clone()) {
        Ok(path) => path,
        Err(problem) => return vec![*problem],
    };
    // A PostgreSQL exercise's SQL is PostgreSQL's: SQLite cannot judge it at load.
    if settings.is_some_and(|s| s.engine.as_deref() == Some("postgres")) {
        return Vec::new();
    }
    fixtures.problems(exercise, settings, path, &name, span)
}

#[cfg(feature = "full")]
impl Fixtures {
    /// The fixture loads, and the check and plan queries prepare on it.
    fn problems(&mut self, exercise: &Exercise, settings: Option<&SqlView>, path: PathBuf, name: &str, span: std::ops::Range<usize>) -> Vec<Problem> {
        let image = match self.load(path) {
            Ok(image) => image,
            Err(err) => return vec![exercise.problem(span, format!("its fixture {} does not load: {err}", exercise.stage_dir.join(name).display()))],
        };
        let Some(settings) = settings else { return Vec::new() };
        let queries: Vec<_> = settings.checks.iter().chain(settings.plan.as_ref().map(|p| &p.query)).collect();
        if queries.is_empty() {
            return Vec::new();
        }
        let Some(conn) = database(&image) else { return Vec::new() };
        let failing = |conn: &Connection| -> Vec<(std::ops::Range<usize>, String)> {
            queries.iter().filter_map(|q| conn.prepare(q.get_ref()).err().map(|e| (q.span(), e.to_string()))).collect()
        };
        let mut failed = failing(&conn);
        if !failed.is_empty() {
            // The query may read tables the exercise creates: try again after the reference.
            let reference = exercise.root.join("solutions").join(exercise.stage_dir.strip_prefix("exercises").unwrap_or(&exercise.stage_dir)).join(format!("{}.sql", exercise.name()));
            match std::fs::read_to_string(reference) {
                Ok(sql) if sql.to_ascii_lowercase().contains("vacuum") => return Vec::new(),
                Ok(sql) => match conn.execute_batch(&sql) {
                    Ok(()) => failed = failing(&conn),
                    // A reference that fails is `dev check`'s to report, with its own words.
                    Err(_) => return Vec::new(),
                },
                Err(_) => {}
            }
        }
        failed.into_iter().map(|(span, err)| exercise.problem(span, format!("this query does not prepare on the fixture: {err}"))).collect()
    }
}
