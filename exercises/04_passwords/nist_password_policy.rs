//! # A password policy that follows NIST SP 800-63B
//!
//! Write `check_password`, the rule a sign-up form applies to a new password: long enough,
//! not absurdly long, and not on the list of common passwords. Nothing else: no "must contain
//! a digit", no "one uppercase letter".
//! Why it matters: length and "not a known password" are what make a password hard to guess;
//! composition rules only produce `Password1!`. NIST SP 800-63B rev. 4 requires at least 15
//! characters when the password is the only factor (8 when it is one factor among several);
//! the logins of this stage are password-only, so the minimum here is 15.

/// Minimum length, in characters (Unicode code points), for a single-factor password.
pub const MIN_CHARS: usize = 15;
/// Maximum length, in characters. NIST asks to allow at least 64; the cap only stops
/// megabyte-long "passwords" from tying up the hasher.
pub const MAX_CHARS: usize = 128;

/// A small sample of the passwords attackers try first, one per line, in lowercase.
/// A real service checks a much larger list of breached passwords.
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

/// Whether `candidate`, ignoring case, is on the common-passwords list.
pub fn is_common(candidate: &str) -> bool {
    // TODO: lowercase the candidate and look for a line of COMMON_PASSWORDS equal to it.
    todo!()
}

/// Checks a new password against the policy. Any character is allowed, spaces and emoji
/// included; length is counted in characters, not bytes.
pub fn check_password(candidate: &str) -> Result<(), PolicyError> {
    // TODO: count the characters (not the bytes), compare with MIN_CHARS and MAX_CHARS, then
    // reject common passwords. Add no other rule.
    todo!()
}

fn main() {
    for candidate in [
        "Tr0ub4dor&3",
        "passwordpassword",
        "correct horse battery staple",
    ] {
        match check_password(candidate) {
            Ok(()) => println!("{candidate:?}: accepted"),
            Err(err) => println!("{candidate:?}: {err}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_passphrase_without_digits_or_symbols_is_accepted() {
        assert_eq!(
            check_password("correct horse battery staple"),
            Ok(()),
            "NIST forbids composition rules: no \"must contain a digit / an uppercase letter / a symbol\""
        );
        for candidate in [
            "thisisalongpassphrasewithoutdigits",
            "ALL CAPS ARE FINE TOO",
            "840219375610284",
        ] {
            assert_eq!(
                check_password(candidate),
                Ok(()),
                "{candidate:?} is long and not common, so it is accepted: no composition rules"
            );
        }
    }

    #[test]
    fn fifteen_characters_is_the_minimum() {
        assert_eq!(
            check_password("zebrafinchlake"),
            Err(PolicyError::TooShort),
            "14 characters is too short for a password that is the only factor"
        );
        assert_eq!(
            check_password("zebrafinchlakes"),
            Ok(()),
            "exactly 15 characters is long enough"
        );
        assert_eq!(
            check_password("Tr0ub4dor&3"),
            Err(PolicyError::TooShort),
            "mixing symbols and digits does not make up for length"
        );
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        // 12 characters, 36 bytes in UTF-8.
        assert_eq!(
            check_password("パスワードは長い方がいい"),
            Err(PolicyError::TooShort),
            "count characters (chars().count()), not bytes (len()): this is 12 characters"
        );
        // 15 characters, 24 bytes.
        assert_eq!(
            check_password("żółć gęślą jaźń"),
            Ok(()),
            "Unicode passwords are allowed"
        );
        // 128 characters, 512 bytes.
        assert_eq!(
            check_password(&"🐸".repeat(128)),
            Ok(()),
            "128 emoji are 128 characters (512 bytes): within the maximum"
        );
    }

    #[test]
    fn at_least_64_characters_are_allowed_and_absurd_lengths_are_not() {
        let sixty_four = "a sixty-four character passphrase is fine: keep typing words ok!";
        assert_eq!(sixty_four.chars().count(), 64, "the test's own passphrase");
        assert_eq!(
            check_password(sixty_four),
            Ok(()),
            "NIST requires accepting passwords of at least 64 characters"
        );
        assert_eq!(
            check_password(&"x".repeat(MAX_CHARS)),
            Ok(()),
            "exactly MAX_CHARS characters is within the maximum: only more is TooLong"
        );
        assert_eq!(
            check_password(&"x".repeat(MAX_CHARS + 1)),
            Err(PolicyError::TooLong),
            "more than MAX_CHARS characters is TooLong"
        );
    }

    #[test]
    fn common_passwords_are_rejected_even_when_long_enough() {
        for candidate in [
            "passwordpassword",
            "1q2w3e4r5t6y7u8i",
            "qwertyuiopasdfghjklzxcvbnm",
        ] {
            assert_eq!(
                check_password(candidate),
                Err(PolicyError::TooCommon),
                "{candidate:?} is on common-passwords.txt: reject it as TooCommon"
            );
        }
        assert_eq!(
            check_password("PasswordPassword"),
            Err(PolicyError::TooCommon),
            "compare with the list ignoring case: PasswordPassword is as weak as passwordpassword"
        );
    }

    #[test]
    fn is_common_uses_the_shipped_list() {
        assert!(is_common("123456"), "123456 is the first entry of the list");
        assert!(
            is_common("iloveyouiloveyou"),
            "iloveyouiloveyou is a line of common-passwords.txt"
        );
        assert!(
            is_common("Football12345678"),
            "the last line counts too, and case is ignored: Football12345678 is listed as football12345678"
        );
        assert!(
            !is_common("correct horse battery staple"),
            "a passphrase that is not on the list is not common"
        );
        assert!(
            !is_common("my dragon sleeps under the old bridge"),
            "only exact matches count: a long passphrase that contains a listed word (dragon) is fine"
        );
        assert!(
            !is_common("passwordpasswor"),
            "only whole lines count: \"passwordpasswor\" is part of the listed \"passwordpassword\", \
             not a listed password (search the lines, not the text of the file)"
        );
        assert!(
            !is_common(""),
            "an empty line is not a listed password (empty input is TooShort instead)"
        );
    }
}
