//! # Round robin over healthy backends
//!
//! A load balancer spreads requests over several copies of a service. Finish `Balancer::pick`:
//! hand out the healthy backends in turn (round robin: with A, B and C healthy, every three picks
//! give each of them once), skip the unhealthy ones, and answer `None` when none is healthy (the
//! proxy then answers 503 itself). Finish `Balancer::check_health`: ask every backend for
//! `GET /health`; a backend that answers with a 2xx status is healthy; one that answers anything
//! else, or cannot be reached, is taken out, and it is put back as soon as a later check succeeds.
//! Every check looks at every backend, whatever the earlier ones answered.
//!
//! Why it matters: instances crash, get deployed, run out of memory. A balancer that keeps sending
//! them traffic turns one bad instance into errors for a third of the users; one that never puts
//! them back slowly runs out of capacity. This is what nginx `upstream`, HAProxy or a Kubernetes
//! readiness probe do for you.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub struct Backend {
    pub addr: SocketAddr,
    healthy: AtomicBool,
}

pub struct Balancer {
    backends: Vec<Backend>,
    /// How many picks were made: where the rotation stands.
    next: AtomicUsize,
}

impl Balancer {
    /// Every backend starts healthy.
    pub fn new(addrs: &[SocketAddr]) -> Self {
        Self {
            backends: addrs
                .iter()
                .map(|&addr| Backend {
                    addr,
                    healthy: AtomicBool::new(true),
                })
                .collect(),
            next: AtomicUsize::new(0),
        }
    }

    pub fn is_healthy(&self, addr: SocketAddr) -> bool {
        self.backends
            .iter()
            .any(|b| b.addr == addr && b.healthy.load(Ordering::SeqCst))
    }

    /// The next healthy backend in turn, or `None` when none is healthy.
    pub fn pick(&self) -> Option<SocketAddr> {
        let count = self.backends.len();
        (0..count).find_map(|_| {
            let backend = &self.backends[self.next.fetch_add(1, Ordering::SeqCst) % count];
            backend
                .healthy
                .load(Ordering::SeqCst)
                .then_some(backend.addr)
        })
    }

    /// Asks every backend for `GET /health` and takes it out or puts it back.
    pub async fn check_health(&self, client: &reqwest::Client) {
        let checks = self.backends.iter().map(|backend| async move {
            let answer = client
                .get(format!("http://{}/health", backend.addr))
                .send()
                .await;
            let healthy = answer.is_ok_and(|response| response.status().is_success());
            backend.healthy.store(healthy, Ordering::SeqCst);
        });
        futures::future::join_all(checks).await;
    }
}

