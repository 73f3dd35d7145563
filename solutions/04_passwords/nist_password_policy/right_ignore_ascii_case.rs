//! right: length as a range check, lines compared with eq_ignore_ascii_case (the list is ASCII)
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
    !candidate.is_empty()
        && COMMON_PASSWORDS
            .split('\n')
            .any(|line| line.trim_end().eq_ignore_ascii_case(candidate))
}

pub fn check_password(candidate: &str) -> Result<(), PolicyError> {
    let length = candidate.char_indices().count();
    if !(MIN_CHARS..=MAX_CHARS).contains(&length) {
        return Err(if length < MIN_CHARS {
            PolicyError::TooShort
        } else {
            PolicyError::TooLong
        });
    }
    if is_common(candidate) {
        return Err(PolicyError::TooCommon);
    }
    Ok(())
}

fn main() {}
