//! Watch mode: one dispatcher over key presses, file changes, build progress and the running
//! check. It alone owns the screen state; checks run as tasks that it aborts when a newer save
//! arrives (aborting drops the check, which kills its process groups).

mod files;
mod screen;
mod terminal;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use colored::Colorize;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::cargo;
use crate::check::{Checker, Side};
use crate::cli::WatchArgs;
use crate::exit::Exit;
use crate::originals::Originals;
use crate::report;
use crate::session::{Session, hint_paragraphs};
use crate::verify::Verdict;
use terminal::{Input, Terminal};

/// Minimum time between two redraws for build progress.
const REDRAW_EVERY: Duration = Duration::from_millis(100);

enum Finished {
    One(usize, Verdict),
    All(Vec<Verdict>),
}

#[derive(PartialEq, Eq)]
enum View {
    Exercise,
    List { selected: usize },
    ConfirmReset,
    AllResults(String),
}

struct State {
    session: Session,
    checker: Arc<Checker>,
    terminal: Terminal,
    current: usize,
    view: View,
    verdict: Option<Verdict>,
    status: String,
    message: Option<String>,
    hints_shown: usize,
    /// Whether the learner saved the current exercise since it was opened; until then its
    /// intro (what to do, and why) is shown above the verdict.
    saved: bool,
    running: Option<JoinHandle<Finished>>,
    prebuild: Option<JoinHandle<()>>,
    last_redraw: Instant,
}

