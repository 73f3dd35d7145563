//! wrong: recognises private addresses by the text they start with
//! expect: 172.32.0.1 and 100.128.0.1 are just outside the private and shared ranges
use std::{
    io,
    net::{IpAddr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use axum::{
    Router,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use futures::future::BoxFuture;
use serde::Deserialize;
use url::{Host, Url};

/// Turns a host name into addresses (DNS in production, a table in the tests).
pub trait Resolver: Send + Sync {
    fn resolve<'a>(
        &'a self,
        host: &'a str,
        port: u16,
    ) -> BoxFuture<'a, io::Result<Vec<SocketAddr>>>;
}

/// The system's resolver.
pub struct SystemResolver;

impl Resolver for SystemResolver {
    fn resolve<'a>(
        &'a self,
        host: &'a str,
        port: u16,
    ) -> BoxFuture<'a, io::Result<Vec<SocketAddr>>> {
        Box::pin(async move { Ok(tokio::net::lookup_host((host, port)).await?.collect()) })
    }
}

/// Why a URL is not fetched.
#[derive(Debug, PartialEq)]
pub enum Refused {
    /// Not `http` or `https`.
    Scheme,
    /// No host, or it does not resolve to anything.
    Unresolvable,
    /// It leads to an address that is not public.
    Forbidden(IpAddr),
}

/// Whether `ip` is a public address, one the server may connect to on a user's behalf.
fn is_public(ip: IpAddr) -> bool {
    // `::ffff:10.0.0.1` is 10.0.0.1: judge an IPv4-mapped address by the address it carries.
    match ip.to_canonical() {
        IpAddr::V4(v4) => {
            let text = v4.to_string();
            ![
                "127.", "10.", "172.", "192.168.", "169.254.", "0.", "100.", "255.", "224.",
            ]
            .iter()
            .any(|prefix| text.starts_with(prefix))
        }
        IpAddr::V6(v6) => {
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || v6.is_unique_local()
                || v6.is_unicast_link_local())
        }
    }
}

/// The address to fetch `url` from, if every address its host stands for is public.
pub async fn vet_url(url: &Url, resolver: &dyn Resolver) -> Result<SocketAddr, Refused> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Refused::Scheme);
    }
    let port = url.port_or_known_default().ok_or(Refused::Unresolvable)?;
    let addrs = match url.host() {
        Some(Host::Ipv4(ip)) => vec![SocketAddr::new(ip.into(), port)],
        Some(Host::Ipv6(ip)) => vec![SocketAddr::new(ip.into(), port)],
        Some(Host::Domain(name)) => resolver
            .resolve(name, port)
            .await
            .map_err(|_| Refused::Unresolvable)?,
        None => return Err(Refused::Unresolvable),
    };
    // Every address: the client may connect to any of them.
    if let Some(addr) = addrs.iter().find(|addr| !is_public(addr.ip())) {
        return Err(Refused::Forbidden(addr.ip()));
    }
    addrs.first().copied().ok_or(Refused::Unresolvable)
}

#[derive(Clone)]
struct AppState {
    resolver: Arc<dyn Resolver>,
}

#[derive(Deserialize)]
struct PreviewQuery {
    url: String,
}

/// `GET /preview?url=...`: the first bytes of the page, or 403 when the URL is refused.
async fn preview(State(state): State<AppState>, Query(query): Query<PreviewQuery>) -> Response {
    let Ok(url) = Url::parse(&query.url) else {
        return (StatusCode::BAD_REQUEST, "not a URL").into_response();
    };
    let addr = match vet_url(&url, state.resolver.as_ref()).await {
        Ok(addr) => addr,
        Err(refused) => return (StatusCode::FORBIDDEN, format!("{refused:?}")).into_response(),
    };
    // Connect to the checked address only (no second DNS lookup), and follow no redirect: a
    // redirect is a new URL, which would need checking too.
    let mut client = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(5));
    if let Some(host) = url.domain() {
        client = client.resolve(host, addr);
    }
    let Ok(client) = client.build() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    match client.get(url).send().await {
        Ok(response) => {
            let body = response.text().await.unwrap_or_default();
            body.chars().take(200).collect::<String>().into_response()
        }
        Err(_) => StatusCode::BAD_GATEWAY.into_response(),
    }
}

pub fn app(resolver: Arc<dyn Resolver>) -> Router {
    Router::new()
        .route("/preview", get(preview))
        .with_state(AppState { resolver })
}

#[tokio::main]
async fn main() -> io::Result<()> {
    // A demo: `PORT=3000 cargo run --bin ssrf_after_resolution`, then
    // `curl 'localhost:3000/preview?url=http://127.0.0.1:3000/'` answers 403.
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3000);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    axum::serve(listener, app(Arc::new(SystemResolver))).await
}
