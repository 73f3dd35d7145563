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
            due.push((job.next_run, index));
            // The first point of the schedule after now: one run, however many were missed,
            // and still on the job's own cadence.
            let missed = (now - job.next_run) / job.every;
            job.next_run += (missed + 1) * job.every;
        }
        due.sort(); // by due time, then by the order the jobs were added
        due.into_iter()
            .map(|(_, index)| self.jobs[index].name.clone())
            .collect()
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheduler_at(now: Millis) -> (FakeClock, Scheduler<FakeClock>) {
        let clock = FakeClock::at(now);
        (clock.clone(), Scheduler::new(clock))
    }

    #[test]
    fn a_job_first_runs_one_interval_after_it_was_added() {
        let (clock, mut scheduler) = scheduler_at(5_000);
        scheduler.every("report", 10_000);
        assert_eq!(
            scheduler.due(),
            Vec::<String>::new(),
            "a job first runs one interval after it was added, not at once"
        );
        clock.advance(9_999);
        assert_eq!(
            scheduler.due(),
            Vec::<String>::new(),
            "a job does not run before its time (added at 5 s, every 10 s: not at 14.999 s)"
        );
        clock.advance(1);
        assert_eq!(
            scheduler.due(),
            ["report"],
            "a job is due at exactly its time, not only after it (added at 5 s, every 10 s: \
             due at 15 s)"
        );
        assert_eq!(
            scheduler.due(),
            Vec::<String>::new(),
            "a job that just ran is not due again at the same time"
        );
    }

    #[test]
    fn the_schedule_does_not_drift_when_a_run_is_late() {
        let (clock, mut scheduler) = scheduler_at(0);
        scheduler.every("refresh", 10_000);
        clock.advance(13_000);
        assert_eq!(
            scheduler.due(),
            ["refresh"],
            "the job is due at 10 s, run late at 13 s"
        );
        clock.advance(6_999);
        assert_eq!(
            scheduler.due(),
            Vec::<String>::new(),
            "the job ran at 13 s for its 10 s slot, so it is not due at 19.999 s"
        );
        clock.advance(1);
        assert_eq!(
            scheduler.due(),
            ["refresh"],
            "the schedule does not drift: a job due every 10 s that ran late at 13 s runs next \
             at 20 s, not 23 s"
        );
    }

    #[test]
    fn missed_runs_are_not_made_up() {
        let (clock, mut scheduler) = scheduler_at(0);
        scheduler.every("digest", 10_000);
        // Paused (a GC, a laptop lid, a stopped container) past the runs at 10, 20 and 30 s.
        clock.advance(35_000);
        assert_eq!(
            scheduler.due(),
            ["digest"],
            "missed runs are not made up: after a pause past three runs the job runs once"
        );
        assert_eq!(
            scheduler.due(),
            Vec::<String>::new(),
            "missed runs are not made up: the job ran at 35 s, and is not due again at 35 s to \
             catch up"
        );
        clock.advance(4_999);
        assert_eq!(
            scheduler.due(),
            Vec::<String>::new(),
            "after the pause the job runs next at the first point of its schedule after now \
             (40 s): not at 39.999 s"
        );
        clock.advance(1);
        assert_eq!(
            scheduler.due(),
            ["digest"],
            "after the pause the job runs next at the first point of its schedule after now \
             (40 s), not 10 s after the late run (45 s)"
        );
    }

    #[test]
    fn jobs_keep_their_own_intervals_and_come_out_in_the_order_they_became_due() {
        let (clock, mut scheduler) = scheduler_at(0);
        scheduler.every("slow", 30_000);
        scheduler.every("fast", 10_000);
        scheduler.every("also-fast", 10_000);
        clock.advance(20_000);
        assert_eq!(
            scheduler.due(),
            ["fast", "also-fast"],
            "each job keeps its own interval: at 20 s only the 10 s jobs are due, in the order \
             they were added"
        );
        clock.advance(15_000);
        assert_eq!(
            scheduler.due(),
            ["slow", "fast", "also-fast"],
            "jobs due at the same time (all three at 30 s) come out in the order they were added"
        );
        clock.advance(40_000);
        assert_eq!(
            scheduler.due(),
            ["fast", "also-fast", "slow"],
            "due returns the jobs in the order they became due, the one waiting longest first: \
             at 75 s the 10 s jobs have waited since 40 s, the slow one only since 60 s"
        );
    }
}
