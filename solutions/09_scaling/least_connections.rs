//! # Least connections
//!
//! Finish `Balancer::pick` and the `Drop` of `Lease`. `pick` hands out the backend with the
//! fewest requests in flight right now; between backends with as few, the first in the list. The
//! request counts as in flight from the pick on, so the next pick already sees it, and until its
//! `Lease` is dropped: when the request ends, however it ends (an answer, an error, a `?` that
//! returns early), the drop frees its place. No backends: `None`.
//!
//! Why it matters: requests do not all cost the same. Round robin gives a backend stuck on a slow
//! report (or a GC pause, or a cold cache) its full share anyway, and its queue grows while the
//! others idle; least connections sends new work where the least is waiting. It is nginx's
//! `least_conn` and HAProxy's `balance leastconn`.

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
        self.balancer.counts()[self.index] -= 1;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn three() -> (Balancer, [SocketAddr; 3]) {
        let addrs: [SocketAddr; 3] = [
            "127.0.0.1:9001".parse().unwrap(),
            "127.0.0.1:9002".parse().unwrap(),
            "127.0.0.1:9003".parse().unwrap(),
        ];
        (Balancer::new(addrs.to_vec()), addrs)
    }

    fn name(addrs: &[SocketAddr; 3], addr: Option<SocketAddr>) -> &'static str {
        match addr {
            Some(addr) if addr == addrs[0] => "A",
            Some(addr) if addr == addrs[1] => "B",
            Some(addr) if addr == addrs[2] => "C",
            Some(_) => "a backend that is not in the list",
            None => "None",
        }
    }

    #[test]
    fn a_pick_counts_as_in_flight_at_once() {
        let (balancer, addrs) = three();
        let first = balancer.pick();
        assert_eq!(
            balancer.in_flight(addrs[0]),
            1,
            "three idle backends: the first pick is A, and from the pick on it counts one \
             request in flight (got {} for A)",
            balancer.in_flight(addrs[0])
        );
        let second = balancer.pick().map(|lease| lease.addr());
        assert_eq!(
            name(&addrs, second),
            "B",
            "A has a request in flight, B and C none: the next pick is B (the first of the \
             least busy); a request counts from the pick on, not later"
        );
        drop(first);
    }

    #[test]
    fn the_fewest_in_flight_wins_and_ties_go_to_the_first() {
        let (balancer, addrs) = three();
        let mut held = Vec::new();
        let mut picked = Vec::new();
        for _ in 0..6 {
            let lease = balancer.pick();
            picked.push(name(&addrs, lease.as_ref().map(Lease::addr)));
            held.push(lease);
        }
        assert_eq!(
            picked,
            ["A", "B", "C", "A", "B", "C"],
            "with every lease kept, each pick goes to the backend with the fewest in flight, \
             and between backends with as few to the first in the list"
        );
        // A: 2, B: 2, C: 2. Let one of B's requests end, then one of C's.
        held.remove(4); // the second B
        let lease = balancer.pick();
        assert_eq!(
            name(&addrs, lease.as_ref().map(Lease::addr)),
            "B",
            "A 2, B 1, C 2 in flight: B has the fewest, even though it is not the first \
             backend and not the next in turn"
        );
        held.push(lease);
        held.remove(4); // one of C's
        let lease = balancer.pick();
        assert_eq!(
            name(&addrs, lease.as_ref().map(Lease::addr)),
            "C",
            "A 2, B 2, C 1 in flight: C has the fewest"
        );
    }

    #[test]
    fn a_dropped_lease_frees_its_place() {
        let (balancer, addrs) = three();
        let lease = balancer.pick();
        drop(lease);
        assert_eq!(
            balancer.in_flight(addrs[0]),
            0,
            "a request that ended (its lease dropped) is no longer in flight"
        );
        fn fails_early(balancer: &Balancer) -> Result<(), String> {
            let _lease = balancer.pick().ok_or("no backend")?;
            Err("the backend answered garbage".into())
        }
        for _ in 0..5 {
            let _ = fails_early(&balancer);
        }
        assert_eq!(
            (0..3).map(|i| balancer.in_flight(addrs[i])).sum::<usize>(),
            0,
            "five requests that ended with an error: none is in flight any more, whatever \
             way the lease was dropped"
        );
    }

    #[test]
    fn a_slow_backend_gets_no_new_work() {
        let (balancer, addrs) = three();
        // A long report: it keeps its lease while short requests come and go.
        let report = balancer.pick();
        let _other_report = balancer.pick();
        let mut picked = Vec::new();
        for _ in 0..6 {
            let lease = balancer.pick();
            picked.push(name(&addrs, lease.as_ref().map(Lease::addr)));
        }
        assert_eq!(
            picked, ["C"; 6],
            "A and B each have a long report in flight, C nothing: every short request (each \
             done before the next one) goes to C. Counting the requests ever sent, or taking \
             turns, sends them to the busy backends too"
        );
        drop(report);
        let lease = balancer.pick();
        assert_eq!(
            name(&addrs, lease.as_ref().map(Lease::addr)),
            "A",
            "A's report ended: A and C have nothing in flight, and A comes first"
        );
    }

    #[test]
    fn no_backends_means_none() {
        let balancer = Balancer::new(Vec::new());
        let picked = std::panic::catch_unwind(|| balancer.pick().map(|lease| lease.addr()));
        assert!(
            matches!(picked, Ok(None)),
            "a balancer without backends has nothing to pick: None, without panicking (got \
             {picked:?})"
        );
    }
}
