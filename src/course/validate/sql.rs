//! SQL exercises when the course loads: the fixture is a file inside the stage directory and
//! loads, and the check and plan queries prepare on it (or, for tables the exercise creates, on
//! the state the reference solution leaves).

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use rusqlite::hooks::{AuthAction, Authorization};

use super::{Exercise, Problem, SqlView, confinement_problem};

/// Longest the fixture (or the reference) may run at load.
const LOAD_LIMIT: Duration = Duration::from_secs(5);

/// Fixtures read and loaded once per course load, by path: the text, or why it does not load.
#[derive(Default)]
pub struct Fixtures(HashMap<PathBuf, Result<String, String>>);

impl Fixtures {
    fn load(&mut self, path: PathBuf) -> Result<String, String> {
        self.0
            .entry(path)
            .or_insert_with_key(|path| {
                let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
                database(&text).map(|_| text)
            })
            .clone()
    }
}

/// A fresh in-memory database with `fixture` loaded, under a time limit, opening no file.
fn database(fixture: &str) -> Result<Connection, String> {
    let mut conn = Connection::open_in_memory().map_err(|e| e.to_string())?;
    let deadline = Instant::now() + LOAD_LIMIT;
    conn.progress_handler(10_000, Some(move || Instant::now() > deadline)).map_err(|e| e.to_string())?;
    conn.authorizer(Some(|ctx: rusqlite::hooks::AuthContext<'_>| match ctx.action {
        AuthAction::Attach { .. } | AuthAction::Detach { .. } => Authorization::Deny,
        _ => Authorization::Allow,
    }))
    .map_err(|e| e.to_string())?;
    conn.execute_batch("PRAGMA foreign_keys = ON;").map_err(|e| e.to_string())?;
    conn.execute_batch(fixture).map_err(|e| e.to_string())?;
    Ok(conn)
}

pub fn problems(exercise: &Exercise, settings: Option<&SqlView>, fixtures: &mut Fixtures) -> Vec<Problem> {
    let (name, span) = match settings.and_then(|s| s.fixture.as_ref()) {
        Some(fixture) => (fixture.get_ref().clone(), fixture.span()),
        None => ("fixture.sql".to_owned(), exercise.view.name.span()),
    };
    if let Some(why) = confinement_problem(&name) {
        return vec![exercise.problem(span, format!("`fixture = \"{name}\"` {why}"))];
    }
    let rel = exercise.stage_dir.join(&name);
    let path = exercise.root.join(&rel);
    match (path.canonicalize(), exercise.root.canonicalize()) {
        (Err(_), _) => {
            let problem = exercise.problem(span, format!("its fixture {} does not exist", rel.display()));
            return vec![problem.with_help("create it, or name the right file with `fixture = \"...\"` in `[exercises.sql]`")];
        }
        (Ok(real), Ok(root)) if !real.starts_with(&root) => {
            return vec![exercise.problem(span, format!("its fixture {} leads outside the course (a symbolic link)", rel.display()))];
        }
        _ => {}
    }
    let fixture = match fixtures.load(path) {
        Ok(text) => text,
        Err(err) => return vec![exercise.problem(span, format!("its fixture {} does not load: {err}", rel.display()))],
    };
    let Some(settings) = settings else { return Vec::new() };
    let queries: Vec<_> = settings.checks.iter().chain(settings.plan.as_ref().map(|p| &p.query)).collect();
    if queries.is_empty() {
        return Vec::new();
    }
    let Ok(conn) = database(&fixture) else { return Vec::new() };
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
