//! What the watch screen shows, as pure functions of the state (so they can be tested).

use std::path::Path;

use colored::Colorize;

use crate::course::{Course, Exercise};

pub const KEYS: &str = "n next · h hint · l list · r re-run · c check all · x reset · q quit";
const BAR_WIDTH: usize = 30;

pub fn progress_bar(done: usize, total: usize, stage: &str, stage_done: usize, stage_total: usize) -> String {
    let filled = (done * BAR_WIDTH).checked_div(total).unwrap_or(0);
    format!(
        "[{}{}] {done}/{total} done · {stage} {stage_done}/{stage_total}",
        "█".repeat(filled).green(),
        "░".repeat(BAR_WIDTH - filled).dimmed()
    )
}

/// A path a terminal can open on click (OSC 8), shown relative to the course.
pub fn link(root: &Path, rel: &Path, terminal: bool) -> String {
    let shown = rel.display().to_string();
    if !terminal {
        return shown;
    }
    let url = root.join(rel).display().to_string().replace('%', "%25").replace(' ', "%20");
    format!("\x1b]8;;file://{url}\x1b\\{}\x1b]8;;\x1b\\", shown.underline())
}

/// The comment block at the top of an exercise: what to do and why.
pub fn intro(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with("//!") || l.starts_with("--") || l.trim().is_empty())
        .map(|l| l.trim_start_matches("//!").trim_start_matches("--"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    lines.join("\n").trim().to_owned()
}

pub fn header(course: &Course, exercise: &Exercise, done: usize, stage_done: usize) -> String {
    let stage = &course.stages[exercise.stage];
    let stage_total = course.exercises.iter().filter(|e| e.stage == exercise.stage).count();
    format!(
        "{}  ·  {}\n{}\n",
        course.title.bold(),
        stage.title,
        progress_bar(done, course.exercises.len(), &stage.dir, stage_done, stage_total)
    )
}

pub fn footer(course: &Course, exercise: &Exercise, terminal: bool) -> String {
    format!(
        "\nCurrent exercise: {}\n{}\n",
        link(&course.root, &exercise.rel_path(), terminal).bold(),
        KEYS.dimmed()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_with_progress() {
        colored::control::set_override(false);
        let bar = progress_bar(15, 30, "01_http", 2, 9);
        assert_eq!(bar, format!("[{}{}] 15/30 done · 01_http 2/9", "█".repeat(15), "░".repeat(15)));
    }

    #[test]
    fn intro_is_the_leading_comment_block() {
        let text = "//! # Title\n//!\n//! Do this.\n\nuse x;\n//! not this\n";
        assert_eq!(intro(text), "# Title\n\nDo this.");
        assert_eq!(intro("-- Write a query\n-- TODO\nSELECT 1;"), "Write a query\nTODO");
    }

    #[test]
    fn links_are_plain_outside_a_terminal() {
        assert_eq!(link(Path::new("/c"), Path::new("exercises/a.rs"), false), "exercises/a.rs");
        assert!(link(Path::new("/c"), Path::new("exercises/a.rs"), true).starts_with("\x1b]8;;file:///c/exercises/a.rs"));
    }
}
