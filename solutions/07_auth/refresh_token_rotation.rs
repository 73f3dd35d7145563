//! # Refresh tokens: rotation and reuse detection
//!
//! Complete `RefreshStore::refresh`. A refresh token works once: refreshing marks it used and
//! hands out a new one of the same family (the chain that started at one login). An unknown
//! token is `Invalid`. A token that was already used is `Reused`: someone replayed it, so revoke
//! its whole family, the newest token included. Other families stay valid.
//! Why it matters: refresh tokens live for days in browsers and apps, so they get stolen. With
//! rotation a stolen token is good for one refresh; with reuse detection the first replay, by the
//! thief or by the real user after the thief, ends the session for both, as RFC 9700 §4.14
//! recommends. (Tokens are kept in clear to keep this short; store their SHA-256 in production,
//! as `api_keys_hashed_prefix` does.)

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
            family: issued.family,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn refreshed(store: &mut RefreshStore, token: &str) -> Rotated {
        store.refresh(token).unwrap_or_else(|e| {
            panic!("a fresh refresh token must be exchanged for a new one, got {e:?}")
        })
    }

    #[test]
    fn refresh_rotates_the_token() {
        let mut store = RefreshStore::default();
        let first = store.login("ada");
        let rotated = refreshed(&mut store, &first);
        assert_eq!(rotated.user, "ada", "the refresh is for the token's user");
        assert_ne!(
            rotated.refresh_token, first,
            "refresh hands out a NEW refresh token (rotation): a token that stays valid forever is \
             a thief's for as long as it lives"
        );
    }

    #[test]
    fn the_new_token_works_again_and_again() {
        let mut store = RefreshStore::default();
        let mut token = store.login("ada");
        for round in 1..=3 {
            let rotated = store.refresh(&token).unwrap_or_else(|e| {
                panic!("refresh number {round} with the newest token must work, got {e:?}")
            });
            token = rotated.refresh_token;
        }
    }

    #[test]
    fn a_used_token_is_reuse() {
        let mut store = RefreshStore::default();
        let first = store.login("ada");
        refreshed(&mut store, &first);
        assert_eq!(
            store.refresh(&first),
            Err(RefreshError::Reused),
            "a refresh token works once: presenting it again is a replay, `Reused` (keep spent \
             tokens, marked used, so a replay can be told from a token you never issued)"
        );
    }

    #[test]
    fn reuse_revokes_the_whole_family() {
        let mut store = RefreshStore::default();
        let first = store.login("ada");
        let second = refreshed(&mut store, &first).refresh_token;
        let third = refreshed(&mut store, &second).refresh_token;
        assert_eq!(store.refresh(&first), Err(RefreshError::Reused), "replay");
        assert!(
            store.refresh(&third).is_err(),
            "after a replay the newest token of that family must be revoked too: either the thief \
             or the user holds it, and the server cannot tell which (RFC 9700 §4.14)"
        );
    }

    #[test]
    fn other_families_are_left_alone() {
        let mut store = RefreshStore::default();
        let ada = store.login("ada");
        let bob = store.login("bob");
        refreshed(&mut store, &ada);
        assert!(store.refresh(&ada).is_err(), "ada's token is replayed");
        assert_eq!(
            store.refresh(&bob).map(|r| r.user),
            Ok("bob".to_owned()),
            "a replay revokes ONE family: bob's tokens come from another login and stay valid"
        );
    }

    #[test]
    fn an_unknown_token_is_invalid() {
        let mut store = RefreshStore::default();
        store.login("ada");
        assert_eq!(
            store.refresh("not-a-token"),
            Err(RefreshError::Invalid),
            "a token the store never issued is Invalid"
        );
    }
}
