//! What each key does, in each view of watch mode.

use super::list::{Entry, Filter, List};
use super::screen::{Activity, View};
use super::terminal::Input;
use super::{Confirm, State};
use crate::session::hint_paragraphs;

/// Lines a page key scrolls.
const PAGE: usize = 10;

impl State {
    pub(super) fn on_input(&mut self, input: Input) {
        if input == Input::Resize {
            return self.draw();
        }
        if let Some(confirm) = self.confirm.take() {
            self.screen.message = None;
            match (confirm, input) {
                (Confirm::Reset(index), Input::Key('y')) => self.reset(index),
                _ => self.screen.message = Some("Nothing changed.".into()),
            }
            self.refresh();
            return self.draw();
        }
        self.screen.message = None;
        match std::mem::take(&mut self.screen.view) {
            View::Exercise => self.on_exercise_key(input),
            View::Pager(scroll) => {
                let total = self.screen.pager_lines(self.width()).len();
                if let Some(scroll) = scrolled(scroll, input, total) {
                    self.screen.view = View::Pager(scroll);
                }
            }
            View::Results(lines, scroll) => {
                let total = lines.len();
                if let Some(scroll) = scrolled(scroll, input, total) {
                    self.screen.view = View::Results(lines, scroll);
                }
            }
            View::List(list) => self.on_list_key(list, input),
        }
        self.refresh();
        self.draw();
    }

    fn on_exercise_key(&mut self, input: Input) {
        match input {
            Input::Key('n') => self.next(),
            Input::Key('h') => {
                let total = hint_paragraphs(&self.course().exercises[self.current].hint).len();
                self.hints_shown = (self.hints_shown + 1).min(total);
                let (name, shown) = (self.course().exercises[self.current].name.clone(), self.hints_shown);
                // Saved like `runner hint` does, so the next session starts where this one was.
                let _ = self.session.store.update(|p| {
                    let seen = p.hints.entry(name).or_insert(0);
                    *seen = (*seen).max(shown);
                });
            }
            Input::Key('l') => self.screen.view = View::List(self.list()),
            Input::Key('v') => self.screen.view = View::Pager(0),
            Input::Key('r') => self.start_check(),
            Input::Key('c') => self.check_all(),
            Input::Escape if matches!(self.screen.activity, Activity::CheckingAll(..)) => {
                self.stop_check_all()
            }
            Input::Key('x') => self.confirm = Some(Confirm::Reset(self.current)),
            Input::Key('b') => {
                self.screen.backtrace = !self.screen.backtrace;
                self.checker.set_backtrace(self.screen.backtrace);
                self.screen.message = Some(if self.screen.backtrace { "Backtraces on: a panic shows the calls that led to it." } else { "Backtraces off." }.into());
                self.start_check();
            }
            _ => {}
        }
    }

    fn list(&self) -> List {
        let course = self.course();
        let progress = self.session.progress().unwrap_or_default();
        let stages = course.stages.iter().map(|s| (s.dir.clone(), s.title.clone())).collect();
        let entries = course
            .exercises
            .iter()
            .map(|e| Entry { name: e.name.clone(), stage: e.stage, path: e.rel_path().display().to_string(), done: progress.done.contains(&e.name) })
            .collect();
        List::new(stages, entries, self.current)
    }

    fn on_list_key(&mut self, mut list: List, input: Input) {
        if list.searching {
            match input {
                Input::Key(c) => list.type_char(c),
                Input::Backspace => list.backspace(),
                Input::Escape => {
                    list.query.clear();
                    list.searching = false;
                }
                Input::Enter => list.searching = false,
                Input::Up => list.step(-1),
                Input::Down => list.step(1),
                _ => {}
            }
            self.screen.view = View::List(list);
            return;
        }
        match input {
            Input::Up | Input::Key('k') => list.step(-1),
            Input::Down | Input::Key('j') => list.step(1),
            Input::PageUp => list.step(-(PAGE as isize)),
            Input::PageDown => list.step(PAGE as isize),
            Input::Home | Input::Key('g') => list.home(false),
            Input::End => list.home(true),
            Input::Key('/') => list.searching = true,
            Input::Key('d') => list.set_filter(Filter::Done),
            Input::Key('p') => list.set_filter(Filter::Pending),
            Input::Key('a') => list.filter = Filter::All,
            Input::Key('x') if list.has_selection() => self.confirm = Some(Confirm::Reset(list.selected)),
            Input::Enter | Input::Key('c') if list.has_selection() => {
                // "Continue at": the chosen exercise becomes the current one.
                self.set_current(list.selected);
                return self.start_check();
            }
            Input::Escape | Input::Key('q') | Input::Key('l') => return,
            _ => {}
        }
        self.screen.view = View::List(list);
    }

    fn width(&self) -> usize {
        crossterm::terminal::size().map_or(100, |(w, _)| usize::from(w))
    }
}

/// The scroll position after `input`, or `None` when the key leaves the view.
fn scrolled(scroll: usize, input: Input, total: usize) -> Option<usize> {
    let last = total.saturating_sub(1);
    Some(match input {
        Input::Up | Input::Key('k') => scroll.saturating_sub(1),
        Input::Down | Input::Key('j') => (scroll + 1).min(last),
        Input::PageUp => scroll.saturating_sub(PAGE),
        Input::PageDown | Input::Key(' ') => (scroll + PAGE).min(last),
        Input::Home => 0,
        Input::End => last,
        _ => return None,
    })
}
