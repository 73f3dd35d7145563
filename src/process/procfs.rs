//! What `/proc` says about processes: who is whose parent, who is still alive, whose
//! environment carries a check's marker. The supervisor walks its subtree with it; the runner
//! uses it when a supervisor is gone.

use std::collections::HashMap;
use std::io::Read;
use std::os::unix::fs::MetadataExt;

/// One process as `/proc/PID/stat` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub pid: i32,
    pub ppid: i32,
    pub pgrp: i32,
    /// `R`, `S`, `D`, `T`, `Z` (zombie), `X` (dead), ...
    pub state: char,
    pub threads: u64,
}

impl Entry {
    /// Running, sleeping or stopped: not a zombie waiting to be reaped.
    pub fn is_live(&self) -> bool {
        !matches!(self.state, 'Z' | 'X' | 'x')
    }
}

/// Parses the text of `/proc/PID/stat`.
pub fn parse_stat(pid: i32, text: &str) -> Option<Entry> {
    // The command name is in parentheses and may itself hold spaces and parentheses.
    let (_, rest) = text.rsplit_once(')')?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the name: state(3) ppid(4) pgrp(5) session tty tpgid flags minflt cminflt majflt
    // cmajflt utime stime cutime cstime priority nice num_threads(20).
    let state = fields.first()?.chars().next()?;
    let ppid = fields.get(1)?.parse().ok()?;
    let pgrp = fields.get(2)?.parse().ok()?;
    let threads = fields.get(17).and_then(|t| t.parse().ok()).unwrap_or(1);
    Some(Entry { pid, ppid, pgrp, state, threads })
}

fn pids() -> impl Iterator<Item = i32> {
    std::fs::read_dir("/proc").into_iter().flatten().flatten().filter_map(|entry| entry.file_name().to_str()?.parse().ok())
}

/// `/proc/PID/stat` in one read: `read_to_string` would first ask for the size (0 for a /proc
/// file) and then read in small steps, several times the work for a scan of every process.
fn stat_of(pid: i32) -> Option<Entry> {
    // The kernel hands the whole line to the first read of a buffer this large.
    let mut buf = [0u8; 1024];
    let len = std::fs::File::open(format!("/proc/{pid}/stat")).ok()?.read(&mut buf).ok()?;
    parse_stat(pid, std::str::from_utf8(&buf[..len]).ok()?)
}

/// Every process visible now (one that vanishes while being read is left out).
pub fn entries() -> Vec<Entry> {
    pids().filter_map(stat_of).collect()
}

/// The live processes below `root` in the parent tree of `entries`, nearest first.
pub fn live_descendants(root: i32, entries: &[Entry]) -> Vec<i32> {
    let mut children: HashMap<i32, Vec<&Entry>> = HashMap::new();
    for entry in entries {
        children.entry(entry.ppid).or_default().push(entry);
    }
    let mut found = Vec::new();
    let mut queue = vec![root];
    while let Some(parent) = queue.pop() {
        for child in children.get(&parent).into_iter().flatten() {
            // A zombie has no children of its own (they were reparented), so stopping there is safe.
            if child.pid != root && child.is_live() {
                found.push(child.pid);
                queue.push(child.pid);
            }
        }
    }
    found
}

/// Whether a live process is in process group `pgid`.
pub fn group_alive(pgid: i32) -> bool {
    entries().iter().any(|e| e.pgrp == pgid && e.is_live())
}

/// Live processes whose environment holds `NAME=value` exactly.
pub fn with_environment(name: &str, value: &str) -> Vec<i32> {
    let wanted = format!("{name}={value}").into_bytes();
    pids()
        .filter(|pid| {
            let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            environ.split(|b| *b == 0).any(|var| var == wanted.as_slice())
        })
        .filter(|pid| stat_of(*pid).is_some_and(|e| e.is_live()))
        .collect()
}

/// Threads (what `RLIMIT_NPROC` counts) of the processes owned by `uid`.
pub fn tasks_of(uid: u32) -> u64 {
    pids()
        .filter(|pid| std::fs::metadata(format!("/proc/{pid}")).is_ok_and(|m| m.uid() == uid))
        .filter_map(stat_of)
        .map(|e| e.threads)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_may_hold_spaces_and_parentheses() {
        let stat = "4242 (my (odd) prog) S 17 4242 4242 0 -1 4194304 93 0 0 0 0 0 0 0 20 0 3 0 1 2 3";
        let entry = parse_stat(4242, stat).expect("parsed");
        assert_eq!((entry.ppid, entry.pgrp, entry.state, entry.threads), (17, 4242, 'S', 3));
        assert_eq!(parse_stat(1, "garbage"), None);
    }

    #[test]
    fn descendants_are_found_through_every_generation_but_not_past_zombies() {
        let e = |pid, ppid, state| Entry { pid, ppid, pgrp: pid, state, threads: 1 };
        let table = [e(10, 1, 'S'), e(11, 10, 'S'), e(12, 11, 'R'), e(13, 10, 'Z'), e(14, 1, 'S'), e(15, 12, 'T')];
        let mut found = live_descendants(10, &table);
        found.sort_unstable();
        assert_eq!(found, [11, 12, 15], "children, grandchildren and stopped ones; not zombies or strangers");
    }

    #[test]
    fn this_process_is_visible_with_its_environment() {
        let me = i32::try_from(std::process::id()).expect("pid fits");
        assert!(entries().iter().any(|e| e.pid == me && e.is_live()));
        assert!(tasks_of(std::fs::metadata("/proc/self").map(|m| m.uid()).unwrap_or(0)) >= 1);
    }
}
