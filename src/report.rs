//! Reporters: verdicts as the learner reads them, and as JSON for graders. Nothing else
//! formats a verdict.

pub mod json;
pub mod styled;
pub mod tidy;
pub mod work;

use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};

use crate::course::{Course, Exercise};
use crate::progress::Progress;
use crate::verify::{Outcome, Status, Verdict};

/// Lines of a program's output shown when a check fails without per-test messages.
const OUTPUT_TAIL: usize = 40;

/// What a reporter needs besides the verdict: the course directory (paths under it are shown
/// relative) and whether the learner asked for backtraces.
#[derive(Debug, Clone, Default)]
pub struct Look {
    pub root: String,
    pub backtrace: bool,
}

/// A verdict as the learner reads it: the summary line, then blocks that a screen may trim
/// (each failing check, compiler message, note) but never cut in the middle.
#[derive(Debug, Clone)]
pub struct Doc {
    pub summary: Line<'static>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A failing check or a compiler error: what the learner fixes.
    Failure,
    /// Context: the passing count, the program's output, compiler warnings.
    Detail,
    /// Something to know whatever the outcome (a `todo!()` left, tests changed).
    Note,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: Kind,
    /// Preceded by a blank line when printed.
    pub gap: bool,
    pub lines: Vec<Line<'static>>,
}

impl Block {
    fn new(kind: Kind, gap: bool, lines: Vec<Line<'static>>) -> Self {
        Self { kind, gap, lines }
    }
}

pub fn pass_style() -> Style {
    Style::default().fg(Color::Green)
}

pub fn fail_style() -> Style {
    Style::default().fg(Color::Red)
}

pub fn warn_style() -> Style {
    Style::default().fg(Color::Yellow)
}

/// `1 test`, `2 tests`: a count with its noun (given in the plural).
pub fn count(n: usize, plural: &str) -> String {
    if n == 1 { format!("1 {}", plural.strip_suffix('s').unwrap_or(plural)) } else { format!("{n} {plural}") }
}

/// The summary line alone: a mark, the exercise and what happened.
pub fn summary_line(verdict: &Verdict) -> Line<'static> {
    let headline = format!("{}: {}", verdict.exercise, verdict.summary);
    let (mark, style) = match verdict.outcome {
        Outcome::Passed => ("✓", pass_style()),
        Outcome::Error(_) => ("!", warn_style()),
        Outcome::Skipped(_) => ("-", Style::default()),
        _ => ("✗", fail_style()),
    };
    let mut spans = vec![Span::styled(format!("{mark} "), style.bold()), Span::styled(headline, style.bold())];
    if verdict.passed() && !verdict.elapsed.is_zero() {
        spans.push(Span::styled(format!(" ({:.1}s)", verdict.elapsed.as_secs_f64()), Style::default().dim()));
    }
    Line::from(spans)
}

fn plain_lines(text: &str, indent: &str) -> Vec<Line<'static>> {
    text.lines().map(|l| Line::raw(format!("{indent}{l}"))).collect()
}

/// The verdict as blocks, every message in the one style of [`tidy::tidy`].
pub fn doc(verdict: &Verdict, look: &Look) -> Doc {
    let tidy = |text: &str| tidy::tidy(text, &look.root, look.backtrace);
    let mut blocks = Vec::new();
    match &verdict.outcome {
        Outcome::CompileError(diagnostics) => {
            // One block per compiler message: the first is shown whole, the others as room allows.
            let mut current: Vec<Line<'static>> = Vec::new();
            for line in styled::from_ansi(&tidy(diagnostics.trim_end())) {
                let text = styled::plain(&line);
                if (text.starts_with("error") || text.starts_with("warning")) && current.iter().any(|l| !styled::plain(l).is_empty()) {
                    blocks.push(Block::new(Kind::Failure, true, trim_blank(std::mem::take(&mut current))));
                }
                current.push(line);
            }
            if !current.is_empty() {
                blocks.push(Block::new(Kind::Failure, true, trim_blank(current)));
            }
        }
        Outcome::TimedOut { phase, limit } => {
            blocks.push(Block::new(Kind::Failure, false, vec![Line::raw(format!("  timed out while {phase} (limit {}s); the program was stopped", limit.as_secs()))]));
        }
        Outcome::Error(message) if !verdict.summary.contains(message.as_str()) => {
            blocks.push(Block::new(Kind::Failure, false, plain_lines(&tidy(message), "  ")));
        }
        Outcome::Skipped(why) => blocks.push(Block::new(Kind::Note, true, plain_lines(why, "  "))),
        _ => {}
    }
    let failing: Vec<_> = verdict.tests.iter().filter(|t| t.status != Status::Pass).collect();
    if !verdict.passed() && !failing.is_empty() {
        for (i, test) in failing.iter().enumerate() {
            let mut lines = vec![Line::from(vec![Span::styled("  ✗ ", fail_style()), Span::styled(test.name.clone(), Style::default().bold())])];
            if let Some(message) = &test.message {
                lines.extend(plain_lines(&tidy(message), "    "));
            }
            blocks.push(Block::new(Kind::Failure, i == 0, lines));
        }
        let passing = verdict.tests.len() - failing.len();
        if passing > 0 {
            let line = Line::from(vec![Span::styled("  ✓ ", pass_style()), Span::raw(format!("{} passed", count(passing, "other checks")))]);
            blocks.push(Block::new(Kind::Detail, false, vec![line]));
        }
    } else if !verdict.passed() && !verdict.output.trim().is_empty() && !matches!(verdict.outcome, Outcome::CompileError(_)) {
        blocks.push(Block::new(Kind::Failure, true, output_lines(&tidy(&verdict.output))));
    }
    if verdict.passed() && verdict.tests.is_empty() && !verdict.output.trim().is_empty() {
        // A program that passes by running (rustlings' intro1 greets the learner): its output,
        // bounded, is part of the lesson.
        blocks.push(Block::new(Kind::Detail, true, output_lines(&tidy(&verdict.output))));
    }
    if verdict.passed() && !verdict.warnings.trim().is_empty() {
        blocks.push(Block::new(Kind::Detail, true, warnings_brief(&tidy(&json::strip_ansi(&verdict.warnings)))));
    }
    for note in &verdict.notes {
        let line = Line::from(vec![Span::styled("note: ", warn_style().bold()), Span::raw(tidy(note))]);
        blocks.push(Block::new(Kind::Note, true, vec![line]));
    }
    Doc { summary: summary_line(verdict), blocks }
}

