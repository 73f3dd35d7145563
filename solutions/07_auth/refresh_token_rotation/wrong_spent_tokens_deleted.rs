//! wrong: deletes a token once used, so a replay looks like an unknown token and revokes nothing
//! expect: presenting it again is a replay, `Reused`
use std::collections::HashMap;

#[derive(Debug)]
struct Issued {
    user: String,
    family: u64,
    used: bool,
}

#[derive(Debug, PartialEq)]
pub enum RefreshError {
    /// Not a token we issued (or its family was revoked).
    Invalid,
    /// A token that was already exchanged: its family is now revoked.
    Reused,
}

#[derive(Debug, PartialEq)]
pub struct Rotated {
    pub user: String,
    /// The token to use next time (the old one is spent).
    pub refresh_token: String,
}

#[derive(Default)]
pub struct RefreshStore {
    tokens: HashMap<String, Issued>,
    next_family: u64,
}

/// 32 bytes from a CSPRNG, hex-encoded.
pub fn new_token() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

impl RefreshStore {
    /// A login starts a new family; returns its first refresh token.
    pub fn login(&mut self, user: &str) -> String {
        self.next_family += 1;
        let token = new_token();
        let issued = Issued {
            user: user.to_owned(),
            family: self.next_family,
            used: false,
        };
        self.tokens.insert(token.clone(), issued);
        token
    }

    /// Exchanges `token` for a new one of the same family.
    pub fn refresh(&mut self, token: &str) -> Result<Rotated, RefreshError> {
        let issued = self.tokens.remove(token).ok_or(RefreshError::Invalid)?;
        let refresh_token = new_token();
        let next = Issued {
            user: issued.user.clone(),
            family: issued.family,
            used: false,
        };
        self.tokens.insert(refresh_token.clone(), next);
        Ok(Rotated {
            user: issued.user,
            refresh_token,
        })
    }
}

fn main() {}

