//! wrong: runs the blocking SQLite query on the async worker thread, not on spawn_blocking
//! expect: review: count_orders runs the query on a blocking thread

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
    Pool::builder(manager)
        .max_size(max_size)
        .wait_timeout(Some(acquire_timeout))
        .runtime(Runtime::Tokio1)
        .build()
}

pub async fn count_orders(pool: &Pool) -> Result<i64, AppError> {
    let conn = pool.get().await.map_err(|err| match err {
        PoolError::Timeout(_) => AppError::Busy,
        other => AppError::Internal(other.to_string()),
    })?;
    // A count is quick: no need for another thread.
    conn.query_row("SELECT count(*) FROM orders", [], |row| row.get(0))
        .map_err(|err| AppError::Internal(err.to_string()))
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

