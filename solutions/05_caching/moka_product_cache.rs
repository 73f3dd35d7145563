//! # A production cache with moka
//!
//! Hand-written caches teach the mechanics; in production, reach for a
//! maintained one. `moka::future::Cache` is a concurrent cache with a size
//! bound, expiry and built-in request coalescing. Finish:
//! - `build_cache`: at most `MAX_PRODUCTS` entries, each living `PRODUCT_TTL`
//!   after it was written (`Cache::builder()`, `max_capacity`, `time_to_live`);
//! - `get_product`: read through the cache with `try_get_with`, so concurrent
//!   misses for one id share one database call and failed loads are not cached.
//!
//! Why it matters: every in-process cache needs a bound (or it eats the
//! server's memory) and an expiry (or it serves stale data forever). `moka`
//! evicts by an LRU-like policy that also weighs how often keys are used.

use std::sync::Arc;
use std::time::Duration;

use moka::future::Cache;

pub const MAX_PRODUCTS: u64 = 10_000;
pub const PRODUCT_TTL: Duration = Duration::from_secs(60);

#[derive(Debug, Clone, PartialEq)]
pub struct Product {
    pub id: u64,
    pub name: String,
    pub price_cents: u64,
}

#[derive(Debug, PartialEq, thiserror::Error)]
#[error("database error: {0}")]
pub struct DbError(pub String);

/// The database behind the cache.
pub trait ProductRepo {
    fn find(&self, id: u64) -> impl Future<Output = Result<Product, DbError>> + Send;
}

/// A product cache bounded to `MAX_PRODUCTS` entries, each expiring
/// `PRODUCT_TTL` after it was written.
pub fn build_cache() -> Cache<u64, Product> {
    Cache::builder()
        .max_capacity(MAX_PRODUCTS)
        .time_to_live(PRODUCT_TTL)
        .build()
}

/// The product `id`, from the cache or, on a miss, from `repo`.
pub async fn get_product<R: ProductRepo>(
    cache: &Cache<u64, Product>,
    repo: &R,
    id: u64,
) -> Result<Product, Arc<DbError>> {
    cache.try_get_with(id, repo.find(id)).await
}

struct FixedRepo;

impl ProductRepo for FixedRepo {
    async fn find(&self, id: u64) -> Result<Product, DbError> {
        Ok(Product {
            id,
            name: format!("product {id}"),
            price_cents: 1999,
        })
    }
}

