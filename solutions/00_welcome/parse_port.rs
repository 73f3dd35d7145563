//! # Reading a compiler error
//!
//! This file does not compile. Read the compiler's message (the runner shows it), find the line
//! it points at, and fix it so that `parse_port` turns text such as "8080" into a port number,
//! and rejects anything that is not a number from 1 to 65535.
//!
//! Why it matters: configuration arrives as text (environment variables, files, flags). A
//! backend must parse it into types and refuse bad values at start-up, not crash later.

/// The port in `text`, or an error message saying what is wrong.
pub fn parse_port(text: &str) -> Result<u16, String> {
    let port: u16 = text
        .trim()
        .parse()
        .map_err(|err| format!("`{text}` is not a port number: {err}"))?;
    if port == 0 {
        return Err("port 0 is not a port you can listen on".to_string());
    }
    Ok(port)
}

fn main() {
    println!("{:?}", parse_port("8080"));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_port(text)`, with a panic turned into a failure that says why it is wrong.
    fn parse(text: &str) -> Result<u16, String> {
        std::panic::catch_unwind(|| parse_port(text)).unwrap_or_else(|_| {
            panic!(
                "parse_port({text:?}) panicked: a bad value must come back as Err(message), \
                 not crash the service (no unwrap on input)"
            )
        })
    }

    #[test]
    fn parses_a_port() {
        assert_eq!(parse("8080"), Ok(8080), "\"8080\" is port 8080");
        assert_eq!(parse("1"), Ok(1), "1 is the lowest port");
        assert_eq!(parse("65535"), Ok(65535), "65535 is the highest port");
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        for text in ["eighty", "", "80a", "8080.0", "-1"] {
            let result = parse(text);
            assert!(
                result.is_err(),
                "{text:?} is not a port number: return an Err; got {result:?}"
            );
        }
    }

    #[test]
    fn rejects_numbers_above_65535() {
        for text in ["65536", "70000", "4294967296"] {
            let result = parse(text);
            assert!(
                result.is_err(),
                "ports stop at 65535, so {text:?} is an Err (parse into a u16: it refuses bigger \
                 numbers, where `as u16` would silently wrap them); got {result:?}"
            );
        }
    }

    #[test]
    fn rejects_port_zero() {
        let result = parse("0");
        assert!(
            result.is_err(),
            "port 0 means 'any port' and cannot be configured; got {result:?}"
        );
    }

    #[test]
    fn the_error_says_something() {
        let message = parse("eighty").err().unwrap_or_default();
        assert!(
            !message.trim().is_empty(),
            "the Err carries a message saying what is wrong (map_err the parse error into one), \
             not an empty string"
        );
    }
}
