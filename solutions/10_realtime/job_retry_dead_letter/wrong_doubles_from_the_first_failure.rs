//! wrong: 2^failures instead of 2^(failures - 1): the first retry already waits twice the base
//! expect: after the first failure the delay is BASE_DELAY_SECS
//! # Retries with exponential backoff, and a dead-letter state
//!
//! A job fails: the mail server is down, the API answered 503. Trying again at once hammers a
//! service that is already struggling, and trying forever keeps a job that can never succeed in
//! the queue. Finish `backoff_secs` and `fail`, which a worker calls when a job it claimed
//! failed at time `now` (seconds; the tests pass the time, so no clock is read):
//!
//! - the failure is counted (`attempts`) and its error kept (`last_error`);
//! - while fewer than `MAX_ATTEMPTS` attempts have failed, the job is queued again to run
//!   `backoff_secs(attempts)` after `now`: `BASE_DELAY_SECS` after the first failure, doubling
//!   with each failure, never more than `MAX_DELAY_SECS`;
//! - the failure of attempt number `MAX_ATTEMPTS` moves the job to the `dead` state instead: it
//!   is never claimed again, and keeps its error for a human to read.
//!
//! Why it matters: every job system (Sidekiq, Celery, SQS with a dead-letter queue) does this.
//! Backoff lets a flaky dependency recover; the dead-letter state turns a poison message into
//! an alert instead of an endless loop.

use rusqlite::{Connection, params};

pub const MAX_ATTEMPTS: u32 = 5;
pub const BASE_DELAY_SECS: i64 = 10;
pub const MAX_DELAY_SECS: i64 = 60;

/// A job handed to a worker.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: i64,
    pub payload: String,
    pub attempts: u32,
}

/// What `fail` did with the job.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Queued again, to run at this time.
    RetryAt(i64),
    /// Out of attempts: moved to the dead-letter state.
    Dead,
}

pub fn init_schema(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE jobs (
             id INTEGER PRIMARY KEY,
             payload TEXT NOT NULL,
             status TEXT NOT NULL DEFAULT 'queued',  -- queued | running | done | dead
             attempts INTEGER NOT NULL DEFAULT 0,    -- failed attempts so far
             run_at INTEGER NOT NULL DEFAULT 0,      -- not claimed before this time
             last_error TEXT
         );",
    )
}

pub fn enqueue(conn: &Connection, payload: &str, now: i64) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO jobs (payload, run_at) VALUES (?1, ?2)",
        params![payload, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Claims the queued job that is due first (run_at <= now).
pub fn claim_due(conn: &Connection, now: i64) -> rusqlite::Result<Option<Job>> {
    let mut stmt = conn.prepare(
        "UPDATE jobs SET status = 'running'
         WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND run_at <= ?1
                     ORDER BY run_at, id LIMIT 1)
         RETURNING id, payload, attempts",
    )?;
    let mut rows = stmt.query(params![now])?;
    match rows.next()? {
        Some(row) => Ok(Some(Job {
            id: row.get(0)?,
            payload: row.get(1)?,
            attempts: row.get(2)?,
        })),
        None => Ok(None),
    }
}

/// The delay before the next attempt, once `failures` attempts have failed (1 or more).
pub fn backoff_secs(failures: u32) -> i64 {
    // 2^(failures - 1), saturating long before it could overflow.
    let factor = 1_i64 << failures.min(32);
    BASE_DELAY_SECS.saturating_mul(factor).min(MAX_DELAY_SECS)
}

/// Records that the running job `id` failed at `now` with `error`, and retries or buries it.
pub fn fail(conn: &mut Connection, id: i64, error: &str, now: i64) -> rusqlite::Result<Outcome> {
    let tx = conn.transaction()?;
    let failures: u32 = tx.query_row(
        "UPDATE jobs SET attempts = attempts + 1, last_error = ?2 WHERE id = ?1
         RETURNING attempts",
        params![id, error],
        |row| row.get(0),
    )?;
    let outcome = if failures >= MAX_ATTEMPTS {
        tx.execute("UPDATE jobs SET status = 'dead' WHERE id = ?1", params![id])?;
        Outcome::Dead
    } else {
        let run_at = now + backoff_secs(failures);
        tx.execute(
            "UPDATE jobs SET status = 'queued', run_at = ?2 WHERE id = ?1",
            params![id, run_at],
        )?;
        Outcome::RetryAt(run_at)
    };
    tx.commit()?;
    Ok(outcome)
}

fn main() {}