/// A program's output under its heading, its last lines only.
fn output_lines(output: &str) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled("output:", Style::default().bold())];
    lines.extend(plain_lines(&tail(output, OUTPUT_TAIL), ""));
    lines
}

/// Compiler warnings on a pass, briefly: how many, and each one's headline and place.
fn warnings_brief(text: &str) -> Vec<Line<'static>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(message) = line.strip_prefix("warning: ") else { continue };
        if message.contains("generated") && message.contains("warning") {
            continue; // cargo's own "N warnings generated" summary
        }
        let place = lines.get(i + 1).and_then(|l| l.trim_start().strip_prefix("--> ")).unwrap_or("");
        found.push((message.to_owned(), place.to_owned()));
    }
    if found.is_empty() {
        return Vec::new();
    }
    let mut out = vec![Line::styled(format!("The compiler has {} for your code:", count(found.len(), "warnings")), warn_style())];
    for (message, place) in found.iter().take(3) {
        let at = if place.is_empty() { String::new() } else { format!(" ({place})") };
        out.push(Line::raw(format!("  warning: {message}{at}")));
    }
    if found.len() > 3 {
        out.push(Line::raw(format!("  and {} more (see the log)", found.len() - 3)));
    }
    out
}

fn trim_blank(mut lines: Vec<Line<'static>>) -> Vec<Line<'static>> {
    while lines.last().is_some_and(|l| styled::plain(l).trim().is_empty()) {
        lines.pop();
    }
    lines
}

/// Every line of the doc, with the blank lines between blocks.
pub fn doc_lines(doc: &Doc) -> Vec<Line<'static>> {
    let mut out = vec![doc.summary.clone()];
    for block in &doc.blocks {
        if block.gap {
            out.push(Line::default());
        }
        out.extend(block.lines.iter().cloned());
    }
    out
}

/// The full verdict for `dev check`, as text (coloured when colour is on).
#[cfg(feature = "full")]
pub fn verdict(verdict: &Verdict, _exercise: &Exercise) -> String {
    verdict_with(verdict, &Look::default(), None)
}

