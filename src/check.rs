//! Checking exercises: decide what to build for each (one cargo invocation per package and
//! mode, however many exercises), then run every verifier, bounded by the number of cores.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use crate::cargo::{self, Mode};
use crate::course::{Course, Exercise, Verifier};
use crate::originals::Originals;
use crate::process::{self, Spec};
use crate::scratch::Scratch;
use crate::source;
use crate::process::Finished;
use crate::verify::{self, Outcome, Status, TestResult, Verdict, http, libtest, mutants, output, run, sql};

/// Which file of an exercise is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Exercise,
    Solution,
}

/// A binary target to build.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Bin {
    manifest: PathBuf,
    mode: Mode,
    name: String,
}

/// What one check needs built, and how to judge it afterwards.
enum Plan {
    Tests { bin: Bin, shown_as: PathBuf },
    Output { bin: Bin, expected: String },
    Run { bin: Bin },
    Sql,
    Http { bin: Bin, reference: Option<Bin> },
    Mutants { base: Bin, mutants: Vec<(String, Bin)>, shown_as: PathBuf },
    Done(Box<Verdict>),
}

/// A built binary, or why it could not be built.
type Built = Result<PathBuf, String>;

pub type OnBuild = Arc<dyn Fn(&cargo::Progress) + Send + Sync>;
/// Told of each verdict of `check_many` as it comes (for progress displays).
pub type OnVerdict = Arc<dyn Fn(&Verdict) + Send + Sync>;

pub struct Checker {
    pub course: Arc<Course>,
    originals: Originals,
    color: bool,
    jobs: Arc<Semaphore>,
    on_build: Option<OnBuild>,
    on_verdict: Option<OnVerdict>,
}

