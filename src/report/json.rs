//! `--json` output in the shape of exercism's test-runner results (version 3), with one entry
//! per exercise added, so CI graders can read one document for the whole course.

use serde::Serialize;

use crate::course::Course;
use crate::verify::{Outcome, Status, Verdict};

/// Exercism caps a test's output at 500 characters.
const OUTPUT_CAP: usize = 500;

#[derive(Serialize)]
pub struct Results {
    version: u32,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    tests: Vec<TestEntry>,
    exercises: Vec<ExerciseEntry>,
}

#[derive(Serialize)]
struct TestEntry {
    name: String,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    output: Option<String>,
}

#[derive(Serialize)]
struct ExerciseEntry {
    name: String,
    stage: String,
    status: Status,
    summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    /// What the learner should know whatever the outcome (for example: their tests differ
    /// from the originals, so they were graded with the originals).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<String>,
}

pub fn status(verdict: &Verdict) -> Status {
    match verdict.outcome {
        Outcome::Passed => Status::Pass,
        Outcome::Failed | Outcome::TimedOut { .. } => Status::Fail,
        Outcome::CompileError(_) | Outcome::Error(_) | Outcome::Skipped(_) => Status::Error,
    }
}

pub fn results(course: &Course, verdicts: &[Verdict]) -> Results {
    let mut tests = Vec::new();
    let mut exercises = Vec::new();
    for verdict in verdicts {
        let stage = course.find(&verdict.exercise).map(|e| e.stage_dir.clone()).unwrap_or_default();
        let message = match &verdict.outcome {
            Outcome::CompileError(text) | Outcome::Error(text) => Some(strip_ansi(text)),
            Outcome::Skipped(why) => Some(format!("skipped: {why}")),
            Outcome::TimedOut { phase, limit } => Some(format!("timed out while {phase} (limit {}s)", limit.as_secs())),
            Outcome::Passed | Outcome::Failed => None,
        };
        if verdict.tests.is_empty() {
            tests.push(TestEntry { name: verdict.exercise.clone(), status: status(verdict), message: message.clone().or(Some(verdict.summary.clone())), output: None });
        }
        for test in &verdict.tests {
            tests.push(TestEntry {
                name: format!("{}: {}", verdict.exercise, test.name),
                status: test.status,
                message: test.message.as_deref().map(strip_ansi),
                output: (test.status != Status::Pass && !verdict.output.is_empty()).then(|| cap(&strip_ansi(&verdict.output))),
            });
        }
        exercises.push(ExerciseEntry { name: verdict.exercise.clone(), stage, status: status(verdict), summary: verdict.summary.clone(), message, notes: verdict.notes.clone() });
    }
    let overall = if exercises.iter().any(|e| e.status == Status::Error) {
        Status::Error
    } else if exercises.iter().any(|e| e.status == Status::Fail) {
        Status::Fail
    } else {
        Status::Pass
    };
    let failing = exercises.iter().filter(|e| e.status != Status::Pass).count();
    let message = (failing > 0).then(|| format!("{failing} of {} exercises do not pass yet", exercises.len()));
    Results { version: 3, status: overall, message, tests, exercises }
}

fn cap(text: &str) -> String {
    if text.chars().count() <= OUTPUT_CAP {
        return text.to_owned();
    }
    let kept: String = text.chars().take(OUTPUT_CAP - 30).collect();
    format!("{kept}\n[output cut at {OUTPUT_CAP} characters]")
}

pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // Skip a CSI sequence: ESC [ ... final byte in @..~
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ansi_sequences_are_removed() {
        assert_eq!(strip_ansi("\u{1b}[1m\u{1b}[31merror\u{1b}[0m: x"), "error: x");
    }

    #[test]
    fn long_output_is_capped() {
        let capped = cap(&"x".repeat(2000));
        assert!(capped.chars().count() <= OUTPUT_CAP + 10);
        assert!(capped.ends_with("[output cut at 500 characters]"));
    }
}
