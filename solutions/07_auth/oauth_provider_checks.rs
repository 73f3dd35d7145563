//! # The provider's side: exact redirect URIs, PKCE, one-time codes
//!
//! Complete the two checks of an authorisation server. `authorize` accepts a request only from a
//! registered client, with a `redirect_uri` that is one of the client's registered URIs
//! character for character, and with a PKCE `code_challenge` of method `S256`; it then issues a
//! one-time code bound to that client, URI and challenge, valid for CODE_LIFETIME_SECS.
//! `token` redeems a code once: it must exist and not be expired at `now`, and the request must
//! name the same client and the same redirect URI, with a `code_verifier` whose S256 challenge is
//! the stored one. A code is spent by its first redemption, successful or not.
//! Why it matters: the code is delivered to the redirect URI, so whoever controls that URI gets
//! it. A prefix or "looks the same" match lets `.../callback/../open-redirect` or
//! `.../callback.evil.test` through (RFC 9700 §4.1 requires exact matching). PKCE and single use
//! make a code that leaks anyway useless.

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use url::Url;

pub const CODE_LIFETIME_SECS: u64 = 60;

pub struct RegisteredClient {
    pub redirect_uris: Vec<String>,
}

pub struct AuthorizeRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub state: String,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
}

pub struct TokenRequest {
    pub client_id: String,
    pub code: String,
    pub redirect_uri: String,
    pub code_verifier: String,
}

#[derive(Debug, PartialEq)]
pub enum AuthorizeError {
    UnknownClient,
    RedirectUriMismatch,
    PkceRequired,
}

/// `invalid_grant` in OAuth terms: the code cannot be redeemed by this request.
#[derive(Debug, PartialEq)]
pub struct InvalidGrant;

struct IssuedCode {
    user: String,
    client_id: String,
    redirect_uri: String,
    code_challenge: String,
    expires_at: u64,
}

pub struct AuthServer {
    pub clients: HashMap<String, RegisteredClient>,
    codes: HashMap<String, IssuedCode>,
}

impl AuthServer {
    pub fn new(clients: HashMap<String, RegisteredClient>) -> Self {
        Self {
            clients,
            codes: HashMap::new(),
        }
    }

    /// After `user` consented: where to send the browser, with `code` and `state`.
    pub fn authorize(
        &mut self,
        request: &AuthorizeRequest,
        user: &str,
        now: u64,
    ) -> Result<Url, AuthorizeError> {
        let client = self
            .clients
            .get(&request.client_id)
            .ok_or(AuthorizeError::UnknownClient)?;
        // Exact string comparison: no prefix, no normalisation.
        if !client.redirect_uris.contains(&request.redirect_uri) {
            return Err(AuthorizeError::RedirectUriMismatch);
        }
        let challenge = match (&request.code_challenge, &request.code_challenge_method) {
            (Some(challenge), Some(method)) if method == "S256" => challenge.clone(),
            _ => return Err(AuthorizeError::PkceRequired),
        };
        let mut redirect =
            Url::parse(&request.redirect_uri).map_err(|_| AuthorizeError::RedirectUriMismatch)?;
        let code = URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
        redirect
            .query_pairs_mut()
            .append_pair("code", &code)
            .append_pair("state", &request.state);
        let issued = IssuedCode {
            user: user.to_owned(),
            client_id: request.client_id.clone(),
            redirect_uri: request.redirect_uri.clone(),
            code_challenge: challenge,
            expires_at: now + CODE_LIFETIME_SECS,
        };
        self.codes.insert(code, issued);
        Ok(redirect)
    }

