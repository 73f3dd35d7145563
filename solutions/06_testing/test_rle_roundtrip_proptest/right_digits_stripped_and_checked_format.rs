//! right: any String with its digits removed, stretched into runs; the encoded form checked too
#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every char of an arbitrary string (digits dropped), each repeated 1 to 25 times.
    fn stretched() -> impl Strategy<Value = String> {
        (any::<String>(), prop::collection::vec(1..=25usize, 0..40)).prop_map(|(s, lens)| {
            s.chars()
                .filter(|c| !c.is_ascii_digit())
                .zip(lens.into_iter().chain(std::iter::repeat(1)))
                .map(|(c, n)| c.to_string().repeat(n))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn round_trips(text in stretched()) {
            prop_assert_eq!(decode(&encode(&text)), Some(text));
        }

        #[test]
        fn a_single_run_is_its_length_then_its_char(
            c in any::<char>().prop_filter("not a digit", |c| !c.is_ascii_digit()),
            n in 1..=300usize,
        ) {
            prop_assert_eq!(encode(&c.to_string().repeat(n)), format!("{n}{c}"));
        }
    }

    #[test]
    fn known_inputs() {
        let cases = [
            ("", ""),
            ("aaab", "3a1b"),
            ("AAa", "2A1a"),
            ("  \t", "2 1\t"),
            ("ßßß日", "3ß1日"),
            ("fffffffffff", "11f"),
        ];
        for (text, encoded) in cases {
            assert_eq!(encode(text), encoded, "encode({text:?})");
            assert_eq!(decode(encoded).as_deref(), Some(text), "decode({encoded:?})");
        }
    }

    #[test]
    fn rejected_inputs() {
        let max = MAX_DECODED_CHARS;
        assert_eq!(decode("q"), None);
        assert_eq!(decode("q7"), None);
        assert_eq!(decode("2q7"), None);
        assert_eq!(decode(&format!("{max}q")).map(|t| t.len()), Some(max));
        assert_eq!(decode(&format!("{}q1r", max - 1)).map(|t| t.len()), Some(max));
        assert_eq!(decode(&format!("{}q2r", max - 1)), None);
    }
}
