//! Checking exercises: decide what to build for each (one cargo invocation per package and
//! mode, however many exercises), then run every verifier, bounded by the number of cores.

pub mod handover;
mod judge;
mod plan;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use crate::cargo::{self, Mode};
use crate::course::{Course, Exercise};
use crate::originals::Originals;
use crate::scratch::Scratch;
use crate::verify::{Outcome, Verdict};
use plan::{Bin, Plan, Planner};

/// Which file of an exercise is checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Side {
    Exercise,
    Solution,
    /// One of the exercise's known answers (`dev check`), relative to the course root.
    Answer(PathBuf),
    /// A `mutants` exercise's solution tests on mutants generated from its code that no
    /// declared mutant covers (`dev check`).
    Candidates,
}

impl Side {
    pub fn file(&self, exercise: &Exercise) -> PathBuf {
        match self {
            Self::Exercise => exercise.rel_path(),
            Self::Solution | Self::Candidates => exercise.rel_solution_path(),
            Self::Answer(path) => path.clone(),
        }
    }

    /// The name of this side's targets: unique in the course.
    pub fn key(&self, exercise: &Exercise) -> String {
        match self {
            Self::Exercise => exercise.name.clone(),
            Self::Solution => exercise.solution_bin(),
            Self::Candidates => format!("{}__candidates", exercise.name),
            Self::Answer(path) => {
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                let slug: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
                format!("{}__answer_{slug}", exercise.name)
            }
        }
    }
}

/// Runs the futures side by side and gives their outputs in order, as futures-util's `join_all`
/// does (the runner's only use of that crate, which would cost a cold build 2 s of CPU). Every
/// wake polls each unfinished future: cheap, as a waiting one returns at once.
async fn join_all<F: Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut running: Vec<_> = futures.into_iter().map(|future| Some(Box::pin(future))).collect();
    let mut outputs: Vec<Option<F::Output>> = running.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut waiting = false;
        for (slot, output) in running.iter_mut().zip(&mut outputs) {
            let Some(future) = slot else { continue };
            match future.as_mut().poll(cx) {
                std::task::Poll::Ready(value) => {
                    *output = Some(value);
                    *slot = None;
                }
                std::task::Poll::Pending => waiting = true,
            }
        }
        if waiting { std::task::Poll::Pending } else { std::task::Poll::Ready(()) }
    })
    .await;
    outputs.into_iter().flatten().collect()
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
    /// Programs print backtraces only when the learner asked for them (a key, a flag).
    backtrace: AtomicBool,
    /// Compiler warnings of the targets built without errors, by target name.
    warnings: Mutex<HashMap<String, String>>,
    /// Where the checks this program cannot judge go (see handover.rs).
    handover: Option<handover::Handover>,
}

