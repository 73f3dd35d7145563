//! Learner commands: open the course, then run, hint, list, reset or verify.

use std::io::{BufRead, IsTerminal, Write};
use std::sync::Arc;

use anyhow::{Context, bail};
use colored::Colorize;
use serde::Serialize;

use crate::check::{Checker, Side};
#[cfg(feature = "full")]
use crate::cli::DevCommand;
use crate::cli::{Cli, Command, VerifyArgs, WatchArgs};
use crate::exit::{Exit, interrupted};
use crate::originals::Originals;
use crate::report;
use crate::session::{Session, hint_paragraphs};

pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    crate::color::init(cli.color);
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let result = runtime.block_on(dispatch(cli));
    // The PostgreSQL cluster, if a check started one, stops with the runner.
    #[cfg(feature = "full")]
    runtime.block_on(async { tokio::task::spawn_blocking(crate::pg::shutdown).await.ok() });
    // A blocking read of standard input (watch mode's keys) never ends by itself: do not wait
    // for it when shutting down.
    runtime.shutdown_timeout(std::time::Duration::from_millis(100));
    result
}

async fn dispatch(cli: Cli) -> anyhow::Result<Exit> {
    let command = cli.command.unwrap_or(Command::Watch(WatchArgs::default()));
    // The `dev` commands live in runner-full, some before there is a course to open.
    #[cfg(not(feature = "full"))]
    if let Command::Dev(_) = &command {
        return crate::check::handover::run_command().await;
    }
    #[cfg(feature = "full")]
    if let Command::Dev(DevCommand::Init { dir, title }) = &command {
        // There is no course to open yet.
        return crate::dev::init(dir, title.as_deref());
    }
    let session = Session::open(cli.course.as_deref())?;
    let backtrace = cli.backtrace;
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
        Command::Watch(args) => crate::watch::run(session, args, backtrace).await,
        Command::Run { name } => run_one(&session, name.as_deref(), backtrace).await,
        Command::Hint { name, all } => hint(&session, name.as_deref(), all),
        Command::List { json } => list(&session, json),
        Command::Reset { name, yes } => reset(&session, &name, yes),
        Command::Verify(args) => verify(&session, &args, backtrace).await,
        #[cfg(not(feature = "full"))]
        Command::Dev(_) => crate::check::handover::run_command().await,
        #[cfg(feature = "full")]
        Command::Dev(DevCommand::Check { names }) => crate::dev::check(&session, &names).await,
        #[cfg(feature = "full")]
        Command::Dev(DevCommand::Update) => crate::dev::update(&session),
        #[cfg(feature = "full")]
        Command::Dev(DevCommand::New { name, stage, verifier }) => crate::dev::new_exercise(&session, &name, &stage, verifier),
        #[cfg(feature = "full")]
        Command::Dev(DevCommand::NewStage { dir, title }) => crate::dev::new_stage(&session, &dir, &title),
        #[cfg(feature = "full")]
        Command::Dev(DevCommand::Init { dir, title }) => crate::dev::init(&dir, title.as_deref()),
    }
}

async fn run_one(session: &Session, name: Option<&str>, backtrace: bool) -> anyhow::Result<Exit> {
    let exercise = session.pick(name)?;
    let checker = session.learner_checker()?;
    checker.set_backtrace(backtrace);
    let verdict = tokio::select! {
        verdict = checker.check(exercise, Side::Exercise) => verdict,
        () = interrupted() => return Ok(Exit::Interrupted),
    };
    // Recorded first: a reader that closes the output early (`| head`) must not lose it.
    session.record(exercise, &verdict)?;
    print!("{}", report::verdict_with(&verdict, &session.look(backtrace), terminal_width()));
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
        let again = typed_command();
        println!("\n{}", format!("({shown} of {} shown; run `{again}` again for more, or `{again} --all`)", paragraphs.len()).dimmed());
    }
    Ok(Exit::Success)
}

/// The width to wrap printed text to: the terminal's, when standard output is one.
fn terminal_width() -> Option<usize> {
    std::io::stdout().is_terminal().then(|| crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w)))
}

/// The command as the learner typed it: `cargo run -- hint NAME` when cargo started the runner
/// (cargo sets CARGO_PKG_NAME for the program it runs), `runner hint NAME` otherwise.
fn typed_command() -> String {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--all").collect();
    let program = if std::env::var_os("CARGO_PKG_NAME").is_some() { "cargo run --" } else { "runner" };
    format!("{program} {}", args.join(" "))
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
                status: report::status_of(&progress, &current, e),
                verifier: e.verifier.kind().name(),
                path: e.rel_path().display().to_string(),
            }).collect(),
        }).collect();
        let done = course.exercises.iter().filter(|e| progress.done.contains(&e.name)).count();
        let out = ListJson { title: &course.title, done, total: course.exercises.len(), current: Some(current.as_str()).filter(|c| !c.is_empty()), stages };
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(Exit::Success);
    }
    print!("{}", report::list_text(&session.course, &progress, &current));
    Ok(Exit::Success)
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

async fn verify(session: &Session, args: &VerifyArgs, backtrace: bool) -> anyhow::Result<Exit> {
    let originals = match &args.originals {
        Some(dir) if dir.join(crate::course::INFO_FILE).is_file() => Originals::Pristine(dir.clone()),
        Some(dir) => bail!("--originals {} is not a course checkout (it has no {})", dir.display(), crate::course::INFO_FILE),
        None => Originals::snapshot(&session.course)?,
    };
    let subjects: Vec<_> = session.course.exercises.iter().map(|e| (e, Side::Exercise)).collect();
    let bar = (!args.json).then(|| report::work::Bar::new(subjects.len(), crate::color::enabled()));
    let mut checker = Checker::new(session.course.clone(), originals, !args.json && crate::color::enabled());
    if let Some(bar) = &bar {
        let (built, checked) = (bar.clone(), bar.clone());
        let course = session.course.clone();
        checker = checker.on_build(Arc::new(move |p: &crate::cargo::Progress| built.built(p, crate::session::is_target(&course, &p.last)))).on_verdict(Arc::new(move |v: &crate::verify::Verdict| checked.checked(v)));
        if bar.is_hidden() {
            eprintln!("Checking {} exercises...", subjects.len());
        }
    }
    checker.set_backtrace(backtrace);
    let verdicts = tokio::select! {
        verdicts = checker.check_many(&subjects) => verdicts,
        () = interrupted() => return Ok(Exit::Interrupted),
    };
    if let Some(bar) = &bar {
        bar.finish();
    }
    for verdict in verdicts.iter().filter(|v| v.passed()) {
        session.fill_official_solution(session.course.find(&verdict.exercise)?)?;
    }
    session.store.update(|p| {
        for verdict in verdicts.iter().filter(|v| v.passed()) {
            p.done.insert(verdict.exercise.clone());
        }
        // Not left on a done exercise: with none named, `Session::current` is the first still to do.
        if p.current.as_ref().is_some_and(|current| p.done.contains(current)) {
            p.current = None;
        }
    })?;
    let all_passed = verdicts.iter().all(|v| v.passed());
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report::json::results(&session.course, &verdicts))?);
        return Ok(Exit::from_pass(all_passed));
    }
    let mut lines = report::stage_summary(&session.course, &verdicts);
    if let Some(width) = terminal_width() {
        lines = report::styled::wrap_all(&lines, width);
    }
    print!("{}", report::styled::to_ansi(&lines, crate::color::enabled()));
    Ok(Exit::from_pass(all_passed))
}
