//! # TLS with a private CA
//!
//! Internal services often carry certificates from the company's own certificate authority: a
//! root CA, an intermediate CA it signed, and a certificate for each server (the tests make all
//! three with rcgen). Complete the two rustls configurations:
//! - `server_config` presents the whole chain, the server's certificate first and then the
//!   intermediate (clients know only the root), and speaks TLS 1.3 only;
//! - `client_config` trusts exactly the given root, nothing else, and keeps rustls'
//!   verification as it is: the chain up to that root, the validity dates, and the host name.
//!
//! Why it matters: TLS is only as good as the client's check of the certificate. Turning
//! verification off to get past "unknown issuer" (`danger_accept_invalid_certs`, a verifier
//! that says yes) hands the connection to anyone on the path, who simply presents their own.

use std::{io, sync::Arc};

use axum::Router;
use hyper_util::{rt::TokioIo, service::TowerToHyperService};
use rustls::{
    ClientConfig, RootCertStore, ServerConfig,
    crypto::CryptoProvider,
    pki_types::{CertificateDer, PrivateKeyDer},
};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// The course's cryptography: rustls on the `ring` backend.
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The server's TLS settings: its certificate, the intermediate that signed it, its key.
pub fn server_config(
    certificate: CertificateDer<'static>,
    intermediate: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
) -> Result<Arc<ServerConfig>, rustls::Error> {
    // Leaf first, then the intermediate: clients hold only the root.
    let chain = vec![certificate, intermediate];
    let config = ServerConfig::builder_with_provider(provider())
        .with_protocol_versions(&[&rustls::version::TLS13])?
        .with_no_client_auth()
        .with_single_cert(chain, key)?;
    Ok(Arc::new(config))
}

/// A client's TLS settings that trust `root`, and only `root`.
pub fn client_config(root: CertificateDer<'static>) -> Result<Arc<ClientConfig>, rustls::Error> {
    let mut roots = RootCertStore::empty();
    roots.add(root)?;
    let config = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(Arc::new(config))
}

