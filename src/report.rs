//! Reporters: verdicts as the learner reads them, and as JSON for graders. Nothing else
//! formats a verdict.

pub mod json;

use colored::Colorize;

use crate::course::{Course, Exercise};
use crate::progress::Progress;
use crate::verify::{Outcome, Status, Verdict};

/// Lines of a program's output shown when a check fails without per-test messages.
const OUTPUT_TAIL: usize = 40;

/// The full verdict for `runner run` and the watch screen.
pub fn verdict(verdict: &Verdict, exercise: &Exercise) -> String {
    let mut out = String::new();
    let headline = format!("{}: {}", exercise.name, verdict.summary);
    match &verdict.outcome {
        Outcome::Passed => {
            out.push_str(&format!("{} {}", "✓".green().bold(), headline.green().bold()));
            if !verdict.elapsed.is_zero() {
                out.push_str(&format!(" {}", format!("({:.1}s)", verdict.elapsed.as_secs_f64()).dimmed()));
            }
            out.push('\n');
        }
        Outcome::CompileError(diagnostics) => {
            out.push_str(&format!("{} {}\n\n{}\n", "✗".red().bold(), headline.red().bold(), diagnostics.trim_end()));
        }
        Outcome::TimedOut { phase, limit } => {
            out.push_str(&format!("{} {}\n", "✗".red().bold(), headline.red().bold()));
            out.push_str(&format!("  timed out while {phase} (limit {}s); the program was stopped\n", limit.as_secs()));
        }
        Outcome::Failed => out.push_str(&format!("{} {}\n", "✗".red().bold(), headline.red().bold())),
        Outcome::Error(message) => {
            out.push_str(&format!("{} {}\n", "!".yellow().bold(), headline.yellow().bold()));
            if !verdict.summary.contains(message.as_str()) {
                out.push_str(&format!("  {message}\n"));
            }
        }
    }
    let failing: Vec<_> = verdict.tests.iter().filter(|t| t.status != Status::Pass).collect();
    if !verdict.passed() && !failing.is_empty() {
        out.push('\n');
        for test in &failing {
            out.push_str(&format!("  {} {}\n", "✗".red(), test.name.bold()));
            if let Some(message) = &test.message {
                for line in message.lines() {
                    out.push_str(&format!("    {line}\n"));
                }
            }
        }
        let passing = verdict.tests.len() - failing.len();
        if passing > 0 {
            out.push_str(&format!("  {} {passing} other check(s) passed\n", "✓".green()));
        }
    } else if !verdict.passed() && !verdict.output.trim().is_empty() && !matches!(verdict.outcome, Outcome::CompileError(_)) {
        out.push_str(&format!("\n{}\n{}\n", "output:".bold(), tail(&verdict.output, OUTPUT_TAIL)));
    }
    for note in &verdict.notes {
        out.push_str(&format!("\n{} {note}\n", "note:".yellow().bold()));
    }
    out
}

