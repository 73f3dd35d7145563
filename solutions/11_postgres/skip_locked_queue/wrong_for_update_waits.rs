//! wrong: FOR UPDATE without SKIP LOCKED: the second worker waits for the job the first is running
//! expect: worker-b waits for job 3, which worker-a is running
//! # A job queue with FOR UPDATE SKIP LOCKED
//!
//! Complete `work_one`, which several workers call in a loop, each on its own connection. It
//! takes the due job (status 'queued', run_at already past) with the earliest run_at that no
//! other worker holds, runs `handle` on it, marks it done (status 'done', done_by = the
//! worker's name) and returns its id; `None` when no due job is free. It holds the job's row
//! lock from the moment it takes it until it is marked done, in one transaction: no other
//! worker can take the job meanwhile, and if the handler fails (`JobFailed`) or the worker dies,
//! the transaction rolls back and the job is queued again, as if never taken. A worker never
//! waits for a job another one holds: it takes the next one (`FOR UPDATE SKIP LOCKED`, with
//! `LIMIT 1` so that it locks only the job it takes). The table is in `jobs.sql`.
//!
//! Why it matters: a table is the simplest reliable queue when you already have PostgreSQL
//! (outbox, emails, image resizing), and every queue library on it does exactly this. Without
//! a lock, two workers run the same job (two emails); with a plain FOR UPDATE, workers queue
//! up behind one job and the queue runs at the speed of one worker; SKIP LOCKED gives each
//! worker a different row at once.

use tokio_postgres::{Client, Error};

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: String,
}

#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error("job {job_id} failed: {reason}")]
    JobFailed { job_id: i64, reason: String },
    #[error(transparent)]
    Database(#[from] Error),
}

/// Takes the next free due job, runs `handle` on it while holding its row lock, and marks it
/// done by `worker`. Returns the job's id, or `None` when no due job is free.
pub async fn work_one<F, Fut>(
    client: &mut Client,
    worker: &str,
    handle: F,
) -> Result<Option<i64>, QueueError>
where
    F: FnOnce(Job) -> Fut,
    Fut: Future<Output = Result<(), String>>,
{
    let tx = client.transaction().await?;
    let Some(row) = tx
        .query_opt(
            "SELECT id, kind, payload FROM jobs WHERE status = 'queued' AND run_at <= now() ORDER BY run_at LIMIT 1 FOR UPDATE",
            &[],
        )
        .await?
    else {
        return Ok(None);
    };
    let job = Job {
        id: row.get(0),
        kind: row.get(1),
        payload: row.get(2),
    };
    let job_id = job.id;
    handle(job)
        .await
        .map_err(|reason| QueueError::JobFailed { job_id, reason })?;
    tx.execute(
        "UPDATE jobs SET status = 'done', done_by = $2 WHERE id = $1",
        &[&job_id, &worker],
    )
    .await?;
    tx.commit().await?;
    Ok(Some(job_id))
}

fn main() {}
