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

use rusqlite::{Connection, params};

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
    // One statement: SQLite runs it under its write lock, so nobody can claim the same row
    // between the subquery that finds it and the update that takes it.
    let mut stmt = conn.prepare(
        "UPDATE jobs SET status = 'running', worker = ?1
         WHERE id = (SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1)
         RETURNING id, payload",
    )?;
    let mut rows = stmt.query(params![worker])?;
    match rows.next()? {
        Some(row) => Ok(Some(Job {
            id: row.get(0)?,
            payload: row.get(1)?,
        })),
        None => Ok(None),
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::trace::{TraceEvent, TraceEventCodes};
    use std::path::PathBuf;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    /// A fresh database file (each worker needs its own connection to the same database).
    struct TempDb(PathBuf);

    impl TempDb {
        fn new(name: &str) -> TempDb {
            let path = std::env::temp_dir().join(format!(
                "job_queue_atomic_claim_{}_{name}.sqlite",
                std::process::id()
            ));
            let _ = std::fs::remove_file(&path);
            let db = TempDb(path);
            init_schema(&db.open()).unwrap();
            db
        }

        fn open(&self) -> Connection {
            let conn = Connection::open(&self.0).unwrap();
            // A worker that finds the database locked gets an error at once (and would try
            // again later) instead of waiting.
            conn.busy_timeout(Duration::ZERO).unwrap();
            conn
        }
    }

    impl Drop for TempDb {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    fn row(conn: &Connection, id: i64) -> (String, Option<String>) {
        conn.query_row(
            "SELECT status, worker FROM jobs WHERE id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap()
    }

    #[test]
    fn a_claim_hands_out_the_oldest_queued_job() {
        let db = TempDb::new("oldest");
        let conn = db.open();
        let first = enqueue(&conn, "send welcome e-mail").unwrap();
        enqueue(&conn, "resize avatar").unwrap();
        let job = claim(&conn, "worker-a").unwrap();
        assert_eq!(
            job,
            Some(Job {
                id: first,
                payload: "send welcome e-mail".into()
            }),
            "claim hands out the oldest queued job, with its id and payload"
        );
        assert_eq!(
            row(&conn, first),
            ("running".to_string(), Some("worker-a".to_string())),
            "a claimed job records which worker holds it: status 'running', worker set"
        );
    }

    #[test]
    fn a_claim_takes_one_job_and_never_hands_it_out_again() {
        let db = TempDb::new("one_each");
        let conn = db.open();
        let ids: Vec<i64> = ["a", "b", "c"]
            .into_iter()
            .map(|payload| enqueue(&conn, payload).unwrap())
            .collect();
        let first = claim(&conn, "worker-a").unwrap().map(|job| job.id);
        assert_eq!(first, Some(ids[0]), "claim hands out the oldest queued job");
        assert_eq!(
            row(&conn, ids[1]),
            ("queued".to_string(), None),
            "a claim takes one job: the others stay queued for the other workers"
        );
        let second = claim(&conn, "worker-b").unwrap().map(|job| job.id);
        assert_eq!(
            second,
            Some(ids[1]),
            "a running job is not handed out again: the second claim gets the next queued job"
        );
        let third = claim(&conn, "worker-a").unwrap().map(|job| job.id);
        assert_eq!(third, Some(ids[2]), "each claim gets the next queued job");
    }

    #[test]
    fn an_empty_queue_is_ok_none() {
        let db = TempDb::new("empty");
        let conn = db.open();
        let nothing = claim(&conn, "worker-a");
        assert!(
            matches!(nothing, Ok(None)),
            "an empty queue is not an error: Ok(None), got {nothing:?}"
        );
        enqueue(&conn, "only one").unwrap();
        claim(&conn, "worker-a").unwrap();
        let drained = claim(&conn, "worker-a");
        assert!(
            matches!(drained, Ok(None)),
            "once every job is running, claim returns Ok(None), got {drained:?}"
        );
    }

    #[test]
    fn two_workers_claiming_at_the_same_time_never_get_the_same_job() {
        let db = TempDb::new("race");
        let mut a = db.open();
        for payload in ["a", "b", "c"] {
            enqueue(&a, payload).unwrap();
        }
        // worker-b's whole claim runs just before worker-a's second statement starts: exactly
        // between a SELECT and an UPDATE, if worker-a's claim is made of those two.
        let b_claim: Arc<Mutex<Option<rusqlite::Result<Option<Job>>>>> = Arc::default();
        let mut b = Some(db.open());
        let mut statements = 0;
        let slot = Arc::clone(&b_claim);
        a.trace_v2(
            TraceEventCodes::SQLITE_TRACE_STMT,
            Some(move |event: TraceEvent<'_>| {
                if let TraceEvent::Stmt(..) = event {
                    statements += 1;
                    if statements == 2
                        && let Some(b) = b.take()
                    {
                        *slot.lock().unwrap() = Some(claim(&b, "worker-b"));
                    }
                }
            }),
        )
        .unwrap();
        let a_job = claim(&a, "worker-a")
            .expect("worker-a's claim fails")
            .expect("three jobs are queued: worker-a gets one");
        a.trace_v2(
            TraceEventCodes::SQLITE_TRACE_STMT,
            None::<fn(TraceEvent<'_>)>,
        )
        .unwrap();
        // A claim of one statement never let worker-b in: it claims now, after worker-a.
        let b_result = b_claim
            .lock()
            .unwrap()
            .take()
            .unwrap_or_else(|| claim(&db.open(), "worker-b"));
        if let Ok(Some(b_job)) = &b_result {
            assert_ne!(
                b_job.id, a_job.id,
                "two workers never get the same job: worker-b claimed job {} between \
                 worker-a's SELECT and its UPDATE, and worker-a took it too. Find and mark the \
                 job in one statement (UPDATE ... WHERE id = (SELECT ...) RETURNING), or in a \
                 transaction whose UPDATE checks the job is still queued",
                b_job.id
            );
        }
        // Whatever happened in the race, the queue still hands every job to one worker.
        let conn = db.open();
        let (_, holder) = row(&conn, a_job.id);
        assert_eq!(
            holder.as_deref(),
            Some("worker-a"),
            "two workers never get the same job: job {} was handed to worker-a, but the table \
             says {holder:?} holds it",
            a_job.id
        );
        let mut seen = vec![a_job.id];
        if let Ok(Some(b_job)) = b_result {
            seen.push(b_job.id);
        }
        while let Some(job) = claim(&conn, "worker-c").unwrap() {
            assert!(
                !seen.contains(&job.id),
                "two workers never get the same job: job {} was handed out twice",
                job.id
            );
            seen.push(job.id);
        }
        seen.sort();
        assert_eq!(
            seen,
            [1, 2, 3],
            "every queued job is handed out exactly once"
        );
    }
}
