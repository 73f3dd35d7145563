//! What `runner` hands to `runner-full`. `cargo run` builds the runner without the verifiers
//! that need a database or an HTTP client (SQLite, the PostgreSQL cluster, reqwest) and without
//! the `dev` commands, so a fresh clone shows its first exercise sooner; `runner-full` is the
//! same library with the `full` feature. The first check that needs it builds it (a no-op once
//! built) and starts it once; each such check is then sent to it as one JSON line, built
//! binaries included, and its verdict comes back the same way. It ends when the runner closes
//! its input, also when the runner is killed, and stops its PostgreSQL cluster then. A `dev`
//! command runs in it whole.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::process::{Child, ChildStdin};
use tokio::sync::oneshot;

use super::plan::{Bin, Plan, Planned};
use super::{Built, Checker, OnBuild, Side};
use crate::cargo::{self, Mode};
use crate::course::{Course, Exercise};
use crate::exit::Exit;
use crate::verify::{Outcome, Verdict};

/// The program's name, as a binary target of the runner's package.
const PROGRAM: &str = "runner-full";
/// Names a `runner-full` to use instead of building one (tests; an installed runner). Set, it
/// also makes a runner built with `full` hand its checks over.
pub const PROGRAM_VAR: &str = "RUNNER_FULL";
/// The first argument that makes the program serve checks on its standard input.
const SERVE_ARG: &str = "__judge";

/// Whether judging this check needs what only `runner-full` has.
pub fn needed(exercise: &Exercise, plan: &Plan) -> bool {
    exercise.postgres.is_some() || matches!(plan, Plan::Sql { .. } | Plan::Http { .. })
}

/// One check to judge: everything `Checker::judge_here` takes, by value.
#[derive(Serialize, Deserialize)]
struct Request {
    exercise: String,
    side: Side,
    planned: Planned,
    built: Vec<(Bin, Built)>,
    /// The compiler's warnings for the checked target (shown on a pass).
    warnings: Vec<(String, String)>,
    backtrace: bool,
}

/// What the runner sends.
#[derive(Serialize, Deserialize)]
enum Message {
    Check(Box<Request>),
    /// The runner no longer waits for this check (the learner saved again): stop it.
    Cancel,
}

/// A message or its answer, and the number that pairs them.
#[derive(Serialize, Deserialize)]
struct Envelope<T> {
    id: u64,
    body: T,
}

type Pending = Arc<Mutex<HashMap<u64, oneshot::Sender<Verdict>>>>;

/// The runner's side: `runner-full`, started on first need.
pub struct Handover {
    course_root: PathBuf,
    log: PathBuf,
    color: bool,
    running: tokio::sync::Mutex<Option<Arc<Running>>>,
}

struct Running {
    input: tokio::sync::Mutex<ChildStdin>,
    pending: Pending,
    next_id: AtomicU64,
    /// Cleared when its output ends: the next check starts a new one.
    alive: Arc<AtomicBool>,
    // Not killed when dropped: it ends by itself once its input closes, after stopping its
    // PostgreSQL cluster.
    _child: Child,
}

impl Handover {
    /// A checker's handover, when it needs one: always in a runner built without `full`, and
    /// whenever `RUNNER_FULL` names a program.
    pub fn wanted(course: &Course, color: bool) -> Option<Self> {
        let needed = cfg!(not(feature = "full")) || std::env::var_os(PROGRAM_VAR).is_some();
        needed.then(|| Self { course_root: course.root.clone(), log: course.state_dir().join("runner-full.log"), color, running: tokio::sync::Mutex::default() })
    }

    pub async fn judge(&self, checker: &Checker, exercise: &Exercise, side: &Side, planned: Planned, built: &HashMap<Bin, Built>) -> Verdict {
        let bins = planned.plan.bins();
        let warnings = bins.first().map(|bin| (bin.name.clone(), checker.warnings_of(&bin.name))).into_iter().collect();
        let built = bins.into_iter().filter_map(|bin| Some((bin.clone(), built.get(bin)?.clone()))).collect();
        let request = Request { exercise: exercise.name.clone(), side: side.clone(), planned, built, warnings, backtrace: checker.backtrace() };
        self.ask(checker.on_build.as_ref(), request).await.unwrap_or_else(|why| Verdict::new(&exercise.name, Outcome::Error(why), "runner-full could not judge this check"))
    }

