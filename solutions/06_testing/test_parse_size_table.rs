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
        let cases: &[(&str, Option<u64>)] = &[
            // bare numbers are bytes
            ("0", Some(0)),
            ("512", Some(512)),
            ("  512  ", Some(512)),
            // each unit, in lower and upper case
            ("7b", Some(7)),
            ("1kb", Some(1024)),
            ("2mb", Some(2 * 1024 * 1024)),
            ("3gb", Some(3 * 1024 * 1024 * 1024)),
            ("64KB", Some(64 * 1024)),
            ("10Mb", Some(10 * 1024 * 1024)),
            // spaces between number and unit
            ("64 kb", Some(64 * 1024)),
            (" 64 kb\t", Some(64 * 1024)),
            ("1   GB", Some(1024 * 1024 * 1024)),
            // not a size
            ("", None),
            ("kb", None),
            ("-1", None),
            ("1.5mb", None),
            ("12 parsecs", None),
            ("10 tb", None),
            // the largest size that fits, and sizes that overflow a u64
            ("18446744073709551615", Some(u64::MAX)),
            ("18446744073709551616", None),
            ("17179869184 gb", None),
        ];
        for &(input, expected) in cases {
            assert_eq!(parse_size(input), expected, "parse_size({input:?})");
        }
    }
}
