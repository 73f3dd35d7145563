//! # Graceful worker shutdown with a cancellation token
//!
//! On a deploy, the orchestrator asks every worker to stop (SIGTERM) and gives it a few
//! seconds. A worker that just exits leaves the job it had claimed marked `running` forever:
//! lost. Finish `run_worker`, the loop of a background worker: it claims a job from the queue,
//! processes it, marks it complete, and again, until `token` is cancelled:
//!
//! - cancelled while waiting for a job, it returns at once, without claiming one;
//! - cancelled while processing a job, it lets the job finish and marks it complete, then
//!   returns without claiming another, even if more jobs are queued;
//! - a token cancelled before the worker starts: it returns without claiming anything.
//!
//! Use `tokio::select!` (mind which branch it picks when both are ready) or the token's own
//! helpers. Why it matters: graceful shutdown is what makes deploys invisible. Without it, every
//! release loses or duplicates the jobs in flight (a half-sent batch of e-mails, an import
//! stuck at `running`).

use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex};

use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: u64,
    pub payload: String,
}

/// Ids of the jobs in each state.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Snapshot {
    pub queued: Vec<u64>,
    pub running: Vec<u64>,
    pub done: Vec<u64>,
}

/// An in-memory job queue.
#[derive(Default)]
pub struct Queue {
    jobs: Mutex<(VecDeque<Job>, Snapshot)>,
    available: Notify,
}

impl Queue {
    pub fn push(&self, job: Job) {
        let mut jobs = self.jobs.lock().unwrap();
        jobs.1.queued.push(job.id);
        jobs.0.push_back(job);
        self.available.notify_one();
    }

    /// Waits for a job and marks it running. Cancel-safe: if this future is dropped before it
    /// returns, no job was claimed.
    pub async fn claim(&self) -> Job {
        loop {
            {
                let mut jobs = self.jobs.lock().unwrap();
                if let Some(job) = jobs.0.pop_front() {
                    jobs.1.queued.retain(|id| *id != job.id);
                    jobs.1.running.push(job.id);
                    return job;
                }
            }
            self.available.notified().await;
        }
    }

    pub fn complete(&self, id: u64) {
        let mut jobs = self.jobs.lock().unwrap();
        jobs.1.running.retain(|running| *running != id);
        jobs.1.done.push(id);
    }

    pub fn snapshot(&self) -> Snapshot {
        self.jobs.lock().unwrap().1.clone()
    }
}

/// Claims, processes and completes jobs until `token` is cancelled.
pub async fn run_worker<F, Fut>(queue: Arc<Queue>, token: CancellationToken, mut process: F)
where
    F: FnMut(Job) -> Fut,
    Fut: Future<Output = ()>,
{
    // TODO: loop: wait for either the token's cancellation (return) or a job from
    // `queue.claim()`, with the cancellation checked first; then `process(job).await` (not
    // raced against the token) and `queue.complete(id)`.
    todo!("run the worker on {:p} with {token:?} and {:p}", queue, &mut process)
}

