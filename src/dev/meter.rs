//! What `dev check` shows on stderr while it works: one line redrawn in place on a terminal
//! (what is building, then a bar of the checks run), otherwise a line per phase so that logs
//! and CI output stay readable.

use std::collections::HashSet;
use std::io::Write;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

const REDRAW_EVERY: Duration = Duration::from_millis(100);
const BAR_WIDTH: usize = 20;

pub struct Meter {
    terminal: bool,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    phase: String,
    /// Targets compiled or found up to date in this phase, each counted once however many
    /// cargo invocations (the scratch packages of mutants) report it.
    built: HashSet<String>,
    last: String,
    ran: usize,
    total: usize,
    drawn: Option<Instant>,
}

impl Meter {
    pub fn new(terminal: bool) -> Self {
        Self { terminal, state: Mutex::new(State::default()) }
    }

    /// Starts a phase that builds, then runs `checks` checks (none for a build-only phase).
    pub fn phase(&self, name: &str, checks: usize) {
        let mut state = self.lock();
        *state = State { phase: name.to_owned(), total: checks, ..State::default() };
        if self.terminal {
            self.draw(&mut state, true);
        } else {
            eprintln!("{name}...");
        }
    }

    /// A target compiled (or found up to date).
    pub fn built(&self, name: &str) {
        let mut state = self.lock();
        state.built.insert(name.to_owned());
        name.clone_into(&mut state.last);
        if self.terminal {
            self.draw(&mut state, false);
        }
    }

    /// One more check finished.
    pub fn ran(&self) {
        let mut state = self.lock();
        state.ran += 1;
        if self.terminal {
            let last = state.ran == state.total;
            self.draw(&mut state, last);
        } else if state.ran == 1 {
            eprintln!("built {} targets; running {} checks", state.built.len(), state.total);
        }
    }

    /// Ends the phase: clears the line on a terminal, says what was done otherwise.
    pub fn finish(&self) {
        let state = self.lock();
        if self.terminal {
            eprint!("\r\x1b[2K");
            let _ = std::io::stderr().flush();
        } else if state.total == 0 {
            eprintln!("built {} targets", state.built.len());
        } else {
            eprintln!("ran {} of {} checks", state.ran, state.total);
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn draw(&self, state: &mut State, always: bool) {
        if !always && state.drawn.is_some_and(|at| at.elapsed() < REDRAW_EVERY) {
            return;
        }
        state.drawn = Some(Instant::now());
        // One line shorter than the terminal, so that `\r` can redraw it (80 if it is unknown).
        let columns = crossterm::terminal::size().ok().map(|(columns, _)| usize::from(columns)).filter(|c| *c > 0).unwrap_or(80);
        let width = columns - 1;
        let line: String = line(state).chars().take(width).collect();
        eprint!("\r\x1b[2K{line}");
        let _ = std::io::stderr().flush();
    }
}

fn line(state: &State) -> String {
    if state.ran == 0 {
        let now = if state.last.is_empty() { String::new() } else { format!(", now {}", state.last) };
        return format!("{} · built {} targets{now}", state.phase, state.built.len());
    }
    let filled = (state.ran * BAR_WIDTH).checked_div(state.total).unwrap_or(0).min(BAR_WIDTH);
    // The numbers first: a narrow terminal cuts the end of the line.
    format!("[{}{}] ran {} of {} checks · {}", "█".repeat(filled), "░".repeat(BAR_WIDTH - filled), state.ran, state.total, state.phase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_shows_building_then_checks() {
        let mut state = State { phase: "Checking".into(), total: 4, ..State::default() };
        state.built = ["std_dep", "answer"].map(String::from).into();
        state.last = "answer".into();
        assert_eq!(line(&state), "Checking · built 2 targets, now answer");
        state.ran = 2;
        assert_eq!(line(&state), format!("[{}{}] ran 2 of 4 checks · Checking", "█".repeat(10), "░".repeat(10)));
    }
}
