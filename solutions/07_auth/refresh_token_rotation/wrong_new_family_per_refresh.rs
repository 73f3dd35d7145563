//! wrong: each rotated token starts a family of its own, so a replay cannot reach its successors
//! expect: after a replay the newest token of that family must be revoked too
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
        let issued = self.tokens.get_mut(token).ok_or(RefreshError::Invalid)?;
        if issued.used {
            let family = issued.family;
            self.tokens.retain(|_, t| t.family != family);
            return Err(RefreshError::Reused);
        }
        issued.used = true;
        let user = issued.user.clone();
        let next = Issued {
            user: user.clone(),
            family: {
                self.next_family += 1;
                self.next_family
            },
            used: false,
        };
        let refresh_token = new_token();
        self.tokens.insert(refresh_token.clone(), next);
        Ok(Rotated {
            user,
            refresh_token,
        })
    }
}

fn main() {}

