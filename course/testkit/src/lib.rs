//! # testkit: impolite servers for the course's tests
//!
//! A test server that sends its whole answer in one write, at once, never catches a client that
//! reads once, stops at the end of the head, or has no deadline. Real servers send answers in
//! pieces, pause between the head and the body, stall, or close the connection early. This crate
//! gives the course's tests such servers, on `127.0.0.1:0`, and the means to make them
//! deterministic:
//!
//! - [`RawServer`] plays a [`Script`] on every connection it accepts: it reads the request head,
//!   hands it to the test, then sends chosen bytes, waits at [pauses](Script::pause) that only
//!   the test ends ([`RawServer::resume`]), and closes or holds the connection.
//! - [`until_stalled`] answers "would this call return now, with what it has received so far?"
//!   without waiting on the clock: it polls the call while the runtime does all the work that is
//!   already possible (other tasks, I/O on loopback), and returns its output if it finished.
//!   [`settle`] is the same without a call to poll.
//!
//! ```no_run
//! # async fn demo() {
//! use testkit::{RawServer, Script, until_stalled};
//!
//! // The head, then a pause, then the body.
//! let server = RawServer::start(
//!     Script::new()
//!         .send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
//!         .pause()
//!         .send("hello"),
//! )
//! .await;
//! let mut call = std::pin::pin!(async { /* a client talking to server.addr() */ });
//! server.paused().await; // the server has sent the head and waits
//! assert!(until_stalled(&mut call).await.is_none(), "the body is still to come");
//! server.resume(); // now the body
//! call.await;
//! # }
//! ```
//!
//! Only the standard library and tokio: the tests use the current-thread runtime of
//! `#[tokio::test]`, on which the server's tasks and the client under test take turns.

use std::future::{Future, poll_fn};
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::Poll;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Mutex, Semaphore, mpsc};
use tokio::task::JoinHandle;

/// How many turns of the runtime [`until_stalled`] and [`settle`] give: far more than a
/// request and its answer over loopback need (a few each), and still only microseconds.
const TURNS: usize = 200;

/// What a [`RawServer`] does on each connection, after reading the request head.
#[derive(Debug, Clone, Default)]
pub struct Script {
    steps: Vec<Step>,
    end: End,
}

#[derive(Debug, Clone)]
enum Step {
    Send(Vec<u8>),
    Pause,
    Sleep(Duration),
}

/// How a connection ends once its steps are played.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum End {
    #[default]
    Close,
    Hold,
    CloseIfAsked,
}

impl Script {
    /// A script that sends nothing and closes the connection after reading the request.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes `bytes` (one `write_all`, flushed). Two sends are two writes: a client may receive
    /// them in one read or in two.
    pub fn send(mut self, bytes: impl AsRef<[u8]>) -> Self {
        self.steps.push(Step::Send(bytes.as_ref().to_vec()));
        self
    }

    /// Writes `bytes` in writes of `piece` bytes each, each one a pause: the test releases every
    /// piece with [`RawServer::resume`].
    pub fn send_in_pieces(mut self, bytes: impl AsRef<[u8]>, piece: usize) -> Self {
        for chunk in bytes.as_ref().chunks(piece.max(1)) {
            self = self.pause().send(chunk);
        }
        self
    }

    /// Waits until the test calls [`RawServer::resume`]; [`RawServer::paused`] tells the test
    /// that a connection got here. Everything sent before a pause has been written to the socket.
    pub fn pause(mut self) -> Self {
        self.steps.push(Step::Pause);
        self
    }

    /// Waits `delay` on the clock. Only for lessons about time (deadlines, timeouts), and only
    /// so that a correct client passes however much longer the sleep really lasts: never make a
    /// test's verdict on a correct answer depend on a sleep being short.
    pub fn sleep(mut self, delay: Duration) -> Self {
        self.steps.push(Step::Sleep(delay));
        self
    }

    /// After the steps, keeps the connection open without sending anything more, until the
    /// server is dropped: a server that stalls.
    pub fn then_hold(mut self) -> Self {
        self.end = End::Hold;
        self
    }

