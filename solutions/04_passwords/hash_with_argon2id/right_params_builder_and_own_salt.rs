//! right: ParamsBuilder, variants imported by name, and a salt from password_hash::generate_salt
use argon2::Algorithm::Argon2id;
use argon2::Version::V0x13;
use argon2::password_hash;
use argon2::{Argon2, ParamsBuilder, PasswordHasher};

pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

pub fn password_hasher() -> Result<Argon2<'static>, argon2::Error> {
    let params = ParamsBuilder::new()
        .m_cost(MEMORY_KIB)
        .t_cost(ITERATIONS)
        .p_cost(PARALLELISM)
        .build()?;
    Ok(Argon2::new(Argon2id, V0x13, params))
}

pub fn hash_password(password: &str) -> Result<String, password_hash::Error> {
    // 16 bytes from the operating system's CSPRNG, as `hash_password` would pick.
    let salt = password_hash::generate_salt();
    password_hasher()?
        .hash_password_with_salt(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
}

fn main() {}
