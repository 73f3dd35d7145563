//! wrong: never decodes anything near MAX_DECODED_CHARS
//! expect: boundary: decoding to exactly MAX_DECODED_CHARS characters is rejected
//! expect: the size limit applies to each run instead of the whole decoded text
#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn encodes_runs_as_count_then_char() {
        assert_eq!(encode("aaab"), "3a1b");
        assert_eq!(decode("3a1b"), Some("aaab".to_string()));
    }

    fn runs_of(chars: impl Strategy<Value = char>) -> impl Strategy<Value = String> {
        prop::collection::vec((chars, 1..=15usize), 0..6)
            .prop_map(|runs| runs.into_iter().flat_map(|(c, n)| std::iter::repeat_n(c, n)).collect())
    }

    proptest! {
        #[test]
        fn round_trip(text in runs_of(prop_oneof![
            prop::char::range('a', 'z'),
            prop::char::range('A', 'Z'),
            Just(' '),
            any::<char>().prop_filter("no digits", |c| !c.is_ascii_digit()),
        ])) {
            prop_assert_eq!(decode(&encode(&text)), Some(text));
        }
    }

    #[test]
    fn edge_cases() {
        for text in ["", "Q", "AaAa", "a  b\n", "ü€🦀", "wwwwwwwwwwwwwwwwww"] {
            assert_eq!(decode(&encode(text)), Some(text.to_string()), "{text:?}");
        }
    }

    #[test]
    fn malformed() {
        assert_eq!(decode("x"), None);
        assert_eq!(decode("2x5"), None);
    }
}