    /// Redeems a code; returns the user it was issued for.
    pub fn token(&mut self, request: &TokenRequest, now: u64) -> Result<String, InvalidGrant> {
        // Taken out of the store: a code is spent by its first redemption.
        let issued = self.codes.remove(&request.code).ok_or(InvalidGrant)?;
        let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(request.code_verifier.as_bytes()));
        let valid = now < issued.expires_at
            && request.client_id == issued.client_id
            && request.redirect_uri == issued.redirect_uri
            && challenge == issued.code_challenge;
        if valid {
            Ok(issued.user)
        } else {
            Err(InvalidGrant)
        }
    }
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    const CALLBACK: &str = "https://shop.example.test/auth/callback";
    const MOBILE: &str = "https://shop.example.test/auth/mobile";
    const NOW: u64 = 1_700_000_000;
    // RFC 7636 Appendix B.
    const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    fn server() -> AuthServer {
        let shop = RegisteredClient {
            redirect_uris: vec![CALLBACK.into(), MOBILE.into()],
        };
        let other = RegisteredClient {
            redirect_uris: vec!["https://other.example.test/cb".into()],
        };
        AuthServer::new(HashMap::from([
            ("shop".to_owned(), shop),
            ("other".to_owned(), other),
        ]))
    }

    fn request(redirect_uri: &str) -> AuthorizeRequest {
        AuthorizeRequest {
            client_id: "shop".into(),
            redirect_uri: redirect_uri.into(),
            state: "xyz".into(),
            code_challenge: Some(CHALLENGE.into()),
            code_challenge_method: Some("S256".into()),
        }
    }

    /// Authorises `shop` at CALLBACK; returns the code.
    fn issue_code(server: &mut AuthServer) -> String {
        let redirect = server
            .authorize(&request(CALLBACK), "ada", NOW)
            .unwrap_or_else(|e| {
                panic!("a registered client with its exact redirect URI and PKCE S256 is authorised, got {e:?}")
            });
        let params: HashMap<String, String> = redirect.query_pairs().into_owned().collect();
        params
            .get("code")
            .cloned()
            .expect("the redirect carries the code")
    }

    fn redeem(code: &str) -> TokenRequest {
        TokenRequest {
            client_id: "shop".into(),
            code: code.into(),
            redirect_uri: CALLBACK.into(),
            code_verifier: VERIFIER.into(),
        }
    }

    #[test]
    fn the_redirect_goes_to_the_registered_uri() {
        let mut server = server();
        let redirect = server
            .authorize(&request(CALLBACK), "ada", NOW)
            .expect("CALLBACK is registered for shop");
        assert!(
            redirect.as_str().starts_with(CALLBACK),
            "the browser goes back to the redirect URI: {redirect}"
        );
        let params: HashMap<String, String> = redirect.query_pairs().into_owned().collect();
        assert_eq!(
            params.get("state").map(String::as_str),
            Some("xyz"),
            "the redirect returns the client's state unchanged: {redirect}"
        );
        assert!(
            params.get("code").is_some_and(|c| c.len() >= 32),
            "the redirect carries a long random code: {redirect}"
        );
    }

    #[test]
    fn redirect_uris_are_compared_exactly() {
        let mut server = server();
        for tricky in [
            "https://shop.example.test/auth/callback/../../open-redirect",
            "https://shop.example.test/auth/callback.evil.test",
            "https://shop.example.test/auth/callback?next=https://evil.test",
            "https://shop.example.test/auth/callbac",
            "https://SHOP.example.test/auth/callback",
            "https://shop.example.test/auth/callback/",
        ] {
            assert_eq!(
                server.authorize(&request(tricky), "ada", NOW).err(),
                Some(AuthorizeError::RedirectUriMismatch),
                "{tricky:?} is not a registered redirect URI: they are compared exactly, character \
                 for character (no prefix, no case folding, no normalisation; RFC 9700 §4.1.3)"
            );
        }
        assert!(
            server.authorize(&request(MOBILE), "ada", NOW).is_ok(),
            "any of the client's registered URIs is fine"
        );
    }

    #[test]
    fn unknown_clients_and_other_clients_uris_are_refused() {
        let mut server = server();
        let mut unknown = request(CALLBACK);
        unknown.client_id = "nobody".into();
        assert_eq!(
            server.authorize(&unknown, "ada", NOW).err(),
            Some(AuthorizeError::UnknownClient),
            "an unregistered client_id is UnknownClient"
        );
        assert_eq!(
            server
                .authorize(&request("https://other.example.test/cb"), "ada", NOW)
                .err(),
            Some(AuthorizeError::RedirectUriMismatch),
            "another client's redirect URI is not shop's: compare with THIS client's list"
        );
    }

    #[test]
    fn pkce_s256_is_required() {
        let mut server = server();
        let mut without = request(CALLBACK);
        without.code_challenge = None;
        without.code_challenge_method = None;
        assert_eq!(
            server.authorize(&without, "ada", NOW).err(),
            Some(AuthorizeError::PkceRequired),
            "a request without code_challenge is refused: PKCE is required for every client \
             (RFC 9700 §2.1.1)"
        );
        let mut plain = request(CALLBACK);
        plain.code_challenge = Some(VERIFIER.into());
        plain.code_challenge_method = Some("plain".into());
        assert_eq!(
            server.authorize(&plain, "ada", NOW).err(),
            Some(AuthorizeError::PkceRequired),
            "method `plain` puts the verifier itself in the URL: only S256 is accepted"
        );
    }

    #[test]
    fn the_right_verifier_redeems_the_code() {
        let mut server = server();
        let code = issue_code(&mut server);
        assert_eq!(
            server.token(&redeem(&code), NOW + 5),
            Ok("ada".to_owned()),
            "the code, the same client and redirect URI, and the verifier whose S256 is the \
             challenge: the code is redeemed for its user"
        );
    }

    #[test]
    fn a_wrong_verifier_is_refused() {
        let mut server = server();
        let code = issue_code(&mut server);
        let mut stolen = redeem(&code);
        stolen.code_verifier = "a-verifier-the-thief-made-up-0123456789abcd".into();
        assert_eq!(
            server.token(&stolen, NOW + 5),
            Err(InvalidGrant),
            "a code redeemed without the right code_verifier is refused: that is what makes a \
             stolen code useless (compare BASE64URL(SHA-256(verifier)) with the challenge)"
        );
    }

    #[test]
    fn a_code_works_once() {
        let mut server = server();
        let code = issue_code(&mut server);
        assert!(server.token(&redeem(&code), NOW + 5).is_ok(), "first use");
        assert_eq!(
            server.token(&redeem(&code), NOW + 6),
            Err(InvalidGrant),
            "a code is redeemed once: the second redemption is refused"
        );
        let code = issue_code(&mut server);
        let mut wrong = redeem(&code);
        wrong.code_verifier = "wrong-verifier-wrong-verifier-wrong-verifier".into();
        assert!(server.token(&wrong, NOW + 5).is_err(), "wrong verifier");
        assert_eq!(
            server.token(&redeem(&code), NOW + 6),
            Err(InvalidGrant),
            "a failed redemption spends the code too: otherwise a thief can try verifiers until \
             one fits"
        );
    }

    #[test]
    fn the_code_is_bound_to_its_client_and_redirect_uri() {
        let mut server = server();
        let code = issue_code(&mut server);
        let mut elsewhere = redeem(&code);
        elsewhere.redirect_uri = MOBILE.into();
        assert_eq!(
            server.token(&elsewhere, NOW + 5),
            Err(InvalidGrant),
            "the token request must repeat the authorise request's redirect_uri exactly (RFC 6749 \
             §4.1.3), even if the other URI is registered too"
        );
        let code = issue_code(&mut server);
        let mut other_client = redeem(&code);
        other_client.client_id = "other".into();
        assert_eq!(
            server.token(&other_client, NOW + 5),
            Err(InvalidGrant),
            "a code issued to shop cannot be redeemed by another client"
        );
    }

    #[test]
    fn a_code_expires() {
        let mut server = server();
        let code = issue_code(&mut server);
        assert_eq!(
            server.token(&redeem(&code), NOW + CODE_LIFETIME_SECS),
            Err(InvalidGrant),
            "a code lives CODE_LIFETIME_SECS: at NOW + 60 it is expired"
        );
    }
}