#[tokio::main]
async fn main() {
    let queue = Arc::new(Queue::default());
    queue.push(Job {
        id: 1,
        payload: "hello".into(),
    });
    let token = CancellationToken::new();
    let worker = tokio::spawn(run_worker(
        Arc::clone(&queue),
        token.clone(),
        |job| async move {
            println!("processing {job:?}");
        },
    ));
    let _ = tokio::signal::ctrl_c().await;
    token.cancel();
    let _ = worker.await;
    println!("{:?}", queue.snapshot());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use testkit::until_stalled;
    use tokio::sync::{Semaphore, mpsc};
    use tokio::task::JoinHandle;

    fn job(id: u64) -> Job {
        Job {
            id,
            payload: format!("job {id}"),
        }
    }

    /// A worker whose `process` reports each job it starts and finishes it only when the test
    /// adds a permit to the returned semaphore (or at once, with `gated` false).
    fn worker(
        queue: &Arc<Queue>,
        token: &CancellationToken,
        gated: bool,
    ) -> (JoinHandle<()>, mpsc::UnboundedReceiver<u64>, Arc<Semaphore>) {
        let (started_tx, started) = mpsc::unbounded_channel();
        let release = Arc::new(Semaphore::new(0));
        let gate = Arc::clone(&release);
        let handle = tokio::spawn(run_worker(Arc::clone(queue), token.clone(), move |job| {
            let (started_tx, gate) = (started_tx.clone(), Arc::clone(&gate));
            async move {
                let _ = started_tx.send(job.id);
                if gated {
                    gate.acquire().await.unwrap().forget();
                }
            }
        }));
        (handle, started, release)
    }

    /// Waits for the worker to return; the clock is paused, so "never" is seen at once.
    async fn returns(handle: JoinHandle<()>, what: &str) {
        match tokio::time::timeout(Duration::from_secs(3600), handle).await {
            Ok(Ok(())) => {}
            Ok(Err(err)) => panic!("the worker panicked {what}: {err}"),
            Err(_) => panic!("{what}, the worker must return, but it is still running"),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn the_worker_processes_and_completes_the_jobs_in_order() {
        let queue = Arc::new(Queue::default());
        let token = CancellationToken::new();
        queue.push(job(1));
        queue.push(job(2));
        let (handle, mut started, _) = worker(&queue, &token, false);
        assert_eq!(
            started.recv().await,
            Some(1),
            "the worker processes the jobs in order"
        );
        assert_eq!(
            started.recv().await,
            Some(2),
            "the worker processes the jobs in order"
        );
        queue.push(job(3));
        assert_eq!(
            started.recv().await,
            Some(3),
            "the worker keeps taking jobs as they arrive until it is cancelled"
        );
        token.cancel();
        returns(handle, "cancelled while waiting for a job").await;
        assert_eq!(
            queue.snapshot().done,
            [1, 2, 3],
            "each processed job is marked complete"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn cancelled_while_waiting_for_a_job_it_returns_at_once() {
        let queue = Arc::new(Queue::default());
        let token = CancellationToken::new();
        let (mut handle, _, _) = worker(&queue, &token, false);
        assert!(
            until_stalled(&mut handle).await.is_none(),
            "with an empty queue the worker waits for a job, it does not return"
        );
        token.cancel();
        returns(handle, "cancelled while waiting for a job").await;
        queue.push(job(1));
        assert_eq!(
            queue.snapshot().queued,
            [1],
            "a cancelled worker claims nothing more"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_token_cancelled_before_the_start_claims_nothing() {
        let queue = Arc::new(Queue::default());
        queue.push(job(1));
        let token = CancellationToken::new();
        token.cancel();
        let (handle, _, _) = worker(&queue, &token, false);
        returns(handle, "with a token cancelled before the start").await;
        assert_eq!(
            queue.snapshot(),
            Snapshot {
                queued: vec![1],
                ..Snapshot::default()
            },
            "a worker whose token is already cancelled returns without claiming anything"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn cancelled_while_processing_it_finishes_the_job_then_stops() {
        // Several rounds: a `select!` that picks a ready branch at random fails one of them.
        for round in 0..16 {
            let queue = Arc::new(Queue::default());
            let token = CancellationToken::new();
            queue.push(job(1));
            queue.push(job(2));
            let (mut handle, mut started, release) = worker(&queue, &token, true);
            assert_eq!(
                started.recv().await,
                Some(1),
                "the worker takes the first job"
            );
            token.cancel();
            assert!(
                until_stalled(&mut handle).await.is_none(),
                "cancelled while processing a job, the worker lets the job finish: it returned \
                 while job 1 was still being processed (round {round})"
            );
            release.add_permits(1);
            returns(handle, "once the job in hand is finished after a cancel").await;
            let snapshot = queue.snapshot();
            assert!(
                snapshot.running.is_empty(),
                "a claimed job is never lost: the worker returned with job 1 still marked \
                 running, got {snapshot:?} (round {round})"
            );
            assert_eq!(
                snapshot.done,
                [1],
                "cancelled while processing a job, the worker finishes it and marks it complete \
                 (round {round})"
            );
            assert_eq!(
                snapshot.queued,
                [2],
                "after a cancel the worker returns without claiming another job, even if more \
                 are queued (round {round})"
            );
        }
    }
}