    /// After the steps, behaves like an HTTP/1.1 server: closes the connection if the request
    /// said `Connection: close`, and otherwise keeps it open for a next request that never
    /// comes.
    pub fn then_close_if_asked(mut self) -> Self {
        self.end = End::CloseIfAsked;
        self
    }
}

/// A TCP server on `127.0.0.1:0` that plays a [`Script`] on every connection. Dropping it stops
/// the server and closes every connection.
pub struct RawServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    requests: Mutex<mpsc::UnboundedReceiver<String>>,
    task: JoinHandle<()>,
}

struct Shared {
    script: Script,
    connections: AtomicUsize,
    /// One permit each time a connection reaches a pause.
    paused: Semaphore,
    /// One permit for each `resume` the test called.
    resumed: Semaphore,
}

impl RawServer {
    /// Binds `127.0.0.1:0` and serves `script` on every connection, until dropped.
    pub async fn start(script: Script) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a test server on 127.0.0.1:0");
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let shared = Arc::new(Shared {
            script,
            connections: AtomicUsize::new(0),
            paused: Semaphore::new(0),
            resumed: Semaphore::new(0),
        });
        let (requests_tx, requests) = mpsc::unbounded_channel();
        let task = tokio::spawn(accept(listener, shared.clone(), requests_tx));
        Self {
            addr,
            shared,
            requests: Mutex::new(requests),
            task,
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many connections the server has accepted so far.
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    /// The next request head received (up to and including the empty line that ends it, or
    /// whatever arrived before the client stopped sending), in the order received; `None` once
    /// the server is stopped. Only the first request of each connection is read.
    pub async fn request(&self) -> Option<String> {
        self.requests.lock().await.recv().await
    }

    /// Waits until a connection reaches a [pause](Script::pause). Each pause reached is reported
    /// once.
    pub async fn paused(&self) {
        self.shared
            .paused
            .acquire()
            .await
            .expect("the semaphore is never closed")
            .forget();
    }

    /// Lets one paused connection (or the next to reach a pause) go on.
    pub fn resume(&self) {
        self.shared.resumed.add_permits(1);
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        // The accept task owns the connections' tasks: aborting it closes them all.
        self.task.abort();
    }
}

async fn accept(
    listener: TcpListener,
    shared: Arc<Shared>,
    requests: mpsc::UnboundedSender<String>,
) {
    let mut connections = tokio::task::JoinSet::new();
    while let Ok((socket, _)) = listener.accept().await {
        shared.connections.fetch_add(1, Ordering::SeqCst);
        connections.spawn(serve(socket, shared.clone(), requests.clone()));
    }
}

async fn serve(
    mut socket: TcpStream,
    shared: Arc<Shared>,
    requests: mpsc::UnboundedSender<String>,
) {
    let _ = socket.set_nodelay(true);
    let head = read_head(&mut socket).await;
    let close_asked = asks_to_close(&head);
    let _ = requests.send(head);
    for step in &shared.script.steps {
        match step {
            Step::Send(bytes) => {
                if socket.write_all(bytes).await.is_err() || socket.flush().await.is_err() {
                    return;
                }
            }
            Step::Pause => {
                shared.paused.add_permits(1);
                match shared.resumed.acquire().await {
                    Ok(permit) => permit.forget(),
                    Err(_) => return,
                }
            }
            Step::Sleep(delay) => tokio::time::sleep(*delay).await,
        }
    }
    let hold = match shared.script.end {
        End::Close => false,
        End::Hold => true,
        End::CloseIfAsked => !close_asked,
    };
    if hold {
        std::future::pending::<()>().await;
    }
    let _ = socket.shutdown().await;
}

/// Reads up to the end of the request head: an empty line, also when (wrongly) written with
/// bare LFs; or whatever arrived before the client stopped sending.
async fn read_head(socket: &mut TcpStream) -> String {
    let mut received = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        let n = socket.read(&mut buf).await.unwrap_or(0);
        if n == 0 {
            break;
        }
        received.extend_from_slice(&buf[..n]);
        if received.windows(4).any(|w| w == b"\r\n\r\n")
            || received.windows(2).any(|w| w == b"\n\n")
        {
            break;
        }
    }
    String::from_utf8_lossy(&received).into_owned()
}

