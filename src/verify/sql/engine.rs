//! What the sql verifier needs of a database engine: fresh databases in a given state, and a
//! session that runs scripts, says whether a transaction is open, tells constraint violations
//! apart and shows query plans. SQLite and PostgreSQL implement it.

use super::{ResultSet, RunError, State};

/// How a statement that must be rejected fared.
pub enum Rejection {
    /// A constraint rejected it.
    ByConstraint,
    /// It succeeded.
    Accepted,
    /// It failed for another reason: SQLite's or PostgreSQL's message.
    Otherwise(String),
}

pub trait Session {
    /// Runs every statement; the result of the last one that returns rows.
    fn run_script(&mut self, sql: &str) -> Result<ResultSet, RunError>;
    /// Whether a transaction the script began is still open.
    fn in_transaction(&mut self) -> bool;
    fn rollback(&mut self);
    /// Runs `sql` and undoes it, saying how it fared.
    fn must_fail(&mut self, sql: &str) -> Rejection;
    /// The plan's steps, in SQLite's words: `SCAN t`, `SEARCH t USING INDEX i (...)`.
    fn query_plan(&mut self, query: &str) -> Result<Vec<String>, RunError>;
    /// Restarts the time limit for the next phase.
    fn restart_deadline(&mut self);
}

pub trait Engine {
    type Session: Session;
    /// A fresh database in `state`; confined (the learner's rules and role) when `learner`.
    fn open(&self, state: &State, learner: bool) -> Result<Self::Session, String>;
    /// The engine's name in messages ("SQLite", "PostgreSQL").
    fn name(&self) -> &'static str;
}
