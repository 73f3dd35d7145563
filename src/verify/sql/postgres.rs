//! The sql verifier on PostgreSQL: each database a copy of the fixture's template in the
//! runner's cluster, each session a role without file access (`reader` where the exercise only
//! reads), bounded by `statement_timeout` and a watchdog that cancels what overruns it.

use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use rusqlite::types::Value;
use tokio::runtime::Handle;
use tokio_postgres::{Client, SimpleQueryMessage};

use super::engine::{Engine, Rejection, Session};
use super::{ResultSet, RunError, State, too_big, value_size};
use crate::pg::{CheckDatabase, Databases, Layout, Role};

pub struct Postgres {
    databases: Arc<Databases>,
    fixture: String,
    timeout: Duration,
    /// Only `SELECT`s are asked of the learner: sessions are `reader`s on a shared copy.
    read_only: bool,
    handle: Handle,
}

impl Postgres {
    pub fn new(databases: Arc<Databases>, fixture: &str, timeout: Duration, read_only: bool) -> Self {
        Self { databases, fixture: fixture.to_owned(), timeout, read_only, handle: Handle::current() }
    }
}

pub struct PgSession {
    client: Client,
    handle: Handle,
    timeout: Duration,
    deadline: Instant,
    /// The check's own database, dropped with the session.
    _database: Option<CheckDatabase>,
}

impl Engine for Postgres {
    type Session = PgSession;

    fn open(&self, state: &State, learner: bool) -> Result<PgSession, String> {
        let layout = if matches!(state, State::Reversed) { Layout::Reinserted } else { Layout::AsWritten };
        self.handle.block_on(async {
            let shared = self.read_only && !matches!(state, State::Declared(_));
            let (database, name) = if shared {
                (None, self.databases.read_only_database(&self.fixture, layout).await?)
            } else {
                let database = self.databases.check_database(&self.fixture, layout).await?;
                let name = database.name.clone();
                (Some(database), name)
            };
            if let State::Declared(variant) = state {
                // The course's set-up, with the owner's rights.
                let owner = self.databases.connect(&name, Role::Learner).await?;
                owner.batch_execute(&variant.setup).await.map_err(|e| format!("the variant's set-up fails: {e}"))?;
            }
            let role = if learner && self.read_only { Role::Reader } else { Role::Learner };
            let client = self.databases.connect(&name, role).await?;
            let millis = self.timeout.as_millis().min(i32::MAX as u128);
            client.batch_execute(&format!("SET statement_timeout = {millis}; SET lock_timeout = {millis}")).await.map_err(|e| e.to_string())?;
            Ok(PgSession { client, handle: self.handle.clone(), timeout: self.timeout, deadline: Instant::now() + self.timeout, _database: database })
        })
    }

    fn name(&self) -> &'static str {
        "PostgreSQL"
    }
}

impl PgSession {
    /// Runs `work`, cancelling the session's statement if it overruns the deadline (a learner
    /// may `SET statement_timeout = 0`).
    fn bounded<T>(&self, work: impl std::future::Future<Output = T>) -> Option<T> {
        let cancel = self.client.cancel_token();
        let left = self.deadline.saturating_duration_since(Instant::now());
        self.handle.block_on(async move {
            match tokio::time::timeout(left, work).await {
                Ok(result) => Some(result),
                Err(_) => {
                    let _ = cancel.cancel_query(tokio_postgres::NoTls).await;
                    None
                }
            }
        })
    }
}

impl Session for PgSession {
    fn run_script(&mut self, sql: &str) -> Result<ResultSet, RunError> {
        let client = &self.client;
        let work = async move {
            let mut stream = Box::pin(client.simple_query_raw(sql).await.map_err(pg_error)?);
            let (mut last, mut current) = (ResultSet::default(), ResultSet::default());
            let mut bytes = 0usize;
            while let Some(message) = stream.next().await {
                match message.map_err(pg_error)? {
                    SimpleQueryMessage::RowDescription(columns) => {
                        current = ResultSet { columns: columns.iter().map(|c| c.name().to_owned()).collect(), rows: Vec::new() };
                    }
                    SimpleQueryMessage::Row(row) => {
                        let values: Vec<Value> = (0..row.len()).map(|i| typed(row.get(i))).collect();
                        bytes += values.iter().map(value_size).sum::<usize>();
                        current.rows.push(values);
                        if let Some(err) = too_big(current.rows.len(), bytes) {
                            return Err(err);
                        }
                    }
                    SimpleQueryMessage::CommandComplete(_) if !current.columns.is_empty() => last = std::mem::take(&mut current),
                    _ => {}
                }
            }
            Ok(last)
        };
        self.bounded(work).unwrap_or(Err(RunError::Interrupted))
    }

    fn in_transaction(&mut self) -> bool {
        let client = &self.client;
        // In a transaction, it began before this one-message query; an aborted one refuses it.
        let work = async move { client.simple_query("SELECT now() < statement_timestamp()").await };
        match self.bounded(work) {
            Some(Ok(messages)) => messages.iter().any(|m| matches!(m, SimpleQueryMessage::Row(row) if row.get(0) == Some("t"))),
            _ => true,
        }
    }