/// Whether a request head has a `Connection: close` header field.
fn asks_to_close(head: &str) -> bool {
    head.lines().skip(1).any(|line| {
        line.split_once(':').is_some_and(|(name, value)| {
            name.trim().eq_ignore_ascii_case("connection")
                && value
                    .split(',')
                    .any(|option| option.trim().eq_ignore_ascii_case("close"))
        })
    })
}

/// Polls `future` while the runtime runs every other task and the I/O that is already possible,
/// for many turns, and returns its output if it finished. `None` means the future is waiting
/// for something that has not happened yet (more bytes, a resumed pause, a timer).
///
/// This is how a test asks "would the client return now?" without a clock: over loopback, bytes
/// a server has written are already in the client's socket, so a client that is satisfied with
/// them finishes within these turns, and a client that waits for more does not.
pub async fn until_stalled<F: Future + Unpin>(future: &mut F) -> Option<F::Output> {
    for _ in 0..TURNS {
        let polled = poll_fn(|cx| Poll::Ready(Pin::new(&mut *future).poll(cx))).await;
        if let Poll::Ready(output) = polled {
            return Some(output);
        }
        tokio::task::yield_now().await;
    }
    None
}

/// Lets the runtime run every other task and the I/O that is already possible, for many turns:
/// afterwards, whatever a client could already send has reached the server.
pub async fn settle() {
    for _ in 0..TURNS {
        tokio::task::yield_now().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn connect_and_ask(server: &RawServer, request: &str) -> TcpStream {
        let mut client = TcpStream::connect(server.addr()).await.unwrap();
        client.write_all(request.as_bytes()).await.unwrap();
        client
    }

    #[tokio::test]
    async fn plays_the_script_with_pauses_the_test_controls() {
        let server = RawServer::start(Script::new().send("head").pause().send("body")).await;
        let mut client = connect_and_ask(&server, "GET / HTTP/1.1\r\n\r\n").await;
        assert_eq!(server.request().await.unwrap(), "GET / HTTP/1.1\r\n\r\n");

        let mut received = Vec::new();
        let mut read_all = std::pin::pin!(client.read_to_end(&mut received));
        server.paused().await;
        assert!(
            until_stalled(&mut read_all).await.is_none(),
            "the body is held back"
        );
        server.resume();
        read_all.await.unwrap();
        assert_eq!(received, b"headbody");
        assert_eq!(server.connections(), 1);
    }

    #[tokio::test]
    async fn a_reader_satisfied_with_what_arrived_finishes_while_stalled() {
        let server = RawServer::start(Script::new().send("head").pause().send("body")).await;
        let mut client = connect_and_ask(&server, "GET / HTTP/1.1\r\n\r\n").await;
        let mut buf = [0u8; 64];
        let mut read_once = std::pin::pin!(client.read(&mut buf));
        server.paused().await;
        let n = until_stalled(&mut read_once)
            .await
            .expect("the head has arrived");
        assert_eq!(n.unwrap(), 4);
    }

    #[tokio::test]
    async fn holds_a_keep_alive_connection_and_closes_when_asked() {
        let server = RawServer::start(Script::new().send("ok").then_close_if_asked()).await;
        let mut kept = connect_and_ask(&server, "GET / HTTP/1.1\r\n\r\n").await;
        let mut closed =
            connect_and_ask(&server, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n").await;

        let mut received = Vec::new();
        closed.read_to_end(&mut received).await.unwrap();
        assert_eq!(received, b"ok");

        let mut received = Vec::new();
        let mut read_all = std::pin::pin!(kept.read_to_end(&mut received));
        assert!(until_stalled(&mut read_all).await.is_none(), "kept open");
    }
}
