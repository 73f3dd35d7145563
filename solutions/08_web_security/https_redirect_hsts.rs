//! # From HTTP to HTTPS, and HSTS
//!
//! The site listens on two ports: plain HTTP, which only sends visitors to HTTPS, and HTTPS
//! itself. Complete both sides:
//! - `redirect_app(https_origin)` answers every request on plain HTTP, whatever its method and
//!   path, with `308 Permanent Redirect` to the same path *and query* on `https_origin`, the
//!   site's configured public origin (never the request's `Host` header, which the client
//!   writes). 308 keeps the method and body, where 301 lets a POST turn into a GET;
//! - `with_hsts(router)` adds `Strict-Transport-Security: max-age=63072000; includeSubDomains`
//!   to every HTTPS response (the 404 included), and only there: RFC 6797 forbids sending it
//!   over plain HTTP, where an attacker could forge or strip it.
//!
//! Why it matters: the redirect brings a visitor who typed `shop.example` to HTTPS once; HSTS
//! makes the browser go straight to HTTPS for two years after, so a network attacker never
//! gets the plain-HTTP request to tamper with (SSL stripping).

use std::sync::Arc;

use axum::{
    Router,
    extract::{Query, State},
    http::{HeaderValue, Uri, header},
    response::{IntoResponse, Redirect, Response},
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
async fn to_https(State(origin): State<Arc<str>>, uri: Uri) -> Redirect {
    let path_and_query = uri.path_and_query().map_or("/", |pq| pq.as_str());
    Redirect::permanent(&format!("{origin}{path_and_query}"))
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

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::{
        ClientConfig,
        pki_types::{CertificateDer, ServerName},
    };
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    fn provider() -> Arc<rustls::crypto::CryptoProvider> {
        Arc::new(rustls::crypto::ring::default_provider())
    }

    /// An HTTPS server running `secure_app()` with a certificate for localhost from a test CA;
    /// returns its port and a client configuration that trusts only that CA.
    async fn spawn_https() -> (u16, Arc<ClientConfig>) {
        let ca_key = rcgen::KeyPair::generate().unwrap();
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        let ca = ca_params.self_signed(&ca_key).unwrap();
        let issuer = rcgen::Issuer::new(ca_params, ca_key);
        let key = rcgen::KeyPair::generate().unwrap();
        let params = rcgen::CertificateParams::new(vec!["localhost".to_owned()]).unwrap();
        let certificate = params.signed_by(&key, &issuer).unwrap();
        let server = ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![certificate.der().clone()], key.into())
            .unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(serve_tls(listener, Arc::new(server), secure_app()));
        let mut roots = rustls::RootCertStore::empty();
        roots.add(CertificateDer::clone(ca.der())).unwrap();
        let client = ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        (port, Arc::new(client))
    }

    /// `GET path_and_query` over TLS on 127.0.0.1:`port`; returns the raw response.
    async fn get_https(port: u16, path_and_query: &str, client: Arc<ClientConfig>) -> String {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .unwrap();
        let name = ServerName::try_from("localhost").unwrap();
        let mut tls = tokio_rustls::TlsConnector::from(client)
            .connect(name, tcp)
            .await
            .expect("the TLS handshake with the test server fails");
        let request = format!(
            "GET {path_and_query} HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n"
        );
        tls.write_all(request.as_bytes()).await.unwrap();
        let mut response = Vec::new();
        let _ = tls.read_to_end(&mut response).await;
        String::from_utf8_lossy(&response).into_owned()
    }

    /// The values of header `name` in a raw response head.
    fn raw_header(response: &str, name: &str) -> Vec<String> {
        let head = response.split("\r\n\r\n").next().unwrap_or_default();
        head.lines()
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .filter(|(key, _)| key.trim().eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim().to_owned())
            .collect()
    }

    /// A plain-HTTP server running `redirect_app(origin)`; returns its base URL.
    async fn spawn_redirect(origin: &str) -> String {
        let app = redirect_app(origin);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        format!("http://{addr}")
    }

    fn client() -> reqwest::Client {
        reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
    }

    /// Sends `method path` to the plain-HTTP side; returns status, Location and HSTS values.
    async fn send_http(
        base: &str,
        method: &str,
        path: &str,
        host: Option<&str>,
    ) -> (u16, Option<String>, usize) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = client().request(method, format!("{base}{path}"));
        if let Some(host) = host {
            request = request.header("host", host);
        }
        let response = request.send().await.expect(
            "the plain-HTTP server closed the connection without answering: did it panic? \
             Look for `not yet implemented` above",
        );
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let hsts = response
            .headers()
            .get_all("strict-transport-security")
            .iter()
            .count();
        (response.status().as_u16(), location, hsts)
    }

    #[tokio::test]
    async fn plain_http_redirects_to_the_same_path_and_query_on_https() {
        let origin = "https://shop.example";
        let base = spawn_redirect(origin).await;
        for (method, path) in [
            ("GET", "/account/orders?page=2&sort=desc"),
            ("GET", "/"),
            ("HEAD", "/about"),
            ("POST", "/login?next=%2Faccount"),
            ("DELETE", "/api/cart/7"),
        ] {
            let (status, location, _) = send_http(&base, method, path, None).await;
            assert_eq!(
                status, 308,
                "{method} {path} over plain HTTP: answer 308 Permanent Redirect, whatever the \
                 method (308 keeps the method and body; 301/302/303 let a POST become a GET, \
                 307 is temporary), got {status}"
            );
            assert_eq!(
                location.as_deref(),
                Some(format!("{origin}{path}").as_str()),
                "{method} {path}: Location must be the same path and query on {origin} (keep \
                 the query: `uri.path_and_query()`, not `uri.path()`)"
            );
        }
    }

    #[tokio::test]
    async fn the_redirect_ignores_the_host_the_client_sent() {
        let origin = "https://shop.example";
        let base = spawn_redirect(origin).await;
        let (_, location, _) = send_http(&base, "GET", "/account", Some("evil.example")).await;
        assert_eq!(
            location.as_deref(),
            Some("https://shop.example/account"),
            "with `Host: evil.example` the redirect must still lead to the configured origin \
             {origin}, never the request's Host header: a forged Host (and a cache in front) \
             would send visitors to the attacker"
        );
    }

    #[tokio::test]
    async fn plain_http_answers_carry_no_hsts() {
        let base = spawn_redirect("https://shop.example").await;
        let (_, _, hsts) = send_http(&base, "GET", "/", None).await;
        assert_eq!(
            hsts, 0,
            "Strict-Transport-Security must not be sent over plain HTTP (RFC 6797 §7.2): the \
             browser ignores it there, and an attacker can forge or strip it. Add it on the \
             HTTPS side only"
        );
    }

    #[tokio::test]
    async fn following_the_redirect_reaches_the_https_page_with_hsts() {
        let (port, tls_client) = spawn_https().await;
        let origin = format!("https://localhost:{port}");
        let base = spawn_redirect(&origin).await;
        let (_, location, _) = send_http(&base, "GET", "/account/orders?page=2", None).await;
        let location = location.expect("the plain-HTTP side answers with a Location");
        let path_and_query = location
            .strip_prefix(&origin)
            .unwrap_or_else(|| panic!("the Location {location} must start with {origin}"));
        let response = get_https(port, path_and_query, tls_client.clone()).await;
        assert!(
            response.contains("your orders, page 2"),
            "following the redirect to {location} must land on page 2 of the orders (the query \
             survives the redirect), got:\n{response}"
        );
        for (path, what) in [("/account/orders", "a page"), ("/missing", "the 404 page")] {
            let response = get_https(port, path, tls_client.clone()).await;
            let hsts = raw_header(&response, "strict-transport-security");
            let value = hsts.first().map(String::as_str).unwrap_or("");
            let max_age = value
                .split(';')
                .find_map(|part| part.trim().strip_prefix("max-age="))
                .and_then(|seconds| seconds.trim_matches('"').parse::<u64>().ok());
            assert!(
                hsts.len() == 1 && max_age.is_some_and(|seconds| seconds >= 63_072_000),
                "{what} over HTTPS must carry one `Strict-Transport-Security` with max-age of \
                 two years (63072000; without max-age browsers ignore it), got {hsts:?}: \
                 `Router::layer` wraps the fallback too"
            );
            assert!(
                value.to_ascii_lowercase().contains("includesubdomains"),
                "{what}: HSTS must include subdomains (`includeSubDomains`), got {value:?}"
            );
        }
    }
}
