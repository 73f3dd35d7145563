//! Judging a planned check once its binaries are built: run them, bounded by the number of
//! cores, and let the verifier of the exercise's kind decide.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use super::plan::{Bin, Plan, Planned, Renames};
use super::{Built, Checker, Side};
use crate::assemble::TESTS_MODULE;
use crate::cargo::{self, Mode};
use crate::course::Exercise;
#[cfg(feature = "full")]
use crate::course::Verifier;
use crate::process::{self, Finished, Spec};
#[cfg(feature = "full")]
use crate::verify::{http, sql};
use crate::verify::{self, Outcome, Status, TestResult, Verdict, libtest, mutants, output, run};

/// A check's database, kept alive for the check by holding it. Only runner-full makes one.
#[cfg(feature = "full")]
type Database = crate::pg::CheckDatabase;
#[cfg(not(feature = "full"))]
type Database = std::convert::Infallible;

impl Checker {
    /// Judges here, or in `runner-full` what needs a database or an HTTP client this
    /// program was built without.
    pub(super) async fn judge(&self, exercise: &Exercise, side: &Side, planned: Planned, built: &HashMap<Bin, Built>) -> Verdict {
        match &self.handover {
            Some(handover) if super::handover::needed(exercise, &planned.plan) => handover.judge(self, exercise, side, planned, built).await,
            _ => self.judge_here(exercise, side, planned, built).await,
        }
    }

    pub(super) async fn judge_here(&self, exercise: &Exercise, side: &Side, planned: Planned, built: &HashMap<Bin, Built>) -> Verdict {
        let name = exercise.name.as_str();
        let get = |bin: &Bin| built.get(bin).cloned().unwrap_or_else(|| Err("it was not built".into()));
        // A Rust exercise on PostgreSQL: a fresh database for this check, dropped after it.
        let (_database, env, pg_note) = match self.database_for(exercise).await {
            Ok(found) => found,
            Err(verdict) => return *verdict,
        };
        let (main_bin, main_renames) = (planned.plan.bins().first().map(|b| b.name.clone()), planned.plan.renames());
        let mut verdict = match planned.plan {
            Plan::Done(verdict) => *verdict,
            #[cfg(feature = "full")]
            Plan::Sql { learner } => self.judge_sql(exercise, learner).await,
            #[cfg(feature = "full")]
            Plan::Http { bin, renames, reference } => match get(&bin) {
                Ok(exe) => self.run_http(exercise, &exe, reference.map(|r| get(&r)), &env).await,
                Err(errors) => compile_error(name, &rename(&errors, &renames)),
            },
            #[cfg(not(feature = "full"))]
            Plan::Sql { .. } | Plan::Http { .. } => Verdict::new(name, Outcome::Error("this runner was built without the `full` feature".into()), "this check needs `runner-full`"),
            Plan::Tests { bin, renames, differs, parsed } => {
                let mut verdict = match get(&bin) {
                    Ok(exe) => {
                        let mut verdict = self.run_tests(name, &exe, exercise.timeout, &env).await;
                        shown_as_learner_files(&mut verdict, &renames);
                        if verdict.passed() && !parsed {
                            verdict.outcome = Outcome::Error("the runner could not read the structure of the file".into());
                            verdict.summary = "the runner could not read the structure of your file, so it cannot grade it fairly: please report this".into();
                        }
                        verdict
                    }
                    Err(errors) => compile_error(name, &rename(&errors, &renames)),
                };
                if *side == Side::Exercise && differs {
                    verdict.notes.push(format!(
                        "the tests in your file differ from the exercise's original tests; you are graded with the originals (`runner reset {name}` restores the whole file)"
                    ));
                }
                verdict
            }
            Plan::Output { bin, renames, expected } => match get(&bin) {
                Ok(exe) => self.run_program(name, &exe, exercise.timeout, &env, |finished| output::judge(name, &expected, finished)).await,
                Err(errors) => compile_error(name, &rename(&errors, &renames)),
            },
            Plan::Run { bin, renames } => match get(&bin) {
                Ok(exe) => self.run_program(name, &exe, exercise.timeout, &env, |finished| run::judge(name, finished)).await,
                Err(errors) => compile_error(name, &rename(&errors, &renames)),
            },
            Plan::Mutants { base, mutants, renames } => match get(&base) {
                Ok(exe) => {
                    let mut verdict = self.run_mutants(exercise, &exe, mutants, built, &env).await;
                    shown_as_learner_files(&mut verdict, &renames);
                    verdict
                }
                Err(errors) => compile_error(name, &rename(&errors, &renames)),
            },
        };
        let reviewed = !matches!(verdict.outcome, Outcome::CompileError(_) | Outcome::Error(_));
        if let Some(bin) = main_bin.filter(|_| verdict.passed()) {
            verdict.warnings = rename(&self.warnings_of(&bin), &main_renames);
        }
        if reviewed {
            if verdict.passed() && planned.review.iter().any(|r| r.status != Status::Pass) {
                verdict.outcome = Outcome::Failed;
                verdict.summary = "it works, but a reviewer would not accept it yet".into();
            }
            verdict.tests.extend(planned.review);
        }
        verdict.notes.extend(pg_note);
        if planned.todo_left && !verdict.passed() {
            verdict.notes.push(verify::TODO_NOTE.into());
        }
        if exercise.strict_clippy && verdict.passed() && !matches!(side, Side::Answer(_)) {
            self.strict_clippy(exercise, side, &mut verdict).await;
        }
        verdict
    }

