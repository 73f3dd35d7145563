//! The exercise list of watch mode: a table that fits and scrolls, with a highlighted row, the
//! current exercise marked, done and pending, stage headings in course order, file paths, search
//! and filters. Choosing a row makes it the current exercise ("continue at").

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row, Table, TableState};

use crate::report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Filter {
    #[default]
    All,
    Done,
    Pending,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub stage: usize,
    pub path: String,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Shown {
    Heading(usize),
    Exercise(usize),
}

#[derive(Debug, Clone, Default)]
pub struct List {
    /// Each stage's `dir` and title, in course order.
    pub stages: Vec<(String, String)>,
    /// Every exercise in course order.
    pub entries: Vec<Entry>,
    pub current: usize,
    pub selected: usize,
    pub filter: Filter,
    pub query: String,
    /// Whether keys go to the search query.
    pub searching: bool,
    /// The table's scroll position, kept between frames (ratatui moves it to show the selection).
    pub state: TableState,
}

impl List {
    pub fn new(stages: Vec<(String, String)>, entries: Vec<Entry>, current: usize) -> Self {
        Self { stages, entries, current, selected: current, ..Self::default() }
    }

    fn matches(&self, entry: &Entry) -> bool {
        let wanted = match self.filter {
            Filter::All => true,
            Filter::Done => entry.done,
            Filter::Pending => !entry.done,
        };
        wanted && (self.query.is_empty() || entry.name.contains(&self.query.to_lowercase()) || entry.path.contains(&self.query))
    }

    /// The table's rows: each stage heading once, before its first shown exercise.
    fn shown(&self) -> Vec<Shown> {
        let mut rows = Vec::new();
        let mut stage = None;
        for (i, entry) in self.entries.iter().enumerate().filter(|(_, e)| self.matches(e)) {
            if stage != Some(entry.stage) {
                stage = Some(entry.stage);
                rows.push(Shown::Heading(entry.stage));
            }
            rows.push(Shown::Exercise(i));
        }
        rows
    }

    fn visible(&self) -> Vec<usize> {
        self.shown().into_iter().filter_map(|r| if let Shown::Exercise(i) = r { Some(i) } else { None }).collect()
    }

    /// Keeps the selection on a shown exercise after the filter or the query changed.
    fn settle(&mut self) {
        // Fewer rows: scroll from the top again, ratatui then brings the selection into view.
        *self.state.offset_mut() = 0;
        let visible = self.visible();
        if !visible.contains(&self.selected)
            && let Some(first) = visible.first()
        {
            self.selected = *first;
        }
    }

    /// Moves the selection by `by` shown exercises (negative: up).
    pub fn step(&mut self, by: isize) {
        let visible = self.visible();
        let Some(at) = visible.iter().position(|&i| i == self.selected) else {
            return self.settle();
        };
        let to = at.saturating_add_signed(by).min(visible.len().saturating_sub(1));
        self.selected = visible[to];
    }

    pub fn home(&mut self, end: bool) {
        let visible = self.visible();
        if let Some(&i) = if end { visible.last() } else { visible.first() } {
            self.selected = i;
        }
    }

    pub fn set_filter(&mut self, filter: Filter) {
        self.filter = if self.filter == filter { Filter::All } else { filter };
        self.settle();
    }

    pub fn type_char(&mut self, c: char) {
        self.query.push(c);
        self.settle();
    }

    pub fn backspace(&mut self) {
        self.query.pop();
        self.settle();
    }

    /// Whether the selection is on a shown exercise (a search can match nothing).
    pub fn has_selection(&self) -> bool {
        self.visible().contains(&self.selected)
    }

    pub fn natural_height(&self) -> u16 {
        u16::try_from(self.shown().len()).unwrap_or(u16::MAX).max(1)
    }

    /// The line above the legend: search, filter and how many are shown.
    pub fn status(&self) -> String {
        let shown = self.visible().len();
        let done = self.entries.iter().filter(|e| e.done).count();
        let mut parts = vec![format!("{shown} of {} shown ({done} done) · files under exercises/", self.entries.len())];
        match self.filter {
            Filter::All => {}
            Filter::Done => parts.push("only done".into()),
            Filter::Pending => parts.push("only pending".into()),
        }
        if self.searching || !self.query.is_empty() {
            parts.push(format!("search: /{}{}", self.query, if self.searching { "▏" } else { "" }));
        }
        parts.join(" · ")
    }

    pub fn legend(&self) -> String {
        if self.searching {
            "type to search · Enter keep · Esc clear".into()
        } else {
            "↑/↓ choose · Enter continue here · / search · d done · p pending · x reset · Esc back".into()
        }
    }

    pub fn render(&mut self, frame: &mut Frame, area: Rect, color: bool) {
        let shown = self.shown();
        if shown.is_empty() {
            let line = Line::raw(format!("No exercise matches{}.", if self.query.is_empty() { String::new() } else { format!(" /{}", self.query) }));
            frame.render_widget(ratatui::widgets::Paragraph::new(line), area);
            return;
        }
        let name_width = self.entries.iter().map(|e| e.name.chars().count()).chain(self.stages.iter().map(|(d, _)| d.chars().count())).max().unwrap_or(10);
        let paint = |style: Style| if color { style } else { Style { fg: None, bg: None, ..style } };
        let rows: Vec<Row<'static>> = shown
            .iter()
            .map(|row| match row {
                Shown::Heading(stage) => {
                    let (dir, title) = self.stages.get(*stage).cloned().unwrap_or_default();
                    Row::new(vec![Cell::from(""), Cell::from(""), Cell::from(Span::styled(dir, paint(Style::default().bold()))), Cell::from(Span::styled(title, paint(Style::default().bold())))])
                }
                Shown::Exercise(i) => {
                    let entry = &self.entries[*i];
                    let marker = if *i == self.current { Span::styled("▶", paint(Style::default().bold().fg(ratatui::style::Color::Cyan))) } else { Span::raw("") };
                    let state = if entry.done { Span::styled("✓", paint(report::pass_style())) } else { Span::styled("·", paint(Style::default().dim())) };
                    let name_style = if *i == self.current { Style::default().bold() } else { Style::default() };
                    Row::new(vec![Cell::from(marker), Cell::from(state), Cell::from(Span::styled(entry.name.clone(), name_style)), Cell::from(Span::styled(entry.path.trim_start_matches("exercises/").to_owned(), paint(Style::default().dim())))])
                }
            })
            .collect();
        let widths = [Constraint::Length(1), Constraint::Length(1), Constraint::Length(u16::try_from(name_width).unwrap_or(30)), Constraint::Fill(1)];
        // Reversed is visible with or without colour.
        let table = Table::new(rows, widths).column_spacing(1).row_highlight_style(Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD));
        let selected = shown.iter().position(|r| *r == Shown::Exercise(self.selected));
        self.state.select(selected);
        // Keep the selected exercise's heading in view when it is the first of its stage.
        if let Some(at) = selected
            && at > 0
            && matches!(shown[at - 1], Shown::Heading(_))
            && self.state.offset() == at
        {
            *self.state.offset_mut() = at - 1;
        }
        frame.render_stateful_widget(table, area, &mut self.state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> List {
        let stages = vec![("00_intro".into(), "Intro".into()), ("01_http".into(), "HTTP".into())];
        let entries = ["a", "b", "c", "d"]
            .iter()
            .enumerate()
            .map(|(i, n)| Entry { name: (*n).into(), stage: i / 2, path: format!("exercises/{n}.rs"), done: i % 2 == 0 })
            .collect();
        List::new(stages, entries, 1)
    }

    #[test]
    fn headings_come_once_per_stage_in_course_order() {
        let rows = list().shown();
        assert_eq!(rows, vec![Shown::Heading(0), Shown::Exercise(0), Shown::Exercise(1), Shown::Heading(1), Shown::Exercise(2), Shown::Exercise(3)]);
    }

    #[test]
    fn filters_and_search_keep_the_selection_on_a_shown_row() {
        let mut list = list();
        list.set_filter(Filter::Done);
        assert_eq!(list.visible(), vec![0, 2]);
        assert_eq!(list.selected, 0, "b is pending, so the first done row is selected");
        list.set_filter(Filter::Done);
        assert_eq!(list.filter, Filter::All, "the same filter again turns it off");
        list.type_char('d');
        assert_eq!((list.visible(), list.selected), (vec![3], 3));
    }

    #[test]
    fn steps_skip_headings_and_stop_at_the_ends() {
        let mut list = list();
        list.step(1);
        assert_eq!(list.selected, 2);
        list.step(10);
        assert_eq!(list.selected, 3);
        list.step(-10);
        assert_eq!(list.selected, 0);
    }
}
