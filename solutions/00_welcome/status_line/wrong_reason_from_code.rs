//! wrong: looks the reason phrase up from the code instead of using the one given
//! expect: build the line from the two arguments, exactly as given

/// The status line of an HTTP/1.1 response: protocol version, status code, reason phrase.
pub fn status_line(code: u16, reason: &str) -> String {
    let reason = match code {
        200 => "OK",
        201 => "Created",
        404 => "Not Found",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => reason,
    };
    format!("HTTP/1.1 {code} {reason}")
}

fn main() {
    println!("{}", status_line(200, "OK"));
}
