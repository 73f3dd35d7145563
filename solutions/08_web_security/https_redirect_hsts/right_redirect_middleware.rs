//! right: the redirect built by hand in a closure, HSTS inserted by a middleware
use std::sync::Arc;

use axum::{
    Router,
    extract::Query,
    http::{HeaderValue, Uri, header},
    response::{IntoResponse, Response},
    routing::get,
};
use hyper_util::{rt::TokioIo, service::TowerToHyperService};
use rustls::ServerConfig;
use serde::Deserialize;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// Two years, subdomains included; sent over HTTPS only.
const HSTS: &str = "max-age=63072000; includeSubDomains";

async fn add_hsts(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static(HSTS),
    );
    response
}

/// The plain-HTTP side: redirects everything to the same path and query on `https_origin`
/// (`https://shop.example`, no trailing slash).
pub fn redirect_app(https_origin: &str) -> Router {
    let origin = https_origin.to_owned();
    Router::new().fallback(move |uri: Uri| {
        let location = match uri.path_and_query() {
            Some(pq) => format!("{origin}{}", pq.as_str()),
            None => format!("{origin}/"),
        };
        async move {
            (
                axum::http::StatusCode::PERMANENT_REDIRECT,
                [(header::LOCATION, location)],
            )
        }
    })
}

/// Adds HSTS to every response of the HTTPS site.
pub fn with_hsts(router: Router) -> Router {
    router.layer(axum::middleware::from_fn(add_hsts))
}

#[derive(Deserialize)]
struct Page {
    page: Option<u32>,
}

async fn orders(Query(query): Query<Page>) -> Response {
    format!("your orders, page {}", query.page.unwrap_or(1)).into_response()
}

/// The HTTPS site.
pub fn secure_app() -> Router {
    with_hsts(Router::new().route("/account/orders", get(orders)))
}

/// Serves `app` over TLS on `listener` (as in `tls_private_ca`).
pub async fn serve_tls(listener: TcpListener, config: Arc<ServerConfig>, app: Router) {
    let acceptor = TlsAcceptor::from(config);
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            continue;
        };
        let (acceptor, app) = (acceptor.clone(), app.clone());
        tokio::spawn(async move {
            let Ok(tls) = acceptor.accept(tcp).await else {
                return;
            };
            let service = TowerToHyperService::new(app);
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(tls), service)
                .await;
        });
    }
}

fn main() {
    // Checked by the tests: a plain-HTTP server and an HTTPS server with a test certificate.
}
