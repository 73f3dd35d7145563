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
/// panic: bytes from the network are untrusted input. That is: no empty line ending the head, a
/// status line that does not start with `HTTP/1.` or whose code is not three digits, or a header
/// line without a colon.
pub async fn raw_get(addr: SocketAddr, host: &str, path: &str) -> io::Result<RawResponse> {
    // TODO: connect a `TcpStream` to `addr` and write the request head:
    //   the request line `GET <path> HTTP/1.1`, then the header fields `Host: <host>` and
    //   `Connection: close`, then an empty line. Every line ends with "\r\n".
    // TODO: read the answer to the end of the stream (the server closes it after answering,
    //   because you asked it to) and hand the text to `parse_response`. The answer may arrive
    //   in several pieces: one `read` is not enough.
    todo!()
}

fn parse_response(raw: &str) -> io::Result<RawResponse> {
    // TODO: split `raw` at the first empty line ("\r\n\r\n") into head and body.
    // TODO: the first line of the head is the status line: `HTTP/1.1 404 Not Found`
    //   (version, code, reason phrase; the reason phrase may contain spaces, or be empty).
    // TODO: every other line is a header field `Name: value`: keep the name as sent, trim the
    //   value.
    // Malformed input (see `raw_get`) returns `Err(invalid("..."))`.
    todo!()
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
    use testkit::{RawServer, Script, until_stalled};
    use tokio::task::JoinHandle;
    use tokio::time::timeout;

    /// `raw_get(addr, host, path)` in a task of its own, so that a panic is reported as such.
    fn spawn_get(addr: SocketAddr, host: &str, path: &str) -> JoinHandle<io::Result<RawResponse>> {
        let (host, path) = (host.to_string(), path.to_string());
        tokio::spawn(async move { raw_get(addr, &host, &path).await })
    }

    /// Waits for the request `server` receives and checks it; fails at once if `call` ends
    /// before the server has received one.
    async fn check_request(
        server: &RawServer,
        call: &mut JoinHandle<io::Result<RawResponse>>,
        host: &str,
        path: &str,
    ) {
        let head = tokio::select! {
            head = server.request() => head,
            joined = &mut *call => panic!(
                "raw_get returned {:?} before the server received a complete request head: \
                 connect to `addr`, then write the request line, the header fields and an empty \
                 line",
                outcome(joined)
            ),
            () = tokio::time::sleep(Duration::from_secs(2)) => None,
        };
        let head = head.expect(
            "the server received no complete request head: connect to `addr`, then write the \
             request line, the header fields and an empty line",
        );

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
        let fields: Vec<(&str, &str)> = head
            .split("\r\n")
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name, value.trim()))
            .collect();
        let values = |wanted: &str| -> Vec<&str> {
            fields
                .iter()
                .filter(|(name, _)| name.eq_ignore_ascii_case(wanted))
                .map(|(_, value)| *value)
                .collect()
        };
        assert_eq!(
            values("host"),
            vec![host],
            "HTTP/1.1 requires exactly one Host header naming the server (RFC 9112, 3.2); \
             you sent {head:?}"
        );
        assert!(
            values("connection")
                .iter()
                .any(|value| value.eq_ignore_ascii_case("close")),
            "send `Connection: close`: an HTTP/1.1 server keeps the connection open after its \
             answer unless asked otherwise, and a read to the end of the stream would never \
             end; you sent {head:?}"
        );
    }

    /// What a finished `raw_get` task gave, in the shape `raw_get` returns it.
    fn outcome(
        joined: Result<io::Result<RawResponse>, tokio::task::JoinError>,
    ) -> io::Result<RawResponse> {
        joined.unwrap_or_else(|err| {
            let payload = err.into_panic();
            let message = payload
                .downcast_ref::<&str>()
                .map(|text| text.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            if message.starts_with("not yet implemented") {
                panic!("raw_get is not written yet: replace the todo!() ({message})");
            }
            panic!(
                "raw_get panicked ({message}): bytes from the network are untrusted input, so a \
                 malformed answer must be an io::ErrorKind::InvalidData error, never a panic (no \
                 unwrap or indexing on what the server sent)"
            )
        })
    }

    /// Calls `raw_get` against a server that answers `answer` in one write (closing the
    /// connection only if the request asks, like an HTTP/1.1 server), checks the request, and
    /// returns the result.
    async fn get(answer: &str, host: &str, path: &str) -> io::Result<RawResponse> {
        let server = RawServer::start(Script::new().send(answer).then_close_if_asked()).await;
        let mut call = spawn_get(server.addr(), host, path);
        check_request(&server, &mut call, host, path).await;
        let joined = timeout(Duration::from_secs(2), call).await.expect(
            "raw_get did not return after the server closed the connection: read to the end of \
             the stream (AsyncReadExt::read_to_end), then parse",
        );
        outcome(joined)
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
        let names: Vec<&str> = response
            .headers
            .iter()
            .map(|(name, _)| name.as_str())
            .collect();
        assert_eq!(
            names,
            ["Content-Type", "Content-Length", "X-Request-Id", "Location"],
            "`headers` holds every header field in the order received, each with its name as \
             sent (RawResponse::header compares names without case)"
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
        assert_eq!(
            response.status, 404,
            "the status code is the second word of the status line"
        );
        assert_eq!(
            response.reason, "Not Found",
            "the reason phrase is everything after the status code, spaces included"
        );
        assert_eq!(response.body, "", "this answer has an empty body");
    }

    #[tokio::test]
    async fn a_reason_phrase_can_be_empty() {
        let response = get("HTTP/1.1 204 \r\n\r\n", "localhost", "/ping")
            .await
            .expect("`HTTP/1.1 204 ` (an empty reason phrase) is a valid status line");
        assert_eq!(
            response.status, 204,
            "the status code is the second word of the status line"
        );
        assert_eq!(
            response.reason, "",
            "the reason phrase may be empty: it is everything after the code and its space"
        );
    }

    /// Head and body of an answer whose body holds an empty line of its own.
    const PIECES: [&str; 3] = [
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 33\r\n\r\n",
        "line one\r\n\r\n",
        "line three, the last\n",
    ];

    #[tokio::test]
    async fn reads_an_answer_that_arrives_in_pieces() {
        let script = Script::new()
            .send(PIECES[0])
            .pause()
            .send(PIECES[1])
            .pause()
            .send(PIECES[2]);
        let server = RawServer::start(script.then_close_if_asked()).await;
        let mut call = spawn_get(server.addr(), "localhost", "/notes");
        check_request(&server, &mut call, "localhost", "/notes").await;

        for sent in ["only the head", "the head and part of the body"] {
            server.paused().await;
            if let Some(joined) = until_stalled(&mut call).await {
                panic!(
                    "raw_get returned {:?} when the server had sent {sent}: an answer can arrive \
                     in several pieces, so keep reading until the server closes the connection \
                     (read_to_end), not just once or up to the empty line",
                    outcome(joined)
                );
            }
            server.resume();
        }
        let joined = timeout(Duration::from_secs(2), call)
            .await
            .expect("raw_get did not return after the server closed the connection");
        let response = outcome(joined).expect("an answer sent in pieces is still a valid answer");
        assert_eq!(
            response.body,
            format!("{}{}", PIECES[1], PIECES[2]),
            "the body is everything after the FIRST \\r\\n\\r\\n, empty lines inside it included"
        );
    }

    #[tokio::test]
    async fn something_that_is_not_http_is_an_error() {
        let cases = [
            (
                "SSH-2.0-OpenSSH_9.6\r\n\r\n",
                "an SSH banner is not HTTP at all",
            ),
            (
                "ICY 200 OK\r\n\r\n",
                "a status line starts with HTTP/1. (this one is from an old radio stream)",
            ),
            (
                "HTTP/2 200 OK\r\n\r\n",
                "a status line starts with HTTP/1. (HTTP/2 has no status line like this one)",
            ),
            ("HTTP/1.1\r\n\r\n", "a status line without a code"),
            ("HTTP/1.1 20 OK\r\n\r\n", "the status code is three digits"),
            (
                "HTTP/1.1 200 OK\r\nContent-Length 0\r\n\r\n",
                "a header line without a colon is not a header field",
            ),
            (
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n",
                "an answer cut off before the empty line that ends its head is incomplete",
            ),
            (
                "",
                "a server that closes without answering has sent no response",
            ),
        ];
        for (answer, why) in cases {
            let result = get(answer, "localhost", "/").await;
            match result {
                Err(err) => assert_eq!(
                    err.kind(),
                    io::ErrorKind::InvalidData,
                    "report a malformed answer as io::ErrorKind::InvalidData ({answer:?}: {why})"
                ),
                Ok(response) => panic!(
                    "{answer:?} is not a valid HTTP/1.x response ({why}): return \
                     Err(invalid(..)); got Ok({response:?})"
                ),
            }
        }
    }
}
