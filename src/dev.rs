//! Author tools: prove the course (`dev check`) and regenerate the target lists (`dev update`).

mod assertions;
mod layout;
mod meter;
mod proof;
mod style;

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;

use colored::Colorize;

use crate::check::{Checker, Side};
use crate::course::{Course, Exercise, Format, Verifier};
use crate::exit::Exit;
use crate::originals::Originals;
use crate::report;
use crate::session::Session;
use crate::source;
use crate::verify::{Outcome, Status, Verdict, mutants};

mod new;
pub use new::{init, new_exercise, new_stage};

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

    /// A problem of a whole file, shown at its first line.
    fn in_file(path: &Path, message: impl Into<String>) -> Self {
        Self::at(path, 1, message)
    }

    fn at(path: &Path, line: usize, message: impl Into<String>) -> Self {
        Self { place: format!("{}:{line}", path.display()), message: message.into() }
    }

    /// A problem with no line to point at (a directory, a tool).
    fn new(place: impl Into<String>, message: impl Into<String>) -> Self {
        Self { place: place.into(), message: message.into() }
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
    if names.is_empty() {
        findings.extend(layout::strays(course));
        findings.extend(layout::stage_readmes(course));
    }
    let runnable: Vec<&Exercise> = selected.iter().copied().filter(|e| course.root.join(e.rel_solution_path()).is_file()).collect();
    let meter = Arc::new(meter::Meter::new(std::io::stderr().is_terminal()));
    let (on_build, on_verdict) = (meter.clone(), meter.clone());
    let checker = Checker::new(course.clone(), Originals::Pristine(course.root.clone()), crate::color::enabled())
        .on_build(Arc::new(move |progress: &crate::cargo::Progress| on_build.built(&progress.last)))
        .on_verdict(Arc::new(move |_: &Verdict| on_verdict.ran()));
    let mut subjects: Vec<(&Exercise, Side)> = runnable.iter().map(|e| (*e, Side::Exercise)).collect();
    subjects.extend(runnable.iter().map(|e| (*e, Side::Solution)));
    let mut answers = Vec::new();
    for exercise in &runnable {
        let (found, problems) = crate::answers::discover(course, exercise);
        findings.extend(problems.into_iter().map(|p| Finding::at(&p.path, p.line, p.message)));
        findings.extend(proof::too_few(course, exercise, &found));
        subjects.extend(found.iter().map(|answer| (*exercise, Side::Answer(answer.path.clone()))));
        answers.extend(found.into_iter().map(|answer| (*exercise, answer)));
    }
    // Mutants exercises: does every behaviour the reference tests pin have a declared mutant?
    let generated: Vec<&Exercise> = runnable.iter().copied().filter(|e| matches!(e.verifier, Verifier::Mutants(_))).collect();
    subjects.extend(generated.iter().map(|e| (*e, Side::Candidates)));
    meter.phase(&format!("Checking {} exercises unsolved and solved, and {} known answers", runnable.len(), answers.len()), subjects.len());
    let verdicts = tokio::select! {
        verdicts = checker.check_many(&subjects) => verdicts,
        () = crate::exit::interrupted() => return Ok(Exit::Interrupted),
    };
    meter.finish();
    let info = info_text(course);
    let (unsolved, rest) = verdicts.split_at(runnable.len());
    let (solved, rest) = rest.split_at(runnable.len());
    let (answered, candidates) = rest.split_at(answers.len());
    for ((exercise, unsolved), solved) in runnable.iter().zip(unsolved).zip(solved) {
        findings.extend(judge_pair(exercise, unsolved, solved, &info));
    }
    for ((exercise, answer), verdict) in answers.iter().zip(answered) {
        findings.extend(proof::judge(exercise, answer, verdict));
    }
    for (exercise, verdict) in generated.iter().zip(candidates) {
        findings.extend(proof::unpinned(exercise, verdict));
    }
    // Clippy's build (a check build) comes after the checks, which need real binaries first.
    let style = async {
        meter.phase("Checking the solutions' style with rustfmt and clippy", 0);
        let results = [style::rustfmt(course, &runnable).await, style::clippy(course, &runnable, |name| meter.built(name)).await];
        meter.finish();
        results
    };
    let style_results = tokio::select! {
        results = style => results,
        () = crate::exit::interrupted() => return Ok(Exit::Interrupted),
    };
    for result in style_results {
        match result {
            Ok(found) => findings.extend(found),
            Err(style::Unavailable(warning)) => println!("{} {warning}", "warning:".yellow().bold()),
        }
    }
    if findings.is_empty() {
        let (wrong, right) = proof::counts(&answers);
        println!(
            "{} {} exercises: every one fails unsolved and passes with its solution; {wrong} known wrong answers fail and {right} other right answers pass",
            "✓".green().bold(),
            selected.len()
        );
        return Ok(Exit::Success);
    }
    for finding in &findings {
        println!("{} {}: {}", "error:".red().bold(), finding.place, finding.message);
    }
    println!("\n{} problem(s) in the course", findings.len());
    Ok(Exit::Failed)
}

