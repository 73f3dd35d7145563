//! Learner commands: open the course, then run, hint, list, reset or verify.

use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, bail};
use colored::Colorize;
use serde::Serialize;

use crate::check::{Checker, Side};
use crate::cli::{Cli, Command, DevCommand, VerifyArgs, WatchArgs};
use crate::course::{Course, Exercise};
use crate::originals::Originals;
use crate::progress::{Progress, Store};
use crate::report;

/// Exit status when standard output or error is closed under the runner (`runner list | head
/// -1`): what a program killed by SIGPIPE reports, without the panic Rust's `println!` makes.
pub const BROKEN_PIPE: i32 = 141;

/// Ends the runner quietly because nobody reads its output any more. Its programs' supervisors
/// see the runner go and clean up; its files are written atomically.
pub fn exit_broken_pipe() -> ! {
    std::process::exit(BROKEN_PIPE)
}

/// Makes a print to a closed output end the runner quietly (see `BROKEN_PIPE`).
pub fn quiet_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info.payload();
        let message = payload.downcast_ref::<String>().map(String::as_str).or_else(|| payload.downcast_ref::<&str>().copied()).unwrap_or_default();
        if message.starts_with("failed printing to std") && message.contains("Broken pipe") {
            exit_broken_pipe();
        }
        default(info);
    }));
}

/// The runner's exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Everything checked passed.
    Success = 0,
    /// A check failed (the learner's work is not done yet).
    Failed = 1,
    /// The runner could not do what was asked (bad course, bad arguments, I/O error).
    Error = 2,
    /// Stopped by Ctrl-C.
    Interrupted = 130,
}

impl Exit {
    pub fn from_pass(passed: bool) -> Self {
        if passed { Self::Success } else { Self::Failed }
    }
}

pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    if !std::io::stdout().is_terminal() {
        colored::control::set_override(false);
    }
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let result = runtime.block_on(dispatch(cli));
    // A blocking read of standard input (watch mode's keys) never ends by itself: do not wait
    // for it when shutting down.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    result
}

async fn dispatch(cli: Cli) -> anyhow::Result<Exit> {
    let command = cli.command.unwrap_or(Command::Watch(WatchArgs::default()));
    if let Command::Dev(DevCommand::Init { dir, title }) = &command {
        // There is no course to open yet.
        return crate::dev::init(dir, title.as_deref());
    }
    let session = Session::open(cli.course.as_deref())?;
    if !matches!(command, Command::Dev(_)) {
        // Keep the originals from the first moment the runner sees the course, before any
        // edit the learner makes afterwards.
        Originals::snapshot(&session.course)?;
        for name in crate::originals::refresh_from_upstream(&session.course)? {
            eprintln!("{} `{name}` changed in the course: your file is kept as it is, and from now on it is graded with the new tests (`runner reset {name}` gives you the new version)", "note:".bold());
        }
        for exercise in session.course.exercises.iter().filter(|e| !session.course.root.join(e.rel_path()).is_file()) {
            if !matches!(&command, Command::Reset { name, .. } if *name == exercise.name) {
                eprintln!("{} {} is missing: `runner reset {}` restores it", "note:".bold(), exercise.rel_path().display(), exercise.name);
            }
        }
    }
    match command {
        Command::Watch(args) => crate::watch::run(session, args).await,
        Command::Run { name } => run_one(&session, name.as_deref()).await,
        Command::Hint { name, all } => hint(&session, name.as_deref(), all),
        Command::List { json } => list(&session, json),
        Command::Reset { name, yes } => reset(&session, &name, yes),
        Command::Verify(args) => verify(&session, &args).await,
        Command::Dev(DevCommand::Check { names }) => crate::dev::check(&session, &names).await,
        Command::Dev(DevCommand::Update) => crate::dev::update(&session),
        Command::Dev(DevCommand::New { name, stage, verifier }) => crate::dev::new_exercise(&session, &name, &stage, verifier),
        Command::Dev(DevCommand::NewStage { dir, title }) => crate::dev::new_stage(&session, &dir, &title),
        Command::Dev(DevCommand::Init { dir, title }) => crate::dev::init(&dir, title.as_deref()),
    }
}

/// Resolves when the runner is asked to stop: Ctrl-C, SIGTERM, or the terminal closing
/// (SIGHUP). Dropping the work it races against kills every process group it started.
pub async fn interrupted() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut hangup)) = (signal(SignalKind::terminate()), signal(SignalKind::hangup())) else {
        let _ = tokio::signal::ctrl_c().await;
        return;
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
        _ = hangup.recv() => {}
    }
}

/// Removes the temporary files of writes a killed runner never finished: in the state
/// directory, the manifest's directory and the stage directories (reset writes there).
fn clean_leftovers(course: &Course) {
    crate::progress::clean_stale_temps(&course.state_dir(), true);
    crate::progress::clean_stale_temps(&course.root.join(course.format.package_dir()), false);
    for stage in &course.stages {
        crate::progress::clean_stale_temps(&course.root.join("exercises").join(&stage.dir), false);
    }
}

