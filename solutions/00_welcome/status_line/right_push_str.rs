//! right: builds the line piece by piece in a String

use std::fmt::Write;

/// The status line of an HTTP/1.1 response: protocol version, status code, reason phrase.
pub fn status_line(code: u16, reason: &str) -> String {
    let mut line = String::from("HTTP/1.1 ");
    write!(line, "{code}").expect("writing to a String cannot fail");
    line.push(' ');
    line.push_str(reason);
    line
}

fn main() {
    println!("{}", status_line(200, "OK"));
}
