//! # Stampede protection: one backend call per cold key
//!
//! When a popular key is missing (first request after a deploy, or just after
//! it expired), every request that arrives before the value is loaded misses
//! too, and they all hit the backend at once: a cache stampede. Finish
//! `SingleFlight::get` so that concurrent callers for the same key share ONE
//! backend call: the first caller loads, the others wait for its result, and
//! the value stays cached for every later caller.
//!
//! Keep one `tokio::sync::OnceCell` per key in `cells`. Hold the `Mutex` only
//! to find or create the key's cell, never across an `.await`, so a slow load
//! for one key does not block the others. A failed load must not be cached:
//! the next caller retries.
//!
//! Why it matters: a stampede turns one slow query into a hundred, often at
//! the moment the backend is already struggling. This pattern is known as
//! "single flight" or "request coalescing".

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the backend is unavailable")]
pub struct BackendError;

/// The slow thing behind the cache: a database query, a remote API.
pub trait Backend {
    fn load(&self, key: &str) -> impl Future<Output = Result<String, BackendError>> + Send;
}

pub struct SingleFlight<B> {
    backend: B,
    /// One cell per key. An empty cell means "not loaded (yet)"; callers that
    /// find the same cell share its single initialisation.
    cells: Mutex<HashMap<String, Arc<OnceCell<String>>>>,
}

impl<B: Backend> SingleFlight<B> {
    pub fn new(backend: B) -> Self {
        Self {
            backend,
            cells: Mutex::new(HashMap::new()),
        }
    }

    /// The value of `key`, loading it at most once however many callers ask
    /// at the same time.
    pub async fn get(&self, key: &str) -> Result<String, BackendError> {
        // TODO: find or create this key's cell in `self.cells` and clone the
        // `Arc` out, dropping the lock guard before any `.await`. Then let the
        // cell run the load at most once at a time: see
        // `OnceCell::get_or_try_init`. Return a clone of the value.
        todo!()
    }
}

struct Catalog;

impl Backend for Catalog {
    async fn load(&self, key: &str) -> Result<String, BackendError> {
        Ok(format!("price of {key}: 42"))
    }
}