#[tokio::main]
async fn main() -> Result<(), Arc<DbError>> {
    let cache = build_cache();
    let product = get_product(&cache, &FixedRepo, 7).await?;
    println!("{product:?}");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::sync::{Notify, watch};

    const SLOW_ID: u64 = 1;
    const FLAKY_ID: u64 = 2;

    /// Loads of `SLOW_ID` wait until the test opens the gate; `FLAKY_ID` fails
    /// on its first call; other ids answer at once.
    struct TestRepo {
        calls: Mutex<HashMap<u64, usize>>,
        gate: watch::Receiver<bool>,
    }

    impl TestRepo {
        fn new() -> (watch::Sender<bool>, Self) {
            let (open, gate) = watch::channel(false);
            let calls = Mutex::new(HashMap::new());
            (open, Self { calls, gate })
        }

        fn calls(&self, id: u64) -> usize {
            self.calls.lock().unwrap().get(&id).copied().unwrap_or(0)
        }
    }

    fn product(id: u64) -> Product {
        Product {
            id,
            name: format!("product {id}"),
            price_cents: 100 * id,
        }
    }

    impl ProductRepo for TestRepo {
        async fn find(&self, id: u64) -> Result<Product, DbError> {
            let call = {
                let mut calls = self.calls.lock().unwrap();
                let count = calls.entry(id).or_default();
                *count += 1;
                *count
            };
            if id == SLOW_ID {
                let mut gate = self.gate.clone();
                gate.wait_for(|open| *open).await.unwrap();
            }
            if id == FLAKY_ID && call == 1 {
                return Err(DbError("connection reset".into()));
            }
            Ok(product(id))
        }
    }

    #[test]
    fn the_cache_is_bounded() {
        assert_eq!(
            build_cache().policy().max_capacity(),
            Some(MAX_PRODUCTS),
            "set .max_capacity(MAX_PRODUCTS): an unbounded cache grows until the server runs \
             out of memory"
        );
    }

    #[test]
    fn entries_expire_after_the_ttl() {
        assert_eq!(
            build_cache().policy().time_to_live(),
            Some(PRODUCT_TTL),
            "set .time_to_live(PRODUCT_TTL): without it an entry lives until evicted, serving \
             a stale price forever (time_to_idle alone is not enough: a popular entry is never \
             idle, so it would never be refreshed)"
        );
        assert_eq!(
            build_cache().policy().time_to_idle(),
            None,
            "each entry lives PRODUCT_TTL after it was written, read or not: do not add \
             .time_to_idle, which would also drop entries nobody read for a while"
        );
    }

    #[tokio::test]
    async fn a_cached_product_is_not_loaded_again() {
        let (_open, repo) = TestRepo::new();
        let cache = build_cache();
        for _ in 0..3 {
            assert_eq!(
                get_product(&cache, &repo, 5).await,
                Ok(product(5)),
                "get_product(5) must return the repository's product 5"
            );
        }
        assert_eq!(
            repo.calls(5),
            1,
            "three reads of product 5 made {} database calls: the cache must answer after \
             the first",
            repo.calls(5)
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
    /// has then either finished or is waiting.
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
    async fn concurrent_misses_share_one_load() {
        let (open, repo) = TestRepo::new();
        let repo = Arc::new(repo);
        let cache = build_cache();
        // One plain call first, so an unfinished `get_product` fails here and
        // not in 100 tasks.
        assert_eq!(
            get_product(&cache, &*repo, 9).await,
            Ok(product(9)),
            "get_product(9) must return the repository's product 9"
        );

        let started = Arc::new(AtomicUsize::new(0));
        let all_started = Arc::new(Notify::new());
        let callers: Vec<_> = (0..CALLERS)
            .map(|_| {
                let (cache, repo) = (cache.clone(), repo.clone());
                let guard = StartedGuard {
                    started: started.clone(),
                    all_started: all_started.clone(),
                };
                tokio::spawn(
                    async move { counted(get_product(&cache, &*repo, SLOW_ID), guard).await },
                )
            })
            .collect();

        // Every caller has started, and the database call is still blocked.
        all_started.notified().await;
        open.send(true).unwrap();
        for caller in callers {
            assert_eq!(
                caller.await.expect("a caller panicked"),
                Ok(product(SLOW_ID)),
                "every waiting caller gets the loaded product"
            );
        }
        let calls = repo.calls(SLOW_ID);
        assert_eq!(
            calls, 1,
            "100 concurrent reads of a cold product made {calls} database calls: `get` then \
             `insert` lets every caller miss and load. Use try_get_with, which runs one load \
             per key and makes the other callers wait for it"
        );
    }

    #[tokio::test]
    async fn a_failed_load_is_not_cached() {
        let (_open, repo) = TestRepo::new();
        let repo = Arc::new(repo);
        let cache = build_cache();
        // In a task of its own, so that a panic is reported as what it is.
        let first = tokio::spawn({
            let (cache, repo) = (cache.clone(), repo.clone());
            async move { get_product(&cache, &*repo, FLAKY_ID).await }
        })
        .await
        .expect(
            "get_product panicked when the database failed: hand the error to the caller \
             (try_get_with returns it as an Arc<DbError>), never unwrap it",
        );
        assert_eq!(
            first,
            Err(Arc::new(DbError("connection reset".into()))),
            "the database failed: the caller gets its error, as it is"
        );
        assert_eq!(
            get_product(&cache, &*repo, FLAKY_ID).await,
            Ok(product(FLAKY_ID)),
            "after a failed load the next read must retry the database: errors must not be \
             cached"
        );
        assert_eq!(
            repo.calls(FLAKY_ID),
            2,
            "one failed call, then one successful retry"
        );
    }
}
