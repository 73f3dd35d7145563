//! wrong: 301 Moved Permanently, which lets a POST become a GET
//! expect: got 301
use std::sync::Arc;

use axum::{
    Router,
    extract::{Query, State},
    http::{HeaderValue, Uri, header},
    response::{IntoResponse, Response},
    routing::get,
};
use hyper_util::{rt::TokioIo, service::TowerToHyperService};
use rustls::ServerConfig;
use serde::Deserialize;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tower_http::set_header::SetResponseHeaderLayer;

/// Two years, subdomains included; sent over HTTPS only.
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Any request: the same path and query, on the configured HTTPS origin.
async fn to_https(State(origin): State<Arc<str>>, uri: Uri) -> Response {
    let path_and_query = uri.path_and_query().map_or("/", |pq| pq.as_str());
    (
        axum::http::StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, format!("{origin}{path_and_query}"))],
    )
        .into_response()
}

/// The plain-HTTP side: redirects everything to the same path and query on `https_origin`
/// (`https://shop.example`, no trailing slash).
pub fn redirect_app(https_origin: &str) -> Router {
    Router::new()
        .fallback(to_https)
        .with_state(Arc::<str>::from(https_origin))
}

/// Adds HSTS to every response of the HTTPS site.
pub fn with_hsts(router: Router) -> Router {
    router.layer(SetResponseHeaderLayer::overriding(
        header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static(HSTS),
    ))
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
