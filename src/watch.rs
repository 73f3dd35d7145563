//! Watch mode: one dispatcher over key presses, file changes, build progress and the running
//! check. It alone owns the state (the screen is part of it, drawn whole after each change);
//! checks run as tasks that it aborts when a newer save arrives (aborting drops the check, which
//! kills its process groups).

mod files;
mod keys;
mod list;
mod screen;
#[cfg(test)]
mod snapshots;
mod terminal;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::text::Line;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::cargo;
use crate::check::{Checker, Side};
use crate::cli::WatchArgs;
use crate::exit::Exit;
use crate::originals::Originals;
use crate::report::{self, work::Work};
use crate::session::{Session, hint_paragraphs};
use crate::verify::Verdict;
use screen::{Activity, Screen, View};
use terminal::{Input, Terminal};

/// Minimum time between two redraws for progress (on a terminal; text output redraws less).
const REDRAW_EVERY: Duration = Duration::from_millis(100);
const REDRAW_TEXT_EVERY: Duration = Duration::from_secs(2);

enum Finished {
    One(usize, Box<Verdict>),
    All(Vec<Verdict>),
}

/// What the learner is asked to confirm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Confirm {
    Reset(usize),
}

struct State {
    session: Session,
    checker: Arc<Checker>,
    terminal: Terminal,
    screen: Screen,
    current: usize,
    verdict: Option<Verdict>,
    hints_shown: usize,
    confirm: Option<Confirm>,
    running: Option<JoinHandle<Finished>>,
    prebuild: Option<JoinHandle<()>>,
    /// Exercises whose verdict `c` has received (a late event of an aborted run counts once).
    checked_all: HashSet<String>,
    /// A file the runner itself just rewrote (a reset): its change event is not the learner's save.
    rewritten: Option<(usize, Instant)>,
    last_redraw: Instant,
    /// A throttled redraw that was held back: it is made at this time, so the screen never stays
    /// behind the state until some later event.
    redraw_at: Option<Instant>,
}

