//! wrong: answers 403 for someone else's order, which confirms that it exists
//! expect: a 403 would tell her that
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
    order.owner == user.name || user.roles.iter().any(|role| role == "support")
}

/// `GET /orders`: the orders `user` may see.
async fn list_orders(State(state): State<AppState>, AuthUser(user): AuthUser) -> Response {
    let Ok(orders) = state.orders.lock() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let visible: Vec<Order> = orders
        .iter()
        .filter(|order| visible_to(order, &user))
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
    let Some(order) = orders.iter().find(|order| order.id == id) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !visible_to(order, &user) {
        return StatusCode::FORBIDDEN.into_response();
    }
    match Some(order)
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
    match orders
        .iter_mut()
        .find(|order| order.id == id && visible_to(order, &user))
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