    async fn ask(&self, on_build: Option<&OnBuild>, request: Request) -> Result<Verdict, String> {
        let running = self.running(on_build).await?;
        let id = running.next_id.fetch_add(1, Ordering::Relaxed);
        let (sender, answer) = oneshot::channel();
        lock(&running.pending).insert(id, sender);
        let mut waiting = Waiting { running: Some(running.clone()), id };
        if let Err(err) = running.send(id, &Message::Check(Box::new(request))).await {
            running.alive.store(false, Ordering::Relaxed);
            return Err(format!("cannot talk to {PROGRAM}: {err}"));
        }
        let verdict = answer.await.map_err(|_| format!("{PROGRAM} stopped before it answered: see {}", self.log.display()));
        waiting.running = None;
        verdict
    }

    async fn running(&self, on_build: Option<&OnBuild>) -> Result<Arc<Running>, String> {
        let mut slot = self.running.lock().await;
        if let Some(running) = slot.as_ref().filter(|r| r.alive.load(Ordering::Relaxed)) {
            return Ok(running.clone());
        }
        let program = program(on_build).await?;
        let running = Arc::new(self.start(&program)?);
        *slot = Some(running.clone());
        Ok(running)
    }

    fn start(&self, program: &Path) -> Result<Running, String> {
        let log = std::fs::File::create(&self.log).map_err(|e| format!("cannot create {}: {e}", self.log.display()))?;
        let mut child = tokio::process::Command::new(program)
            .arg(SERVE_ARG)
            .arg(&self.course_root)
            .arg(if self.color { "always" } else { "never" })
            .env_remove(PROGRAM_VAR)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log)
            // A group of its own: Ctrl-C in the terminal stops the runner, which closes the
            // input of runner-full, rather than killing it mid-shutdown.
            .process_group(0)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else { return Err(format!("{PROGRAM}'s input and output are not piped")) };
        let (pending, alive) = (Pending::default(), Arc::new(AtomicBool::new(true)));
        let (answers, gone) = (pending.clone(), alive.clone());
        tokio::spawn(async move {
            let mut lines = BufReader::new(output).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                let Ok(Envelope { id, body }) = serde_json::from_str::<Envelope<Verdict>>(&line) else { continue };
                if let Some(sender) = lock(&answers).remove(&id) {
                    let _ = sender.send(body);
                }
            }
            gone.store(false, Ordering::Relaxed);
            // Every check still waiting learns that no answer will come.
            lock(&answers).clear();
        });
        Ok(Running { input: tokio::sync::Mutex::new(input), pending, next_id: AtomicU64::new(0), alive, _child: child })
    }
}

impl Running {
    async fn send(&self, id: u64, message: &Message) -> std::io::Result<()> {
        let mut line = serde_json::to_string(&Envelope { id, body: message })?;
        line.push('\n');
        let mut input = self.input.lock().await;
        input.write_all(line.as_bytes()).await?;
        input.flush().await
    }
}

/// A check sent and not yet answered: dropped so (its check was dropped), it is cancelled.
struct Waiting {
    running: Option<Arc<Running>>,
    id: u64,
}

impl Drop for Waiting {
    fn drop(&mut self) {
        let (Some(running), Ok(runtime)) = (self.running.take(), tokio::runtime::Handle::try_current()) else { return };
        let id = self.id;
        lock(&running.pending).remove(&id);
        runtime.spawn(async move { running.send(id, &Message::Cancel).await });
    }
}

/// `runner-full`: the one `RUNNER_FULL` names, else built from the runner's sources
/// (a no-op once built), else the one installed beside this runner.
async fn program(on_build: Option<&OnBuild>) -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os(PROGRAM_VAR) {
        return Ok(path.into());
    }
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = source.join("Cargo.toml");
    if manifest.is_file() {
        let request = cargo::Request { manifest, mode: Mode::Build, bins: vec![PROGRAM.into()], target_dir: None, color: false, offline: false, incremental: true, features: vec!["full".into()] };
        let report = |progress: &cargo::Progress| {
            if let Some(callback) = on_build {
                callback(progress);
            }
        };
        let outcome = cargo::build(&request, source, report).await.map_err(|e| format!("{e:#}"))?;
        return outcome.executables.get(PROGRAM).cloned().ok_or_else(|| format!("{PROGRAM} could not be built:\n{}", outcome.errors_for(PROGRAM)));
    }
    let beside = std::env::current_exe().ok().map(|exe| exe.with_file_name(PROGRAM)).filter(|path| path.is_file());
    beside.ok_or_else(|| format!("this check needs {PROGRAM}, which is not installed: install the runner with `cargo install --path . --features full`"))
}