impl Checker {
    pub fn new(course: Arc<Course>, originals: Originals, color: bool) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let handover = handover::Handover::wanted(&course, color);
        Self { course, originals, color, jobs: Arc::new(Semaphore::new(cores)), on_build: None, on_verdict: None, backtrace: AtomicBool::new(false), warnings: Mutex::default(), handover }
    }

    pub fn on_build(mut self, callback: OnBuild) -> Self {
        self.on_build = Some(callback);
        self
    }

    pub fn on_verdict(mut self, callback: OnVerdict) -> Self {
        self.on_verdict = Some(callback);
        self
    }

    pub fn set_backtrace(&self, on: bool) {
        self.backtrace.store(on, Ordering::Relaxed);
    }

    fn backtrace(&self) -> bool {
        self.backtrace.load(Ordering::Relaxed)
    }

    /// The compiler's warnings for a target built without errors.
    fn warnings_of(&self, bin: &str) -> String {
        self.warnings.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(bin).cloned().unwrap_or_default()
    }

    pub async fn check(&self, exercise: &Exercise, side: Side) -> Verdict {
        self.check_many(&[(exercise, side)]).await.pop().unwrap_or_else(|| Verdict::new(&exercise.name, Outcome::Error("nothing was checked".into()), "nothing was checked"))
    }

    /// Checks every subject; verdicts come back in the order given.
    pub async fn check_many(&self, subjects: &[(&Exercise, Side)]) -> Vec<Verdict> {
        let started = Instant::now();
        let (planned, _lock, built) = self.plan_and_build(subjects).await;
        let built = &built;
        let runs = subjects.iter().zip(planned).map(|((exercise, side), planned)| async move {
            let verdict = self.judge(exercise, side, planned, built).await;
            if let Some(callback) = &self.on_verdict {
                callback(&verdict);
            }
            verdict
        });
        let mut verdicts = join_all(runs).await;
        if subjects.len() == 1 {
            for verdict in &mut verdicts {
                verdict.elapsed = started.elapsed();
            }
        }
        verdicts
    }

    /// Builds what checking these exercises needs, without running anything.
    pub async fn prebuild(&self, exercises: &[&Exercise]) {
        let subjects: Vec<(&Exercise, Side)> = exercises.iter().map(|e| (*e, Side::Exercise)).collect();
        self.plan_and_build(&subjects).await;
    }

    /// Plans every subject, writes the sources they assemble into one scratch package (held
    /// locked until the returned guard is dropped) and builds everything.
    async fn plan_and_build(&self, subjects: &[(&Exercise, Side)]) -> (Vec<plan::Planned>, Option<crate::scratch::ScratchLock>, HashMap<Bin, Built>) {
        // One exercise has a package of its own, so a learner's check never waits for a
        // check of everything; many share one, so one cargo call builds them all.
        let scratch = match subjects {
            [(exercise, side)] => Scratch::named(&self.course, &side.key(exercise)),
            _ => Scratch::named(&self.course, "many"),
        };
        let mut planner = Planner { checker: self, manifest: scratch.manifest(), bins: Vec::new() };
        let planned: Vec<plan::Planned> = subjects.iter().map(|(exercise, side)| planner.plan(exercise, side)).collect();
        let mut lock = None;
        let mut unwritable = None;
        if !planner.bins.is_empty() {
            let written = match scratch.lock().await {
                Ok(guard) => {
                    lock = Some(guard);
                    scratch.write(&self.course, &planner.bins)
                }
                Err(err) => Err(err),
            };
            unwritable = written.err().map(|err| format!("{err:#}"));
        }
        let built = self.build(planned.iter().map(|p| &p.plan), &scratch.manifest(), unwritable).await;
        (planned, lock, built)
    }

    /// Whether `exercise` is graded with the learner's own tests: declared so, or, in a
    /// rustlings course, its official solution's tests differ from the exercise's (the learner
    /// is meant to write or change them). Otherwise the original tests grade it.
    pub fn graded_by_own_tests(&self, exercise: &Exercise) -> bool {
        if exercise.own_tests {
            return true;
        }
        if self.course.format != crate::course::Format::Rustlings {
            return false;
        }
        let (Ok(original), Ok(solution)) = (self.originals.text(exercise), std::fs::read_to_string(self.course.solution_file(exercise))) else { return false };
        !crate::course::learner_dir::is_placeholder(&solution) && !crate::source::same_tests(&original, &solution)
    }

    fn course_bin(&self, exercise: &Exercise, side: &Side, mode: Mode) -> Bin {
        Bin { manifest: self.course.package_manifest(), mode, name: side.key(exercise) }
    }

    #[cfg(feature = "full")]
    fn stage_dir(&self, exercise: &Exercise) -> PathBuf {
        self.course.root.join("exercises").join(&exercise.stage_dir)
    }

    /// One cargo invocation per (package, mode). `unwritable` says why the scratch package
    /// could not be written, if it could not: its targets all fail with that.
    async fn build<'p>(&self, plans: impl Iterator<Item = &'p Plan>, scratch: &Path, unwritable: Option<String>) -> HashMap<Bin, Built> {
        let mut groups: BTreeMap<(PathBuf, Mode), Vec<Bin>> = BTreeMap::new();
        for plan in plans {
            for bin in plan.bins() {
                let group = groups.entry((bin.manifest.clone(), bin.mode)).or_default();
                if !group.contains(bin) {
                    group.push(bin.clone());
                }
            }
        }
        let mut built = HashMap::new();
        for ((manifest, mode), bins) in groups {
            if let (Some(err), true) = (&unwritable, manifest == scratch) {
                built.extend(bins.into_iter().map(|bin| (bin, Err(err.clone()))));
                continue;
            }
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
                            Some(path) => {
                                let warnings = o.diagnostics.get(&bin.name).cloned().unwrap_or_default();
                                self.warnings.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(bin.name.clone(), warnings);
                                drop(built.insert(bin, Ok(path.clone())));
                            }
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
            incremental: bins.len() == 1,
            features: Vec::new(),
        };
        let on_build = self.on_build.clone();
        let report = move |progress: &cargo::Progress| {
            if let Some(callback) = &on_build {
                callback(progress);
            }
        };
        cargo::build(&request, &self.course.root, report).await.map_err(|err| format!("{err:#}"))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn join_all_runs_side_by_side_and_keeps_the_order() {
        let started = tokio::time::Instant::now();
        let waits = [30, 10, 20].map(|ms| async move {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            ms
        });
        assert_eq!(super::join_all(waits).await, vec![30, 10, 20], "outputs come in the order the futures were given");
        assert_eq!(started.elapsed(), Duration::from_millis(30), "the waits overlap: the longest decides");
        assert!(super::join_all(Vec::<std::future::Ready<()>>::new()).await.is_empty(), "nothing to run ends at once");
    }
}
