//! wrong: checks the backends one by one and stops at the first that fails
//! expect: it does not stop at the first that fails

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
        for backend in &self.backends {
            let answer = client
                .get(format!("http://{}/health", backend.addr))
                .send()
                .await;
            let healthy = answer.is_ok_and(|response| response.status().is_success());
            backend.healthy.store(healthy, Ordering::SeqCst);
            if !healthy {
                break; // no point going on: something is wrong
            }
        }
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

