//! # HTTP on the wire: one request by hand
//!
//! HTTP/1.1 is lines of text over a TCP connection. Write `raw_get`: connect, send a GET request
//! (request line, `Host` header, `Connection: close`, empty line; every line ends with CRLF,
//! `\r\n`), read the whole answer and split it into status line, header fields and body.
//!
//! Why it matters: every HTTP client does exactly this for you. Knowing the bytes on the socket
//! lets you read `curl -v` output, proxy logs and packet captures, and debug a client or a server
//! when they disagree.

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
/// panic: bytes from the network are untrusted input.
pub async fn raw_get(addr: SocketAddr, host: &str, path: &str) -> io::Result<RawResponse> {
    let mut stream = TcpStream::connect(addr).await?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;
    use tokio::net::TcpListener;
    use tokio::sync::oneshot;
    use tokio::time::timeout;

    /// Starts a server that accepts one connection, reads the request head (up to the first
    /// empty line), sends it to the test through the returned channel, and answers `response`.
    /// Like a real HTTP/1.1 server, it keeps the connection open afterwards unless the request
    /// said `Connection: close`.
    async fn serve_once(response: &'static str) -> (SocketAddr, oneshot::Receiver<String>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (head_tx, head_rx) = oneshot::channel();
        tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut received = Vec::new();
            let mut buf = [0u8; 1024];
            loop {
                let n = socket.read(&mut buf).await.unwrap_or(0);
                if n == 0 {
                    break;
                }
                received.extend_from_slice(&buf[..n]);
                // Stop at the end of the head, also when it (wrongly) uses bare LFs.
                if received.windows(4).any(|w| w == b"\r\n\r\n")
                    || received.windows(2).any(|w| w == b"\n\n")
                {
                    break;
                }
            }
            let head = String::from_utf8_lossy(&received).into_owned();
            let close = head.lines().any(|line| {
                line.split_once(':').is_some_and(|(name, value)| {
                    name.trim().eq_ignore_ascii_case("connection")
                        && value.trim().eq_ignore_ascii_case("close")
                })
            });
            let _ = head_tx.send(head);
            let _ = socket.write_all(response.as_bytes()).await;
            if !close {
                // Keep-alive: wait for the next request that never comes.
                std::future::pending::<()>().await;
            }
        });
        (addr, head_rx)
    }

    /// Calls `raw_get`, then checks the request the server received.
    async fn get(response: &'static str, host: &str, path: &str) -> io::Result<RawResponse> {
        let (addr, head_rx) = serve_once(response).await;
        let result = timeout(Duration::from_secs(2), raw_get(addr, host, path)).await;
        let head = timeout(Duration::from_secs(1), head_rx)
            .await
            .ok()
            .and_then(Result::ok)
            .expect("the server received no request: connect to `addr` and write the request");

        let first_line = head.split('\n').next().unwrap_or_default();
        let expected_line = format!("GET {path} HTTP/1.1\r");
        assert_eq!(
            first_line, expected_line,
            "the request line is `GET <path> HTTP/1.1`, single spaces, ended by \\r\\n"
        );
        assert!(
            !head.replace("\r\n", "").contains('\n'),
            "every line of the request ends with CRLF (\\r\\n), not a bare \\n; you sent {head:?}"
        );
        assert!(
            head.ends_with("\r\n\r\n"),
            "the request head ends with an empty line: the last header line, then \\r\\n\\r\\n; \
             you sent {head:?}"
        );
        let host_values: Vec<&str> = head
            .split("\r\n")
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .filter(|(name, _)| name.eq_ignore_ascii_case("host"))
            .map(|(_, value)| value.trim())
            .collect();
        assert_eq!(
            host_values,
            vec![host],
            "HTTP/1.1 requires exactly one Host header naming the server (RFC 9112, 3.2); \
             you sent {head:?}"
        );

        result.expect(
            "raw_get never returned. An HTTP/1.1 connection stays open after the answer unless \
             you ask otherwise: send `Connection: close` and read to the end of the stream",
        )
    }

    const OK_RESPONSE: &str = "HTTP/1.1 200 OK\r\n\
        Content-Type: text/plain; charset=utf-8\r\n\
        Content-Length: 12\r\n\
        X-Request-Id:   abc-123  \r\n\
        Location: http://api.example.test/greetings/1\r\n\
        \r\n\
        hello, ada!\n";

    #[tokio::test]
    async fn sends_a_well_formed_request_and_reads_the_status() {
        let response = get(OK_RESPONSE, "api.example.test", "/hello?name=ada")
            .await
            .expect("a well-formed 200 answer must parse");
        assert_eq!(
            response.status, 200,
            "the status code is the second word of the status line"
        );
        assert_eq!(
            response.reason, "OK",
            "the reason phrase is the rest of the status line"
        );
    }

    #[tokio::test]
    async fn parses_header_fields() {
        let response = get(OK_RESPONSE, "api.example.test", "/hello?name=ada")
            .await
            .expect("a well-formed 200 answer must parse");
        assert_eq!(
            response.header("content-type"),
            Some("text/plain; charset=utf-8"),
            "each header line is `Name: value`, and the value is trimmed of the spaces around it"
        );
        assert_eq!(
            response.header("x-request-id"),
            Some("abc-123"),
            "whitespace around a field value is not part of the value: trim it"
        );
        assert_eq!(
            response.header("location"),
            Some("http://api.example.test/greetings/1"),
            "split a header line at its FIRST colon only: values may contain colons"
        );
        assert_eq!(
            response.headers.len(),
            4,
            "the response has four header fields"
        );
    }

    #[tokio::test]
    async fn the_body_follows_the_empty_line() {
        let response = get(OK_RESPONSE, "api.example.test", "/hello?name=ada")
            .await
            .expect("a well-formed 200 answer must parse");
        assert_eq!(
            response.body, "hello, ada!\n",
            "the body is everything after the first \\r\\n\\r\\n"
        );
    }

    #[tokio::test]
    async fn a_reason_phrase_can_have_several_words() {
        let response = get(
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
            "localhost",
            "/missing",
        )
        .await
        .expect("a well-formed 404 answer must parse: a 404 is still a valid HTTP response");
        assert_eq!(response.status, 404);
        assert_eq!(
            response.reason, "Not Found",
            "the reason phrase is everything after the status code, spaces included"
        );
        assert_eq!(response.body, "", "this answer has an empty body");
    }

    #[tokio::test]
    async fn something_that_is_not_http_is_an_error() {
        let result = get("SSH-2.0-OpenSSH_9.6\r\n\r\n", "localhost", "/").await;
        let err = result.expect_err(
            "an answer whose status line does not start with HTTP/1.x is not an HTTP response: \
             return an error (and never panic on bytes from the network)",
        );
        assert_eq!(
            err.kind(),
            io::ErrorKind::InvalidData,
            "report a malformed answer as io::ErrorKind::InvalidData"
        );
    }
}
