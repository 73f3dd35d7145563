//! # A bounded connection pool with an acquire timeout
//!
//! Finish `build_pool` and `count_orders`. The pool (deadpool, over SQLite) opens at most
//! `max_size` connections and hands them out again and again. A caller that finds all of them in
//! use waits at most `acquire_timeout` for one to come back, then gives up.
//! `count_orders` takes a connection from the pool (never opens one itself), runs its query on
//! a blocking thread (`spawn_blocking`: rusqlite blocks), and fails with `AppError::Busy` when
//! the wait for a connection timed out (answered `503` with `Retry-After`), or
//! `AppError::Internal` for any other failure.
//!
//! Why it matters: opening a database connection costs a handshake (and, on PostgreSQL, a
//! whole server process), and the database accepts only so many. A bounded pool caps what one
//! instance can take; the timeout turns "the database is saturated" into a fast 503 instead of
//! requests that hang until the client gives up.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::{
    Json, Router,
    extract::State,
    http::{StatusCode, header::RETRY_AFTER},
    response::{IntoResponse, Response},
    routing::get,
};
use deadpool::{
    Runtime,
    managed::{self, BuildError, Metrics, PoolError, RecycleResult},
};
use rusqlite::Connection;

/// Opens SQLite connections for the pool and checks returned ones before reuse.
pub struct SqliteManager {
    /// A path or a `file:` URI.
    pub path: String,
    /// How many connections were opened.
    pub opened: AtomicUsize,
}

impl managed::Manager for SqliteManager {
    type Type = Connection;
    type Error = rusqlite::Error;

    async fn create(&self) -> Result<Connection, rusqlite::Error> {
        self.opened.fetch_add(1, Ordering::SeqCst);
        Connection::open(&self.path)
    }

    async fn recycle(&self, conn: &mut Connection, _: &Metrics) -> RecycleResult<rusqlite::Error> {
        conn.execute_batch("SELECT 1")?;
        Ok(())
    }
}

pub type Pool = managed::Pool<SqliteManager>;

#[derive(Debug, PartialEq, thiserror::Error)]
pub enum AppError {
    #[error("every database connection is in use")]
    Busy,
    #[error("internal error: {0}")]
    Internal(String),
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::Busy => {
                (StatusCode::SERVICE_UNAVAILABLE, [(RETRY_AFTER, "1")]).into_response()
            }
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        }
    }
}

/// A pool of at most `max_size` connections whose callers wait at most `acquire_timeout`.
pub fn build_pool(
    manager: SqliteManager,
    max_size: usize,
    acquire_timeout: Duration,
) -> Result<Pool, BuildError> {
    // TODO: `Pool::builder(manager)`, with at most `max_size` connections and a wait timeout
    // of `acquire_timeout`. A timeout needs a runtime to measure it (`Runtime::Tokio1`).
    todo!()
}

pub async fn count_orders(pool: &Pool) -> Result<i64, AppError> {
    // TODO: take a connection with `pool.get().await` (a `PoolError::Timeout` is
    // `AppError::Busy`, any other error `Internal`), then run
    // `SELECT count(*) FROM orders` on it inside `tokio::task::spawn_blocking`.
    todo!()
}

async fn orders_count(State(pool): State<Arc<Pool>>) -> Result<Json<i64>, AppError> {
    count_orders(&pool).await.map(Json)
}