#[tokio::main]
async fn main() {
    let backends: Vec<SocketAddr> = ["127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083"]
        .iter()
        .filter_map(|addr| addr.parse().ok())
        .collect();
    let balancer = Balancer::new(&backends);
    // Straight to 127.0.0.1, whatever proxy the environment names.
    let client = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("a client without TLS or proxies builds");
    balancer.check_health(&client).await;
    for _ in 0..6 {
        println!("{:?}", balancer.pick());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::{Router, extract::State, http::StatusCode, routing::get};
    use std::collections::HashMap;
    use std::sync::Arc;
    use std::sync::atomic::AtomicU16;
    use std::time::Duration;

    /// A backend on 127.0.0.1 whose `/health` answers the status the test sets. Its `/` always
    /// answers 200, so a check of the wrong path sees nothing wrong.
    struct TestBackend {
        addr: SocketAddr,
        health: Arc<AtomicU16>,
    }

    impl TestBackend {
        async fn start() -> Self {
            let health = Arc::new(AtomicU16::new(200));
            let app = Router::new()
                .route("/", get(|| async { "hello" }))
                .route(
                    "/health",
                    get(|State(health): State<Arc<AtomicU16>>| async move {
                        StatusCode::from_u16(health.load(Ordering::SeqCst)).unwrap()
                    }),
                )
                .with_state(health.clone());
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
            TestBackend { addr, health }
        }

        fn answers(&self, status: u16) {
            self.health.store(status, Ordering::SeqCst);
        }
    }

    /// An address where nothing listens: connecting to it is refused. The port stays bound (not
    /// listening) as long as the returned socket lives, so no other server can take it meanwhile.
    fn nothing_listening() -> (SocketAddr, tokio::net::TcpSocket) {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        (socket.local_addr().unwrap(), socket)
    }

    fn client() -> reqwest::Client {
        reqwest::Client::builder()
            .no_proxy()
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap()
    }

    async fn three() -> (TestBackend, TestBackend, TestBackend) {
        (
            TestBackend::start().await,
            TestBackend::start().await,
            TestBackend::start().await,
        )
    }

    fn picks(balancer: &Balancer, n: usize) -> Vec<Option<SocketAddr>> {
        (0..n).map(|_| balancer.pick()).collect()
    }

    /// Every `group` consecutive picks must be `expected`, each once.
    fn assert_in_turn(picks: &[Option<SocketAddr>], expected: &[SocketAddr], why: &str) {
        for window in picks.chunks(expected.len()) {
            let mut counts: HashMap<Option<SocketAddr>, usize> = HashMap::new();
            for pick in window {
                *counts.entry(*pick).or_default() += 1;
            }
            let fair = expected
                .iter()
                .all(|addr| counts.get(&Some(*addr)) == Some(&1));
            assert!(
                fair,
                "{why}: every {} picks in a row must give each of {expected:?} once (round \
                 robin), got {window:?}",
                expected.len()
            );
        }
    }

    #[tokio::test]
    async fn healthy_backends_are_picked_in_turn() {
        let (a, b, c) = three().await;
        let balancer = Balancer::new(&[a.addr, b.addr, c.addr]);
        let picked = picks(&balancer, 9);
        assert_in_turn(&picked, &[a.addr, b.addr, c.addr], "three healthy backends");
    }

    #[tokio::test]
    async fn a_backend_whose_health_check_fails_is_taken_out() {
        let (a, b, c) = three().await;
        let balancer = Balancer::new(&[a.addr, b.addr, c.addr]);
        b.answers(500);
        c.answers(204);
        balancer.check_health(&client()).await;
        assert!(
            !balancer.is_healthy(b.addr),
            "B answered GET /health with 500: it is unhealthy and taken out (a response is not \
             enough, its status must be 2xx; and the check is on /health)"
        );
        assert!(
            balancer.is_healthy(c.addr),
            "C answered GET /health with 204 No Content: any 2xx status is healthy, not only 200"
        );
        let picked = picks(&balancer, 6);
        assert_in_turn(
            &picked,
            &[a.addr, c.addr],
            "with B out, A and C take turns and B is never picked",
        );
    }

    #[tokio::test]
    async fn an_unreachable_backend_is_taken_out() {
        let (a, c) = (TestBackend::start().await, TestBackend::start().await);
        let (down, _bound) = nothing_listening();
        let balancer = Balancer::new(&[a.addr, down, c.addr]);
        balancer.check_health(&client()).await;
        assert!(
            !balancer.is_healthy(down),
            "a backend that refuses connections is unhealthy"
        );
        assert!(
            balancer.is_healthy(a.addr) && balancer.is_healthy(c.addr),
            "A and C answered 200 and stay in"
        );
        let picked = picks(&balancer, 4);
        assert_in_turn(&picked, &[a.addr, c.addr], "with one backend down");
    }

    #[tokio::test]
    async fn a_backend_that_recovers_is_put_back() {
        let (a, b, c) = three().await;
        let balancer = Balancer::new(&[a.addr, b.addr, c.addr]);
        b.answers(503);
        balancer.check_health(&client()).await;
        b.answers(200);
        balancer.check_health(&client()).await;
        assert!(
            balancer.is_healthy(b.addr),
            "B answered 503, then 200: a later check that succeeds puts it back"
        );
        let picked = picks(&balancer, 6);
        assert_in_turn(&picked, &[a.addr, b.addr, c.addr], "once B is back");
    }

    #[tokio::test]
    async fn every_backend_is_checked_every_time() {
        let (a, b, c) = three().await;
        let balancer = Balancer::new(&[a.addr, b.addr, c.addr]);
        b.answers(500);
        c.answers(500);
        balancer.check_health(&client()).await;
        assert!(
            !balancer.is_healthy(c.addr),
            "B and C both answered 500: both are taken out. A check looks at every backend, it \
             does not stop at the first that fails"
        );
        a.answers(500);
        b.answers(200);
        balancer.check_health(&client()).await;
        assert!(
            balancer.is_healthy(b.addr),
            "A now fails, but B answers 200 again: B is put back. A check looks at every \
             backend, it does not stop at the first that fails"
        );
        assert!(
            !balancer.is_healthy(a.addr) && !balancer.is_healthy(c.addr),
            "A and C answer 500: they are out"
        );
    }

    #[tokio::test]
    async fn no_healthy_backend_means_none() {
        let (a, b, c) = three().await;
        let balancer = Balancer::new(&[a.addr, b.addr, c.addr]);
        for backend in [&a, &b, &c] {
            backend.answers(500);
        }
        balancer.check_health(&client()).await;
        assert_eq!(
            picks(&balancer, 3),
            [None, None, None],
            "with every backend unhealthy, pick answers None (the proxy answers 503), never an \
             unhealthy backend"
        );
    }
}