/// An opened course: the model, its progress store, and the manifest brought up to date.
pub struct Session {
    pub course: Arc<Course>,
    pub store: Store,
}

impl Session {
    pub fn open(explicit: Option<&Path>) -> anyhow::Result<Self> {
        let root = Course::find_root(explicit)?;
        let course = Course::load(&root)?;
        clean_leftovers(&course);
        crate::manifest::sync(&course)?;
        let store = Store::new(&course.state_dir());
        Ok(Self { course: Arc::new(course), store })
    }

    pub fn progress(&self) -> anyhow::Result<Progress> {
        self.store.load()
    }

    /// The current exercise: the one the progress names, else the first not done.
    pub fn current(&self, progress: &Progress) -> anyhow::Result<&Exercise> {
        let exercises = &self.course.exercises;
        let named = progress.current.as_deref().and_then(|name| exercises.iter().find(|e| e.name == name));
        named
            .or_else(|| exercises.iter().find(|e| !progress.done.contains(&e.name)))
            .or(exercises.first())
            .context("the course has no exercises yet")
    }

    pub fn pick(&self, name: Option<&str>) -> anyhow::Result<&Exercise> {
        match name {
            Some(name) => self.course.find(name),
            None => self.current(&self.progress()?),
        }
    }

    /// The first exercise after `exercise` (wrapping around) that is not done.
    pub fn next_pending(&self, progress: &Progress, exercise: &Exercise) -> Option<&Exercise> {
        let exercises = &self.course.exercises;
        let at = self.course.index_of(&exercise.name).unwrap_or(0);
        exercises[at + 1..].iter().chain(&exercises[..at]).find(|e| !progress.done.contains(&e.name))
    }

    pub fn learner_checker(&self) -> anyhow::Result<Checker> {
        let originals = Originals::snapshot(&self.course)?;
        Ok(Checker::new(self.course.clone(), originals, std::io::stdout().is_terminal()))
    }

    /// Records a verdict: its log is written, and a pass marks the exercise done and, if it was
    /// the current one, moves the learner on.
    pub fn record(&self, exercise: &Exercise, verdict: &crate::verify::Verdict) -> anyhow::Result<Progress> {
        let passed = verdict.passed();
        // A log is for reading, not for resuming: a plain write, no fsync on the save-to-verdict path.
        let logs = self.course.state_dir().join("logs");
        std::fs::create_dir_all(&logs)
            .and_then(|()| std::fs::write(logs.join(format!("{}.log", exercise.name)), report::log(verdict, exercise)))
            .with_context(|| format!("cannot write the log in {}", logs.display()))?;
        self.store.update(|progress| {
            let was_current = self.current(progress).is_ok_and(|current| current.name == exercise.name);
            if passed {
                progress.done.insert(exercise.name.clone());
                if was_current {
                    progress.current = self.next_pending(progress, exercise).map(|e| e.name.clone());
                }
            }
        })
    }
}

async fn run_one(session: &Session, name: Option<&str>) -> anyhow::Result<Exit> {
    let exercise = session.pick(name)?;
    let checker = session.learner_checker()?;
    let verdict = tokio::select! {
        verdict = checker.check(exercise, Side::Exercise) => verdict,
        () = crate::app::interrupted() => return Ok(Exit::Interrupted),
    };
    // Recorded first: a reader that closes the output early (`| head`) must not lose it.
    session.record(exercise, &verdict)?;
    print!("{}", report::verdict(&verdict, exercise));
    if verdict.passed() {
        println!("{}", report::solution_line(exercise));
    }
    Ok(Exit::from_pass(verdict.passed()))
}

fn hint(session: &Session, name: Option<&str>, all: bool) -> anyhow::Result<Exit> {
    let exercise = session.pick(name)?;
    let paragraphs = hint_paragraphs(&exercise.hint);
    let shown = if all {
        paragraphs.len()
    } else {
        let progress = session.store.update(|p| {
            let seen = p.hints.entry(exercise.name.clone()).or_insert(0);
            *seen = (*seen + 1).min(paragraphs.len());
        })?;
        progress.hints.get(&exercise.name).copied().unwrap_or(1)
    };
    println!("{} {}\n", "Hint for".bold(), exercise.name.bold());
    println!("{}", paragraphs[..shown.max(1)].join("\n\n"));
    if shown < paragraphs.len() {
        println!("\n{}", format!("({shown} of {} shown; run `runner hint` again for more, or `runner hint --all`)", paragraphs.len()).dimmed());
    }
    Ok(Exit::Success)
}

/// A hint's paragraphs, revealed one at a time from a nudge to the near-answer.
pub fn hint_paragraphs(hint: &str) -> Vec<String> {
    let paragraphs: Vec<String> = hint.trim().split("\n\n").map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect();
    if paragraphs.is_empty() { vec![String::from("(no hint)")] } else { paragraphs }
}

#[derive(Serialize)]
struct ListJson<'a> {
    title: &'a str,
    done: usize,
    total: usize,
    current: Option<&'a str>,
    stages: Vec<StageJson<'a>>,
}

