//! Resource limits for a learner's program, and how to tell from the way it ended that it ran
//! into one. The supervisor applies them (setrlimit on itself, inherited by the program).

use std::fmt;
use std::time::Duration;

use super::Ending;

/// Memory a learner's program may allocate (RLIMIT_DATA).
const MEMORY: u64 = 2 << 30;
/// Size of any one file it may write (RLIMIT_FSIZE).
const FILE_SIZE: u64 = 256 << 20;
/// Processes its subtree may have at once (counted by the supervisor).
const PROCESSES: u32 = 256;

const SIGXCPU: i32 = 24;
const SIGXFSZ: i32 = 25;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub memory: u64,
    /// CPU seconds of each process (RLIMIT_CPU): threads spinning at once count together.
    pub cpu_secs: u64,
    pub file_size: u64,
    pub processes: u32,
}

impl Limits {
    /// The limits of a learner's program that may run for `timeout`: CPU time is a second more
    /// than the wall time, so a single busy thread meets the timeout first (and is told so), and
    /// several busy threads meet the CPU limit.
    pub fn for_learner(timeout: Duration) -> Self {
        let cpu_secs = timeout.as_secs().saturating_add(1);
        Self { memory: MEMORY, cpu_secs, file_size: FILE_SIZE, processes: PROCESSES }
    }

    /// The limit a program that ended this way ran into, if any.
    pub fn hit(&self, ending: Ending, stderr: &str, too_many_processes: bool) -> Option<LimitHit> {
        if too_many_processes {
            return Some(LimitHit::Processes(self.processes));
        }
        match ending {
            Ending::TimedOut | Ending::Exited(0) => None,
            Ending::Signalled(SIGXCPU) => Some(LimitHit::Cpu(self.cpu_secs)),
            Ending::Signalled(SIGXFSZ) => Some(LimitHit::FileSize(self.file_size)),
            // Rust's allocation error handler says this, then aborts.
            _ if stderr.contains("memory allocation of ") && stderr.contains(" bytes failed") => Some(LimitHit::Memory(self.memory)),
            // A program that ignores SIGXFSZ gets EFBIG from the write instead.
            _ if stderr.contains("File too large (os error 27)") => Some(LimitHit::FileSize(self.file_size)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitHit {
    Memory(u64),
    Cpu(u64),
    FileSize(u64),
    Processes(u32),
}

impl LimitHit {
    /// What to look for in the code.
    pub fn advice(&self) -> &'static str {
        match self {
            Self::Memory(_) => "look for a collection that grows without end, or a size computed from a wrong number",
            Self::Cpu(_) => "look for an endless loop (busy threads count together)",
            Self::FileSize(_) => "look for a loop that keeps writing to a file",
            Self::Processes(_) => "look for a loop that keeps starting processes or threads that start them",
        }
    }
}

impl fmt::Display for LimitHit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Memory(bytes) => write!(f, "your program used more than {} of memory", size(*bytes)),
            Self::Cpu(secs) => write!(f, "your program used more than {secs} s of CPU time"),
            Self::FileSize(bytes) => write!(f, "your program wrote a file larger than {}", size(*bytes)),
            Self::Processes(count) => write!(f, "your program had more than {count} processes running at once"),
        }
    }
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 30 && bytes.is_multiple_of(1 << 30) {
        format!("{} GiB", bytes >> 30)
    } else {
        format!("{} MiB", bytes >> 20)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_limit_is_recognised_and_named() {
        let limits = Limits::for_learner(Duration::from_secs(30));
        let abort = Ending::Signalled(6);
        let memory = limits.hit(abort, "memory allocation of 3221225472 bytes failed\n", false);
        assert_eq!(memory.map(|h| h.to_string()).as_deref(), Some("your program used more than 2 GiB of memory"));
        assert_eq!(limits.hit(Ending::Signalled(SIGXCPU), "", false), Some(LimitHit::Cpu(31)));
        assert_eq!(limits.hit(Ending::Signalled(SIGXFSZ), "", false).map(|h| h.to_string()).as_deref(), Some("your program wrote a file larger than 256 MiB"));
        assert_eq!(limits.hit(Ending::Exited(0), "", true), Some(LimitHit::Processes(256)));
    }

    #[test]
    fn ordinary_failures_are_not_limits() {
        let limits = Limits::for_learner(Duration::from_secs(5));
        assert_eq!(limits.hit(Ending::Exited(101), "thread 'main' panicked at src/main.rs:3:5", false), None);
        assert_eq!(limits.hit(Ending::TimedOut, "memory allocation of 8 bytes failed", false), None, "a timeout is told as such");
        assert_eq!(limits.hit(Ending::Exited(0), "memory allocation of 8 bytes failed", false), None, "printed, not hit");
        assert_eq!(Limits::for_learner(Duration::MAX).cpu_secs, u64::MAX, "no overflow");
    }
}
