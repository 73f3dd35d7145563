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
    let factor = 1_i64 << failures.saturating_sub(1).min(32);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        init_schema(&conn).unwrap();
        conn
    }

    fn state(conn: &Connection, id: i64) -> (String, u32, i64, Option<String>) {
        conn.query_row(
            "SELECT status, attempts, run_at, last_error FROM jobs WHERE id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .unwrap()
    }

    #[test]
    fn the_delay_starts_at_the_base_doubles_and_is_capped() {
        let expected = [(1, 10), (2, 20), (3, 40), (4, 60), (5, 60), (40, 60)];
        for (failures, delay) in expected {
            let got = backoff_secs(failures);
            assert!(
                !(failures == 1 && got != BASE_DELAY_SECS),
                "after the first failure the delay is BASE_DELAY_SECS ({BASE_DELAY_SECS}s), got \
                 {got}s"
            );
            assert!(
                (got <= MAX_DELAY_SECS),
                "the delay is never more than MAX_DELAY_SECS ({MAX_DELAY_SECS}s): after \
                 {failures} failures got {got}s"
            );
            assert_eq!(
                got, delay,
                "the delay doubles with each failure (10, 20, 40, then capped at 60): after \
                 {failures} failures"
            );
        }
    }

    #[test]
    fn a_failed_job_is_counted_kept_and_queued_again_after_the_delay() {
        let mut conn = db();
        let id = enqueue(&conn, "send receipt", 1000).unwrap();
        claim_due(&conn, 1000).unwrap().unwrap();
        let outcome = fail(&mut conn, id, "smtp: connection refused", 1003).unwrap();
        assert_eq!(
            outcome,
            Outcome::RetryAt(1013),
            "after the first failure the job is queued again BASE_DELAY_SECS (10s) after the \
             time of the failure"
        );
        assert_eq!(
            state(&conn, id),
            (
                "queued".to_string(),
                1,
                1013,
                Some("smtp: connection refused".to_string())
            ),
            "a failure is counted (attempts), its error kept (last_error), and the job queued \
             again with run_at at the retry time"
        );
        assert_eq!(
            claim_due(&conn, 1012).unwrap(),
            None,
            "a job queued for a retry is not claimed before its delay has passed"
        );
        let retried = claim_due(&conn, 1013).unwrap();
        assert_eq!(
            retried.map(|job| job.attempts),
            Some(1),
            "the job is claimed again once its delay has passed, with its failed attempts"
        );
    }

    #[test]
    fn each_retry_waits_longer_from_the_time_of_its_failure() {
        let mut conn = db();
        let id = enqueue(&conn, "call webhook", 0).unwrap();
        // The worker is sometimes late: each failure happens a while after the job was due.
        let mut now = 0;
        let mut retry_times = Vec::new();
        for _ in 0..4 {
            now += 7;
            claim_due(&conn, now).unwrap().expect("the job is due");
            match fail(&mut conn, id, "503 Service Unavailable", now).unwrap() {
                Outcome::RetryAt(at) => {
                    retry_times.push(at - now);
                    now = at;
                }
                Outcome::Dead => panic!(
                    "a job is buried only after MAX_ATTEMPTS ({MAX_ATTEMPTS}) failed attempts, \
                     not after {}",
                    retry_times.len() + 1
                ),
            }
        }
        assert_eq!(
            retry_times,
            [10, 20, 40, 60],
            "each retry is scheduled backoff_secs(attempts) after the time of the failure \
             (`now`), not after the time it was due: 10, 20, 40, 60"
        );
    }

    #[test]
    fn the_failure_of_the_last_attempt_buries_the_job() {
        let mut conn = db();
        let id = enqueue(&conn, "charge card", 0).unwrap();
        let mut now = 0;
        for attempt in 1..=MAX_ATTEMPTS {
            let job = claim_due(&conn, now).unwrap();
            assert!(
                job.is_some(),
                "attempt {attempt} of {MAX_ATTEMPTS} runs: a job is retried until \
                 MAX_ATTEMPTS attempts have failed"
            );
            let outcome = fail(&mut conn, id, &format!("declined ({attempt})"), now).unwrap();
            if attempt < MAX_ATTEMPTS {
                assert!(
                    matches!(outcome, Outcome::RetryAt(_)),
                    "a job is buried only after MAX_ATTEMPTS ({MAX_ATTEMPTS}) failed attempts, \
                     not after {attempt}"
                );
                if let Outcome::RetryAt(at) = outcome {
                    now = at;
                }
            } else {
                assert_eq!(
                    outcome,
                    Outcome::Dead,
                    "the failure of attempt number MAX_ATTEMPTS ({MAX_ATTEMPTS}) moves the job \
                     to the dead state"
                );
            }
        }
        assert_eq!(
            state(&conn, id),
            (
                "dead".to_string(),
                MAX_ATTEMPTS,
                state(&conn, id).2,
                Some(format!("declined ({MAX_ATTEMPTS})"))
            ),
            "a dead job has status 'dead', counts its MAX_ATTEMPTS attempts and keeps the last \
             error for a human to read"
        );
        assert_eq!(
            claim_due(&conn, i64::MAX).unwrap(),
            None,
            "a dead job is never claimed again, however long we wait"
        );
    }
}
