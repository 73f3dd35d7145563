//! # SSRF: check where a URL really leads, after DNS
//!
//! `GET /preview?url=...` fetches a page so the app can show a link preview. Unchecked, anyone
//! can make the server fetch what only it can reach: `http://127.0.0.1:6379/`, an intranet
//! host, or `http://169.254.169.254/`, where clouds hand out credentials (server-side request
//! forgery). Complete `vet_url`, which every fetch goes through:
//! - only `http` and `https` URLs;
//! - an IP literal is checked as it is; a host name is resolved with the given `Resolver` and
//!   *every* address it returns is checked (the name itself proves nothing: `a.example` can
//!   resolve to 127.0.0.1);
//! - refuse every address that is not public: loopback, private, link-local, unspecified,
//!   broadcast, multicast, shared (100.64.0.0/10), and for IPv6 also unique-local (fc00::/7),
//!   link-local (fe80::/10), and IPv4-mapped addresses (`::ffff:10.0.0.1`) by the IPv4 address
//!   they carry;
//! - return the checked address with the URL's port: the fetch connects to exactly that address,
//!   so a second DNS answer cannot send it elsewhere (DNS rebinding).
//!
//! Why it matters: SSRF turns your server into the attacker's proxy inside your network; the
//! Capital One breach started with a fetch of the metadata address.

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
use url::Url;

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

