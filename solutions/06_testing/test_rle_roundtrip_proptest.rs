//! # Property-based testing: the round trip
//!
//! `encode` and `decode` implement a run-length encoding: each run of identical characters
//! becomes its length followed by the character (`"aaab"` becomes `"3a1b"`). They are correct.
//! Rather than guessing which inputs might break them, state a property that must hold for
//! *every* valid input, `decode(&encode(s)) == Some(s)`, and let proptest generate hundreds of
//! inputs, shrinking any failure to a minimal example.
//!
//! The fine print: the format cannot tell a digit in the text from a digit in a count, so
//! `encode` only promises a round trip for text without ASCII digits; any other `char` is fine,
//! including uppercase, spaces and non-ASCII ones. `decode` returns `None` for malformed input
//! (a character with no count before it, or a count with no character after it) and for input
//! that would decode to more than `MAX_DECODED_CHARS` characters in all.
//!
//! Why it matters: encoders, parsers and serialisers sit on every API boundary. A round-trip
//! property checks them against inputs nobody thought to write down, but only if the generator
//! can reach the interesting inputs.

/// The most characters `decode` will produce; longer claims are rejected, not allocated.
pub const MAX_DECODED_CHARS: usize = 1 << 20;

/// Run-length encodes `text`, which must not contain ASCII digits.
pub fn encode(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let mut run = 1;
        while chars.next_if_eq(&c).is_some() {
            run += 1;
        }
        out.push_str(&run.to_string());
        out.push(c);
    }
    out
}

/// Decodes what `encode` produced, or `None` if `encoded` is malformed or too large.
pub fn decode(encoded: &str) -> Option<String> {
    let mut out = String::new();
    // How many more characters the output may take.
    let mut budget = MAX_DECODED_CHARS;
    let mut count: Option<usize> = None;
    for c in encoded.chars() {
        if let Some(digit) = c.to_digit(10) {
            let so_far = count.unwrap_or_default();
            count = Some(so_far.checked_mul(10)?.checked_add(digit as usize)?);
        } else {
            let run = count.take()?;
            budget = budget.checked_sub(run)?; // more than the budget left: too large
            out.extend(std::iter::repeat_n(c, run));
        }
    }
    if count.is_some() {
        return None; // a count with no character after it
    }
    Some(out)
}

fn main() {
    for text in ["aaab", "Hello, wörld!", "zzzzzzzzzzzz"] {
        let encoded = encode(text);
        println!("{text:?} -> {encoded:?} -> {:?}", decode(&encoded));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn encodes_runs_as_count_then_char() {
        assert_eq!(encode("aaab"), "3a1b");
        assert_eq!(decode("3a1b"), Some("aaab".to_string()));
    }

    #[test]
    fn known_edge_cases_round_trip() {
        let long_run = "x".repeat(12);
        for text in ["", "A", "aAbB", "a b\t", "é✓😀", long_run.as_str()] {
            assert_eq!(
                decode(&encode(text)),
                Some(text.to_string()),
                "round trip of {text:?}"
            );
        }
    }

    #[test]
    fn malformed_input_is_rejected() {
        assert_eq!(decode("ab"), None, "a character needs a count before it");
        assert_eq!(decode("3a2"), None, "a count needs a character after it");
    }

    #[test]
    fn the_size_limit_covers_the_whole_text() {
        let exactly = format!("{MAX_DECODED_CHARS}a");
        assert_eq!(
            decode(&exactly).map(|text| text.len()),
            Some(MAX_DECODED_CHARS),
            "exactly the limit is fine"
        );
        let one_more = format!("{MAX_DECODED_CHARS}a1b");
        assert_eq!(decode(&one_more), None, "the limit is on the whole text");
    }

    /// Any char the format allows: everything but ASCII digits, with ASCII letters well
    /// represented.
    fn text_char() -> impl Strategy<Value = char> {
        prop_oneof![
            prop::char::range('a', 'z'),
            prop::char::range('A', 'Z'),
            any::<char>().prop_filter("digits are not allowed", |c| !c.is_ascii_digit()),
        ]
    }

    /// Text built from runs of 1 to 20 identical characters, so long runs show up often;
    /// plain random strings almost never repeat a character ten times.
    fn text_with_runs() -> impl Strategy<Value = String> {
        prop::collection::vec((text_char(), 1..=20usize), 0..8).prop_map(|runs| {
            runs.into_iter()
                .flat_map(|(c, n)| std::iter::repeat_n(c, n))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn decode_inverts_encode(text in text_with_runs()) {
            prop_assert_eq!(decode(&encode(&text)), Some(text));
        }

        #[test]
        fn decode_inverts_encode_on_random_text(text in "[^0-9]*") {
            prop_assert_eq!(decode(&encode(&text)), Some(text));
        }
    }
}
