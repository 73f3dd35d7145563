//! # A bounded load test
//!
//! Finish `run_load`: make `total` calls to `target`, never more than `concurrency` at once, and
//! always that many while enough are left: as soon as one call ends the next one starts, without
//! waiting for a whole batch. Time each call with `clock`, from just before it starts (once it
//! has its place, not while it waits for one) to when it ends. A call that fails is counted in
//! `errors` and gives no latency. `main` runs it against a server of its own on 127.0.0.1, with
//! and without a cache, to show what the cache does to p50 and p99.
//!
//! Why it matters: a load test is how you prove that a change helped, and how you find the load
//! at which a service falls over. It has to be bounded (a fixed number of requests, a fixed
//! concurrency) so it ends, so runs can be compared, and so it does not become the outage. The
//! tests here drive it with a fake target and a fake clock, so they measure the code, not the
//! machine.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use futures::StreamExt;

/// Time since some origin, in a form tests can fake.
pub trait Clock: Send + Sync {
    fn now(&self) -> Duration;
}

/// The real clock.
pub struct SystemClock(pub Instant);

impl Clock for SystemClock {
    fn now(&self) -> Duration {
        self.0.elapsed()
    }
}

/// What the load test calls: an HTTP request in `main`, a fake in the tests.
pub trait Target: Sync {
    fn call(&self) -> impl Future<Output = Result<(), String>> + Send;
}

/// What a load test measured.
#[derive(Debug, Default, PartialEq)]
pub struct LoadReport {
    /// One per call that succeeded, in the order they ended.
    pub latencies: Vec<Duration>,
    pub errors: usize,
}

/// Makes `total` calls of `target`, `concurrency` at a time, and reports how they went.
pub async fn run_load<T: Target>(
    target: &T,
    total: usize,
    concurrency: usize,
    clock: &dyn Clock,
) -> LoadReport {
    // TODO: make `total` calls of `target.call()`, never more than `concurrency` in flight,
    // the next one starting as soon as one ends. Time each with `clock.now()`, read once the
    // call has its place and again when it ends; a success adds its latency to `latencies`, a
    // failure adds one to `errors`.
    todo!("{total} calls, {concurrency} at a time, starting at {:?}", clock.now())
}

/// `GET url` must answer 2xx with its whole body.
pub struct HttpGet {
    pub client: reqwest::Client,
    pub url: String,
}

impl Target for HttpGet {
    async fn call(&self) -> Result<(), String> {
        let response = self.client.get(&self.url).send().await;
        let response = response.and_then(|r| r.error_for_status());
        response
            .map_err(|e| e.to_string())?
            .bytes()
            .await
            .map_err(|e| e.to_string())?;
        Ok(())
    }
}

/// p50 and p99 by nearest rank (the previous exercise's `percentile`).
fn percentile(latencies: &[Duration], p: usize) -> Duration {
    let mut sorted = latencies.to_vec();
    sorted.sort_unstable();
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied().unwrap_or_default()
}

