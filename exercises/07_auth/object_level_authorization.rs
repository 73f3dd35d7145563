//! # Object-level authorisation: whose order is it?
//!
//! Every route here already requires a logged-in user (the `AuthUser` extractor). Complete
//! `visible_to`, `list_orders`, `get_order` and `cancel_order` so that each one also checks the
//! object: a user sees and cancels only their own orders, and a user with the `support` role
//! sees (and cancels) everyone's. Someone else's order answers `404 Not Found`, exactly like a
//! missing one, and is left untouched. The list holds only the orders the user may see.
//! Why it matters: broken object-level authorisation is number one of the OWASP API Security Top
//! 10. Logged in is not allowed: change `/orders/1` to `/orders/2` and, without this check, you
//! read a stranger's order. A 403 there would still confirm that order 2 exists.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::{
    Json, Router,
    extract::{FromRequestParts, Path, State},
    http::{StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Order {
    pub id: u32,
    pub owner: String,
    pub item: String,
    pub status: String,
}

#[derive(Debug, Clone)]
pub struct User {
    pub name: String,
    pub roles: Vec<String>,
}

#[derive(Clone)]
pub struct AppState {
    pub tokens: Arc<HashMap<String, User>>,
    pub orders: Arc<Mutex<Vec<Order>>>,
}

/// The authenticated user (401 without a known bearer token), as in `auth_extractor_401_403`.
pub struct AuthUser(pub User);

impl FromRequestParts<AppState> for AuthUser {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, StatusCode> {
        parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .and_then(|token| state.tokens.get(token))
            .map(|user| AuthUser(user.clone()))
            .ok_or(StatusCode::UNAUTHORIZED)
    }
}

/// Whether `user` may see (and act on) `order`.
pub fn visible_to(order: &Order, user: &User) -> bool {
    // TODO: the owner, or anyone with the "support" role.
    let _ = (order, user);
    todo!()
}

/// `GET /orders`: the orders `user` may see.
async fn list_orders(State(state): State<AppState>, AuthUser(user): AuthUser) -> Response {
    let Ok(orders) = state.orders.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let visible: Vec<Order> = orders
        .iter()
        // TODO: only the orders visible to `user`.
        .cloned()
        .collect();
    Json(visible).into_response()
}

/// `GET /orders/{id}`
async fn get_order(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<u32>,
) -> Response {
    let Ok(orders) = state.orders.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    // TODO: an order that is not visible to `user` must answer 404, like a missing one.
    match orders.iter().find(|order| order.id == id)
    {
        Some(order) => Json(order.clone()).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `POST /orders/{id}/cancel`
async fn cancel_order(
    State(state): State<AppState>,
    AuthUser(user): AuthUser,
    Path(id): Path<u32>,
) -> Response {
    let Ok(mut orders) = state.orders.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    // TODO: the same check here: cancel only an order visible to `user`.
    let _ = &user;
    match orders.iter_mut().find(|order| order.id == id)
    {
        Some(order) => {
            order.status = "cancelled".to_owned();
            Json(order.clone()).into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/orders", get(list_orders))
        .route("/orders/{id}", get(get_order))
        .route("/orders/{id}/cancel", post(cancel_order))
        .with_state(state)
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const ADA: &str = "Bearer tok-ada";
    const BOB: &str = "Bearer tok-bob";
    const SUPPORT: &str = "Bearer tok-sam";

    async fn spawn_app() -> String {
        let user = |name: &str, roles: &[&str]| User {
            name: name.into(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
        };
        let tokens = HashMap::from([
            ("tok-ada".to_owned(), user("ada", &["customer"])),
            ("tok-bob".to_owned(), user("bob", &["customer"])),
            ("tok-sam".to_owned(), user("sam", &["support"])),
        ]);
        let order = |id: u32, owner: &str, item: &str| Order {
            id,
            owner: owner.into(),
            item: item.into(),
            status: "open".into(),
        };
        let orders = vec![
            order(1, "ada", "book"),
            order(2, "bob", "lamp"),
            order(3, "ada", "pen"),
        ];
        let state = AppState {
            tokens: Arc::new(tokens),
            orders: Arc::new(Mutex::new(orders)),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app(state)).await.unwrap() });
        format!("http://{addr}")
    }

    async fn send(base: &str, method: &str, path: &str, auth: &str) -> (u16, Value) {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let response = client
            .request(method, format!("{base}{path}"))
            .header("authorization", auth)
            .send()
            .await
            .expect(
                "the server closed the connection without answering: did a handler panic? Look \
                 for `not yet implemented` above",
            );
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        (status, serde_json::from_str(&body).unwrap_or(Value::Null))
    }

    #[tokio::test]
    async fn owners_read_their_orders() {
        let base = spawn_app().await;
        let (status, order) = send(&base, "GET", "/orders/1", ADA).await;
        assert_eq!(status, 200, "ada reads her own order 1");
        assert_eq!(order["item"], "book", "order 1 is ada's book: {order}");
    }

    #[tokio::test]
    async fn another_users_order_is_not_found() {
        let base = spawn_app().await;
        let (status, body) = send(&base, "GET", "/orders/2", ADA).await;
        assert_eq!(
            status, 404,
            "order 2 is bob's: ada gets 404 Not Found, the answer for a missing order. Being \
             logged in is not enough, check the order's owner; and a 403 would tell her that \
             order 2 exists ({body})"
        );
        let (status, _) = send(&base, "GET", "/orders/99", ADA).await;
        assert_eq!(status, 404, "a missing order is 404");
    }

    #[tokio::test]
    async fn another_users_order_cannot_be_cancelled() {
        let base = spawn_app().await;
        let (status, _) = send(&base, "POST", "/orders/2/cancel", ADA).await;
        assert_eq!(
            status, 404,
            "ada may not cancel bob's order 2: every route that takes an order id checks the \
             owner, not only GET"
        );
        let (_, order) = send(&base, "GET", "/orders/2", BOB).await;
        assert_eq!(
            order["status"], "open",
            "bob's order must be left untouched by ada's attempt: check before you change \
             ({order})"
        );
    }

    #[tokio::test]
    async fn owners_cancel_their_orders() {
        let base = spawn_app().await;
        let (status, order) = send(&base, "POST", "/orders/3/cancel", ADA).await;
        assert_eq!(status, 200, "ada cancels her own order 3");
        assert_eq!(
            order["status"], "cancelled",
            "the answer is the cancelled order: {order}"
        );
    }

    #[tokio::test]
    async fn the_list_holds_only_the_users_orders() {
        let base = spawn_app().await;
        let (_, orders) = send(&base, "GET", "/orders", ADA).await;
        let mut ids: Vec<u64> = orders
            .as_array()
            .map(|list| list.iter().filter_map(|o| o["id"].as_u64()).collect())
            .unwrap_or_default();
        ids.sort_unstable();
        assert_eq!(
            ids,
            vec![1, 3],
            "GET /orders lists ada's orders only (1 and 3), never bob's: {orders}"
        );
    }

    #[tokio::test]
    async fn support_sees_every_order() {
        let base = spawn_app().await;
        let (status, order) = send(&base, "GET", "/orders/2", SUPPORT).await;
        assert_eq!(
            status, 200,
            "sam has the `support` role and may read any order: {order}"
        );
        let (_, orders) = send(&base, "GET", "/orders", SUPPORT).await;
        assert_eq!(
            orders.as_array().map(Vec::len),
            Some(3),
            "support's list holds every order: {orders}"
        );
        let (status, order) = send(&base, "POST", "/orders/2/cancel", SUPPORT).await;
        assert_eq!(
            status, 200,
            "support may also cancel anyone's order: the same rule for reading and changing \
             ({order})"
        );
    }
}
