//! wrong: measures the length with len(), which counts UTF-8 bytes
//! expect: count characters (chars().count()), not bytes (len())
pub const MIN_CHARS: usize = 15;
pub const MAX_CHARS: usize = 128;

const COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("use at least {MIN_CHARS} characters; a few words with spaces make a good password")]
    TooShort,
    #[error("use at most {MAX_CHARS} characters")]
    TooLong,
    #[error("this password is on a list of common passwords attackers try first")]
    TooCommon,
}

pub fn is_common(candidate: &str) -> bool {
    let candidate = candidate.to_lowercase();
    COMMON_PASSWORDS
        .lines()
        .any(|common| common.trim() == candidate)
}

pub fn check_password(candidate: &str) -> Result<(), PolicyError> {
    let length = candidate.len();
    if length < MIN_CHARS {
        Err(PolicyError::TooShort)
    } else if length > MAX_CHARS {
        Err(PolicyError::TooLong)
    } else if is_common(candidate) {
        Err(PolicyError::TooCommon)
    } else {
        Ok(())
    }
}

fn main() {}