    /// rustlings' `strict_clippy`: a passing exercise must also have no clippy warnings.
    async fn strict_clippy(&self, exercise: &Exercise, side: &Side, verdict: &mut Verdict) {
        let bin = self.course_bin(exercise, side, Mode::Clippy);
        let warnings = match self.cargo(&bin.manifest, Mode::Clippy, std::slice::from_ref(&bin)).await {
            Ok(outcome) if outcome.success && !outcome.failed.contains(&bin.name) => return,
            Ok(outcome) => outcome.errors_for(&bin.name),
            Err(err) => {
                verdict.outcome = Outcome::Error(err);
                verdict.summary = "clippy could not be run (this exercise must have no clippy warnings)".into();
                return;
            }
        };
        verdict.outcome = Outcome::Failed;
        verdict.summary = "it works, but this exercise must also have no clippy warnings".into();
        verdict.tests.push(TestResult::fail("clippy -D warnings", cargo::tidy_paths(&warnings)));
    }

    async fn run(&self, spec: &Spec) -> std::io::Result<process::Finished> {
        let _permit = self.jobs.acquire().await.map_err(std::io::Error::other)?;
        process::run(&spec.limited()).await
    }

    /// The database of an exercise that needs PostgreSQL (kept alive by the first value), the
    /// environment that names it, and a note on how the server runs; a skipped verdict where
    /// the machine has no PostgreSQL.
    #[cfg(not(feature = "full"))]
    async fn database_for(&self, _: &Exercise) -> Result<(Option<Database>, Env, Option<String>), Box<Verdict>> {
        Ok((None, Vec::new(), None))
    }

    #[cfg(feature = "full")]
    async fn database_for(&self, exercise: &Exercise) -> Result<(Option<Database>, Env, Option<String>), Box<Verdict>> {
        let Some(settings) = &exercise.postgres else { return Ok((None, Vec::new(), None)) };
        let name = exercise.name.as_str();
        let state_dir = self.course.state_dir();
        let started = tokio::task::spawn_blocking(move || crate::pg::shared(&state_dir)).await;
        let databases = match started {
            Ok(Ok(databases)) => databases,
            Ok(Err(crate::pg::Unavailable::NotInstalled)) => return Err(Box::new(Verdict::new(name, Outcome::Skipped(crate::pg::INSTALL_HINT.into()), "this exercise needs PostgreSQL"))),
            Ok(Err(why)) => return Err(Box::new(Verdict::new(name, Outcome::Error(why.to_string()), "the PostgreSQL server could not be started"))),
            Err(err) => return Err(Box::new(Verdict::new(name, Outcome::Error(err.to_string()), "the PostgreSQL server could not be started"))),
        };
        let fixture_path = self.stage_dir(exercise).join(&settings.fixture);
        let fixture = std::fs::read_to_string(&fixture_path).map_err(|e| Box::new(Verdict::new(name, Outcome::Error(format!("cannot read {}: {e}", fixture_path.display())), "the exercise's fixture is missing")))?;
        let database = databases.check_database(&fixture, crate::pg::Layout::AsWritten).await.map_err(|e| Box::new(Verdict::new(name, Outcome::Error(e), "the exercise's database could not be made")))?;
        let env = vec![("DATABASE_URL".to_owned(), database.url(crate::pg::Role::Learner))];
        Ok((Some(database), env, databases.note.clone()))
    }

    fn test_spec(&self, exe: &Path, timeout: Duration, env: &Env) -> Spec {
        let mut spec = Spec::new(exe, &self.course.root, timeout);
        spec.env.extend(env.iter().cloned());
        spec
            .arg("--color")
            .arg("never")
            .env("RUST_BACKTRACE", if self.backtrace() { "1" } else { "0" })
            // Property tests: the same cases on every run, and no regression files written
            // next to the learner's exercise.
            .env("PROPTEST_DISABLE_FAILURE_PERSISTENCE", "1")
            .env("PROPTEST_RNG_SEED", "20261121")
    }

