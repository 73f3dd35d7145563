//! right: SELECT then an UPDATE guarded by status = 'queued', trying the next job when another worker got there first
//! # A job queue in SQLite: claim a job atomically
//!
//! Background work (sending e-mails, resizing images) goes into a `jobs` table; workers, each
//! with its own connection, take jobs from it. Finish `claim`, which hands the oldest queued job
//! to `worker`:
//!
//! - the job becomes `running` and records which worker holds it (`worker` column);
//! - two workers never get the same job, even when their claims run at the same time: finding
//!   the job and marking it must be one atomic step (one statement, or one transaction that
//!   checks the job is still queued), not a SELECT and a separate UPDATE another worker can
//!   slip between;
//! - a claim takes one job; a running job is not handed out again;
//! - an empty queue is not an error: `Ok(None)`.
//!
//! Why it matters: a job run twice sends two e-mails or charges a card twice. Queues on
//! PostgreSQL do the same with `FOR UPDATE SKIP LOCKED`; SQLite has one writer at a time, so a
//! single `UPDATE ... RETURNING` is enough.

use rusqlite::{Connection, OptionalExtension, params};

/// A job handed to a worker.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: i64,
    pub payload: String,
}

pub fn init_schema(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS jobs (
             id INTEGER PRIMARY KEY,
             payload TEXT NOT NULL,
             status TEXT NOT NULL DEFAULT 'queued',  -- queued | running | done
             worker TEXT
         );",
    )
}

/// Adds a job to the queue and returns its id.
pub fn enqueue(conn: &Connection, payload: &str) -> rusqlite::Result<i64> {
    conn.execute("INSERT INTO jobs (payload) VALUES (?1)", params![payload])?;
    Ok(conn.last_insert_rowid())
}

/// Hands the oldest queued job to `worker`, or `None` when nothing is queued.
pub fn claim(conn: &Connection, worker: &str) -> rusqlite::Result<Option<Job>> {
    loop {
        let candidate: Option<(i64, String)> = conn
            .query_row(
                "SELECT id, payload FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let Some((id, payload)) = candidate else {
            return Ok(None);
        };
        // Only one UPDATE can move a row out of 'queued'; losing the race changes 0 rows.
        let won = conn.execute(
            "UPDATE jobs SET status = 'running', worker = ?1 WHERE id = ?2 AND status = 'queued'",
            params![worker, id],
        )? == 1;
        if won {
            return Ok(Some(Job { id, payload }));
        }
    }
}

fn main() {}

