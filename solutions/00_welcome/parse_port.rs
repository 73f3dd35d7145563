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

    #[test]
    fn parses_a_port() {
        assert_eq!(parse_port("8080"), Ok(8080));
    }

    #[test]
    fn rejects_what_is_not_a_port() {
        assert!(parse_port("eighty").is_err(), "letters are not a port");
        assert!(parse_port("70000").is_err(), "ports stop at 65535");
        assert!(
            parse_port("0").is_err(),
            "port 0 means 'any port' and cannot be configured"
        );
    }
}
