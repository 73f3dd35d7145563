//! right: the list loaded once into a HashSet, the length checked with a match on ranges
use std::collections::HashSet;
use std::sync::LazyLock;

pub const MIN_CHARS: usize = 15;
pub const MAX_CHARS: usize = 128;

const COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    COMMON_PASSWORDS
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect()
});

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
    COMMON.contains(candidate.to_lowercase().as_str())
}

pub fn check_password(candidate: &str) -> Result<(), PolicyError> {
    match candidate.chars().count() {
        n if n < MIN_CHARS => Err(PolicyError::TooShort),
        n if n > MAX_CHARS => Err(PolicyError::TooLong),
        _ if is_common(candidate) => Err(PolicyError::TooCommon),
        _ => Ok(()),
    }
}

fn main() {}
