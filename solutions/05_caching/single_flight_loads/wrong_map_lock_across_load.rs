//! wrong: guards the map with a tokio Mutex held across the load, so one slow key blocks every other key
//! expect: hold the map's lock only to find the key's cell, never across the backend call
use std::collections::HashMap;
use std::sync::Arc;

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
    cells: tokio::sync::Mutex<HashMap<String, Arc<OnceCell<String>>>>,
}

impl<B: Backend> SingleFlight<B> {
    pub fn new(backend: B) -> Self {
        Self {
            backend,
            cells: tokio::sync::Mutex::new(HashMap::new()),
        }
    }

    /// The value of `key`, loading it at most once however many callers ask
    /// at the same time.
    pub async fn get(&self, key: &str) -> Result<String, BackendError> {
        let mut cells = self.cells.lock().await;
        let cell = Arc::clone(cells.entry(key.to_owned()).or_default());
        let value = cell.get_or_try_init(|| self.backend.load(key)).await?;
        Ok(value.clone())
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

