//! The platform part of process control: process groups and signals.

use std::process::ExitStatus;

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

use super::Ending;

/// A process group; dropping it kills every process still in it.
#[derive(Debug)]
pub struct Group {
    pgid: Pid,
    done: bool,
}

impl Group {
    /// The group of a child started with `process_group(0)`, whose group id is its pid.
    pub fn of(child: &tokio::process::Child) -> std::io::Result<Self> {
        let pid = child.id().ok_or_else(|| std::io::Error::other("the child exited before it could be tracked"))?;
        let pid = i32::try_from(pid).map_err(|_| std::io::Error::other("process id out of range"))?;
        Ok(Self { pgid: Pid::from_raw(pid), done: false })
    }

    pub fn terminate(&self) {
        let _ = killpg(self.pgid, Signal::SIGTERM);
    }

    pub fn kill(&self) {
        let _ = killpg(self.pgid, Signal::SIGKILL);
    }

    /// Kills whatever the program left in its group; returns whether anything was left.
    pub fn kill_rest(&mut self) -> bool {
        let left = self.alive();
        self.kill();
        self.done = true;
        left
    }

    /// Whether a live (non-zombie) process is still in the group.
    pub fn alive(&self) -> bool {
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return killpg(self.pgid, None).is_ok();
        };
        entries.flatten().any(|entry| {
            let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else { return false };
            // Fields after the command name (which may hold spaces): state, ppid, pgrp, ...
            let Some((_, rest)) = stat.rsplit_once(')') else { return false };
            let mut fields = rest.split_whitespace();
            let state = fields.next();
            let pgrp = fields.nth(1).and_then(|f| f.parse::<i32>().ok());
            pgrp == Some(self.pgid.as_raw()) && state != Some("Z") && state != Some("X")
        })
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        if !self.done {
            self.kill();
        }
    }
}

pub fn ending(status: ExitStatus) -> Ending {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => Ending::Exited(code),
        (None, Some(signal)) => Ending::Signalled(signal),
        (None, None) => Ending::Exited(-1),
    }
}
