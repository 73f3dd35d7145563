//! right: serde_json::json! body, headers and status set on the response by hand, the status phrase as title

use axum::{
    Json, Router,
    extract::{Path, rejection::PathRejection},
    http::{Method, StatusCode, Uri, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Serialize;

/// An RFC 9457 problem: what went wrong, for machines (`status`) and humans (`title`, `detail`).
#[derive(Debug)]
pub struct Problem {
    pub status: StatusCode,
    pub title: String,
    pub detail: Option<String>,
}

impl Problem {
    pub fn new(status: StatusCode, title: impl Into<String>) -> Problem {
        Problem {
            status,
            title: title.into(),
            detail: None,
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Problem {
        self.detail = Some(detail.into());
        self
    }
}

/// The JSON body of a problem.
#[derive(Serialize)]
pub struct ProblemBody {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let body = ProblemBody {
            kind: "about:blank",
            title: self.title,
            status: self.status.as_u16(),
            detail: self.detail,
        };
        let mut fields = serde_json::json!({
            "type": body.kind,
            "title": body.title,
            "status": body.status,
        });
        if let Some(detail) = body.detail {
            fields["detail"] = detail.into();
        }
        let mut response = Json(fields).into_response();
        *response.status_mut() = self.status;
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/problem+json"),
        );
        response
    }
}

#[derive(Serialize)]
pub struct Book {
    pub id: u32,
    pub title: &'static str,
}

/// `GET /books/{id}`: only book 1 exists.
pub async fn get_book(id: Result<Path<u32>, PathRejection>) -> Result<Json<Book>, Problem> {
    let Path(id) = id.map_err(|rejection| {
        Problem::new(StatusCode::BAD_REQUEST, "Invalid book id").with_detail(rejection.body_text())
    })?;
    if id == 1 {
        Ok(Json(Book { id, title: "Dune" }))
    } else {
        Err(Problem::new(StatusCode::NOT_FOUND, "Book not found")
            .with_detail(format!("there is no book with id {id}")))
    }
}

/// Any URL that matches no route.
pub async fn not_found(uri: Uri) -> Problem {
    let title = StatusCode::NOT_FOUND.canonical_reason().unwrap_or("Not Found");
    Problem::new(StatusCode::NOT_FOUND, title).with_detail(format!("nothing at {uri}"))
}

/// A known URL called with a method it does not support.
pub async fn method_not_allowed(method: Method) -> Problem {
    Problem::new(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed")
        .with_detail(format!("{method} is not supported here"))
}

pub fn app() -> Router {
    Router::new()
        .route("/books/{id}", get(get_book))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

fn main() {
    // Checked by the tests: the error format is described at the top.
}
