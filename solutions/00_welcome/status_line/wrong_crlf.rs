//! wrong: ends the line with CRLF, as it appears on the wire
//! expect: the line ending (CRLF) is added by whoever writes the response, not here

/// The status line of an HTTP/1.1 response: protocol version, status code, reason phrase.
pub fn status_line(code: u16, reason: &str) -> String {
    format!("HTTP/1.1 {code} {reason}\r\n")
}

fn main() {
    println!("{}", status_line(200, "OK"));
}