    async fn run_tests(&self, name: &str, exe: &Path, timeout: Duration, env: &Env) -> Verdict {
        let finished = match self.run(&self.test_spec(exe, timeout, env)).await {
            Ok(finished) => finished,
            Err(err) => return Verdict::new(name, Outcome::Error(err.to_string()), "the tests could not be started"),
        };
        let mut tests = libtest::parse(&finished.stdout.text);
        for test in &mut tests {
            test.message = test.message.as_deref().map(cargo::tidy_paths);
        }
        let complete = libtest::complete(&finished.stdout.text, &tests);
        let mut verdict = Verdict::from_tests(name, tests, "tests");
        if let Some(outcome) = verify::ending_problem(&finished, "running the tests", timeout) {
            verdict.summary = format!("the tests did not finish within {}s: look for an endless loop or a wait that never ends", timeout.as_secs());
            verdict.outcome = outcome;
        } else if !finished.success() && (verdict.passed() || verdict.tests.is_empty()) {
            verdict.outcome = Outcome::Failed;
            verdict.summary = format!("the test program crashed ({}) before reporting every test: see its output", describe_ending(finished.ending));
        } else if finished.success() && !complete {
            verdict.outcome = Outcome::Failed;
            verdict.summary = "the test program ended before reporting every test: does the code call `std::process::exit`?".into();
        } else if verdict.tests.is_empty() && finished.success() {
            verdict.outcome = Outcome::Error("the exercise has no tests".into());
            verdict.summary = "the exercise has no tests to run".into();
        }
        verify::apply_limit(&finished, &mut verdict);
        verdict.notes.extend(verify::left_behind_note(&finished));
        verdict.output = verify::combined_output(&finished);
        verdict.elapsed = finished.elapsed;
        verdict
    }

    /// Runs the program once and lets `judge` decide on how it finished (`output`, `run`).
    async fn run_program(&self, name: &str, exe: &Path, timeout: Duration, env: &Env, judge: impl FnOnce(&Finished) -> Verdict) -> Verdict {
        let mut spec = Spec::new(exe, &self.course.root, timeout);
        spec.env.extend(env.iter().cloned());
        match self.run(&spec).await {
            Err(err) => Verdict::new(name, Outcome::Error(err.to_string()), "the program could not be started"),
            Ok(finished) => {
                let mut verdict = judge(&finished);
                if let Some(outcome) = verify::ending_problem(&finished, "running your program", timeout) {
                    verdict.outcome = outcome;
                    verdict.summary = format!("your program did not finish within {}s", timeout.as_secs());
                }
                verify::apply_limit(&finished, &mut verdict);
                verdict.notes.extend(verify::left_behind_note(&finished));
                verdict.output = verify::combined_output(&finished);
                verdict
            }
        }
    }

    #[cfg(feature = "full")]
    async fn run_http(&self, exercise: &Exercise, exe: &Path, reference: Option<Built>, env: &Env) -> Verdict {
        let Verifier::Http(settings) = &exercise.verifier else { return Verdict::new(&exercise.name, Outcome::Error("not an http exercise".into()), "internal error") };
        let _permit = self.jobs.acquire().await.ok();
        let by_hand = http::by_hand(self.course.format.package_dir(), &exercise.name);
        let mut server = match http::Server::start(exe, &self.course.root, exercise.timeout, self.backtrace(), env).await {
            Ok(server) => server,
            Err(err) => return http::start_failure(&exercise.name, err, exercise.timeout, &by_hand),
        };
        let mut reference_server = match reference {
            None => None,
            Some(Err(errors)) => return Verdict::new(&exercise.name, Outcome::Error(errors), "the reference solution does not compile"),
            Some(Ok(path)) => match http::Server::start(&path, &self.course.root, exercise.timeout, false, env).await {
                Ok(server) => Some(server),
                Err(_) => return Verdict::new(&exercise.name, Outcome::Error("the reference server did not start".into()), "the reference server did not start"),
            },
        };
        http::exchange(&exercise.name, settings, &mut server, reference_server.as_mut(), exercise.timeout, &by_hand).await
    }

