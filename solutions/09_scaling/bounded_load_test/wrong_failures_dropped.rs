//! wrong: keeps the successes and forgets the failures
//! expect: it must not be lost either

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
    let calls = futures::stream::iter(0..total).map(|_| async move {
        let start = clock.now();
        let result = target.call().await;
        result.map(|()| clock.now().saturating_sub(start))
    });
    let latencies = calls
        .buffer_unordered(concurrency.max(1))
        .filter_map(|result| async move { result.ok() })
        .collect()
        .await;
    LoadReport {
        latencies,
        errors: 0,
    }
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
