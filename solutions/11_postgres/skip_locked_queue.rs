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
    // The row lock is the claim: it lasts as long as the transaction, other workers skip the
    // row, and a rollback (an error, a dropped connection) gives the job back.
    let tx = client.transaction().await?;
    let Some(row) = tx
        .query_opt(
            "SELECT id, kind, payload FROM jobs
             WHERE status = 'queued' AND run_at <= now()
             ORDER BY run_at, id
             LIMIT 1
             FOR UPDATE SKIP LOCKED",
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
    // Dropping `tx` on this early return rolls back: the job is queued again.
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::sync::oneshot;
    use tokio_postgres::NoTls;

    /// A session on the check's database (the runner's `DATABASE_URL`).
    async fn connect() -> Client {
        let url = std::env::var("DATABASE_URL")
            .expect("the runner hands the exercise's database as DATABASE_URL");
        let (client, connection) = tokio_postgres::connect(&url, NoTls)
            .await
            .expect("connect to the exercise's database");
        tokio::spawn(connection);
        client
    }

    /// A private copy of the fixture's jobs in schema `name`, rows in the fixture's order
    /// (tests run at the same time and must not see each other's rows).
    async fn private_copy(name: &str) {
        connect()
            .await
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {name} CASCADE;
                 CREATE SCHEMA {name};
                 CREATE TABLE {name}.jobs (LIKE public.jobs INCLUDING ALL);
                 INSERT INTO {name}.jobs SELECT * FROM public.jobs;
                 ANALYZE {name}.jobs;"
            ))
            .await
            .expect("copy the fixture's jobs");
    }

    /// A worker's session on `schema`, and its process id.
    async fn worker_session(schema: &str) -> (Client, i32) {
        let client = connect().await;
        client
            .batch_execute(&format!("SET search_path = {schema}"))
            .await
            .expect("use the test's schema");
        let pid = client
            .query_one("SELECT pg_backend_pid()", &[])
            .await
            .expect("read the session's process id")
            .get(0);
        (client, pid)
    }

    /// Every job's (id, status, done_by), by id.
    async fn jobs(schema: &str) -> Vec<(i64, String, Option<String>)> {
        let (client, _) = worker_session(schema).await;
        client
            .query("SELECT id, status, done_by FROM jobs ORDER BY id", &[])
            .await
            .expect("read the jobs")
            .iter()
            .map(|row| (row.get(0), row.get(1), row.get(2)))
            .collect()
    }

    fn job(id: i64, status: &str, done_by: Option<&str>) -> (i64, String, Option<String>) {
        (id, status.to_owned(), done_by.map(str::to_owned))
    }

    /// Waits until session `pid` waits for a lock another session holds, or `task` has ended.
    /// Returns whether it is waiting.
    async fn blocked_or_finished<T>(pid: i32, task: &tokio::task::JoinHandle<T>) -> bool {
        let monitor = connect().await;
        while !task.is_finished() {
            let blocked: bool = monitor
                .query_one("SELECT cardinality(pg_blocking_pids($1)) > 0", &[&pid])
                .await
                .expect("read the server's lock table")
                .get(0);
            if blocked {
                return true;
            }
            // Paces the polling of the server's state; nothing depends on how long it takes.
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        false
    }

    async fn quick(_job: Job) -> Result<(), String> {
        Ok(())
    }

    #[tokio::test]
    async fn due_jobs_are_taken_earliest_first_and_marked_done() {
        private_copy("queue_order").await;
        let (mut client, _) = worker_session("queue_order").await;
        let mut seen = Vec::new();
        let first = work_one(&mut client, "worker-a", |job| {
            seen.push(job.clone());
            quick(job)
        })
        .await;
        assert_eq!(
            seen,
            [Job {
                id: 3,
                kind: "resize".into(),
                payload: "photo 12".into()
            }],
            "the handler gets the due job with the earliest run_at (job 3, due 09:00), with its \
             kind and payload; work_one returned {first:?}"
        );
        assert!(
            matches!(first, Ok(Some(3))),
            "work_one returns the id of the job it ran: expected Ok(Some(3)), got {first:?}"
        );
        let mut taken = vec![];
        for _ in 0..3 {
            taken.push(
                work_one(&mut client, "worker-a", quick)
                    .await
                    .ok()
                    .flatten(),
            );
        }
        assert_eq!(
            taken,
            [Some(2), Some(5), None],
            "after job 3, the due jobs are 2 (09:30) then 5 (10:00); job 4 is scheduled for \
             the year 2999 and must not be taken before its run_at, so then there is none"
        );
        assert_eq!(
            jobs("queue_order").await,
            [
                job(1, "done", Some("worker-0")),
                job(2, "done", Some("worker-a")),
                job(3, "done", Some("worker-a")),
                job(4, "queued", None),
                job(5, "done", Some("worker-a")),
            ],
            "each job run is marked done, by the worker that ran it"
        );
    }

    #[tokio::test]
    async fn a_second_worker_takes_the_next_job_without_waiting() {
        let schema = "queue_two_workers";
        private_copy(schema).await;
        let (mut first, _) = worker_session(schema).await;
        let (mut second, second_pid) = worker_session(schema).await;
        let (started, first_job) = oneshot::channel();
        let (release, released) = oneshot::channel::<()>();
        let worker_a = tokio::spawn(async move {
            work_one(&mut first, "worker-a", |job| async move {
                let _ = started.send(job.id);
                let _ = released.await;
                Ok(())
            })
            .await
        });
        let running = first_job
            .await
            .expect("worker-a's handler must be called with a job");
        let (seen, saw) = oneshot::channel();
        let worker_b = tokio::spawn(async move {
            work_one(&mut second, "worker-b", |job| async move {
                let _ = seen.send(job.id);
                Ok(())
            })
            .await
        });
        let waiting = blocked_or_finished(second_pid, &worker_b).await;
        assert!(
            !waiting,
            "worker-b waits for job {running}, which worker-a is running: a worker must skip \
             the jobs others hold and take the next one (FOR UPDATE SKIP LOCKED), or the queue \
             runs one job at a time"
        );
        let second_result = worker_b.await.expect("worker-b panicked");
        let second_job = saw.await.ok();
        assert_ne!(
            second_job,
            Some(running),
            "worker-a and worker-b both ran job {running}: two workers took the same job. Lock \
             the job's row when you select it (FOR UPDATE SKIP LOCKED), in the transaction that \
             runs it and marks it done"
        );
        assert!(
            matches!(second_result, Ok(Some(2))),
            "while worker-a runs job 3, worker-b must take the next due job, 2, got \
             {second_result:?}. If it found none although jobs 2 and 5 were free: lock only \
             the job you take (LIMIT 1), not every due job"
        );
        let _ = release.send(());
        let first_result = worker_a.await.expect("worker-a panicked");
        assert!(
            matches!(first_result, Ok(Some(3))),
            "worker-a ran job 3: expected Ok(Some(3)), got {first_result:?}"
        );
        assert_eq!(
            jobs(schema).await,
            [
                job(1, "done", Some("worker-0")),
                job(2, "done", Some("worker-b")),
                job(3, "done", Some("worker-a")),
                job(4, "queued", None),
                job(5, "queued", None),
            ],
            "each worker marked its own job done"
        );
    }

    #[tokio::test]
    async fn a_failed_job_goes_back_to_the_queue() {
        private_copy("queue_failure").await;
        let (mut client, _) = worker_session("queue_failure").await;
        let failed = work_one(&mut client, "worker-a", |_job| async {
            Err("the mail server is down".to_owned())
        })
        .await;
        assert!(
            matches!(&failed, Err(QueueError::JobFailed { job_id: 3, reason }) if reason == "the mail server is down"),
            "a handler that fails on job 3 makes work_one return \
             Err(JobFailed {{ job_id: 3, reason }}) with the handler's reason, got {failed:?}"
        );
        assert_eq!(
            jobs("queue_failure").await[2],
            job(3, "queued", None),
            "a job whose handler failed must stay in the queue, as if never taken (roll back \
             the transaction that took it; do not mark it running or done before it succeeded)"
        );
        let again = work_one(&mut client, "worker-a", quick).await;
        assert!(
            matches!(again, Ok(Some(3))),
            "the failed job is due again and is the earliest: the next call takes job 3 again, \
             got {again:?}"
        );
    }

    #[tokio::test]
    async fn the_job_of_a_worker_that_dies_goes_back_to_the_queue() {
        let schema = "queue_crash";
        private_copy(schema).await;
        let (mut doomed, doomed_pid) = worker_session(schema).await;
        let (started, first_job) = oneshot::channel();
        let crashing = tokio::spawn(async move {
            work_one(&mut doomed, "worker-a", |job| async move {
                let _ = started.send(job.id);
                std::future::pending::<()>().await;
                Ok(())
            })
            .await
        });
        let running = first_job
            .await
            .expect("worker-a's handler must be called with a job");
        // The worker dies mid-job: its task and its connection are gone.
        crashing.abort();
        let _ = crashing.await;
        let monitor = connect().await;
        loop {
            let alive: bool = monitor
                .query_one(
                    "SELECT count(*) > 0 FROM pg_stat_activity WHERE pid = $1",
                    &[&doomed_pid],
                )
                .await
                .expect("read the server's sessions")
                .get(0);
            if !alive {
                break;
            }
            // Paces the polling of the server's state; nothing depends on how long it takes.
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let (mut survivor, _) = worker_session(schema).await;
        let taken = work_one(&mut survivor, "worker-b", quick).await;
        assert!(
            matches!(taken, Ok(Some(3))),
            "worker-a died while running job {running}; its job must go back to the queue (its \
             transaction rolls back when its connection ends), so worker-b takes job 3 again, \
             got {taken:?}. A job marked running or done and committed before the work is done \
             is lost when the worker dies"
        );
    }
}