pub async fn run(session: Session, args: WatchArgs) -> anyhow::Result<Exit> {
    let course = session.course.clone();
    let (build_tx, mut build_rx) = mpsc::unbounded_channel::<cargo::Progress>();
    let on_build: crate::check::OnBuild = Arc::new(move |p: &cargo::Progress| drop(build_tx.send(p.clone())));
    let (terminal, mut inputs) = Terminal::open();
    let checker = Checker::new(course.clone(), Originals::snapshot(&course)?, terminal.is_interactive()).on_build(on_build);
    let exercise_paths: Vec<PathBuf> = course.exercises.iter().map(|e| course.root.join(e.rel_path())).collect();
    let (_watching, mut changes) = if args.manual_run {
        (None, mpsc::unbounded_channel().1)
    } else {
        let paths = exercise_paths.clone();
        let wanted: Arc<dyn Fn(&Path) -> bool + Send + Sync> = Arc::new(move |p: &Path| paths.iter().any(|e| e == p));
        let (watching, rx) = files::watch(&course.root.join("exercises"), args.poll, wanted)?;
        (Some(watching), rx)
    };
    let progress = session.progress()?;
    let current = session.current(&progress)?.name.clone();
    let mut state = State {
        current: course.index_of(&current).unwrap_or(0),
        checker: Arc::new(checker),
        terminal,
        view: View::Exercise,
        verdict: None,
        status: "Checking...".into(),
        message: course.welcome.clone().filter(|_| progress.done.is_empty()),
        hints_shown: 0,
        saved: false,
        running: None,
        prebuild: None,
        last_redraw: Instant::now(),
        session,
    };
    state.start_check();
    let mut changed: BTreeSet<PathBuf> = BTreeSet::new();
    let mut quiet_at: Option<Instant> = None;
    let exit = loop {
        let debounce = async {
            match quiet_at {
                Some(at) => tokio::time::sleep_until(at.into()).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            input = inputs.recv() => match input.unwrap_or(Input::Closed) {
                Input::Key('q') if state.view == View::Exercise => break Exit::Success,
                Input::Interrupt => break Exit::Interrupted,
                input => state.on_input(input),
            },
            Some(path) = changes.recv() => {
                changed.insert(path);
                quiet_at = Some(Instant::now() + files::DEBOUNCE);
            }
            () = debounce => {
                quiet_at = None;
                let saved = std::mem::take(&mut changed);
                let index = exercise_paths.iter().position(|p| saved.contains(p));
                if let Some(index) = index {
                    state.on_save(index);
                }
            }
            Some(progress) = build_rx.recv() => state.on_build(&progress),
            () = crate::exit::interrupted() => break Exit::Interrupted,
            finished = join(&mut state.running) => state.on_finished(finished),
        }
    };
    state.stop();
    Ok(exit)
}

/// Waits for the running task, or forever when there is none.
async fn join(running: &mut Option<JoinHandle<Finished>>) -> Option<Finished> {
    match running {
        Some(handle) => {
            let result = handle.await.ok();
            *running = None;
            result
        }
        None => std::future::pending().await,
    }
}

impl State {
    fn course(&self) -> &crate::course::Course {
        &self.session.course
    }

    fn start_check(&mut self) {
        self.abort_running();
        let (checker, index) = (self.checker.clone(), self.current);
        self.status = "Checking...".into();
        self.running = Some(tokio::spawn(async move {
            let exercise = &checker.course.exercises[index];
            Finished::One(index, checker.check(exercise, Side::Exercise).await)
        }));
        self.draw();
    }

    fn abort_running(&mut self) {
        if let Some(handle) = self.running.take() {
            handle.abort();
        }
    }

    fn stop(&mut self) {
        self.abort_running();
        if let Some(handle) = self.prebuild.take() {
            handle.abort();
        }
    }

    fn set_current(&mut self, index: usize) {
        if index != self.current {
            self.current = index;
            self.verdict = None;
            self.hints_shown = 0;
            self.saved = false;
            let name = self.course().exercises[index].name.clone();
            let _ = self.session.store.update(|p| p.current = Some(name));
        }
    }

    fn on_save(&mut self, index: usize) {
        self.view = View::Exercise;
        self.message = None;
        self.set_current(index);
        self.saved = true;
        self.start_check();
    }

    fn on_build(&mut self, progress: &cargo::Progress) {
        // Background prebuilds report too; only a check the learner waits for shows progress.
        if self.running.is_some() && progress.built > 3 {
            self.status = format!("Building dependencies (first run only): {} crates compiled, now {}", progress.built, progress.last);
            if self.last_redraw.elapsed() >= REDRAW_EVERY {
                self.draw();
            }
        }
    }

    fn on_finished(&mut self, finished: Option<Finished>) {
        match finished {
            Some(Finished::One(index, verdict)) => {
                let exercise = self.course().exercises[index].clone();
                if let Err(err) = self.session.record(&exercise, &verdict) {
                    self.message = Some(format!("could not save your progress: {err:#}"));
                }
                self.status = if verdict.passed() { String::new() } else { "Save the file to check it again.".into() };
                self.verdict = Some(verdict);
                self.prebuild_next();
            }
            Some(Finished::All(verdicts)) => {
                let _ = self.session.store.update(|p| {
                    for v in verdicts.iter().filter(|v| v.passed()) {
                        p.done.insert(v.exercise.clone());
                    }
                });
                let lines: Vec<String> = verdicts.iter().map(report::short).collect();
                let passed = verdicts.iter().filter(|v| v.passed()).count();
                self.view = View::AllResults(format!("{}\n\n{passed} of {} exercises pass. Press any key to go back.", lines.join("\n"), verdicts.len()));
                self.status = String::new();
            }
            None => {}
        }
        self.draw();
    }

    /// While the learner reads, build the next exercise so its first check is fast.
    fn prebuild_next(&mut self) {
        let Ok(progress) = self.session.progress() else { return };
        let exercise = &self.course().exercises[self.current];
        let Some(next) = self.session.next_pending(&progress, exercise) else { return };
        let (checker, next) = (self.checker.clone(), self.course().index_of(&next.name).unwrap_or(0));
        if let Some(old) = self.prebuild.take() {
            old.abort();
        }
        self.prebuild = Some(tokio::spawn(async move {
            checker.prebuild(&[&checker.course.exercises[next]]).await;
        }));
    }

    fn on_input(&mut self, input: Input) {
        self.message = None;
        match std::mem::replace(&mut self.view, View::Exercise) {
            View::List { selected } => return self.on_list_input(input, selected),
            View::ConfirmReset => {
                if input == Input::Key('y') {
                    self.reset();
                }
                return self.draw();
            }
            View::AllResults(_) => return self.draw(),
            View::Exercise => {}
        }
        match input {
            Input::Key('n') => self.next(),
            Input::Key('h') => {
                let total = hint_paragraphs(&self.course().exercises[self.current].hint).len();
                self.hints_shown = (self.hints_shown + 1).min(total);
                self.draw();
            }
            Input::Key('l') => {
                self.view = View::List { selected: self.current };
                self.draw();
            }
            Input::Key('r') => self.start_check(),
            Input::Key('c') => self.check_all(),
            Input::Key('x') => {
                self.view = View::ConfirmReset;
                self.draw();
            }
            _ => self.draw(),
        }
    }

    fn on_list_input(&mut self, input: Input, selected: usize) {
        let last = self.course().exercises.len().saturating_sub(1);
        match input {
            Input::Up | Input::Key('k') => self.view = View::List { selected: selected.saturating_sub(1) },
            Input::Down | Input::Key('j') => self.view = View::List { selected: (selected + 1).min(last) },
            Input::Enter => {
                self.set_current(selected);
                return self.start_check();
            }
            _ => {}
        }
        self.draw();
    }

    fn next(&mut self) {
        let Ok(progress) = self.session.progress() else { return self.draw() };
        let exercise = self.course().exercises[self.current].clone();
        if !progress.done.contains(&exercise.name) {
            self.message = Some("This exercise is not done yet: make it pass first (or press l to pick another).".into());
            return self.draw();
        }
        match self.session.next_pending(&progress, &exercise).and_then(|e| self.course().index_of(&e.name)) {
            Some(next) => {
                self.set_current(next);
                self.start_check();
            }
            None => {
                self.message = Some(self.course().final_message.clone().unwrap_or_else(|| "Every exercise is done. Congratulations!".into()));
                self.draw();
            }
        }
    }

    fn check_all(&mut self) {
        self.abort_running();
        let checker = self.checker.clone();
        self.status = format!("Checking all {} exercises...", self.course().exercises.len());
        self.running = Some(tokio::spawn(async move {
            let subjects: Vec<_> = checker.course.exercises.iter().map(|e| (e, Side::Exercise)).collect();
            Finished::All(checker.check_many(&subjects).await)
        }));
        self.draw();
    }

    fn reset(&mut self) {
        let exercise = self.course().exercises[self.current].clone();
        let result = Originals::snapshot(self.course()).and_then(|o| crate::originals::restore(self.course(), &o, &exercise));
        self.message = Some(match result {
            Ok(_) => format!("{} is back to its original text.", exercise.rel_path().display()),
            Err(err) => format!("could not reset: {err:#}"),
        });
        let _ = self.session.store.update(|p| {
            p.done.remove(&exercise.name);
        });
    }

    fn draw(&mut self) {
        self.last_redraw = Instant::now();
        let text = self.render();
        self.terminal.show(&text);
    }

    fn render(&self) -> String {
        let course = self.course();
        let exercise = &course.exercises[self.current];
        let progress = self.session.progress().unwrap_or_default();
        let done = course.exercises.iter().filter(|e| progress.done.contains(&e.name)).count();
        let stage_done = course.exercises.iter().filter(|e| e.stage == exercise.stage && progress.done.contains(&e.name)).count();
        let mut out = screen::header(course, exercise, done, stage_done);
        out.push('\n');
        match &self.view {
            View::List { selected } => {
                out.push_str(&list_view(&self.session, &progress, *selected));
                out.push_str(&format!("\n{}\n", "↑/↓ (or k/j) choose · Enter open · any other key back".dimmed()));
                return out;
            }
            View::AllResults(text) => {
                out.push_str(text);
                out.push('\n');
                return out;
            }
            View::ConfirmReset => {
                out.push_str(&format!("Reset {} to its original text? Your changes to it will be lost. [y/N]\n", exercise.rel_path().display()));
                return out;
            }
            View::Exercise => {}
        }
        if let Some(message) = &self.message {
            out.push_str(&format!("{}\n\n", message.cyan()));
        }
        if !self.saved {
            let text = std::fs::read_to_string(course.root.join(exercise.rel_path())).unwrap_or_default();
            out.push_str(&format!("{}\n\n", screen::intro(&text)));
        }
        match &self.verdict {
            None => {}
            Some(verdict) => {
                out.push_str(&report::verdict(verdict, exercise));
                if verdict.passed() {
                    let solution = screen::link(&course.root, &exercise.rel_solution_path(), self.terminal.is_interactive());
                    out.push_str(&format!(
                        "\n{} Compare with the reference solution: {solution}\n{}\n",
                        "Done!".green().bold(),
                        "Press n for the next exercise.".green()
                    ));
                }
            }
        }
        if !self.status.is_empty() {
            out.push_str(&format!("\n{}\n", self.status.dimmed()));
        }
        if self.hints_shown > 0 {
            let paragraphs = hint_paragraphs(&exercise.hint);
            out.push_str(&format!("\n{} ({}/{})\n{}\n", "Hint".yellow().bold(), self.hints_shown, paragraphs.len(), paragraphs[..self.hints_shown].join("\n\n")));
        }
        out.push_str(&screen::footer(course, exercise, self.terminal.is_interactive()));
        out
    }
}

fn list_view(session: &Session, progress: &crate::progress::Progress, selected: usize) -> String {
    let current = session.current(progress).map(|e| e.name.clone()).unwrap_or_default();
    let text = report::list_text(&session.course, progress, &current);
    let chosen = &session.course.exercises[selected].name;
    text.lines()
        .map(|line| if line.split_whitespace().nth(1) == Some(chosen.as_str()) { format!("{} {}", ">".bold(), line.trim_start()) } else { line.to_owned() })
        .collect::<Vec<_>>()
        .join("\n")
}
