//! right: joins the three parts with single spaces

/// The status line of an HTTP/1.1 response: protocol version, status code, reason phrase.
pub fn status_line(code: u16, reason: &str) -> String {
    ["HTTP/1.1", &code.to_string(), reason].join(" ")
}

fn main() {
    println!("{}", status_line(200, "OK"));
}