impl Checker {
    pub fn new(course: Arc<Course>, originals: Originals, color: bool) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self { course, originals, color, jobs: Arc::new(Semaphore::new(cores)), on_build: None, on_verdict: None }
    }

    pub fn on_build(mut self, callback: OnBuild) -> Self {
        self.on_build = Some(callback);
        self
    }

    pub fn on_verdict(mut self, callback: OnVerdict) -> Self {
        self.on_verdict = Some(callback);
        self
    }

    pub async fn check(&self, exercise: &Exercise, side: Side) -> Verdict {
        self.check_many(&[(exercise, side)]).await.pop().unwrap_or_else(|| Verdict::new(&exercise.name, Outcome::Error("nothing was checked".into()), "nothing was checked"))
    }

    /// Checks every subject; verdicts come back in the order given.
    pub async fn check_many(&self, subjects: &[(&Exercise, Side)]) -> Vec<Verdict> {
        let started = Instant::now();
        let plans: Vec<Plan> = subjects.iter().map(|(exercise, side)| self.plan(exercise, *side)).collect();
        let built = self.build(&plans).await;
        let built = &built;
        let runs = subjects.iter().zip(plans).map(|((exercise, side), plan)| async move {
            let verdict = self.judge(exercise, *side, plan, built).await;
            if let Some(callback) = &self.on_verdict {
                callback(&verdict);
            }
            verdict
        });
        let mut verdicts = futures::future::join_all(runs).await;
        if subjects.len() == 1 {
            for verdict in &mut verdicts {
                verdict.elapsed = started.elapsed();
            }
        }
        verdicts
    }

    /// Builds what checking these exercises needs, without running anything.
    pub async fn prebuild(&self, exercises: &[&Exercise]) {
        let plans: Vec<Plan> = exercises.iter().map(|e| self.plan(e, Side::Exercise)).collect();
        self.build(&plans).await;
    }

    fn file(&self, exercise: &Exercise, side: Side) -> PathBuf {
        match side {
            Side::Exercise => exercise.rel_path(),
            Side::Solution => exercise.rel_solution_path(),
        }
    }

    fn course_bin(&self, exercise: &Exercise, side: Side, mode: Mode) -> Bin {
        let name = match side {
            Side::Exercise => exercise.name.clone(),
            Side::Solution => exercise.solution_bin(),
        };
        Bin { manifest: self.course.package_manifest(), mode, name }
    }

    fn plan(&self, exercise: &Exercise, side: Side) -> Plan {
        match self.try_plan(exercise, side) {
            Ok(plan) => plan,
            Err(err) => Plan::Done(Box::new(Verdict::new(&exercise.name, Outcome::Error(format!("{err:#}")), format!("cannot check `{}`: {err:#}", exercise.name)))),
        }
    }

    fn try_plan(&self, exercise: &Exercise, side: Side) -> anyhow::Result<Plan> {
        let rel = self.file(exercise, side);
        // Each side assembles its own scratch files: checking an exercise and its solution in
        // one run must not overwrite each other's.
        let key = match side {
            Side::Exercise => exercise.name.clone(),
            Side::Solution => exercise.solution_bin(),
        };
        let read = |path: &Path| std::fs::read_to_string(self.course.root.join(path)).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()));
        Ok(match &exercise.verifier {
            Verifier::Sql(_) => Plan::Sql,
            Verifier::Output(settings) => Plan::Output { bin: self.course_bin(exercise, side, Mode::Build), expected: settings.expected.clone() },
            Verifier::Run => Plan::Run { bin: self.course_bin(exercise, side, Mode::Build) },
            Verifier::Http(settings) => Plan::Http {
                bin: self.course_bin(exercise, side, Mode::Build),
                reference: settings.compare_with_solution.then(|| self.course_bin(exercise, Side::Solution, Mode::Build)),
            },
            Verifier::Tests => {
                let text = read(&rel)?;
                let original = self.originals.text(exercise)?;
                if let Some(why) = source::tampering(&text) {
                    let mut verdict = Verdict::new(&exercise.name, Outcome::Failed, "the code changes how the tests run");
                    verdict.tests.push(TestResult::fail("the tests run as written", why));
                    return Ok(Plan::Done(Box::new(verdict)));
                }
                if source::same_tests(&text, &original) {
                    Plan::Tests { bin: self.course_bin(exercise, side, Mode::Test), shown_as: rel }
                } else {
                    let name = format!("{key}__graded");
                    let scratch = Scratch::for_exercise(&self.course, &key);
                    let manifest = scratch.write(&self.course, &self.stage_dir(exercise), &[(name.clone(), source::splice(&text, &original))])?;
                    Plan::Tests { bin: Bin { manifest, mode: Mode::Test, name }, shown_as: rel }
                }
            }
            Verifier::Mutants(list) => {
                let base_source = source::splice(&self.originals.text(exercise)?, &read(&rel)?);
                let mut sources = vec![(format!("{key}__base"), base_source.clone())];
                for (i, mutant) in list.iter().enumerate() {
                    let mutated = source::mutate(&base_source, &mutant.find, &mutant.replace)
                        .map_err(|err| anyhow::anyhow!("mutant \"{}\": {err}", mutant.description))?;
                    sources.push((format!("{key}__mutant{}", i + 1), mutated));
                }
                let scratch = Scratch::for_exercise(&self.course, &key);
                let manifest = scratch.write(&self.course, &self.stage_dir(exercise), &sources)?;
                let bin = |name: &str| Bin { manifest: manifest.clone(), mode: Mode::Test, name: name.to_owned() };
                Plan::Mutants {
                    base: bin(&sources[0].0),
                    mutants: list.iter().zip(&sources[1..]).map(|(m, (name, _))| (m.description.clone(), bin(name))).collect(),
                    shown_as: rel,
                }
            }
        })
    }

    fn stage_dir(&self, exercise: &Exercise) -> PathBuf {
        self.course.root.join("exercises").join(&exercise.stage_dir)
    }

    /// One cargo invocation per (package, mode).
    async fn build(&self, plans: &[Plan]) -> HashMap<Bin, Built> {
        let mut groups: BTreeMap<(PathBuf, Mode), Vec<Bin>> = BTreeMap::new();
        for plan in plans {
            for bin in plan_bins(plan) {
                let group = groups.entry((bin.manifest.clone(), bin.mode)).or_default();
                if !group.contains(bin) {
                    group.push(bin.clone());
                }
            }
        }
        let mut built = HashMap::new();
        for ((manifest, mode), bins) in groups {
            let mut pending = bins;
            // `cargo test` stops starting new targets after an error (it has no --keep-going):
            // build again whatever it never got to, until every target is built or failed.
            while !pending.is_empty() {
                let attempted = pending.len();
                let outcome = self.cargo(&manifest, mode, &pending).await;
                let mut retry = Vec::new();
                for bin in pending {
                    match &outcome {
                        Err(err) => drop(built.insert(bin, Err(err.clone()))),
                        Ok(o) if o.failed.contains(&bin.name) => drop(built.insert(bin.clone(), Err(o.errors_for(&bin.name)))),
                        Ok(o) => match o.executables.get(&bin.name) {
                            Some(path) => drop(built.insert(bin, Ok(path.clone()))),
                            None if !o.failed.is_empty() => retry.push(bin),
                            None => drop(built.insert(bin.clone(), Err(o.errors_for(&bin.name)))),
                        },
                    }
                }
                if retry.len() == attempted {
                    // Nothing requested failed, yet nothing more was built: something they all
                    // need (a dependency, the manifest) failed. Show what cargo said about it.
                    let cause = match &outcome {
                        Ok(o) => o.failed.iter().map(|t| o.errors_for(t)).chain([o.stderr.clone()]).collect::<Vec<_>>().join("\n"),
                        Err(err) => err.clone(),
                    };
                    for bin in retry.drain(..) {
                        built.insert(bin, Err(cause.clone()));
                    }
                }
                pending = retry;
            }
        }
        built
    }

    async fn cargo(&self, manifest: &Path, mode: Mode, bins: &[Bin]) -> Result<cargo::Outcome, String> {
        let scratch = manifest != self.course.package_manifest();
        let request = cargo::Request {
            manifest: manifest.to_owned(),
            mode,
            bins: bins.iter().map(|b| b.name.clone()).collect(),
            target_dir: scratch.then(|| self.course.target_dir()),
            color: self.color,
            offline: scratch,
        };
        let on_build = self.on_build.clone();
        let report = move |progress: &cargo::Progress| {
            if let Some(callback) = &on_build {
                callback(progress);
            }
        };
        cargo::build(&request, &self.course.root, report).await.map_err(|err| format!("{err:#}"))
    }

    async fn judge(&self, exercise: &Exercise, side: Side, plan: Plan, built: &HashMap<Bin, Built>) -> Verdict {
        let name = exercise.name.as_str();
        let get = |bin: &Bin| built.get(bin).cloned().unwrap_or_else(|| Err("it was not built".into()));
        let mut verdict = match plan {
            Plan::Done(verdict) => *verdict,
            Plan::Sql => self.judge_sql(exercise, side).await,
            Plan::Tests { bin, shown_as } => {
                let mut verdict = match get(&bin) {
                    Ok(exe) => {
                        let mut verdict = self.run_tests(name, &exe, exercise.timeout).await;
                        for test in &mut verdict.tests {
                            test.message = test.message.as_deref().map(|m| self.point_at(m, &bin, &shown_as));
                        }
                        verdict.output = self.point_at(&verdict.output, &bin, &shown_as);
                        verdict
                    }
                    Err(errors) => compile_error(name, &self.point_at(&errors, &bin, &shown_as)),
                };
                // A scratch build means the plan found the learner's tests changed.
                if side == Side::Exercise && bin.manifest != self.course.package_manifest() {
                    verdict.notes.push(format!(
                        "the tests in your file differ from the exercise's original tests; you are graded with the originals (`runner reset {name}` restores the whole file)"
                    ));
                }
                verdict
            }
            Plan::Output { bin, expected } => match get(&bin) {
                Ok(exe) => self.run_program(name, &exe, exercise.timeout, |finished| output::judge(name, &expected, finished)).await,
                Err(errors) => compile_error(name, &errors),
            },
            Plan::Run { bin } => match get(&bin) {
                Ok(exe) => self.run_program(name, &exe, exercise.timeout, |finished| run::judge(name, finished)).await,
                Err(errors) => compile_error(name, &errors),
            },
            Plan::Http { bin, reference } => match get(&bin) {
                Ok(exe) => self.run_http(exercise, &exe, reference.map(|r| get(&r))).await,
                Err(errors) => compile_error(name, &errors),
            },
            Plan::Mutants { base, mutants, shown_as } => match get(&base) {
                Ok(exe) => self.run_mutants(exercise, &exe, mutants, built).await,
                Err(errors) => compile_error(name, &self.point_at(&errors, &base, &shown_as)),
            },
        };
        if exercise.strict_clippy && verdict.passed() {
            self.strict_clippy(exercise, side, &mut verdict).await;
        }
        verdict
    }

    /// rustlings' `strict_clippy`: a passing exercise must also have no clippy warnings.
    async fn strict_clippy(&self, exercise: &Exercise, side: Side, verdict: &mut Verdict) {
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

    /// Diagnostics of a scratch build name the learner's file, not the assembled copy.
    fn point_at(&self, errors: &str, bin: &Bin, shown_as: &Path) -> String {
        if bin.manifest == self.course.package_manifest() {
            return errors.to_owned();
        }
        errors.replace(&format!("src/{}.rs", bin.name), &shown_as.to_string_lossy())
    }

    async fn run(&self, spec: &Spec) -> std::io::Result<process::Finished> {
        let _permit = self.jobs.acquire().await.map_err(std::io::Error::other)?;
        process::run(&spec.limited()).await
    }

    fn test_spec(&self, exe: &Path, timeout: Duration) -> Spec {
        Spec::new(exe, &self.course.root, timeout)
            .arg("--color")
            .arg("never")
            .env("RUST_BACKTRACE", "0")
            // Property tests: the same cases on every run, and no regression files written
            // next to the learner's exercise.
            .env("PROPTEST_DISABLE_FAILURE_PERSISTENCE", "1")
            .env("PROPTEST_RNG_SEED", "20261121")
    }

    async fn run_tests(&self, name: &str, exe: &Path, timeout: Duration) -> Verdict {
        let finished = match self.run(&self.test_spec(exe, timeout)).await {
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
        if verdict.tests.iter().any(|t| t.message.as_deref().is_some_and(|m| m.contains("not yet implemented"))) {
            verdict.notes.push("a `todo!()` is still in your code: replace it with your implementation".into());
        }
        verify::apply_limit(&finished, &mut verdict);
        verdict.notes.extend(verify::left_behind_note(&finished));
        verdict.output = verify::combined_output(&finished);
        verdict.elapsed = finished.elapsed;
        verdict
    }

    /// Runs the program once and lets `judge` decide on how it finished (`output`, `run`).
    async fn run_program(&self, name: &str, exe: &Path, timeout: Duration, judge: impl FnOnce(&Finished) -> Verdict) -> Verdict {
        match self.run(&Spec::new(exe, &self.course.root, timeout)).await {
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

    async fn run_http(&self, exercise: &Exercise, exe: &Path, reference: Option<Built>) -> Verdict {
        let Verifier::Http(settings) = &exercise.verifier else { return Verdict::new(&exercise.name, Outcome::Error("not an http exercise".into()), "internal error") };
        let _permit = self.jobs.acquire().await.ok();
        let mut server = match http::Server::start(exe, &self.course.root, exercise.timeout).await {
            Ok(server) => server,
            Err(err) => return http::start_failure(&exercise.name, err, exercise.timeout),
        };
        let mut reference_server = match reference {
            None => None,
            Some(Err(errors)) => return Verdict::new(&exercise.name, Outcome::Error(errors), "the reference solution does not compile"),
            Some(Ok(path)) => match http::Server::start(&path, &self.course.root, exercise.timeout).await {
                Ok(server) => Some(server),
                Err(_) => return Verdict::new(&exercise.name, Outcome::Error("the reference server did not start".into()), "the reference server did not start"),
            },
        };
        http::exchange(&exercise.name, settings, &mut server, reference_server.as_mut(), exercise.timeout).await
    }

    async fn run_mutants(&self, exercise: &Exercise, base: &Path, list: Vec<(String, Bin)>, built: &HashMap<Bin, Built>) -> Verdict {
        let name = exercise.name.as_str();
        let base_run = self.run_tests(name, base, exercise.timeout).await;
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
                Ok(exe) => match self.run(&self.test_spec(&exe, limit)).await {
                    Ok(finished) if finished.success() => mutants::MutantResult::Missed,
                    Ok(_) => mutants::MutantResult::Caught,
                    Err(err) => mutants::MutantResult::Unviable(format!("it could not be run: {err}")),
                },
            };
            (description, result)
        });
        let results = futures::future::join_all(runs).await;
        mutants::judge(name, test_count, results)
    }

    async fn judge_sql(&self, exercise: &Exercise, side: Side) -> Verdict {
        let Verifier::Sql(settings) = &exercise.verifier else { return Verdict::new(&exercise.name, Outcome::Error("not an sql exercise".into()), "internal error") };
        let root = self.course.root.clone();
        let fixture_name = settings.fixture.clone().unwrap_or_else(|| "fixture.sql".into());
        let fixture_path = self.stage_dir(exercise).join(&fixture_name);
        let (learner_path, reference_path) = (root.join(self.file(exercise, side)), root.join(exercise.rel_solution_path()));
        let (exercise, settings) = (exercise.clone(), settings.clone());
        let _permit = self.jobs.acquire().await.ok();
        let task = tokio::task::spawn_blocking(move || {
            let read = |path: &Path| std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()));
            let texts = (read(&fixture_path), read(&learner_path), read(&reference_path));
            let (fixture, learner, reference) = match texts {
                (Ok(f), Ok(l), Ok(r)) => (f, l, r),
                (f, l, r) => {
                    let message = [f.err(), l.err(), r.err()].into_iter().flatten().collect::<Vec<_>>().join("; ");
                    return Verdict::new(&exercise.name, Outcome::Error(message.clone()), message);
                }
            };
            sql::check(&sql::Inputs { exercise: &exercise.name, settings: &settings, fixture: &fixture, learner: &learner, reference: &reference, timeout: exercise.timeout })
        });
        task.await.unwrap_or_else(|err| Verdict::new("sql", Outcome::Error(err.to_string()), "the SQL check crashed"))
    }
}

fn plan_bins(plan: &Plan) -> Vec<&Bin> {
    match plan {
        Plan::Tests { bin, .. } | Plan::Output { bin, .. } | Plan::Run { bin } => vec![bin],
        Plan::Http { bin, reference } => std::iter::once(bin).chain(reference).collect(),
        Plan::Mutants { base, mutants, .. } => std::iter::once(base).chain(mutants.iter().map(|(_, b)| b)).collect(),
        Plan::Sql | Plan::Done(_) => Vec::new(),
    }
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