/// What the check of an exercise unsolved and solved says about the exercise.
fn judge_pair(exercise: &Exercise, unsolved: &Verdict, solved: &Verdict, info: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    if unsolved.passed() && exercise.check_unsolved {
        findings.push(Finding::in_file(&exercise.rel_path(), "passes while unsolved: its checks do not test the lesson"));
    }
    // A broken exercise (an SQL reference that errors) fails both sides alike: say it once.
    if let Outcome::Error(message) = &unsolved.outcome
        && unsolved.outcome != solved.outcome
    {
        findings.push(Finding::in_file(&exercise.rel_path(), format!("cannot be checked unsolved: {message}")));
    }
    let missed = mutants::missed(solved);
    let failed = solved.tests.iter().filter(|t| t.status != Status::Pass).count();
    if let Outcome::Error(message) = &solved.outcome {
        findings.push(Finding::in_file(&exercise.rel_solution_path(), format!("`{}` cannot be checked with its solution: {message}", exercise.name)));
    } else if !missed.is_empty() && missed.len() == failed {
        for description in missed {
            let message = format!(
                "`{}`: the reference tests do not catch mutant \"{description}\": add a test to the solution that fails on it, or drop the mutant if it behaves like the original",
                exercise.name
            );
            findings.push(Finding::at(Path::new(crate::course::INFO_FILE), mutant_line(info, exercise, description), message));
        }
    } else if !solved.passed() {
        findings.push(Finding::in_file(&exercise.rel_solution_path(), format!("the solution does not pass:\n{}", indent(&report::json::strip_ansi(&report::verdict(solved, exercise))))));
    }
    for error in solved.authoring_errors.iter().chain(&unsolved.authoring_errors) {
        // Point at the mutant the error is about, when it names one.
        let mutant = match &exercise.verifier {
            Verifier::Mutants(list) => list.iter().find(|m| error.contains(&format!("\"{}\"", m.description))),
            _ => None,
        };
        let line = mutant.map_or(exercise.line, |m| mutant_line(info, exercise, &m.description));
        findings.push(Finding::at(Path::new(crate::course::INFO_FILE), line, format!("`{}`: {error}", exercise.name)));
    }
    findings
}

fn info_text(course: &Course) -> String {
    std::fs::read_to_string(course.root.join(crate::course::INFO_FILE)).unwrap_or_default()
}

/// Line of a mutant's `description` in info.toml (the exercise's line if it is not found).
fn mutant_line(info: &str, exercise: &Exercise, description: &str) -> usize {
    let is_it = |line: &str| line.trim_start().starts_with("description") && line.contains(description);
    info.lines().enumerate().skip(exercise.line).find(|(_, line)| is_it(line)).map_or(exercise.line, |(index, _)| index + 1)
}

/// Line of a stage's `dir` in info.toml (1 if it is not found).
fn stage_line(info: &str, dir: &str) -> usize {
    let quoted = format!("\"{dir}\"");
    info.lines().position(|line| line.trim_start().starts_with("dir") && line.contains(&quoted)).map_or(1, |index| index + 1)
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

/// Problems visible without building anything.
fn lint(course: &Course, exercises: &[&Exercise]) -> Vec<Finding> {
    let mut findings = Vec::new();
    // rustlings courses do not require a README per directory.
    for (i, stage) in course.stages.iter().enumerate().filter(|_| course.format == Format::Native) {
        let readme = Path::new("exercises").join(&stage.dir).join("README.md");
        if exercises.iter().any(|e| e.stage == i) && !course.root.join(&readme).is_file() {
            let line = stage_line(&info_text(course), &stage.dir); // read only when a README is missing
            findings.push(Finding::at(Path::new(crate::course::INFO_FILE), line, format!("stage `{}` has no {} explaining its concept", stage.dir, readme.display())));
        }
    }
    for exercise in exercises {
        if exercise.hint.contains(new::PLACEHOLDER_HINT) {
            let message = format!("`{}` still has the placeholder hint: write one that goes from a nudge to the near-answer", exercise.name);
            findings.push(Finding { place: format!("info.toml:{}", exercise.line), message });
        }
        let (path, solution) = (exercise.rel_path(), exercise.rel_solution_path());
        let text = std::fs::read_to_string(course.root.join(&path)).unwrap_or_default();
        let Ok(solution_text) = std::fs::read_to_string(course.root.join(&solution)) else {
            findings.push(Finding::in_info(exercise, format!("its solution {} is missing", solution.display())));
            continue;
        };
        if !text.contains("TODO") {
            findings.push(Finding::in_file(&path, "has no `TODO` marking where the learner works"));
        }
        match &exercise.verifier {
            Verifier::Tests => {
                // A rustlings course keeps rustlings' own conventions.
                for line in assertions::without_message(&text).into_iter().filter(|_| course.format == Format::Native) {
                    findings.push(Finding::at(&path, line, "an assertion without a message: when it fails the learner reads two values and not which requirement is at stake; add a message that names it"));
                }
                if source::tests_start(&text).is_none() {
                    findings.push(Finding::in_file(&path, "has no `#[cfg(test)]` tests module at the end of the file"));
                } else if !source::same_tests(&text, &solution_text) && course.format == Format::Native && !exercise.own_tests {
                    // In a rustlings course, tests that differ are how an exercise says the
                    // learner writes them.
                    let line = source::tests_start(&solution_text).map_or(1, |at| solution_text[..at].matches('\n').count() + 1);
                    findings.push(Finding::at(&solution, line, "its tests differ from the exercise's: learners are graded with the exercise's tests, so the solution must carry the same ones"));
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
    let manifest = session.course.format.package_dir().join("Cargo.toml");
    println!("{} lists {} binary targets (exercises and solutions)", manifest.display(), bins.len());
    Ok(Exit::Success)
}