#[tokio::main]
async fn main() -> Result<(), BackendError> {
    let prices = SingleFlight::new(Catalog);
    let (a, b) = tokio::join!(prices.get("sku-1"), prices.get("sku-1"));
    println!("{} / {}", a?, b?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::sync::{Notify, watch};

    /// Loads of "slow" wait until the test opens the gate; "flaky" fails on its
    /// first call; every other key answers at once.
    struct TestBackend {
        calls: Mutex<HashMap<String, usize>>,
        entered: Notify,
        gate: watch::Receiver<bool>,
    }

    impl TestBackend {
        fn new() -> (watch::Sender<bool>, Self) {
            let (open, gate) = watch::channel(false);
            let backend = Self {
                calls: Mutex::new(HashMap::new()),
                entered: Notify::new(),
                gate,
            };
            (open, backend)
        }

        fn calls(&self, key: &str) -> usize {
            self.calls.lock().unwrap().get(key).copied().unwrap_or(0)
        }
    }

    impl Backend for TestBackend {
        async fn load(&self, key: &str) -> Result<String, BackendError> {
            let call = {
                let mut calls = self.calls.lock().unwrap();
                let count = calls.entry(key.to_string()).or_default();
                *count += 1;
                *count
            };
            self.entered.notify_one();
            if key == "slow" {
                let mut gate = self.gate.clone();
                gate.wait_for(|open| *open).await.unwrap();
            }
            if key == "flaky" && call == 1 {
                return Err(BackendError);
            }
            Ok(format!("value of {key}"))
        }
    }

    #[tokio::test]
    async fn a_loaded_value_is_served_without_calling_the_backend_again() {
        let (_open, backend) = TestBackend::new();
        let cache = SingleFlight::new(backend);
        assert_eq!(
            cache.get("a").await,
            Ok("value of a".to_string()),
            "get(\"a\") must return the backend's value"
        );
        assert_eq!(
            cache.get("a").await,
            Ok("value of a".to_string()),
            "get(\"a\") again must return the same value"
        );
        assert_eq!(
            cache.get("b").await,
            Ok("value of b".to_string()),
            "each key has its own value: one cell per key"
        );
        assert_eq!(
            cache.backend.calls("a"),
            1,
            "the second get(\"a\") must be served from the cache: a loaded value stays in \
             its cell for every later caller (do not remove the cell after a successful load)"
        );
    }

    const CALLERS: usize = 100;

    /// Counts one started caller when dropped.
    struct StartedGuard {
        started: Arc<AtomicUsize>,
        all_started: Arc<Notify>,
    }

    impl Drop for StartedGuard {
        fn drop(&mut self) {
            if self.started.fetch_add(1, Ordering::SeqCst) + 1 == CALLERS {
                self.all_started.notify_one();
            }
        }
    }

    /// Runs `future`, counting it as started right after its first poll: it
    /// has then either finished or is waiting inside `get`.
    async fn counted<F: Future>(future: F, guard: StartedGuard) -> F::Output {
        let mut future = std::pin::pin!(future);
        let mut guard = Some(guard);
        std::future::poll_fn(|cx| {
            let _count_after_this_poll = guard.take();
            future.as_mut().poll(cx)
        })
        .await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_hundred_concurrent_misses_make_one_backend_call() {
        let (open, backend) = TestBackend::new();
        let cache = Arc::new(SingleFlight::new(backend));
        let started = Arc::new(AtomicUsize::new(0));
        let all_started = Arc::new(Notify::new());
        // One plain call first, so an unfinished `get` fails here and not in 100 tasks.
        assert_eq!(
            cache.get("warm-up").await,
            Ok("value of warm-up".to_string()),
            "get(\"warm-up\") must return the backend's value"
        );

        let callers: Vec<_> = (0..CALLERS)
            .map(|_| {
                let cache = cache.clone();
                let guard = StartedGuard {
                    started: started.clone(),
                    all_started: all_started.clone(),
                };
                tokio::spawn(async move { counted(cache.get("slow"), guard).await })
            })
            .collect();

        // Every caller is now inside `get` and the backend is still blocked.
        all_started.notified().await;
        open.send(true).unwrap();
        for caller in callers {
            assert_eq!(
                caller
                    .await
                    .expect("a caller panicked: is a todo!() left in `get`?"),
                Ok("value of slow".to_string()),
                "every waiting caller gets the loaded value"
            );
        }
        let calls = cache.backend.calls("slow");
        assert_eq!(
            calls, 1,
            "100 concurrent requests for a cold key made {calls} backend calls: that is a \
             stampede. The first caller must load while the others wait for its result \
             (share one OnceCell per key and use get_or_try_init)"
        );
    }

    /// Yields to the scheduler `times` times, then ends: a budget that counts
    /// scheduling rounds, not time, so a loaded machine cannot change it.
    async fn yield_rounds(times: usize) {
        for _ in 0..times {
            tokio::task::yield_now().await;
        }
    }

    #[tokio::test]
    async fn a_slow_load_does_not_block_other_keys() {
        let (open, backend) = TestBackend::new();
        let cache = Arc::new(SingleFlight::new(backend));
        let mut slow = tokio::spawn({
            let cache = cache.clone();
            async move { cache.get("slow").await }
        });
        tokio::select! {
            () = cache.backend.entered.notified() => {} // the slow load has begun
            ended = &mut slow => panic!(
                "get(\"slow\") ended before its backend call could finish ({ended:?}): \
                 is a todo!() left in `get`?"
            ),
        }
        // The backend answers "other" at once, so its `get` needs no more than a
        // few scheduling rounds, unless it waits for the blocked slow load.
        let other = tokio::select! {
            biased;
            value = cache.get("other") => Some(value),
            () = yield_rounds(1000) => None,
        };
        open.send(true).unwrap();
        assert_eq!(
            other.expect(
                "get(\"other\") waited for the slow load of another key: hold the map's lock \
                 only to find the key's cell, never across the backend call"
            ),
            Ok("value of other".to_string()),
            "get(\"other\") must return the value of \"other\""
        );
        assert_eq!(
            slow.await.expect("get(\"slow\") panicked"),
            Ok("value of slow".to_string()),
            "get(\"slow\") must return the value of \"slow\" once its load finishes"
        );
    }

    #[tokio::test]
    async fn a_failed_load_is_not_cached() {
        let (_open, backend) = TestBackend::new();
        let cache = Arc::new(SingleFlight::new(backend));
        // In a task of its own, so that a panic is reported as what it is.
        let first = tokio::spawn({
            let cache = cache.clone();
            async move { cache.get("flaky").await }
        })
        .await
        .expect(
            "get(\"flaky\") panicked when the backend failed: hand the error to the caller \
             (get_or_try_init returns it), never unwrap it",
        );
        assert_eq!(
            first,
            Err(BackendError),
            "the backend failed: the caller gets the error"
        );
        assert_eq!(
            cache.get("flaky").await,
            Ok("value of flaky".to_string()),
            "after a failed load the next caller must retry the backend: an error must not \
             be cached (get_or_try_init leaves the cell empty on Err)"
        );
        assert_eq!(
            cache.backend.calls("flaky"),
            2,
            "one failed call, then one successful retry"
        );
    }
}
