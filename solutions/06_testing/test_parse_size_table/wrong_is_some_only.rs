//! wrong: a table of inputs that must parse or not, checked with is_some() and is_none()
//! expect: a kilobyte is read as 1000 bytes instead of 1024
//! expect: a megabyte is read as 1,000,000 bytes
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_and_invalid_sizes() {
        let valid = ["512", "  512  ", "7b", "1kb", "2mb", "3gb", "64KB", "64 kb"];
        for input in valid {
            assert!(parse_size(input).is_some(), "{input:?} is a size");
        }
        let invalid = ["", "kb", "-1", "1.5mb", "10 tb", "17179869184 gb"];
        for input in invalid {
            assert!(parse_size(input).is_none(), "{input:?} is not a size");
        }
    }
}
