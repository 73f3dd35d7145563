//! wrong: codes never expire
//! expect: a code lives CODE_LIFETIME_SECS
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
        let _ = now;
        let valid = request.client_id == issued.client_id
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