pub async fn run(session: Session, args: WatchArgs, backtrace: bool) -> anyhow::Result<Exit> {
    let course = session.course.clone();
    let (build_tx, mut build_rx) = mpsc::unbounded_channel::<cargo::Progress>();
    let (verdict_tx, mut verdict_rx) = mpsc::unbounded_channel::<(String, bool, Line<'static>)>();
    let on_build: crate::check::OnBuild = Arc::new(move |p: &cargo::Progress| drop(build_tx.send(p.clone())));
    let on_verdict: crate::check::OnVerdict = Arc::new(move |v: &Verdict| drop(verdict_tx.send((v.exercise.clone(), v.passed(), report::short_line(v)))));
    let (terminal, mut inputs) = Terminal::open();
    let checker = Checker::new(course.clone(), Originals::snapshot(&course)?, crate::color::enabled()).on_build(on_build).on_verdict(on_verdict);
    checker.set_backtrace(backtrace);
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
    let current = course.index_of(&session.current(&progress)?.name).unwrap_or(0);
    let screen = Screen {
        color: crate::color::enabled(),
        title: course.title.clone(),
        manual_run: args.manual_run,
        backtrace,
        message: course.welcome.clone().filter(|_| progress.done.is_empty()),
        ..Screen::default()
    };
    let mut state = State {
        current: usize::MAX,
        checker: Arc::new(checker),
        terminal,
        screen,
        verdict: None,
        hints_shown: 0,
        confirm: None,
        running: None,
        prebuild: None,
        checked_all: HashSet::new(),
        rewritten: None,
        last_redraw: Instant::now(),
        redraw_at: None,
        session,
    };
    state.set_current(current);
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
        let redraw_at = state.redraw_at;
        let held_redraw = async move {
            match redraw_at {
                Some(at) => tokio::time::sleep_until(at.into()).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = held_redraw => state.draw(),
            // The input side never closes its channel (see terminal.rs); were it to, the branch
            // is disabled rather than ready at every turn.
            Some(input) = inputs.recv() => match input {
                Input::Key('q') if state.quits_on_q() => break Exit::Success,
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
                if let Some(index) = exercise_paths.iter().position(|p| saved.contains(p)) {
                    state.on_save(index);
                }
            }
            Some(progress) = build_rx.recv() => state.on_build(&progress),
            Some((name, passed, line)) = verdict_rx.recv() => state.on_checked(name, passed, line),
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

    fn quits_on_q(&self) -> bool {
        matches!(self.screen.view, View::Exercise) && self.confirm.is_none()
    }

    fn start_check(&mut self) {
        self.abort_running();
        let (checker, index) = (self.checker.clone(), self.current);
        self.screen.activity = Activity::Checking(Work::new(1));
        self.running = Some(tokio::spawn(async move {
            let exercise = &checker.course.exercises[index];
            Finished::One(index, Box::new(checker.check(exercise, Side::Exercise).await))
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

    /// Opens the exercise at `index`: its intro until the first save, its hints as far as the
    /// learner had revealed them.
    fn set_current(&mut self, index: usize) {
        if index == self.current {
            return;
        }
        self.current = index;
        self.verdict = None;
        let exercise = self.course().exercises[index].clone();
        let name = exercise.name.clone();
        let progress = self.session.store.update(|p| p.current = Some(name)).or_else(|_| self.session.progress()).unwrap_or_default();
        self.hints_shown = progress.hints.get(&exercise.name).copied().unwrap_or(0);
        let text = std::fs::read_to_string(self.course().root.join(exercise.rel_path())).unwrap_or_default();
        self.screen.intro = Some(screen::intro(&text)).filter(|t| !t.is_empty());
        self.screen.verdict = None;
        self.refresh();
    }

    /// Brings the screen's header, paths and hints in line with the state and the progress file.
    fn refresh(&mut self) {
        let progress = self.session.progress().unwrap_or_default();
        let course = self.session.course.clone();
        let exercise = &course.exercises[self.current];
        let failing = self.verdict.as_ref().is_some_and(|v| !v.passed());
        // The header never shows a stage complete while its current exercise fails.
        let done = |e: &&crate::course::Exercise| progress.done.contains(&e.name) && !(failing && e.name == exercise.name);
        let stage = &course.stages[exercise.stage];
        let s = &mut self.screen;
        s.stage_title.clone_from(&stage.title);
        s.stage_dir.clone_from(&stage.dir);
        s.total = course.exercises.len();
        s.done = course.exercises.iter().filter(done).count();
        s.stage_total = course.exercises.iter().filter(|e| e.stage == exercise.stage).count();
        s.stage_done = course.exercises.iter().filter(|e| e.stage == exercise.stage).filter(done).count();
        s.exercise.clone_from(&exercise.name);
        s.path = exercise.rel_path().display().to_string();
        s.solution = exercise.rel_solution_path().display().to_string();
        s.log = self.session.log_path(exercise).display().to_string();
        let paragraphs = hint_paragraphs(&exercise.hint);
        s.hints_total = paragraphs.len();
        s.hints = paragraphs.into_iter().take(self.hints_shown).collect();
        s.passed = self.verdict.as_ref().is_some_and(Verdict::passed);
        s.confirm = self.confirm.map(|Confirm::Reset(i)| {
            format!("Reset {} to its original text? Your changes to it will be lost.", course.exercises[i].rel_path().display())
        });
        if let View::List(list) = &mut s.view {
            for entry in &mut list.entries {
                entry.done = progress.done.contains(&entry.name);
            }
            list.current = self.current;
        }
    }

    fn on_save(&mut self, index: usize) {
        if self.rewritten.take().is_some_and(|(i, at)| i == index && at.elapsed() < Duration::from_secs(2)) {
            return;
        }
        self.set_current(index);
        self.screen.intro = None;
        self.start_check();
    }

    fn on_build(&mut self, progress: &cargo::Progress) {
        // Background prebuilds report too; only a check the learner waits for shows progress.
        if self.running.is_none() {
            return;
        }
        let exercise = crate::session::is_target(self.course(), &progress.last);
        match &mut self.screen.activity {
            Activity::Checking(work) | Activity::CheckingAll(work, _) => work.built(progress, exercise),
            Activity::Idle => return,
        }
        self.draw_throttled();
    }

    fn on_checked(&mut self, name: String, passed: bool, line: Line<'static>) {
        let Activity::CheckingAll(work, lines) = &mut self.screen.activity else { return };
        if self.checked_all.insert(name.clone()) {
            work.checked(&Verdict::new(&name, if passed { crate::verify::Outcome::Passed } else { crate::verify::Outcome::Failed }, ""));
            lines.push(line);
            // Recorded as each verdict comes, so a `c` stopped or quit halfway keeps its passes.
            if passed {
                let _ = self.session.store.update(|p| {
                    p.done.insert(name.clone());
                });
                self.refresh();
            }
            self.draw_throttled();
        }
    }

    fn draw_throttled(&mut self) {
        let every = if self.terminal.is_interactive() { REDRAW_EVERY } else { REDRAW_TEXT_EVERY };
        if self.last_redraw.elapsed() >= every {
            self.draw();
        } else {
            self.redraw_at = Some(self.last_redraw + every);
        }
    }

    fn on_finished(&mut self, finished: Option<Finished>) {
        self.screen.activity = Activity::Idle;
        match finished {
            Some(Finished::One(index, verdict)) => {
                let exercise = self.course().exercises[index].clone();
                if let Err(err) = self.session.record(&exercise, &verdict) {
                    self.screen.message = Some(format!("could not save your progress: {err:#}"));
                }
                self.screen.verdict = Some(report::doc(&verdict, &self.session.look(self.screen.backtrace)));
                self.verdict = Some(*verdict);
                self.prebuild_next();
            }
            Some(Finished::All(verdicts)) => {
                let _ = self.session.store.update(|p| {
                    for v in verdicts.iter().filter(|v| v.passed()) {
                        p.done.insert(v.exercise.clone());
                    }
                });
                self.screen.view = View::Results(report::stage_summary(self.course(), &verdicts), 0);
            }
            None => {}
        }
        self.refresh();
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

    fn next(&mut self) {
        let Ok(progress) = self.session.progress() else { return };
        let exercise = self.course().exercises[self.current].clone();
        if !progress.done.contains(&exercise.name) {
            self.screen.message = Some("This exercise is not done yet: make it pass first (or press l to pick another).".into());
            return;
        }
        match self.session.next_pending(&progress, &exercise).and_then(|e| self.course().index_of(&e.name)) {
            Some(next) => {
                self.set_current(next);
                self.start_check();
            }
            None => {
                self.screen.message = Some(self.course().final_message.clone().unwrap_or_else(|| "Every exercise is done. Congratulations!".into()));
            }
        }
    }

    fn check_all(&mut self) {
        self.abort_running();
        let checker = self.checker.clone();
        self.checked_all.clear();
        self.screen.activity = Activity::CheckingAll(Work::new(self.course().exercises.len()), Vec::new());
        self.screen.view = View::Exercise;
        self.running = Some(tokio::spawn(async move {
            let subjects: Vec<_> = checker.course.exercises.iter().map(|e| (e, Side::Exercise)).collect();
            Finished::All(checker.check_many(&subjects).await)
        }));
        self.draw();
    }

    /// Ends a `c` before it is through: what was checked so far is kept, like a finished run.
    fn stop_check_all(&mut self) {
        self.abort_running();
        let Activity::CheckingAll(work, _) = std::mem::take(&mut self.screen.activity) else {
            return;
        };
        self.screen.message = Some(format!(
            "Stopped checking every exercise: {} of {} checked. Press c to start again.",
            work.checked,
            self.course().exercises.len()
        ));
    }

    fn reset(&mut self, index: usize) {
        let exercise = self.course().exercises[index].clone();
        let result = Originals::snapshot(self.course()).and_then(|o| crate::originals::restore(self.course(), &o, &exercise));
        self.screen.message = Some(match result {
            Ok(_) => format!("{} is back to its original text.", exercise.rel_path().display()),
            Err(err) => format!("could not reset: {err:#}"),
        });
        let _ = self.session.store.update(|p| {
            p.done.remove(&exercise.name);
        });
        self.rewritten = Some((index, Instant::now()));
        if index == self.current {
            self.verdict = None;
            self.start_check();
        }
    }

    fn draw(&mut self) {
        self.last_redraw = Instant::now();
        self.redraw_at = None;
        self.terminal.draw(&mut self.screen);
    }
}