/// The log of one check, kept in `.runner/logs/` for the learner or an instructor to open:
/// the verdict, every check with its message, and the program's whole (capped) output.
pub fn log(verdict: &Verdict, exercise: &Exercise) -> String {
    let mut out = format!("exercise: {}
file: {}
verifier: {}
", exercise.name, exercise.rel_path().display(), exercise.verifier.kind().name());
    out.push_str(&format!("outcome: {}
summary: {}
elapsed: {:.3}s
", status_word(verdict), verdict.summary, verdict.elapsed.as_secs_f64()));
    if let Outcome::CompileError(diagnostics) = &verdict.outcome {
        out.push_str(&format!("
--- compiler ---
{}
", json::strip_ansi(diagnostics)));
    }
    for test in &verdict.tests {
        out.push_str(&format!("
[{:?}] {}
", test.status, test.name));
        if let Some(message) = &test.message {
            out.push_str(&format!("{message}\n"));
        }
    }
    for note in &verdict.notes {
        out.push_str(&format!("
note: {note}
"));
    }
    out.push_str(&format!("
--- output ---
{}
", json::strip_ansi(&verdict.output)));
    out
}

fn status_word(verdict: &Verdict) -> &'static str {
    match verdict.outcome {
        Outcome::Passed => "passed",
        Outcome::CompileError(_) => "compile error",
        Outcome::Failed => "failed",
        Outcome::TimedOut { .. } => "timed out",
        Outcome::Error(_) => "error",
    }
}

/// The line shown after a pass: where the reference solution is.
pub fn solution_line(exercise: &Exercise) -> String {
    format!("Compare with the reference solution: {}", exercise.rel_solution_path().display())
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    let start = all.len().saturating_sub(lines);
    let mut out = String::new();
    if start > 0 {
        out.push_str(&format!("[... {start} earlier lines ...]\n"));
    }
    out.push_str(&all[start..].join("\n"));
    out
}

/// A one-line verdict for lists (`verify`, `dev check`).
pub fn short(verdict: &Verdict) -> String {
    let mark = match verdict.outcome {
        Outcome::Passed => "✓".green(),
        Outcome::Error(_) => "!".yellow(),
        _ => "✗".red(),
    };
    format!("{mark} {}: {}", verdict.exercise, verdict.summary)
}

/// Where an exercise stands for the learner: `current`, `done` or `pending`.
pub fn status_of(progress: &Progress, current: &str, exercise: &Exercise) -> &'static str {
    if exercise.name == current {
        "current"
    } else if progress.done.contains(&exercise.name) {
        "done"
    } else {
        "pending"
    }
}

/// The course's stages and exercises with what is done, pending and current (`runner list`).
pub fn list_text(course: &Course, progress: &Progress, current: &str) -> String {
    let done = course.exercises.iter().filter(|e| progress.done.contains(&e.name)).count();
    let mut out = format!("{}  {done}/{} done\n", course.title.bold(), course.exercises.len());
    for (i, stage) in course.stages.iter().enumerate() {
        out.push_str(&format!("\n{}  {}\n", stage.dir.bold(), stage.title));
        for exercise in course.exercises.iter().filter(|e| e.stage == i) {
            let line = match status_of(progress, current, exercise) {
                "current" => format!("  {} {}  {}", "▶".cyan().bold(), exercise.name.cyan().bold(), "current".cyan()),
                "done" => format!("  {} {}", "✓".green(), exercise.name),
                _ => format!("  {} {}", "·".dimmed(), exercise.name.dimmed()),
            };
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::{Exercise, Verifier};
    use crate::verify::TestResult;

    fn exercise() -> Exercise {
        Exercise {
            name: "create_user".into(),
            stage: 0,
            stage_dir: "03_rest".into(),
            hint: "h".into(),
            verifier: Verifier::Tests,
            timeout: std::time::Duration::from_secs(5),
            line: 1,
            check_unsolved: true,
            strict_clippy: false,
        }
    }

    #[test]
    fn failures_show_each_failing_test_with_its_message() {
        colored::control::set_override(false);
        let mut v = Verdict::from_tests("create_user", vec![
            TestResult::pass("tests::health"),
            TestResult::fail("tests::created", "expected 201 Created, got 200 OK"),
        ], "tests");
        v.notes.push("a note".into());
        let shown = verdict(&v, &exercise());
        assert!(shown.starts_with("✗ create_user: 1 of 2 tests failed"), "{shown}");
        assert!(shown.contains("  ✗ tests::created\n    expected 201 Created, got 200 OK"), "{shown}");
        assert!(shown.contains("1 other check(s) passed"), "{shown}");
        assert!(shown.contains("note: a note"), "{shown}");
    }

    #[test]
    fn compile_errors_show_the_compiler_output() {
        colored::control::set_override(false);
        let v = Verdict::new("create_user", Outcome::CompileError("error[E0308]: mismatched types".into()), "the code does not compile yet");
        let shown = verdict(&v, &exercise());
        assert!(shown.contains("error[E0308]"), "{shown}");
    }

    #[test]
    fn long_output_keeps_its_end() {
        let text = (1..=100).map(|i| i.to_string()).collect::<Vec<_>>().join("\n");
        let shown = tail(&text, 3);
        assert_eq!(shown, "[... 97 earlier lines ...]\n98\n99\n100");
    }
}