/// The full verdict, wrapped to `width` when it is known (a terminal).
pub fn verdict_with(verdict: &Verdict, look: &Look, width: Option<usize>) -> String {
    let lines = doc_lines(&doc(verdict, look));
    let lines = match width {
        Some(width) => styled::wrap_all(&lines, width),
        None => lines,
    };
    styled::to_ansi(&lines, crate::color::enabled())
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
    if !verdict.warnings.is_empty() {
        out.push_str(&format!("
--- compiler warnings ---
{}
", json::strip_ansi(&verdict.warnings)));
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
        Outcome::Skipped(_) => "skipped",
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

/// A one-line verdict for lists (`verify`, watch's `c`).
pub fn short_line(verdict: &Verdict) -> Line<'static> {
    let (mark, style) = match verdict.outcome {
        Outcome::Passed => ("✓", pass_style()),
        Outcome::Error(_) => ("!", warn_style()),
        Outcome::Skipped(_) => ("-", Style::default()),
        _ => ("✗", fail_style()),
    };
    Line::from(vec![Span::styled(mark, style), Span::raw(format!(" {}: {}", verdict.exercise, verdict.summary))])
}

/// Every exercise's verdict (in course order) summed up per stage, each one not passing named,
/// and a last line: `verify`'s output and the results of watch's `c`.
pub fn stage_summary(course: &Course, verdicts: &[Verdict]) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let dir_width = course.stages.iter().map(|s| s.dir.chars().count()).max().unwrap_or(10);
    let title_width = course.stages.iter().filter(|s| s.title != s.dir).map(|s| s.title.chars().count()).max().unwrap_or(0);
    for (i, stage) in course.stages.iter().enumerate() {
        let in_stage: Vec<_> = verdicts.iter().zip(&course.exercises).filter(|(_, e)| e.stage == i).map(|(v, _)| v).collect();
        let passed = in_stage.iter().filter(|v| v.passed()).count();
        let mark = if passed == in_stage.len() { Span::styled("✓", pass_style()) } else { Span::styled("✗", fail_style()) };
        let title = if stage.title == stage.dir { "" } else { stage.title.as_str() };
        lines.push(Line::from(vec![mark, Span::raw(format!(" {:<dir_width$}  {title:<title_width$}  {passed}/{}", stage.dir, in_stage.len()))]));
        for verdict in in_stage.iter().filter(|v| !v.passed()) {
            let mut line = short_line(verdict);
            line.spans.insert(0, Span::raw("    "));
            lines.push(line);
        }
    }
    // Why exercises were skipped, once for all of them (the same two lines for every one).
    let mut reasons: Vec<(&str, usize)> = Vec::new();
    for verdict in verdicts {
        if let Outcome::Skipped(why) = &verdict.outcome {
            match reasons.iter_mut().find(|(seen, _)| *seen == why.as_str()) {
                Some((_, count)) => *count += 1,
                None => reasons.push((why, 1)),
            }
        }
    }
    for (why, count) in reasons {
        lines.push(Line::default());
        lines.push(Line::raw(format!("{count} skipped ({}):", if count == 1 { "not failed" } else { "none of them failed" })));
        lines.extend(why.lines().map(|line| Line::raw(format!("  {line}"))));
    }
    let passed = verdicts.iter().filter(|v| v.passed()).count();
    lines.push(Line::default());
    let last = match (verdicts.len(), passed) {
        (1, 1) => "the exercise passes".to_owned(),
        (1, _) => "the exercise does not pass yet".to_owned(),
        (n, p) => format!("{p} of {n} exercises pass"),
    };
    lines.push(Line::styled(last, Style::default().bold()));
    lines
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
    let mut lines = vec![Line::from(vec![Span::styled(course.title.clone(), Style::default().bold()), Span::raw(format!("  {done}/{} done", course.exercises.len()))])];
    // In course order: a heading wherever the stage changes, so that a stage whose exercises are
    // spread through the course (rustlings' quizzes) is shown where each of them comes.
    let mut previous = None;
    for exercise in &course.exercises {
        if previous != Some(exercise.stage) {
            previous = Some(exercise.stage);
            let Some(stage) = course.stages.get(exercise.stage) else { continue };
            lines.push(Line::default());
            let title = if stage.title == stage.dir { String::new() } else { format!("  {}", stage.title) };
            lines.push(Line::from(vec![Span::styled(stage.dir.clone(), Style::default().bold()), Span::raw(title)]));
        }
        let current_style = Style::default().fg(Color::Cyan).bold();
        lines.push(match status_of(progress, current, exercise) {
            "current" => Line::from(vec![Span::raw("  "), Span::styled(format!("▶ {}", exercise.name), current_style), Span::styled("  current", current_style)]),
            "done" => Line::from(vec![Span::raw("  "), Span::styled("✓", pass_style()), Span::raw(format!(" {}", exercise.name))]),
            _ => Line::styled(format!("  · {}", exercise.name), Style::default().dim()),
        });
    }
    styled::to_ansi(&lines, crate::color::enabled())
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
            review: Vec::new(),
            postgres: None,
            own_tests: false,
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
        assert!(shown.contains("  ✓ 1 other check passed"), "{shown}");
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
    fn compile_errors_are_a_block_each_and_warnings_show_briefly_on_a_pass() {
        let diagnostics = "error[E0308]: mismatched types\n --> exercises/a.rs:1:5\n\nerror: aborting\n";
        let v = Verdict::new("a", Outcome::CompileError(diagnostics.into()), "the code does not compile yet");
        assert_eq!(doc(&v, &Look::default()).blocks.len(), 2);
        let mut passed = Verdict::from_tests("a", vec![TestResult::pass("t")], "tests");
        passed.warnings = "warning: unused variable: `x`\n --> exercises/a.rs:3:9\n  |\nwarning: `course` (bin \"a\") generated 1 warning\n".into();
        let shown = verdict_with(&passed, &Look::default(), None);
        assert!(shown.contains("The compiler has 1 warning for your code:\n  warning: unused variable: `x` (exercises/a.rs:3:9)"), "{shown}");
        assert!(!shown.contains("generated"), "{shown}");
    }

    #[test]
    fn plurals_are_right() {
        assert_eq!((count(1, "tests"), count(2, "tests"), count(0, "checks")), ("1 test".into(), "2 tests".into(), "0 checks".into()));
    }

    #[test]
    fn long_output_keeps_its_end() {
        let text = (1..=100).map(|i| i.to_string()).collect::<Vec<_>>().join("\n");
        let shown = tail(&text, 3);
        assert_eq!(shown, "[... 97 earlier lines ...]\n98\n99\n100");
    }
}
