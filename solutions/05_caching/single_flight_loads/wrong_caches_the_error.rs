//! wrong: stores the whole Result in the cell with get_or_init, so a failure is served forever
//! expect: an error must not be cached
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
    cells: Mutex<HashMap<String, Arc<OnceCell<Result<String, BackendError>>>>>,
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
        let cell = {
            let mut cells = self
                .cells
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            Arc::clone(cells.entry(key.to_owned()).or_default())
        };
        cell.get_or_init(|| self.backend.load(key)).await.clone()
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

