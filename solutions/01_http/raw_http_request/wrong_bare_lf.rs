//! wrong: ends the request's lines with a bare \n
//! expect: ended by \r\n

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
    let request = format!("GET {path} HTTP/1.1\nHost: {host}\nConnection: close\n\n");
    stream.write_all(request.as_bytes()).await?;

    // With `Connection: close` the server ends the connection after its answer, so the body
    // ends where the stream ends.
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    parse_response(&String::from_utf8_lossy(&raw))
}

fn parse_response(raw: &str) -> io::Result<RawResponse> {
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .ok_or_else(|| invalid("no empty line after the header fields"))?;
    let mut lines = head.split("\r\n");

    // Status line: HTTP-version SP status-code SP [reason-phrase]
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    if !version.starts_with("HTTP/1.") {
        return Err(invalid("the status line does not start with HTTP/1.x"));
    }
    let status = parts
        .next()
        .filter(|code| code.len() == 3)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| invalid("the status code is not three digits"))?;
    let reason = parts.next().unwrap_or_default().to_string();

    // Header fields: field-name ":" OWS field-value OWS
    let headers = lines
        .map(|line| {
            let (name, value) = line
                .split_once(':')
                .ok_or_else(|| invalid("a header line has no colon"))?;
            Ok((name.to_string(), value.trim().to_string()))
        })
        .collect::<io::Result<_>>()?;

    Ok(RawResponse {
        status,
        reason,
        headers,
        body: body.to_string(),
    })
}

fn invalid(reason: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, reason.to_string())
}

fn main() {
    // The tests start a tiny TCP server and call `raw_get` against it.
}