/// Runs a whole command in `runner-full` (the `dev` commands: `dev check` with every verifier
/// and the course validated as far as loading its fixtures), with this one's arguments and
/// terminal.
#[cfg(not(feature = "full"))]
pub async fn run_command() -> anyhow::Result<Exit> {
    use anyhow::Context;
    eprintln!("Preparing {PROGRAM} (built once)...");
    let program = program(None).await.map_err(anyhow::Error::msg)?;
    let status = tokio::process::Command::new(&program).args(std::env::args_os().skip(1)).env_remove(PROGRAM_VAR).status().await.with_context(|| format!("cannot run {}", program.display()))?;
    Ok(match status.code() {
        Some(0) => Exit::Success,
        Some(1) => Exit::Failed,
        Some(130) => Exit::Interrupted,
        _ => Exit::Error,
    })
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `runner-full __judge ROOT COLOR`: serves checks on standard input until it closes.
#[cfg(feature = "full")]
pub fn serve_if_asked() -> Option<std::process::ExitCode> {
    let mut args = std::env::args_os().skip(1);
    if args.next()? != SERVE_ARG {
        return None;
    }
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: {PROGRAM} {SERVE_ARG} COURSE_ROOT always|never");
        return Some(std::process::ExitCode::from(Exit::Error as u8));
    };
    let color = args.next().is_some_and(|c| c == "always");
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cannot start the async runtime: {err}");
            return Some(std::process::ExitCode::from(Exit::Error as u8));
        }
    };
    runtime.block_on(serve(root, color));
    runtime.block_on(async { tokio::task::spawn_blocking(crate::pg::shutdown).await.ok() });
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    Some(std::process::ExitCode::SUCCESS)
}

#[cfg(feature = "full")]
async fn serve(root: PathBuf, color: bool) {
    let checker = Course::load(&root).map(|course| {
        let mut checker = Checker::new(Arc::new(course), crate::originals::Originals::Pristine(root.clone()), color);
        checker.handover = None;
        Arc::new(checker)
    });
    let checker = Arc::new(checker.map_err(|err| format!("{err:#}")));
    let output = Arc::new(tokio::sync::Mutex::new(tokio::io::stdout()));
    // The checks under way, by number; aborting one drops it, which kills the programs it started.
    let mut running: HashMap<u64, tokio::task::AbortHandle> = HashMap::new();
    let mut lines = BufReader::new(tokio::io::stdin()).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        let Ok(Envelope { id, body }) = serde_json::from_str::<Envelope<Message>>(&line) else { continue };
        running.retain(|_, check| !check.is_finished());
        let body = match body {
            Message::Check(request) => *request,
            Message::Cancel => {
                running.remove(&id).inspect(tokio::task::AbortHandle::abort);
                continue;
            }
        };
        let (checker, output) = (checker.clone(), output.clone());
        let check = tokio::spawn(async move {
            let verdict = match checker.as_ref() {
                Ok(checker) => answer(checker, body).await,
                Err(err) => Verdict::new(&body.exercise, Outcome::Error(err.clone()), "the course does not load"),
            };
            let Ok(mut line) = serde_json::to_string(&Envelope { id, body: verdict }) else { return };
            line.push('\n');
            let mut output = output.lock().await;
            if output.write_all(line.as_bytes()).await.is_ok() {
                let _ = output.flush().await;
            }
        });
        running.insert(id, check.abort_handle());
    }
    // The runner is gone: nobody waits for what is still running.
    running.values().for_each(tokio::task::AbortHandle::abort);
}

#[cfg(feature = "full")]
async fn answer(checker: &Checker, request: Request) -> Verdict {
    let Ok(exercise) = checker.course.find(&request.exercise) else {
        return Verdict::new(&request.exercise, Outcome::Error(format!("no exercise `{}` in the course", request.exercise)), "the exercise is not in the course");
    };
    checker.set_backtrace(request.backtrace);
    lock(&checker.warnings).extend(request.warnings);
    let built = request.built.into_iter().collect();
    checker.judge_here(exercise, &request.side, request.planned, &built).await
}
