//! wrong: formats the reason with {:?}, which puts it in quotes
//! expect: the reason phrase is copied as given

/// The status line of an HTTP/1.1 response: protocol version, status code, reason phrase.
pub fn status_line(code: u16, reason: &str) -> String {
    format!("HTTP/1.1 {code} {reason:?}")
}

fn main() {
    println!("{}", status_line(200, "OK"));
}
