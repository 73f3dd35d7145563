//! wrong: escapes the text but leaves out ESCAPE, so SQLite has no escape character
//! expect: `50%` means the text 50%
use std::sync::{Arc, Mutex};

use axum::{
    Json, Router,
    extract::{Query, State},
    http::StatusCode,
    routing::get,
};
use rusqlite::{Connection, params};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, PartialEq)]
pub struct Product {
    pub name: String,
    pub price_cents: i64,
}

/// `text` as a LIKE pattern that matches exactly that text, with `\` as the escape character.
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// The visible products whose name contains `text` (ASCII case ignored), sorted by name.
pub fn search_products(conn: &Connection, text: &str) -> rusqlite::Result<Vec<Product>> {
    let pattern = format!("%{}%", escape_like(text));
    let mut statement = conn.prepare(
        r"SELECT name, price_cents FROM products
          WHERE hidden = 0 AND name LIKE ?1 ORDER BY name",
    )?;
    let rows = statement.query_map(params![pattern], |row| {
        Ok(Product {
            name: row.get(0)?,
            price_cents: row.get(1)?,
        })
    })?;
    rows.collect()
}

#[derive(Deserialize)]
struct Search {
    q: String,
}

type Db = Arc<Mutex<Connection>>;

async fn search(
    State(db): State<Db>,
    Query(search): Query<Search>,
) -> Result<Json<Vec<Product>>, StatusCode> {
    let conn = db.lock().map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let products =
        search_products(&conn, &search.q).map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(Json(products))
}

/// The shop's database: visible and hidden products, and a users table nobody may read here.
pub fn open_db() -> rusqlite::Result<Connection> {
    let conn = Connection::open_in_memory()?;
    conn.execute_batch(
        r"CREATE TABLE products (
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL,
              price_cents INTEGER NOT NULL,
              hidden INTEGER NOT NULL DEFAULT 0
          );
          INSERT INTO products (name, price_cents, hidden) VALUES
              ('Yellow Widget', 1300, 0),
              ('Blue Widget', 1200, 0),
              ('Red Widget', 1100, 0),
              ('Prototype Widget', 99900, 1),
              ('O''Brien''s Tea', 450, 0),
              ('50% Off Voucher', 0, 0),
              ('500 Screws', 700, 0),
              ('snake_case Mug', 900, 0),
              ('C:\Temp Sticker', 150, 0);
          CREATE TABLE users (email TEXT NOT NULL, password_hash TEXT NOT NULL);
          INSERT INTO users VALUES ('ceo@example.com', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA');",
    )?;
    Ok(conn)
}

pub fn app() -> rusqlite::Result<Router> {
    let db: Db = Arc::new(Mutex::new(open_db()?));
    Ok(Router::new()
        .route("/products/search", get(search))
        .with_state(db))
}

fn main() {
    // Checked by the tests, which search over HTTP.
}