    async fn run_mutants(&self, exercise: &Exercise, base: &Path, list: Vec<(String, Bin)>, built: &HashMap<Bin, Built>, env: &Env) -> Verdict {
        let name = exercise.name.as_str();
        let base_run = self.run_tests(name, base, exercise.timeout, env).await;
        if !base_run.passed() {
            if base_run.tests.is_empty() {
                // No test reported: either there is none yet, or the tests hang or crash.
                return if matches!(base_run.outcome, Outcome::Error(_)) { mutants::judge(name, 0, Vec::new()) } else { base_run };
            }
            let failures: Vec<TestResult> = base_run.tests.into_iter().filter(|t| t.status != Status::Pass).collect();
            let mut verdict = mutants::failing_on_original(name, failures);
            verdict.outcome = base_run.outcome;
            return verdict;
        }
        let test_count = base_run.tests.len();
        // A mutant may loop forever: give it a few times what the real code needed.
        let limit = (base_run.elapsed.max(Duration::from_secs(1)) * 5).max(Duration::from_secs(10)).min(exercise.timeout);
        let runs = list.into_iter().map(|(description, bin)| async move {
            let result = match built.get(&bin).cloned().unwrap_or_else(|| Err("not built".into())) {
                Err(errors) => mutants::MutantResult::Unviable(errors),
                Ok(exe) => match self.run(&self.test_spec(&exe, limit, env)).await {
                    Ok(finished) if finished.success() => mutants::MutantResult::Missed,
                    Ok(_) => mutants::MutantResult::Caught,
                    Err(err) => mutants::MutantResult::Unviable(format!("it could not be run: {err}")),
                },
            };
            (description, result)
        });
        let results = super::join_all(runs).await;
        mutants::judge(name, test_count, results)
    }

    #[cfg(feature = "full")]
    async fn judge_sql(&self, exercise: &Exercise, learner: String) -> Verdict {
        let Verifier::Sql(settings) = &exercise.verifier else { return Verdict::new(&exercise.name, Outcome::Error("not an sql exercise".into()), "internal error") };
        let fixture_name = settings.fixture.clone().unwrap_or_else(|| "fixture.sql".into());
        let fixture_path = self.stage_dir(exercise).join(&fixture_name);
        let reference_path = self.course.solution_file(exercise);
        let (exercise, settings, state_dir) = (exercise.clone(), settings.clone(), self.course.state_dir());
        let _permit = self.jobs.acquire().await.ok();
        let task = tokio::task::spawn_blocking(move || {
            let read = |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()));
            let (fixture, reference) = match (read(&fixture_path), read(&reference_path)) {
                (Ok(f), Ok(r)) => (f, r),
                (f, r) => {
                    let message = [f.err(), r.err()].into_iter().flatten().collect::<Vec<_>>().join("; ");
                    return Verdict::new(&exercise.name, Outcome::Error(message.clone()), message);
                }
            };
            sql::check(&sql::Inputs { exercise: &exercise.name, state_dir: &state_dir, settings: &settings, fixture: &fixture, learner: &learner, reference: &reference, timeout: exercise.timeout })
        });
        task.await.unwrap_or_else(|err| Verdict::new("sql", Outcome::Error(err.to_string()), "the SQL check crashed"))
    }
}

/// Extra environment of a check's programs (a database's URL).
type Env = Vec<(String, String)>;

/// Paths in messages name the learner's files, and test names lose the assembled module.
fn shown_as_learner_files(verdict: &mut Verdict, renames: &Renames) {
    for test in &mut verdict.tests {
        test.name = without_tests_module(&test.name);
        test.message = test.message.as_deref().map(|m| rename(m, renames));
    }
    verdict.output = rename(&verdict.output, renames);
}

fn without_tests_module(text: &str) -> String {
    text.replace(&format!("{TESTS_MODULE}::"), "")
}

/// `text` with each scratch path replaced by the file it stands for.
fn rename(text: &str, renames: &Renames) -> String {
    let mut out = without_tests_module(text);
    for (scratch, shown) in renames {
        out = out.replace(scratch.as_str(), &shown.to_string_lossy());
    }
    cargo::tidy_paths(&out)
}

fn describe_ending(ending: process::Ending) -> String {
    match ending {
        process::Ending::Exited(code) => format!("exit status {code}"),
        process::Ending::Signalled(6) => "aborted, for example by a stack overflow".into(),
        process::Ending::Signalled(signal) => format!("killed by signal {signal}"),
        process::Ending::TimedOut => "timed out".into(),
    }
}

fn compile_error(name: &str, diagnostics: &str) -> Verdict {
    Verdict::new(name, Outcome::CompileError(cargo::tidy_paths(diagnostics)), "the code does not compile yet")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_paths_and_the_tests_module_are_hidden() {
        let renames = vec![
            ("src/01_http/x.rs".to_owned(), "exercises/01_http/x.rs".into()),
            ("src/01_http/x__tests.rs".to_owned(), "exercises/01_http/x.rs".into()),
        ];
        let message = "thread 'runner_graded::tests::t' panicked at src/01_http/x__tests.rs:40:9:\nerror at src/01_http/x.rs:3:1";
        assert_eq!(rename(message, &renames), "thread 'tests::t' panicked at exercises/01_http/x.rs:40:9:\nerror at exercises/01_http/x.rs:3:1");
    }
}