pub fn app(pool: Arc<Pool>) -> Router {
    Router::new()
        .route("/orders/count", get(orders_count))
        .with_state(pool)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let manager = SqliteManager {
        path: "shop.db".into(),
        opened: AtomicUsize::new(0),
    };
    let pool = build_pool(manager, 8, Duration::from_secs(2))?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
    axum::serve(listener, app(Arc::new(pool))).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU32;
    use tokio::time::Instant;

    /// A shared in-memory database with 3 orders, alive as long as the returned connection.
    fn database() -> (Connection, SqliteManager) {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let path = format!(
            "file:pool_{}_{n}?mode=memory&cache=shared",
            std::process::id()
        );
        let keeper = Connection::open(&path).unwrap();
        keeper
            .execute_batch(
                "CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER);
                 INSERT INTO orders (total) VALUES (10), (20), (30);",
            )
            .unwrap();
        let manager = SqliteManager {
            path,
            opened: AtomicUsize::new(0),
        };
        (keeper, manager)
    }

    const TIMEOUT: Duration = Duration::from_secs(1);

    fn pool(manager: SqliteManager, max_size: usize, timeout: Duration) -> Pool {
        build_pool(manager, max_size, timeout).expect(
            "build_pool failed: a pool with a wait timeout needs a runtime to time it \
             (`.runtime(Runtime::Tokio1)`)",
        )
    }

    /// `count_orders`, with a limit of 60 s on the paused clock for an answer that never waits.
    async fn count_within_a_minute(pool: &Pool) -> Result<i64, AppError> {
        tokio::time::timeout(Duration::from_secs(60), count_orders(pool))
            .await
            .expect(
                "count_orders waited 60 s for a connection: a caller must give up after the \
                 acquire timeout (`wait_timeout`, the wait for a free connection; \
                 `create_timeout` only limits opening a new one)",
            )
    }

    #[tokio::test(start_paused = true)]
    async fn connections_are_reused() {
        let (_keeper, manager) = database();
        let pool = pool(manager, 2, TIMEOUT);
        for n in 1..=10 {
            assert_eq!(
                count_within_a_minute(&pool).await,
                Ok(3),
                "call {n}: count_orders must return the number of orders"
            );
        }
        let opened = pool.manager().opened.load(Ordering::SeqCst);
        assert_eq!(
            opened, 1,
            "10 calls one after the other need one connection, opened once and then reused: \
             take it from the pool (`pool.get()`), never open one yourself. {opened} were \
             opened by the pool"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_caller_waits_at_most_the_acquire_timeout() {
        let (_keeper, manager) = database();
        let pool = pool(manager, 2, TIMEOUT);
        let _a = pool.get().await.unwrap();
        let _b = pool.get().await.unwrap();
        let start = Instant::now();
        let result = count_within_a_minute(&pool).await;
        let waited = start.elapsed();
        let opened = pool.manager().opened.load(Ordering::SeqCst);
        assert_eq!(
            result,
            Err(AppError::Busy),
            "with both connections of a pool of max_size 2 in use, a third caller gets none: \
             it waits, times out, and fails with AppError::Busy (answered 503). The pool has \
             opened {opened} connections: it must never open more than max_size"
        );
        assert!(
            waited >= TIMEOUT && TIMEOUT + Duration::from_millis(10) > waited,
            "the caller must give up after the acquire timeout ({TIMEOUT:?}), no sooner and no \
             later: it gave up after {waited:?}"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_returned_connection_goes_to_the_waiting_caller() {
        let (_keeper, manager) = database();
        let pool = Arc::new(pool(manager, 1, TIMEOUT));
        let held = pool.get().await.unwrap();
        let start = Instant::now();
        let waiter = tokio::spawn({
            let pool = pool.clone();
            async move { count_orders(&pool).await }
        });
        tokio::time::sleep(TIMEOUT / 2).await;
        drop(held);
        let result = waiter.await.expect("count_orders panicked");
        assert_eq!(
            result,
            Ok(3),
            "the connection came back after half the timeout: the waiting caller must get it \
             and answer"
        );
        assert!(
            TIMEOUT > start.elapsed(),
            "the waiting caller must get the returned connection at once, not after the \
             timeout"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_query_is_an_internal_error() {
        let (keeper, manager) = database();
        keeper.execute_batch("DROP TABLE orders").unwrap();
        let pool = pool(manager, 2, TIMEOUT);
        let result = count_within_a_minute(&pool).await;
        assert!(
            matches!(result, Err(AppError::Internal(_))),
            "a query that fails (no such table) is AppError::Internal (500), got {result:?}: \
             only a wait for a connection that timed out is Busy"
        );
    }

    #[tokio::test]
    async fn an_exhausted_pool_answers_503_over_http() {
        let (_keeper, manager) = database();
        let pool = Arc::new(pool(manager, 1, Duration::from_millis(100)));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(axum::serve(listener, app(pool.clone())).into_future());
        let client = reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        let url = format!("http://{addr}/orders/count");

        let held = pool.get().await.unwrap();
        let busy = client.get(&url).send().await.expect(
            "GET /orders/count got no answer within 5 s while the only connection was in use: \
             a caller must give up after the acquire timeout (100 ms here) and answer 503",
        );
        assert_eq!(
            (
                busy.status().as_u16(),
                busy.headers().get(RETRY_AFTER).is_some()
            ),
            (503, true),
            "while the only connection is in use, GET /orders/count waits 100 ms and answers \
             503 with Retry-After (AppError::Busy)"
        );
        drop(held);
        let ok = client
            .get(&url)
            .send()
            .await
            .expect("GET /orders/count got no answer");
        assert_eq!(
            ok.status().as_u16(),
            200,
            "once the connection is back, GET /orders/count answers 200"
        );
        assert_eq!(ok.text().await.unwrap(), "3", "there are 3 orders");
    }
}