#[derive(Serialize)]
struct StageJson<'a> {
    dir: &'a str,
    title: &'a str,
    exercises: Vec<ExerciseJson<'a>>,
}

#[derive(Serialize)]
struct ExerciseJson<'a> {
    name: &'a str,
    status: &'static str,
    verifier: &'static str,
    path: String,
}

pub fn status_of(progress: &Progress, current: &str, exercise: &Exercise) -> &'static str {
    if exercise.name == current {
        "current"
    } else if progress.done.contains(&exercise.name) {
        "done"
    } else {
        "pending"
    }
}

fn list(session: &Session, json: bool) -> anyhow::Result<Exit> {
    let progress = session.progress()?;
    let current = session.current(&progress).map(|e| e.name.clone()).unwrap_or_default();
    let course = &session.course;
    if json {
        let stages = course.stages.iter().enumerate().map(|(i, stage)| StageJson {
            dir: &stage.dir,
            title: &stage.title,
            exercises: course.exercises.iter().filter(|e| e.stage == i).map(|e| ExerciseJson {
                name: &e.name,
                status: status_of(&progress, &current, e),
                verifier: e.verifier.kind().name(),
                path: e.rel_path().display().to_string(),
            }).collect(),
        }).collect();
        let done = course.exercises.iter().filter(|e| progress.done.contains(&e.name)).count();
        let out = ListJson { title: &course.title, done, total: course.exercises.len(), current: Some(current.as_str()).filter(|c| !c.is_empty()), stages };
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(Exit::Success);
    }
    print!("{}", list_text(session, &progress, &current));
    Ok(Exit::Success)
}

pub fn list_text(session: &Session, progress: &Progress, current: &str) -> String {
    let course = &session.course;
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

fn reset(session: &Session, name: &str, yes: bool) -> anyhow::Result<Exit> {
    let exercise = session.course.find(name)?;
    if !yes {
        if !std::io::stdin().is_terminal() {
            bail!("`runner reset` asks for confirmation; pass --yes to reset without asking");
        }
        print!("Reset {} to its original text? Your changes to it will be lost. [y/N] ", exercise.rel_path().display());
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            println!("Nothing changed.");
            return Ok(Exit::Success);
        }
    }
    let originals = Originals::snapshot(&session.course)?;
    let path = crate::originals::restore(&session.course, &originals, exercise)?;
    session.store.update(|p| {
        p.done.remove(&exercise.name);
        p.hints.remove(&exercise.name);
    })?;
    println!("{} restored to its original text.", path.strip_prefix(&session.course.root).unwrap_or(&path).display());
    Ok(Exit::Success)
}

async fn verify(session: &Session, args: &VerifyArgs) -> anyhow::Result<Exit> {
    let originals = match &args.originals {
        Some(dir) if dir.join(crate::course::INFO_FILE).is_file() => Originals::Pristine(dir.clone()),
        Some(dir) => bail!("--originals {} is not a course checkout (it has no {})", dir.display(), crate::course::INFO_FILE),
        None => Originals::snapshot(&session.course)?,
    };
    let checker = Checker::new(session.course.clone(), originals, !args.json && std::io::stdout().is_terminal());
    let subjects: Vec<_> = session.course.exercises.iter().map(|e| (e, Side::Exercise)).collect();
    if !args.json {
        eprintln!("Checking {} exercises...", subjects.len());
    }
    let verdicts = tokio::select! {
        verdicts = checker.check_many(&subjects) => verdicts,
        () = crate::app::interrupted() => return Ok(Exit::Interrupted),
    };
    session.store.update(|p| {
        for verdict in verdicts.iter().filter(|v| v.passed()) {
            p.done.insert(verdict.exercise.clone());
        }
    })?;
    let all_passed = verdicts.iter().all(|v| v.passed());
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report::json::results(&session.course, &verdicts))?);
        return Ok(Exit::from_pass(all_passed));
    }
    for (i, stage) in session.course.stages.iter().enumerate() {
        let in_stage: Vec<_> = verdicts.iter().zip(&session.course.exercises).filter(|(_, e)| e.stage == i).map(|(v, _)| v).collect();
        let passed = in_stage.iter().filter(|v| v.passed()).count();
        let mark = if passed == in_stage.len() { "✓".green() } else { "✗".red() };
        println!("{mark} {:<14} {:<40} {passed}/{}", stage.dir, stage.title, in_stage.len());
        for verdict in in_stage.iter().filter(|v| !v.passed()) {
            println!("    {}", report::short(verdict));
        }
    }
    let passed = verdicts.iter().filter(|v| v.passed()).count();
    println!("\n{passed} of {} exercises pass", verdicts.len());
    Ok(Exit::from_pass(all_passed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_split_into_paragraphs() {
        assert_eq!(hint_paragraphs("nudge\n\nmore\n\n\nanswer\n"), vec!["nudge", "more", "answer"]);
        assert_eq!(hint_paragraphs("  "), vec!["(no hint)"]);
    }
}