/// A server on 127.0.0.1 whose `/product` costs 5 ms, or nothing once cached.
async fn serve(cached: bool) -> std::io::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let loads = Arc::new(AtomicUsize::new(0));
    let app = axum::Router::new().route(
        "/product",
        axum::routing::get(move || {
            let loads = loads.clone();
            async move {
                if !cached || loads.fetch_add(1, Ordering::SeqCst) == 0 {
                    tokio::time::sleep(Duration::from_millis(5)).await; // the database
                }
                "blue mug, 12.50"
            }
        }),
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(format!("http://{addr}/product"))
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    // Straight to 127.0.0.1, whatever proxy the environment names.
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .map_err(std::io::Error::other)?;
    for cached in [false, true] {
        let target = HttpGet {
            client: client.clone(),
            url: serve(cached).await?,
        };
        let report = run_load(&target, 500, 16, &SystemClock(Instant::now())).await;
        println!(
            "cache {}: {} ok, {} errors, p50 {:?}, p99 {:?}",
            if cached { "on " } else { "off" },
            report.latencies.len(),
            report.errors,
            percentile(&report.latencies, 50),
            percentile(&report.latencies, 99),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;
    use tokio::sync::Semaphore;

    /// A clock that only moves when told to.
    #[derive(Default)]
    struct FakeClock(Mutex<Duration>);

    impl FakeClock {
        fn advance(&self, by: Duration) {
            *self.0.lock().unwrap() += by;
        }
    }

    impl Clock for FakeClock {
        fn now(&self) -> Duration {
            *self.0.lock().unwrap()
        }
    }

    /// Call number n (from 0) moves the fake clock by `costs[n]` and fails if `fails[n]`.
    struct Scripted<'a> {
        clock: &'a FakeClock,
        costs: Vec<Duration>,
        fails: Vec<bool>,
        calls: AtomicUsize,
    }

    impl Target for Scripted<'_> {
        async fn call(&self) -> Result<(), String> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            self.clock.advance(self.costs[n % self.costs.len()]);
            tokio::task::yield_now().await;
            if self.fails[n % self.fails.len()] {
                Err(format!("call {n} failed"))
            } else {
                Ok(())
            }
        }
    }

    fn ms(v: u64) -> Duration {
        Duration::from_millis(v)
    }

    #[tokio::test]
    async fn each_call_is_timed_with_the_clock() {
        let clock = FakeClock::default();
        let costs = vec![ms(12), ms(3), ms(40), ms(7), ms(25)];
        let target = Scripted {
            clock: &clock,
            costs: costs.clone(),
            fails: vec![false],
            calls: AtomicUsize::new(0),
        };
        let report = run_load(&target, 5, 1, &clock).await;
        assert_eq!(
            report,
            LoadReport {
                latencies: costs,
                errors: 0
            },
            "one call at a time: each latency is the time that call took on `clock` (read just \
             before the call and when it ended), in the order the calls ended"
        );
    }

    #[tokio::test]
    async fn the_time_spent_waiting_for_a_place_is_not_latency() {
        let clock = FakeClock::default();
        let target = Scripted {
            clock: &clock,
            costs: vec![ms(10)],
            fails: vec![false],
            calls: AtomicUsize::new(0),
        };
        let report = run_load(&target, 4, 1, &clock).await;
        assert_eq!(
            report.latencies,
            [ms(10); 4],
            "every call took 10 ms: the 4th, which waited 30 ms for its place, still took \
             10 ms. Read the start time once the call has its place"
        );
    }

    #[tokio::test]
    async fn failed_calls_are_counted_not_timed() {
        let clock = FakeClock::default();
        let target = Scripted {
            clock: &clock,
            costs: vec![ms(5)],
            fails: vec![false, true, false, true, true],
            calls: AtomicUsize::new(0),
        };
        let report = run_load(&target, 10, 2, &clock).await;
        assert_eq!(
            (report.latencies.len(), report.errors),
            (4, 6),
            "10 calls, of which 6 failed: 4 latencies and 6 errors (a failed call's time says \
             nothing about the service's speed, and it must not be lost either)"
        );
    }

    /// Counts the calls in flight; each waits for a permit that the test hands out.
    struct Gated {
        started: AtomicUsize,
        in_flight: AtomicUsize,
        most: AtomicUsize,
        release: Semaphore,
    }

    impl Gated {
        fn new() -> Self {
            Self {
                started: AtomicUsize::new(0),
                in_flight: AtomicUsize::new(0),
                most: AtomicUsize::new(0),
                release: Semaphore::new(0),
            }
        }
    }

    impl Target for Gated {
        async fn call(&self) -> Result<(), String> {
            self.started.fetch_add(1, Ordering::SeqCst);
            let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
            self.most.fetch_max(now, Ordering::SeqCst);
            let permit = self.release.acquire().await.map_err(|e| e.to_string())?;
            permit.forget();
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            Ok(())
        }
    }

    /// Lets the other tasks run: a budget that counts scheduling rounds, not time.
    async fn settle() {
        for _ in 0..200 {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test]
    async fn never_more_than_the_concurrency_and_no_batches() {
        let target = Arc::new(Gated::new());
        let clock = FakeClock::default();
        let run = {
            let target = target.clone();
            tokio::spawn(async move { run_load(&*target, 10, 3, &clock).await })
        };
        settle().await;
        let started = target.started.load(Ordering::SeqCst);
        assert_eq!(
            started, 3,
            "with a concurrency of 3 and 10 calls to make, exactly 3 calls must be in flight \
             at first: {started} were started"
        );
        target.release.add_permits(1); // one of the three ends, two are still running
        settle().await;
        let started = target.started.load(Ordering::SeqCst);
        assert_eq!(
            started, 4,
            "one of the three calls ended while two still run: the next call must start at \
             once, not when the whole batch of 3 is done. {started} calls were started"
        );
        target.release.add_permits(100);
        let report = run.await.expect("run_load panicked");
        let most = target.most.load(Ordering::SeqCst);
        assert_eq!(
            (report.latencies.len(), most),
            (10, 3),
            "all 10 calls made, never more than 3 at once (the most in flight was {most})"
        );
    }

    #[tokio::test]
    async fn over_http_on_loopback() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new()
            .route("/ok", axum::routing::get(|| async { "ok" }))
            .route(
                "/fail",
                axum::routing::get(|| async { axum::http::StatusCode::INTERNAL_SERVER_ERROR }),
            );
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let client = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let clock = FakeClock::default();
        for (path, ok, errors) in [("/ok", 20, 0), ("/fail", 0, 20)] {
            let target = HttpGet {
                client: client.clone(),
                url: format!("http://{addr}{path}"),
            };
            let report = run_load(&target, 20, 4, &clock).await;
            assert_eq!(
                (report.latencies.len(), report.errors),
                (ok, errors),
                "20 GET {path} against a server on 127.0.0.1: {ok} latencies and {errors} errors"
            );
        }
    }
}
