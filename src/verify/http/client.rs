//! The `http` verifier's client: plain HTTP/1.1 to a server on 127.0.0.1, one request per
//! connection. It is all the verifier needs (no TLS, no redirects, no proxies, no pooling), and
//! it spares the runner a full HTTP stack on the path to its first start.

use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use super::Response;

/// Largest response body kept; the verifier shows the first few hundred characters anyway.
const BODY_CAP: usize = 1 << 20;

#[derive(Debug)]
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub headers: Vec<(&'a str, &'a str)>,
    pub body: Option<&'a str>,
}

/// Sends `request` to 127.0.0.1:`port` and reads the whole response within `limit`.
pub async fn send(port: u16, request: &Request<'_>, limit: Duration) -> Result<Response, String> {
    if request.method.is_empty() || !request.method.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)) {
        return Err(format!("`{}` is not an HTTP method", request.method));
    }
    match tokio::time::timeout(limit, exchange(port, request)).await {
        Err(_) => Err("no response within the time limit".into()),
        Ok(Err(err)) => Err(format!("the request failed: {err}")),
        Ok(Ok(response)) => Ok(response),
    }
}

async fn exchange(port: u16, request: &Request<'_>) -> std::io::Result<Response> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await?;
    stream.write_all(&head(port, request)).await?;
    if let Some(body) = request.body {
        stream.write_all(body.as_bytes()).await?;
    }
    stream.flush().await?;
    let mut reader = BufReader::new(stream);
    loop {
        let (status, headers) = read_head(&mut reader).await?;
        // An interim answer (100 Continue) is followed by the real one.
        if (100..200).contains(&status) {
            continue;
        }
        let header = |name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim().to_owned());
        let no_body = request.method.eq_ignore_ascii_case("HEAD") || status == 204 || status == 304;
        let body = if no_body {
            Vec::new()
        } else if header("transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
            read_chunked(&mut reader).await?
        } else if let Some(length) = header("content-length").and_then(|l| l.parse::<usize>().ok()) {
            let mut body = vec![0; length.min(BODY_CAP)];
            reader.read_exact(&mut body).await?;
            body
        } else {
            let mut body = Vec::new();
            reader.take(BODY_CAP as u64).read_to_end(&mut body).await?;
            body
        };
        return Ok(Response { status, headers, body: String::from_utf8_lossy(&body).into_owned() });
    }
}

fn head(port: u16, request: &Request<'_>) -> Vec<u8> {
    let mut head = format!("{} {} HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\nconnection: close\r\n", request.method.to_uppercase(), request.path);
    let has = |name: &str| request.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    if !has("accept") {
        head.push_str("accept: */*\r\n");
    }
    for (name, value) in &request.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = request.body.filter(|_| !has("content-length")) {
        head.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    head.into_bytes()
}

fn invalid(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, format!("the server's answer is not valid HTTP/1.1 ({what})"))
}

async fn read_line(reader: &mut BufReader<TcpStream>) -> std::io::Result<String> {
    let mut line = Vec::new();
    if reader.read_until(b'\n', &mut line).await? == 0 {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the server closed the connection without an answer"));
    }
    Ok(String::from_utf8_lossy(&line).trim_end_matches(['\r', '\n']).to_owned())
}

async fn read_head(reader: &mut BufReader<TcpStream>) -> std::io::Result<(u16, Vec<(String, String)>)> {
    let status_line = read_line(reader).await?;
    let status = parse_status(&status_line).ok_or_else(|| invalid(&status_line))?;
    let mut headers = Vec::new();
    loop {
        let line = read_line(reader).await?;
        if line.is_empty() {
            return Ok((status, headers));
        }
        let (name, value) = line.split_once(':').ok_or_else(|| invalid("a header without a colon"))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
}

/// `HTTP/1.1 201 Created` → 201.
fn parse_status(line: &str) -> Option<u16> {
    let mut parts = line.split_whitespace();
    parts.next().filter(|v| v.starts_with("HTTP/"))?;
    parts.next()?.parse().ok()
}

async fn read_chunked(reader: &mut BufReader<TcpStream>) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let size_line = read_line(reader).await?;
        let size = usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16).map_err(|_| invalid("a bad chunk size"))?;
        if size == 0 {
            // Trailers, up to the blank line.
            while !read_line(reader).await?.is_empty() {}
            return Ok(body);
        }
        let mut chunk = vec![0; size];
        reader.read_exact(&mut chunk).await?;
        if body.len() < BODY_CAP {
            body.extend_from_slice(&chunk);
        }
        read_line(reader).await?;
    }
}

/// The standard reason phrase of a status code, for messages (`201 Created`).
pub fn reason(status: u16) -> Option<&'static str> {
    Some(match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    /// A one-shot server that answers `answer` and returns what it received.
    async fn serve(answer: &'static [u8]) -> (u16, tokio::task::JoinHandle<String>) {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let task = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.expect("accept");
            let mut received = vec![0; 4096];
            let n = socket.read(&mut received).await.expect("read");
            socket.write_all(answer).await.expect("write");
            String::from_utf8_lossy(&received[..n]).into_owned()
        });
        (port, task)
    }

    #[tokio::test]
    async fn a_request_with_a_body_and_a_sized_answer() {
        let (port, server) = serve(b"HTTP/1.1 201 Created\r\nLocation: /users/1\r\nContent-Length: 8\r\n\r\n{\"id\":1}").await;
        let request = Request { method: "post", path: "/users", headers: vec![("content-type", "application/json")], body: Some("{}") };
        let response = send(port, &request, Duration::from_secs(5)).await.expect("response");
        assert_eq!((response.status, response.body.as_str()), (201, "{\"id\":1}"));
        assert_eq!(response.headers[0], ("location".to_owned(), "/users/1".to_owned()));
        let sent = server.await.expect("server");
        assert!(sent.starts_with("POST /users HTTP/1.1\r\n") && sent.contains("content-length: 2\r\n") && sent.ends_with("\r\n\r\n{}"), "{sent}");
    }

    #[tokio::test]
    async fn a_chunked_answer_is_put_together() {
        let (port, _server) = serve(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n").await;
        let request = Request { method: "GET", path: "/", headers: vec![], body: None };
        assert_eq!(send(port, &request, Duration::from_secs(5)).await.expect("response").body, "abcde");
    }

    #[tokio::test]
    async fn silence_is_a_timeout_and_a_bad_method_is_named() {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let request = Request { method: "GET", path: "/", headers: vec![], body: None };
        assert_eq!(send(port, &request, Duration::from_millis(200)).await.err().as_deref(), Some("no response within the time limit"));
        let bad = Request { method: "GE T", ..request };
        assert_eq!(send(port, &bad, Duration::from_secs(1)).await.err().as_deref(), Some("`GE T` is not an HTTP method"));
    }
}
