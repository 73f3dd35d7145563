//! # {title}
//!
//! TODO: say what the server must answer, in two or three sentences.
//! Why it matters: one or two sentences about real backends.
//!
//! The server below handles one request per connection with the standard library only;
//! `respond` decides the answer.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

/// The status code and body of the answer to `method` `path`.
pub fn respond(method: &str, path: &str, body: &str) -> (u16, String) {
    // TODO: say what to do here.
    todo!("answer {method} {path} ({} bytes of body)", body.len())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        400 => "Bad Request",
        404 => "Not Found",
        _ => "Other",
    }
}

fn handle(mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line)? == 0 {
        return Ok(()); // a connection closed without a request
    }
    let mut content_length = 0;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            content_length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; content_length];
    reader.read_exact(&mut body)?;
    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (status, answer) = respond(method, path, &String::from_utf8_lossy(&body));
    write!(
        stream,
        "HTTP/1.1 {status} {}\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
        reason(status),
        answer.len()
    )
}

fn main() -> std::io::Result<()> {
    // The runner chooses the port; bind to 127.0.0.1 only.
    let port = std::env::var("PORT").unwrap_or_else(|_| String::from("3000"));
    let listener = TcpListener::bind(format!("127.0.0.1:{port}"))?;
    for stream in listener.incoming() {
        let stream = stream?;
        std::thread::spawn(move || {
            if let Err(err) = handle(stream) {
                eprintln!("connection failed: {err}");
            }
        });
    }
    Ok(())
}
