//! # SQL injection in a search endpoint, and LIKE patterns escaped
//!
//! `GET /products/search?q=...` lists the visible products whose name contains `q`, ignoring
//! ASCII case, sorted by name. It works, until someone types a quote: `search_products` pastes
//! the search text into its SQL with `format!`, so `' OR hidden = 1 --` lists the hidden
//! products and `' UNION SELECT email, 0 FROM users --` lists the users' emails.
//! Fix `search_products`:
//! - the SQL is a string literal and the search text is a bound parameter (`?1`);
//! - the text is matched literally: `%` and `_` are LIKE wildcards, so escape them, and the
//!   escape character itself, and say which character escapes (`LIKE ?1 ESCAPE '\'`).
//!
//! Why it matters: SQL injection is still among the most exploited flaws; a bound parameter is
//! never parsed as SQL, whatever it contains. An unescaped `%` is not an injection, but it turns
//! "find `50%`" into "find anything containing 50", and `%%%%%%` patterns can be slow to match.

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
          WHERE hidden = 0 AND name LIKE ?1 ESCAPE '\' ORDER BY name",
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

#[cfg(test)]
mod tests {
    use super::*;

    async fn spawn_app() -> String {
        let app = app().expect("the database opens");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}")
    }

    /// The names `GET /products/search?q=<text>` lists (the text URL-encoded).
    async fn search_names(base: &str, text: &str) -> Vec<String> {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let mut url = url::Url::parse(&format!("{base}/products/search")).unwrap();
        url.query_pairs_mut().append_pair("q", text);
        let response = client
            .get(url)
            .send()
            .await
            .expect("the server closed the connection without answering");
        let status = response.status().as_u16();
        assert_eq!(
            status, 200,
            "searching for {text:?} must answer 200 with a list, got {status}: a search text is \
             data, and no character in it may break the query (a quote ends a string literal \
             pasted into SQL)"
        );
        let products: Vec<serde_json::Value> = response
            .json()
            .await
            .expect("the search answers a JSON list");
        products
            .iter()
            .map(|p| p["name"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    #[tokio::test]
    async fn finds_visible_products_by_part_of_their_name() {
        let base = spawn_app().await;
        assert_eq!(
            search_names(&base, "widget").await,
            ["Blue Widget", "Red Widget", "Yellow Widget"],
            "`widget` matches the three visible widgets whatever the case (`Widget`), sorted by \
             name (ORDER BY name), and never the hidden prototype"
        );
        assert_eq!(
            search_names(&base, "O'Brien").await,
            ["O'Brien's Tea"],
            "a product name with a quote must be found: bind the text as a parameter"
        );
    }

    #[tokio::test]
    async fn injected_sql_is_only_text() {
        let base = spawn_app().await;
        for attack in [
            "' OR hidden = 1 --",
            "%' OR '1'='1",
            "' UNION SELECT email, 0 FROM users --",
            "'; DROP TABLE products; --",
        ] {
            let names = search_names(&base, attack).await;
            assert!(
                names.is_empty(),
                "searching for {attack:?} is a search for that text, which no product name \
                 contains; got {names:?}: the text was run as SQL (bind it with ?1 instead of \
                 pasting it into the query)"
            );
        }
        assert_eq!(
            search_names(&base, "Blue").await,
            ["Blue Widget"],
            "the products are still there after the attacks"
        );
    }

    #[tokio::test]
    async fn percent_and_underscore_are_matched_literally() {
        let base = spawn_app().await;
        assert_eq!(
            search_names(&base, "50%").await,
            ["50% Off Voucher"],
            "`50%` means the text 50%: escape `%` (`\\%`, with `ESCAPE '\\'` in the SQL), or it \
             is a wildcard and `500 Screws` matches too"
        );
        assert_eq!(
            search_names(&base, "_").await,
            ["snake_case Mug"],
            "`_` means an underscore: escape it (`\\_`), or it matches any one character, so \
             every product"
        );
        assert_eq!(
            search_names(&base, "%").await,
            ["50% Off Voucher"],
            "`%` alone means a percent sign, not every product"
        );
    }

    #[tokio::test]
    async fn the_escape_character_is_escaped_too() {
        let base = spawn_app().await;
        assert_eq!(
            search_names(&base, "C:\\Temp").await,
            ["C:\\Temp Sticker"],
            "a backslash in the text is a backslash: escape the escape character first (`\\` \
             becomes `\\\\`), or it escapes the character after it"
        );
        assert_eq!(
            search_names(&base, "\\").await,
            ["C:\\Temp Sticker"],
            "a lone backslash in the text is a backslash, not an escape for the final `%`"
        );
    }
}
