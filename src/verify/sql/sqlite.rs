//! The sql verifier on SQLite: each database an in-memory copy of the fixture's image.

use rusqlite::fallible_iterator::FallibleIterator;
use rusqlite::types::Value;
use rusqlite::{Batch, Connection};

use super::engine::{Engine, Rejection, Session};
use super::sandbox::{self, Deadline, Layout, Refused};
use super::{ResultSet, RunError, State, too_big};

pub struct Sqlite {
    image: std::sync::Arc<Vec<u8>>,
    reinserted: std::sync::Arc<Vec<u8>>,
    deadline: Deadline,
}

impl Sqlite {
    pub fn new(fixture: &str, timeout: std::time::Duration) -> Result<Self, String> {
        Ok(Self { image: sandbox::image(fixture, Layout::AsWritten)?, reinserted: sandbox::image(fixture, Layout::Reinserted)?, deadline: Deadline::new(timeout) })
    }
}

pub struct SqliteSession {
    conn: Connection,
    deadline: Deadline,
    refused: Refused,
}

impl Engine for Sqlite {
    type Session = SqliteSession;

    fn open(&self, state: &State, learner: bool) -> Result<SqliteSession, String> {
        let image = if matches!(state, State::Reversed) { &self.reinserted } else { &self.image };
        let mut conn = sandbox::open(image).map_err(|e| e.to_string())?;
        // The state's set-up is the course's: it runs before the database is confined.
        match state {
            State::Fixture => {}
            State::Reversed => conn.execute_batch("PRAGMA reverse_unordered_selects = ON;").map_err(|e| e.to_string())?,
            State::Declared(variant) => conn.execute_batch(&variant.setup).map_err(|e| e.to_string())?,
        }
        let refused = Refused::default();
        if learner {
            sandbox::confine(&mut conn, &self.deadline, &refused).map_err(|e| e.to_string())?;
        } else {
            sandbox::bound(&mut conn, &self.deadline).map_err(|e| e.to_string())?;
        }
        Ok(SqliteSession { conn, deadline: self.deadline.clone(), refused })
    }

    fn name(&self) -> &'static str {
        "SQLite"
    }
}

impl Session for SqliteSession {
    fn run_script(&mut self, sql: &str) -> Result<ResultSet, RunError> {
        run_script(&self.conn, sql).map_err(|err| match (err, self.refused.lock().ok().and_then(|r| r.clone())) {
            (RunError::Sql { .. }, Some(why)) => RunError::Refused(why),
            (err, _) => err,
        })
    }

    fn in_transaction(&mut self) -> bool {
        !self.conn.is_autocommit()
    }

    fn rollback(&mut self) {
        let _ = self.conn.execute_batch("ROLLBACK");
    }

    fn must_fail(&mut self, sql: &str) -> Rejection {
        let _ = self.conn.execute_batch("SAVEPOINT must_fail;");
        let result = self.conn.execute_batch(sql);
        let _ = self.conn.execute_batch("ROLLBACK TO must_fail; RELEASE must_fail;");
        match result {
            Err(rusqlite::Error::SqliteFailure(code, _)) if code.code == rusqlite::ErrorCode::ConstraintViolation => Rejection::ByConstraint,
            Err(err) => Rejection::Otherwise(err.to_string()),
            Ok(()) => Rejection::Accepted,
        }
    }

    fn query_plan(&mut self, query: &str) -> Result<Vec<String>, RunError> {
        let plan = run_script(&self.conn, &format!("EXPLAIN QUERY PLAN {query}"))?;
        let detail = plan.columns.iter().position(|c| c == "detail").unwrap_or(plan.columns.len().saturating_sub(1));
        Ok(plan
            .rows
            .iter()
            .map(|row| match row.get(detail) {
                Some(Value::Text(text)) => text.clone(),
                _ => String::new(),
            })
            .collect())
    }

    fn restart_deadline(&mut self) {
        self.deadline.restart();
    }
}

/// Runs every statement; returns the result of the last one that returns rows.
pub fn run_script(conn: &Connection, sql: &str) -> Result<ResultSet, RunError> {
    let mut batch = Batch::new(conn, sql);
    let mut last = ResultSet::default();
    loop {
        let mut statement = match batch.next() {
            Ok(Some(statement)) => statement,
            Ok(None) => return Ok(last),
            Err(err) => return Err(sql_error(err, "")),
        };
        let text = statement.expanded_sql().unwrap_or_default();
        let columns: Vec<String> = statement.column_names().map(str::to_owned).collect();
        let width = columns.len();
        let mut rows = Vec::new();
        let mut bytes = 0usize;
        let mut cursor = statement.raw_query();
        loop {
            match cursor.next() {
                Ok(Some(row)) => {
                    let values: Vec<Value> = (0..width).map(|i| row.get::<_, Value>(i).unwrap_or(Value::Null)).collect();
                    bytes += values.iter().map(super::value_size).sum::<usize>();
                    rows.push(values);
                    if let Some(err) = too_big(rows.len(), bytes) {
                        return Err(err);
                    }
                }
                Ok(None) => break,
                Err(err) => return Err(sql_error(err, &text)),
            }
        }
        if width > 0 {
            last = ResultSet { columns, rows };
        }
    }
}

fn sql_error(err: rusqlite::Error, statement: &str) -> RunError {
    if let rusqlite::Error::SqliteFailure(code, _) = &err {
        match code.code {
            rusqlite::ErrorCode::OperationInterrupted => return RunError::Interrupted,
            rusqlite::ErrorCode::OutOfMemory => {
                return RunError::TooBig("your SQL needed more memory than a check may use (SQLite ran out of its heap): look for a join without a condition or a recursive CTE that never stops".into());
            }
            _ => {}
        }
    }
    RunError::Sql { message: err.to_string(), statement: statement.trim().to_owned() }
}
