//! wrong: names the job once for every run it missed, so a pause is followed by a burst
//! expect: after a pause past three runs the job runs once
//! # Scheduled jobs on a clock you control
//!
//! A scheduler runs recurring jobs: a report every hour, a cache refresh every minute. The
//! worker calls `due` on every tick and runs the jobs it names. Finish `every` and `due`; times
//! are milliseconds read from the injected `Clock`, so the tests move a `FakeClock` instead of
//! waiting:
//!
//! - a job first runs one interval after it was added, not at once;
//! - a job is due when its time has come: at exactly its time, not only after it;
//! - the schedule does not drift: a job that should run every 10 s and ran late, at 13 s, runs
//!   next at 20 s, not 23 s;
//! - missed runs are not made up: after the process was paused past several runs, the job runs
//!   once, and next at the first point of its schedule after now;
//! - `due` returns the jobs in the order they became due (the one waiting longest first), jobs
//!   due at the same time in the order they were added.
//!
//! Why it matters: cron-like schedulers in backends (a nightly export, a cleanup, a digest
//! e-mail) must not stampede after a deploy or a pause, nor slowly drift off their hour. And
//! a scheduler that reads the system clock can only be tested by waiting.

use std::cell::Cell;
use std::rc::Rc;

/// Milliseconds since some fixed start.
pub type Millis = u64;

pub trait Clock {
    fn now(&self) -> Millis;
}

/// A clock that only moves when told to; clones share the same time.
#[derive(Clone, Default)]
pub struct FakeClock(Rc<Cell<Millis>>);

impl FakeClock {
    pub fn at(now: Millis) -> FakeClock {
        FakeClock(Rc::new(Cell::new(now)))
    }

    pub fn advance(&self, by: Millis) {
        self.0.set(self.0.get() + by);
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Millis {
        self.0.get()
    }
}

struct Job {
    name: String,
    every: Millis,
    next_run: Millis,
}

pub struct Scheduler<C: Clock> {
    clock: C,
    jobs: Vec<Job>,
}

impl<C: Clock> Scheduler<C> {
    pub fn new(clock: C) -> Self {
        Scheduler {
            clock,
            jobs: Vec::new(),
        }
    }

    /// Adds a job that runs every `every` milliseconds (more than 0).
    pub fn every(&mut self, name: &str, every: Millis) {
        assert!(every > 0, "a job's interval must be more than 0 ms");
        self.jobs.push(Job {
            name: name.to_string(),
            every,
            next_run: self.clock.now() + every,
        });
    }

    /// The names of the jobs to run now, each scheduled for its next run.
    pub fn due(&mut self) -> Vec<String> {
        let now = self.clock.now();
        let mut due: Vec<(Millis, usize)> = Vec::new();
        for (index, job) in self.jobs.iter_mut().enumerate() {
            if job.next_run > now {
                continue;
            }
            while job.next_run <= now {
                due.push((job.next_run, index));
                job.next_run += job.every;
            }
        }
        due.sort(); // by due time, then by the order the jobs were added
        due.into_iter()
            .map(|(_, index)| self.jobs[index].name.clone())
            .collect()
    }
}

fn main() {}

