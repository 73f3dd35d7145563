//! # Table-driven tests
//!
//! `parse_size` reads sizes from a config file ("512", "64 KB", "10mb", "2GB") into bytes. It is
//! correct; write the tests. It accepts many spellings and rejects many more, so one `#[test]`
//! per case would be a wall of copy-paste. Instead, write the cases as rows of a table (input,
//! expected result) and loop over them with one assertion whose message names the failing row.
//!
//! The rules: surrounding whitespace is ignored; a bare number is bytes; the units `b`, `kb`,
//! `mb`, `gb` are powers of 1024, case-insensitive, optionally separated from the number by
//! spaces; anything else (no number, an unknown unit, a negative or fractional number, a size
//! that does not fit in a `u64`) is `None`.
//!
//! Why it matters: a table makes the covered equivalence classes visible at a glance, adding a
//! case is one line, and a missing class stands out in review.

/// Parses a human-written size into bytes, or `None` if it is not a valid size.
pub fn parse_size(input: &str) -> Option<u64> {
    let text = input.trim().to_ascii_lowercase();
    let digits_end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (digits, unit) = text.split_at(digits_end);
    let number: u64 = digits.parse().ok()?;
    let multiplier: u64 = match unit.trim_start() {
        "" | "b" => 1,
        "kb" => 1 << 10,
        "mb" => 1 << 20,
        "gb" => 1 << 30,
        _ => return None,
    };
    number.checked_mul(multiplier)
}

fn main() {
    for input in ["512", "64 KB", "10mb", "2GB", "1.5 MB", "12 parsecs"] {
        println!("{input:?} -> {:?}", parse_size(input));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_size_table() {
        // Each row: (input, what parse_size must return).
        let cases: &[(&str, Option<u64>)] = &[
            ("2mb", Some(2 * 1024 * 1024)),
            ("", None),
            // TODO: add rows until every rule in the doc comment above is pinned down: each
            // unit, its spellings, the separators, the inputs that must be rejected, and the
            // edge of what fits in a u64.
        ];
        for &(input, expected) in cases {
            // The message names the row, so a failure says which case broke.
            assert_eq!(parse_size(input), expected, "parse_size({input:?})");
        }
    }
}