/// Serves `app` over TLS on `listener`: each connection's handshake, then HTTP/1.1.
pub async fn serve_tls(listener: TcpListener, config: Arc<ServerConfig>, app: Router) {
    let acceptor = TlsAcceptor::from(config);
    loop {
        let Ok((tcp, _)) = listener.accept().await else {
            continue;
        };
        let (acceptor, app) = (acceptor.clone(), app.clone());
        tokio::spawn(async move {
            // A failed handshake ends this connection only.
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

fn main() -> io::Result<()> {
    // Checked by the tests, which make a private CA and connect over real TLS on 127.0.0.1.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use rcgen::{
        BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
        KeyPair, KeyUsagePurpose,
    };
    use rustls::pki_types::ServerName;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio_rustls::TlsConnector;

    /// A root CA and an intermediate CA it signed, which signs server certificates.
    struct Pki {
        root: CertificateDer<'static>,
        intermediate: CertificateDer<'static>,
        issuer: Issuer<'static, KeyPair>,
    }

    fn ca_params(name: &str, constraints: BasicConstraints) -> CertificateParams {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(constraints);
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        params
    }

    fn pki(name: &str) -> Pki {
        let root_key = KeyPair::generate().unwrap();
        let root_params = ca_params(&format!("{name} Root CA"), BasicConstraints::Unconstrained);
        let root = root_params.self_signed(&root_key).unwrap();
        let root_issuer = Issuer::new(root_params, root_key);
        let key = KeyPair::generate().unwrap();
        let params = ca_params(
            &format!("{name} Intermediate CA"),
            BasicConstraints::Constrained(0),
        );
        let intermediate = params.signed_by(&key, &root_issuer).unwrap();
        Pki {
            root: root.der().clone(),
            intermediate: intermediate.der().clone(),
            issuer: Issuer::new(params, key),
        }
    }

    /// A server certificate for `name` signed by the intermediate, and its key.
    fn server_certificate(
        pki: &Pki,
        name: &str,
    ) -> (CertificateDer<'static>, PrivateKeyDer<'static>) {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(vec![name.to_owned()]).unwrap();
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let certificate = params.signed_by(&key, &pki.issuer).unwrap();
        (certificate.der().clone(), key.into())
    }

    /// Starts an HTTPS server with `config` on 127.0.0.1; returns its port.
    async fn spawn_https(config: Arc<ServerConfig>) -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let app = Router::new().route("/", get(|| async { "hello over TLS" }));
        tokio::spawn(serve_tls(listener, config, app));
        port
    }

    /// `GET /` over TLS to 127.0.0.1:`port`, checking the certificate for `name`.
    async fn https_get(port: u16, name: &str, config: Arc<ClientConfig>) -> io::Result<String> {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", port)).await?;
        let name = ServerName::try_from(name.to_owned()).map_err(io::Error::other)?;
        let mut tls = TlsConnector::from(config).connect(name, tcp).await?;
        tls.write_all(b"GET / HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\n\r\n")
            .await?;
        let mut response = Vec::new();
        tls.read_to_end(&mut response).await?;
        Ok(String::from_utf8_lossy(&response).into_owned())
    }

    /// The tests' own client, which trusts `root` (to check the learner's server).
    fn reference_client(root: &CertificateDer<'static>) -> Arc<ClientConfig> {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(root.clone()).unwrap();
        let config = ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        Arc::new(config)
    }

    /// The tests' own server for `name` (to check the learner's client).
    fn reference_server(pki: &Pki, name: &str) -> Arc<ServerConfig> {
        let (certificate, key) = server_certificate(pki, name);
        let config = ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![certificate, pki.intermediate.clone()], key)
            .unwrap();
        Arc::new(config)
    }

    #[tokio::test]
    async fn the_server_presents_its_whole_chain() {
        let pki = pki("Company");
        let (certificate, key) = server_certificate(&pki, "localhost");
        let config =
            server_config(certificate, pki.intermediate.clone(), key).unwrap_or_else(|err| {
                panic!(
                    "server_config refused the certificate, intermediate and key ({err}): the \
                     chain starts with the server's own certificate (the one the key belongs \
                     to), then the intermediate"
                )
            });
        let port = spawn_https(config).await;
        let result = https_get(port, "localhost", reference_client(&pki.root)).await;
        assert!(
            result
                .as_ref()
                .is_ok_and(|page| page.contains("hello over TLS")),
            "a client that trusts only the root could not talk to your server ({result:?}): \
             the server must send its whole chain, its own certificate first and then the \
             intermediate, since the client knows the root but not the intermediate"
        );
    }

    #[tokio::test]
    async fn the_server_speaks_tls_13_only() {
        let pki = pki("Company");
        let (certificate, key) = server_certificate(&pki, "localhost");
        let config =
            server_config(certificate, pki.intermediate.clone(), key).unwrap_or_else(|err| {
                panic!(
                    "server_config refused the certificate, intermediate and key ({err}): the \
                     chain starts with the server's own certificate (the one the key belongs \
                     to), then the intermediate"
                )
            });
        let port = spawn_https(config).await;
        let mut roots = rustls::RootCertStore::empty();
        roots.add(pki.root.clone()).unwrap();
        let tls12_only = ClientConfig::builder_with_provider(provider())
            .with_protocol_versions(&[&rustls::version::TLS12])
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let result = https_get(port, "localhost", Arc::new(tls12_only)).await;
        assert!(
            result.is_err(),
            "a TLS 1.2 client got an answer from your server: offer TLS 1.3 only \
             (`with_protocol_versions(&[&rustls::version::TLS13])`)"
        );
    }

    #[tokio::test]
    async fn the_client_reaches_a_server_of_its_ca() {
        let pki = pki("Company");
        let port = spawn_https(reference_server(&pki, "localhost")).await;
        let client = client_config(pki.root.clone()).expect("client_config accepts the root");
        let result = https_get(port, "localhost", client).await;
        assert!(
            result
                .as_ref()
                .is_ok_and(|page| page.contains("hello over TLS")),
            "your client could not talk to a server whose chain leads to the root it was given \
             ({result:?}): add that root to the RootCertStore"
        );
    }

    #[tokio::test]
    async fn the_client_refuses_a_certificate_from_another_ca() {
        let company = pki("Company");
        let attacker = pki("Attacker");
        let port = spawn_https(reference_server(&attacker, "localhost")).await;
        let client = client_config(company.root.clone()).expect("client_config accepts the root");
        let result = https_get(port, "localhost", client).await;
        assert!(
            result.is_err(),
            "your client accepted a certificate for localhost from another CA, one its root \
             never signed: that is what anyone on the path would present. Keep rustls' \
             verification (no custom verifier that says yes, nothing under `.dangerous()`)"
        );
    }

    #[tokio::test]
    async fn the_client_refuses_a_certificate_for_another_name() {
        let pki = pki("Company");
        let port = spawn_https(reference_server(&pki, "billing.internal")).await;
        let client = client_config(pki.root.clone()).expect("client_config accepts the root");
        let result = https_get(port, "localhost", client).await;
        assert!(
            result.is_err(),
            "your client asked for localhost and accepted the certificate of \
             billing.internal: any server with a certificate from your CA could pose as any \
             other. Keep the host name check"
        );
    }
}
