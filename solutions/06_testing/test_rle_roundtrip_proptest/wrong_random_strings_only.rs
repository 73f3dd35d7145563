//! wrong: random text without digits and short examples: no run of ten or more identical characters, no count of two digits
//! expect: runs of 10 or more identical characters do not survive the round trip
#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn encodes_runs_as_count_then_char() {
        assert_eq!(encode("aaab"), "3a1b");
        assert_eq!(decode("3a1b"), Some("aaab".to_string()));
    }

    proptest! {
        #[test]
        fn round_trip(text in "[^0-9]*") {
            prop_assert_eq!(decode(&encode(&text)), Some(text));
        }
    }

    #[test]
    fn short_edge_cases() {
        for text in ["", "AaBb", "a b", "ü€🦀", "zzz"] {
            assert_eq!(decode(&encode(text)), Some(text.to_string()), "{text:?}");
        }
    }

    #[test]
    fn malformed() {
        assert_eq!(decode("x"), None);
        assert_eq!(decode("2x5"), None);
    }
}