    fn rollback(&mut self) {
        let client = &self.client;
        let _ = self.bounded(async move { client.batch_execute("ROLLBACK").await });
    }

    fn must_fail(&mut self, sql: &str) -> Rejection {
        let client = &self.client;
        let work = async move {
            let _ = client.batch_execute("BEGIN").await;
            let result = client.simple_query(sql).await;
            let _ = client.batch_execute("ROLLBACK").await;
            result
        };
        match self.bounded(work) {
            Some(Ok(_)) => Rejection::Accepted,
            Some(Err(err)) if err.code().is_some_and(|c| c.code().starts_with("23")) => Rejection::ByConstraint,
            Some(Err(err)) => Rejection::Otherwise(err.to_string()),
            None => Rejection::Otherwise("it ran past the time limit".into()),
        }
    }

    fn query_plan(&mut self, query: &str) -> Result<Vec<String>, RunError> {
        let plan = self.run_script(&format!("EXPLAIN (FORMAT JSON) {query}"))?;
        let text = match plan.rows.first().and_then(|r| r.first()) {
            Some(Value::Text(text)) => text.clone(),
            _ => return Ok(Vec::new()),
        };
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| RunError::Sql { message: e.to_string(), statement: query.to_owned() })?;
        let mut steps = Vec::new();
        if let Some(root) = json.get(0).and_then(|p| p.get("Plan")) {
            plan_steps(root, None, &mut steps);
        }
        Ok(steps)
    }

    fn restart_deadline(&mut self) {
        self.deadline = Instant::now() + self.timeout;
    }
}

/// The plan's nodes in SQLite's words, so one judge reads both: `SCAN t` for a sequential scan,
/// `SEARCH t USING INDEX i` for any scan through an index.
fn plan_steps(node: &serde_json::Value, parent_relation: Option<&str>, steps: &mut Vec<String>) {
    let field = |name: &str| node.get(name).and_then(serde_json::Value::as_str);
    let relation = field("Relation Name").or(parent_relation);
    match (field("Node Type"), relation, field("Index Name")) {
        (Some("Seq Scan"), Some(table), _) => steps.push(format!("SCAN {table}")),
        (Some(_), Some(table), Some(index)) => steps.push(format!("SEARCH {table} USING INDEX {index}")),
        (Some(kind), _, _) => steps.push(kind.to_owned()),
        _ => {}
    }
    for child in node.get("Plans").and_then(serde_json::Value::as_array).into_iter().flatten() {
        plan_steps(child, field("Relation Name"), steps);
    }
}

/// A value of the simple-query protocol (always text) with its likely type back, so numbers
/// compare by value as they do on SQLite.
fn typed(text: Option<&str>) -> Value {
    match text {
        None => Value::Null,
        Some(text) => {
            if let Ok(integer) = text.parse::<i64>() {
                Value::Integer(integer)
            } else if let Ok(real) = text.parse::<f64>()
                && text.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
            {
                Value::Real(real)
            } else {
                Value::Text(text.to_owned())
            }
        }
    }
}

fn pg_error(err: tokio_postgres::Error) -> RunError {
    if err.code().is_some_and(|c| c.code() == "57014") {
        return RunError::Interrupted;
    }
    if err.code().is_some_and(|c| c.code() == "42501") {
        return RunError::Refused(format!("{} (the check's role has no right to it: no files, no server programs, and nothing but reading where the exercise only reads)", db_message(&err)));
    }
    RunError::Sql { message: db_message(&err), statement: String::new() }
}

/// The server's own message, without the client library's prefix.
fn db_message(err: &tokio_postgres::Error) -> String {
    err.as_db_error().map_or_else(|| err.to_string(), |db| db.message().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values_get_their_type_back() {
        assert_eq!(typed(None), Value::Null);
        assert_eq!(typed(Some("42")), Value::Integer(42));
        assert_eq!(typed(Some("2.50")), Value::Real(2.5));
        assert_eq!(typed(Some("Lisbon")), Value::Text("Lisbon".into()));
        assert_eq!(typed(Some("")), Value::Text(String::new()));
        assert_eq!(typed(Some("inf")), Value::Text("inf".into()), "only digits are numbers");
    }

    #[test]
    fn plans_are_read_in_sqlite_words() {
        let plan: serde_json::Value = serde_json::from_str(
            r#"{"Node Type": "Nested Loop", "Plans": [{"Node Type": "Seq Scan", "Relation Name": "customers"}, {"Node Type": "Bitmap Heap Scan", "Relation Name": "orders", "Plans": [{"Node Type": "Bitmap Index Scan", "Index Name": "orders_customer"}]}]}"#,
        )
        .expect("json");
        let mut steps = Vec::new();
        plan_steps(&plan, None, &mut steps);
        assert_eq!(steps, ["Nested Loop", "SCAN customers", "Bitmap Heap Scan", "SEARCH orders USING INDEX orders_customer"]);
    }
}
