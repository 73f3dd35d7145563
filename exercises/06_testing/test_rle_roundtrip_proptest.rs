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

    // An example-based test: one input, one expected output.
    #[test]
    fn encodes_runs_as_count_then_char() {
        assert_eq!(encode("aaab"), "3a1b");
        assert_eq!(decode("3a1b"), Some("aaab".to_string()));
    }

    proptest! {
        // A property: for every generated `text`, the body must hold. The string after `in`
        // is a strategy; here, a regex the generated strings match.
        #[test]
        fn encoding_never_shrinks_a_single_run(c in "[a-z]", n in 1..5usize) {
            let text = c.repeat(n);
            prop_assert!(encode(&text).len() >= 2);
        }

        // TODO: the round-trip property, `decode(&encode(&text)) == Some(text)`, over a
        // strategy that produces every kind of valid text: think about which inputs a plain
        // random string rarely contains.
    }
}
