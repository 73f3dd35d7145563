//! wrong: forgets the space between the code and the reason phrase
//! expect: separated by single spaces

/// The status line of an HTTP/1.1 response: protocol version, status code, reason phrase.
pub fn status_line(code: u16, reason: &str) -> String {
    "HTTP/1.1 ".to_string() + &code.to_string() + reason
}

fn main() {
    println!("{}", status_line(200, "OK"));
}
