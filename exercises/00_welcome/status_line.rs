//! # A function checked by tests
//!
//! Most exercises are checked by the tests at the bottom of the file. Complete `status_line` so
//! that it builds the first line of an HTTP/1.1 response from a status code and its reason
//! phrase, for example `HTTP/1.1 404 Not Found`.
//!
//! Why it matters: every HTTP response starts with this line; you will read and write many of
//! them in this course. Read the tests to see exactly what is expected.

/// The status line of an HTTP/1.1 response: protocol version, status code, reason phrase.
pub fn status_line(code: u16, reason: &str) -> String {
    // TODO: return the status line, e.g. "HTTP/1.1 200 OK" for (200, "OK").
    todo!("build the status line for {code} {reason}")
}

fn main() {
    // A tiny demo; the runner checks the tests below, not this.
    println!("{}", status_line(200, "OK"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok() {
        assert_eq!(
            status_line(200, "OK"),
            "HTTP/1.1 200 OK",
            "a status line is the version `HTTP/1.1`, the code and the reason phrase, separated \
             by single spaces, with nothing around them"
        );
    }

    #[test]
    fn not_found_keeps_the_reason_phrase_as_given() {
        assert_eq!(
            status_line(404, "Not Found"),
            "HTTP/1.1 404 Not Found",
            "the version, the code and the reason are separated by single spaces, and the \
             reason phrase is copied as given, spaces included"
        );
    }

    #[test]
    fn uses_the_code_and_reason_it_is_given() {
        assert_eq!(
            status_line(503, "Back Soon, Promise"),
            "HTTP/1.1 503 Back Soon, Promise",
            "build the line from the two arguments, exactly as given: a server may choose its \
             own reason phrase for any code"
        );
    }

    #[test]
    fn no_line_ending_is_included() {
        let line = status_line(201, "Created");
        assert!(
            !line.ends_with('\n') && !line.ends_with('\r'),
            "the line ending (CRLF) is added by whoever writes the response, not here; you \
             returned {line:?}"
        );
    }
}
