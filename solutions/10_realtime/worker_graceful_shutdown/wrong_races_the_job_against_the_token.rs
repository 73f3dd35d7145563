//! wrong: selects between processing and cancellation, so a cancel drops the job in the middle, left running
//! expect: the worker lets the job finish: it returned while job 1 was still being processed
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
    loop {
        let job = tokio::select! {
            // Checked first: once cancelled, never claim another job, even if one is ready.
            biased;
            () = token.cancelled() => return,
            job = queue.claim() => job,
        };
        let id = job.id;
        // Not raced against the token: a claimed job runs to the end.
        tokio::select! {
            () = token.cancelled() => return,
            () = process(job) => queue.complete(id),
        }
    }
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

