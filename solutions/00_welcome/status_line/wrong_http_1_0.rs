//! wrong: writes the version of HTTP/1.0
//! expect: a status line is the version `HTTP/1.1`

/// The status line of an HTTP/1.1 response: protocol version, status code, reason phrase.
pub fn status_line(code: u16, reason: &str) -> String {
    format!("HTTP/1.0 {code} {reason}")
}

fn main() {
    println!("{}", status_line(200, "OK"));
}
