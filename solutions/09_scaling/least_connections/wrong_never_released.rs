//! wrong: counts a request at the pick and never takes it off
//! expect: is no longer in flight

use std::net::SocketAddr;
use std::sync::{Mutex, MutexGuard, PoisonError};

pub struct Balancer {
    backends: Vec<SocketAddr>,
    /// How many requests each backend has in flight, by index in `backends`. One lock for all,
    /// so that choosing a backend and counting the request on it is one step.
    in_flight: Mutex<Vec<usize>>,
}

/// A request in flight on one backend: it counts as long as the lease lives.
pub struct Lease<'a> {
    balancer: &'a Balancer,
    index: usize,
}

impl Lease<'_> {
    /// The backend to send the request to.
    pub fn addr(&self) -> SocketAddr {
        self.balancer.backends[self.index]
    }
}

impl Balancer {
    pub fn new(backends: Vec<SocketAddr>) -> Self {
        let in_flight = Mutex::new(vec![0; backends.len()]);
        Self {
            backends,
            in_flight,
        }
    }

    /// The counts, even if a thread panicked while holding the lock (they stay consistent:
    /// every change is a single `+= 1` or `-= 1`).
    fn counts(&self) -> MutexGuard<'_, Vec<usize>> {
        self.in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// How many requests `addr` has in flight.
    pub fn in_flight(&self, addr: SocketAddr) -> usize {
        let counts = self.counts();
        self.backends
            .iter()
            .zip(counts.iter())
            .filter(|(backend, _)| **backend == addr)
            .map(|(_, count)| *count)
            .sum()
    }

    /// The backend with the fewest requests in flight (the first of those), counted at once.
    pub fn pick(&self) -> Option<Lease<'_>> {
        let mut counts = self.counts();
        // `min_by_key` keeps the first of equal keys: ties go to the earliest backend.
        let (index, _) = counts.iter().enumerate().min_by_key(|(_, count)| **count)?;
        counts[index] += 1;
        Some(Lease {
            balancer: self,
            index,
        })
    }
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        // Nothing to do: the lease goes away by itself.
    }
}

fn main() {
    let addrs: Vec<SocketAddr> = ["127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083"]
        .iter()
        .filter_map(|addr| addr.parse().ok())
        .collect();
    let balancer = Balancer::new(addrs);
    // A slow report keeps the first backend busy while short requests come and go.
    let report = balancer.pick();
    for _ in 0..4 {
        if let Some(lease) = balancer.pick() {
            println!("short request to {}", lease.addr());
        }
    }
    drop(report);
}
