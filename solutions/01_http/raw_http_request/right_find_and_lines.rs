//! right: reads into a String, then parses with find, lines and strip_prefix

// The tests call these items; `main` does not.
#![allow(dead_code)]

use std::io;
use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A parsed HTTP/1.1 response.
#[derive(Debug)]
pub struct RawResponse {
    /// The status code, e.g. `404`.
    pub status: u16,
    /// The reason phrase after the code, e.g. `"Not Found"` (it may contain spaces, or be empty).
    pub reason: String,
    /// The header fields in the order received: (name as sent, value without the whitespace
    /// around it).
    pub headers: Vec<(String, String)>,
    /// Everything after the empty line that ends the headers.
    pub body: String,
}

impl RawResponse {
    /// The value of the first header field called `name`. Field names are case-insensitive.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(field, _)| field.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Sends `GET <path> HTTP/1.1` with `Host: <host>` to the server at `addr` and parses its answer.
///
/// Anything that is not an HTTP/1.x response is an `io::ErrorKind::InvalidData` error, never a
/// panic: bytes from the network are untrusted input. That is: no empty line ending the head, a
/// status line that does not start with `HTTP/1.` or whose code is not three digits, or a header
/// line without a colon.
pub async fn raw_get(addr: SocketAddr, host: &str, path: &str) -> io::Result<RawResponse> {
    let mut stream = TcpStream::connect(addr).await?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;

    // With `Connection: close` the server ends the connection after its answer, so the body
    // ends where the stream ends.
    let mut text = String::new();
    stream.read_to_string(&mut text).await?;
    parse_response(&text)
}

fn parse_response(raw: &str) -> io::Result<RawResponse> {
    let Some(end_of_head) = raw.find("\r\n\r\n") else {
        return Err(invalid("the head never ends"));
    };
    let head = &raw[..end_of_head];
    let body = raw[end_of_head + 4..].to_string();

    let mut lines = head.lines();
    let status_line = lines.next().ok_or_else(|| invalid("no status line"))?;
    let rest = status_line
        .strip_prefix("HTTP/1.")
        .and_then(|rest| rest.split_once(' '))
        .map(|(_minor, rest)| rest)
        .ok_or_else(|| invalid("not an HTTP/1.x status line"))?;
    let (code, reason) = match rest.split_once(' ') {
        Some((code, reason)) => (code, reason),
        None => (rest, ""),
    };
    if code.len() != 3 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid("the status code is not three digits"));
    }
    let status: u16 = code.parse().map_err(|_| invalid("bad status code"))?;

    let mut headers = Vec::new();
    for line in lines {
        let Some(colon) = line.find(':') else {
            return Err(invalid("a header line without a colon"));
        };
        headers.push((line[..colon].to_string(), line[colon + 1..].trim().to_string()));
    }

    Ok(RawResponse {
        status,
        reason: reason.to_string(),
        headers,
        body,
    })
}

fn invalid(reason: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, reason.to_string())
}

fn main() {
    // The tests start a tiny TCP server and call `raw_get` against it.
}

