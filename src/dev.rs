//! Author tools: prove the course (`dev check`) and regenerate the target lists (`dev update`).

use std::io::IsTerminal;
use std::path::Path;

use colored::Colorize;

use crate::app::{Exit, Session};
use crate::check::{Checker, Side};
use crate::course::{Course, Exercise, Verifier};
use crate::originals::Originals;
use crate::report;
use crate::source;
use crate::verify::{Outcome, Verdict};

/// A problem `dev check` found, located in a file.
#[derive(Debug)]
pub struct Finding {
    pub place: String,
    pub message: String,
}

impl Finding {
    fn in_info(exercise: &Exercise, message: impl Into<String>) -> Self {
        Self { place: format!("info.toml:{}", exercise.line), message: format!("`{}`: {}", exercise.name, message.into()) }
    }

    fn in_file(path: &Path, message: impl Into<String>) -> Self {
        Self { place: path.display().to_string(), message: message.into() }
    }
}

pub async fn check(session: &Session, names: &[String]) -> anyhow::Result<Exit> {
    let course = &session.course;
    let selected: Vec<&Exercise> = if names.is_empty() {
        course.exercises.iter().collect()
    } else {
        names.iter().map(|n| course.find(n)).collect::<anyhow::Result<_>>()?
    };
    let mut findings: Vec<Finding> = lint(course, &selected);
    let runnable: Vec<&Exercise> = selected.iter().copied().filter(|e| course.root.join(e.rel_solution_path()).is_file()).collect();
    eprintln!("Checking {} exercises unsolved and solved...", runnable.len());
    let checker = Checker::new(course.clone(), Originals::Pristine(course.root.clone()), std::io::stderr().is_terminal());
    let mut subjects: Vec<(&Exercise, Side)> = runnable.iter().map(|e| (*e, Side::Exercise)).collect();
    subjects.extend(runnable.iter().map(|e| (*e, Side::Solution)));
    let verdicts = tokio::select! {
        verdicts = checker.check_many(&subjects) => verdicts,
        _ = tokio::signal::ctrl_c() => return Ok(Exit::Interrupted),
    };
    let (unsolved, solved) = verdicts.split_at(runnable.len());
    for ((exercise, unsolved), solved) in runnable.iter().zip(unsolved).zip(solved) {
        findings.extend(judge_pair(exercise, unsolved, solved));
    }
    if findings.is_empty() {
        println!("{} {} exercises: every one fails unsolved and passes with its solution", "✓".green().bold(), selected.len());
        return Ok(Exit::Success);
    }
    for finding in &findings {
        println!("{} {}: {}", "error:".red().bold(), finding.place, finding.message);
    }
    println!("\n{} problem(s) in the course", findings.len());
    Ok(Exit::Failed)
}

/// What the check of an exercise unsolved and solved says about the exercise.
fn judge_pair(exercise: &Exercise, unsolved: &Verdict, solved: &Verdict) -> Vec<Finding> {
    let mut findings = Vec::new();
    if unsolved.passed() {
        findings.push(Finding::in_file(&exercise.rel_path(), "passes while unsolved: its checks do not test the lesson"));
    }
    if let Outcome::Error(message) = &unsolved.outcome {
        findings.push(Finding::in_file(&exercise.rel_path(), format!("cannot be checked unsolved: {message}")));
    }
    if !solved.passed() {
        findings.push(Finding::in_file(&exercise.rel_solution_path(), format!("the solution does not pass:\n{}", indent(&report::json::strip_ansi(&report::verdict(solved, exercise))))));
    }
    for error in solved.authoring_errors.iter().chain(&unsolved.authoring_errors) {
        findings.push(Finding::in_info(exercise, error.clone()));
    }
    findings
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

/// Problems visible without building anything.
fn lint(course: &Course, exercises: &[&Exercise]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, stage) in course.stages.iter().enumerate() {
        let readme = Path::new("exercises").join(&stage.dir).join("README.md");
        if exercises.iter().any(|e| e.stage == i) && !course.root.join(&readme).is_file() {
            findings.push(Finding::in_file(&readme, format!("stage `{}` has no README.md explaining its concept", stage.dir)));
        }
    }
    for exercise in exercises {
        let (path, solution) = (exercise.rel_path(), exercise.rel_solution_path());
        let text = std::fs::read_to_string(course.root.join(&path)).unwrap_or_default();
        let Ok(solution_text) = std::fs::read_to_string(course.root.join(&solution)) else {
            findings.push(Finding::in_file(&solution, format!("the solution of `{}` is missing", exercise.name)));
            continue;
        };
        if !text.contains("TODO") {
            findings.push(Finding::in_file(&path, "has no `TODO` marking where the learner works"));
        }
        match &exercise.verifier {
            Verifier::Tests => {
                if source::tests_start(&text).is_none() {
                    findings.push(Finding::in_file(&path, "has no `#[cfg(test)]` tests module at the end of the file"));
                } else if !source::same_tests(&text, &solution_text) {
                    findings.push(Finding::in_file(&solution, "its tests differ from the exercise's: learners are graded with the exercise's tests, so the solution must carry the same ones"));
                }
            }
            Verifier::Mutants(mutants) => {
                for mutant in mutants {
                    if let Err(err) = source::mutate(&text, &mutant.find, &mutant.replace) {
                        findings.push(Finding::in_info(exercise, format!("mutant \"{}\": {err}", mutant.description)));
                    }
                }
            }
            _ => {}
        }
    }
    findings
}

pub fn update(session: &Session) -> anyhow::Result<Exit> {
    // Session::open has already synced the manifest; say what it holds.
    let bins = crate::manifest::bins(&session.course);
    println!("{} lists {} binary targets (exercises and solutions)", Path::new(crate::course::PACKAGE_DIR).join("Cargo.toml").display(), bins.len());
    Ok(Exit::Success)
}