/// The address to fetch `url` from, if every address its host stands for is public.
pub async fn vet_url(url: &Url, resolver: &dyn Resolver) -> Result<SocketAddr, Refused> {
    // TODO: refuse a scheme other than http/https. `url.port_or_known_default()` is the port.
    // `url.host()` is `Host::Ipv4`, `Host::Ipv6` (check it as it is) or `Host::Domain` (resolve
    // it; an error or no address: Unresolvable). Refuse with `Forbidden(ip)` when any address
    // is not public; `ip.to_canonical()` turns `::ffff:a.b.c.d` into a.b.c.d, and `Ipv4Addr`
    // and `Ipv6Addr` have `is_loopback`, `is_private`, `is_link_local`, `is_unique_local`...
    todo!()
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A resolver with a fixed table; it never talks to the network.
    struct FakeDns(HashMap<&'static str, Vec<IpAddr>>);

    impl Resolver for FakeDns {
        fn resolve<'a>(
            &'a self,
            host: &'a str,
            port: u16,
        ) -> BoxFuture<'a, io::Result<Vec<SocketAddr>>> {
            let found = self
                .0
                .get(host)
                .map(|ips| ips.iter().map(|ip| SocketAddr::new(*ip, port)).collect());
            Box::pin(async move {
                found.ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such host"))
            })
        }
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn dns() -> FakeDns {
        FakeDns(HashMap::from([
            ("example.test", vec![ip("93.184.215.14")]),
            ("v6.example.test", vec![ip("2606:4700:4700::1111")]),
            ("localhost", vec![ip("127.0.0.1"), ip("::1")]),
            ("rebind.test", vec![ip("127.0.0.1")]),
            ("metadata.test", vec![ip("169.254.169.254")]),
            ("intranet.test", vec![ip("10.0.0.5")]),
            ("mixed.test", vec![ip("93.184.215.14"), ip("192.168.1.10")]),
            ("mapped.test", vec![ip("::ffff:10.0.0.5")]),
            ("empty.test", vec![]),
        ]))
    }

    async fn vet(text: &str) -> Result<SocketAddr, Refused> {
        let url = Url::parse(text).unwrap();
        vet_url(&url, &dns()).await
    }

    #[tokio::test]
    async fn public_addresses_are_fetched_from_the_checked_address() {
        for (url, expected) in [
            ("http://example.test/page", "93.184.215.14:80"),
            ("https://example.test/page", "93.184.215.14:443"),
            ("http://example.test:8080/", "93.184.215.14:8080"),
            ("https://v6.example.test/", "[2606:4700:4700::1111]:443"),
            ("http://8.8.8.8/", "8.8.8.8:80"),
            ("http://172.32.0.1/", "172.32.0.1:80"),
            ("http://100.128.0.1/", "100.128.0.1:80"),
            ("http://192.169.1.1/", "192.169.1.1:80"),
            (
                "http://[2001:4860:4860::8888]/",
                "[2001:4860:4860::8888]:80",
            ),
        ] {
            assert_eq!(
                vet(url).await,
                Ok(expected.parse().unwrap()),
                "{url} leads to the public address {expected}: allow it, and return the address \
                 (with the URL's port, or the scheme's default) the fetch must connect to; \
                 172.32.0.1 and 100.128.0.1 are just outside the private and shared ranges"
            );
        }
    }

    #[tokio::test]
    async fn addresses_that_are_not_public_are_refused() {
        for (address, kind) in [
            ("127.0.0.1", "loopback"),
            ("127.255.255.254", "loopback (all of 127.0.0.0/8)"),
            ("10.1.2.3", "private"),
            ("172.16.0.1", "private"),
            ("172.31.255.255", "private"),
            ("192.168.1.1", "private"),
            ("169.254.169.254", "link-local: the cloud metadata service"),
            ("0.0.0.0", "unspecified (it reaches the server itself)"),
            ("100.64.0.1", "shared address space (carrier-grade NAT)"),
            ("255.255.255.255", "broadcast"),
            ("224.0.0.1", "multicast"),
            ("::1", "IPv6 loopback"),
            ("::", "IPv6 unspecified"),
            ("fc00::1", "IPv6 unique-local"),
            ("fd12:3456::1", "IPv6 unique-local"),
            ("fe80::1", "IPv6 link-local"),
            ("ff02::1", "IPv6 multicast"),
            ("::ffff:127.0.0.1", "IPv4-mapped loopback"),
            ("::ffff:10.0.0.1", "IPv4-mapped private"),
            ("::ffff:169.254.169.254", "IPv4-mapped link-local"),
        ] {
            let literal = if address.contains(':') {
                format!("http://[{address}]/")
            } else {
                format!("http://{address}/")
            };
            let result = vet(&literal).await;
            assert!(
                matches!(result, Err(Refused::Forbidden(_))),
                "{literal}: {address} is {kind}, not public: refuse it with \
                 Refused::Forbidden, got {result:?}"
            );
        }
    }

    #[tokio::test]
    async fn host_names_are_checked_by_the_addresses_they_resolve_to() {
        for (url, why) in [
            ("http://rebind.test/", "rebind.test resolves to 127.0.0.1"),
            (
                "http://localhost/",
                "localhost resolves to 127.0.0.1 and ::1",
            ),
            (
                "http://metadata.test/",
                "metadata.test resolves to 169.254.169.254",
            ),
            (
                "http://intranet.test/",
                "intranet.test resolves to 10.0.0.5",
            ),
            (
                "http://mapped.test/",
                "mapped.test resolves to ::ffff:10.0.0.5",
            ),
            (
                "http://mixed.test/",
                "mixed.test resolves to 93.184.215.14 and 192.168.1.10: check every address, \
                 not only the first",
            ),
        ] {
            let result = vet(url).await;
            assert!(
                matches!(result, Err(Refused::Forbidden(_))),
                "{url}: {why}, so it must be refused with Refused::Forbidden: a host name \
                 proves nothing, check the addresses it resolves to; got {result:?}"
            );
        }
    }

    #[tokio::test]
    async fn other_schemes_and_unknown_hosts_are_refused() {
        for url in [
            "ftp://example.test/",
            "gopher://example.test/",
            "file:///etc/passwd",
        ] {
            let result = vet(url).await;
            assert!(
                result.is_err(),
                "{url}: only http and https URLs are fetched, got {result:?}"
            );
        }
        for url in ["http://nowhere.test/", "http://empty.test/"] {
            let result = vet(url).await;
            assert_eq!(
                result,
                Err(Refused::Unresolvable),
                "{url} resolves to no address: Refused::Unresolvable (and no panic)"
            );
        }
    }

    /// A plain TCP server on 127.0.0.1 that counts its connections: the "internal service".
    async fn internal_service() -> (u16, Arc<AtomicUsize>) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&hits);
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                counter.fetch_add(1, Ordering::SeqCst);
                use tokio::io::AsyncWriteExt;
                let _ = socket
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 15\r\n\r\nINTERNAL SECRET")
                    .await;
            }
        });
        (port, hits)
    }

    #[tokio::test]
    async fn the_preview_endpoint_never_reaches_the_internal_service() {
        let (port, hits) = internal_service().await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = app(Arc::new(dns()));
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        for target in [
            format!("http://127.0.0.1:{port}/admin"),
            format!("http://localhost:{port}/admin"),
            format!("http://rebind.test:{port}/admin"),
            format!("http://[::1]:{port}/admin"),
            format!("http://[::ffff:127.0.0.1]:{port}/admin"),
        ] {
            let mut url = Url::parse(&format!("http://{addr}/preview")).unwrap();
            url.query_pairs_mut().append_pair("url", &target);
            let response = client.get(url).send().await.expect(
                "GET /preview did not answer: did vet_url panic? Look for `not yet implemented`",
            );
            let status = response.status().as_u16();
            let body = response.text().await.unwrap_or_default();
            assert!(
                status == 403 && hits.load(Ordering::SeqCst) == 0,
                "GET /preview?url={target} must be refused with 403 before any connection, got \
                 {status} {body:?} and {} connection(s) to the internal service on 127.0.0.1",
                hits.load(Ordering::SeqCst)
            );
        }
    }
}
