//! wrong: adds a time_to_idle on top of the TTL, dropping entries that were not read for a while
//! expect: do not add .time_to_idle
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
        .time_to_idle(Duration::from_secs(10))
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

