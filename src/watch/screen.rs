//! The watch screen: one state struct, rendered whole each frame, its layout computed from the
//! terminal's size. The header (course, stage, progress bar) and the key legend are pinned; the
//! verdict's summary comes right under the header; the body gets the rows left, with the first
//! failure whole and a line saying how to see the rest.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::list::List;
use crate::report::work::Work;
use crate::report::{self, Doc, Kind, styled};

const BAR_WIDTH: usize = 30;

#[derive(Debug, Clone, Default)]
pub struct Screen {
    pub color: bool,
    pub title: String,
    pub stage_title: String,
    pub stage_dir: String,
    /// Exercises done, in the course and in the current stage: the current one does not count
    /// while its last check failed.
    pub done: usize,
    pub total: usize,
    pub stage_done: usize,
    pub stage_total: usize,
    pub exercise: String,
    /// Paths relative to the course: the exercise, its solution, its last check's log.
    pub path: String,
    pub solution: String,
    pub log: String,
    /// What to do and why, shown until the learner first saves the exercise.
    pub intro: Option<String>,
    pub verdict: Option<Doc>,
    pub passed: bool,
    pub activity: Activity,
    /// The hint paragraphs revealed so far, and how many there are.
    pub hints: Vec<String>,
    pub hints_total: usize,
    pub message: Option<String>,
    /// A yes/no question waiting for its answer (reset).
    pub confirm: Option<String>,
    pub view: View,
    pub manual_run: bool,
    pub backtrace: bool,
}

#[derive(Debug, Clone, Default)]
pub enum Activity {
    #[default]
    Idle,
    /// Checking the current exercise (with the build's progress).
    Checking(Work),
    /// `c`: every exercise, with the one-line verdicts that came in so far.
    CheckingAll(Work, Vec<Line<'static>>),
}

#[derive(Debug, Clone, Default)]
pub enum View {
    #[default]
    Exercise,
    /// The full verdict, scrolled by this many lines.
    Pager(usize),
    List(List),
    /// The results of `c`, scrolled.
    Results(Vec<Line<'static>>, usize),
}

impl Screen {
    /// Draws the whole screen (the list keeps its scroll position, hence `&mut`).
    pub fn render(&mut self, frame: &mut Frame) {
        let area = frame.area();
        let top = self.paint(self.top(area.width.into()));
        let bottom = self.paint(self.bottom(area.width.into()));
        let [top_area, body_area, bottom_area] =
            Layout::vertical([Constraint::Length(len(&top)), Constraint::Min(0), Constraint::Length(len(&bottom))]).areas(area);
        frame.render_widget(Paragraph::new(top), top_area);
        frame.render_widget(Paragraph::new(bottom), bottom_area);
        let body = self.paint(self.body(body_area.width.into(), Some(body_area.height.into())));
        match &mut self.view {
            View::List(list) => list.render(frame, body_area, self.color),
            _ => frame.render_widget(Paragraph::new(body), body_area),
        }
    }

    /// The rows the whole screen needs at this width (for output that is not a terminal).
    pub fn natural_height(&self, width: usize) -> u16 {
        let body = match &self.view {
            View::List(list) => list.natural_height(),
            _ => len(&self.body(width, None)),
        };
        len(&self.top(width)) + body + len(&self.bottom(width))
    }

    fn paint(&self, lines: Vec<Line<'static>>) -> Vec<Line<'static>> {
        if self.color { lines } else { lines.into_iter().map(styled::without_color).collect() }
    }

    fn top(&self, width: usize) -> Vec<Line<'static>> {
        let bar = progress_bar(self.done, self.total, BAR_WIDTH);
        let mut lines = vec![
            Line::from(vec![Span::styled(self.title.clone(), Style::default().bold()), Span::raw(format!("  ·  {}", self.stage_title))]),
            Line::from(vec![
                bar,
                Span::raw(format!(" {}/{} done · {} {}/{}", self.done, self.total, self.stage_dir, self.stage_done, self.stage_total)),
            ]),
        ];
        match &self.view {
            View::List(_) => {}
            View::Results(..) => lines.push(Line::styled("Every exercise checked:", Style::default().bold())),
            View::Pager(_) | View::Exercise => {
                lines.push(Line::from(vec![Span::raw("Exercise: "), Span::styled(self.path.clone(), Style::default().bold().underlined())]));
                lines.extend(self.summary());
            }
        }
        lines.push(Line::default());
        styled::wrap_all(&lines, width)
    }

    /// The verdict's summary, or what is running instead (never a stale verdict).
    fn summary(&self) -> Vec<Line<'static>> {
        let dim = Style::default().dim();
        match &self.activity {
            Activity::Checking(work) => {
                let mut lines = vec![Line::styled("⟳ Checking...", Style::default().bold())];
                if work.building() {
                    lines.push(Line::styled(format!("  {}; the check runs as soon as they are built", capitalised(&work.detail())), dim));
                }
                lines
            }
            Activity::CheckingAll(work, _) => vec![
                Line::from(vec![Span::raw("⟳ Checking every exercise "), progress_bar(work.checked, work.total, 20), Span::raw(format!(" {}", work.counter()))]),
                Line::styled(format!("  {}", capitalised(&work.detail())), dim),
            ],
            Activity::Idle => match &self.verdict {
                Some(doc) => vec![doc.summary.clone()],
                None => Vec::new(),
            },
        }
    }

    fn bottom(&self, width: usize) -> Vec<Line<'static>> {
        let mut lines = Vec::new();
        if let Some(question) = &self.confirm {
            lines.push(Line::styled(format!("{question}  y: yes · any other key: no"), report::warn_style().add_modifier(Modifier::BOLD | Modifier::REVERSED)));
        } else if let Some(message) = &self.message {
            lines.extend(styled::prose(message, Style::default().bold().fg(ratatui::style::Color::Cyan)));
        }
        if let View::List(list) = &self.view {
            lines.push(Line::raw(list.status()));
        }
        let mut lines = styled::wrap_prose(&lines, width);
        lines.extend(legend_lines(&self.legend(), width).into_iter().map(|l| Line::styled(l, Style::default().dim())));
        lines
    }

    fn legend(&self) -> String {
        match &self.view {
            View::Exercise if matches!(self.activity, Activity::CheckingAll(..)) => {
                "Esc stop checking all · r check this exercise · l list · q quit".into()
            }
            View::Exercise => {
                let backtrace = if self.backtrace { "b hide backtraces" } else { "b backtraces" };
                format!("n next · h hint · v full verdict · l list · r check again · c check all · x reset · {backtrace} · q quit")
            }
            View::Pager(_) => "↑/↓ PgUp/PgDn scroll · any other key back".into(),
            View::Results(..) => "↑/↓ PgUp/PgDn scroll · any other key back".into(),
            View::List(list) => list.legend(),
        }
    }

    /// The body at this width, trimmed to `rows` when given.
    fn body(&self, width: usize, rows: Option<usize>) -> Vec<Line<'static>> {
        match &self.view {
            View::Pager(scroll) => {
                let all = self.pager_lines(width);
                let rows = rows.unwrap_or(all.len());
                let start = (*scroll).min(all.len().saturating_sub(rows.saturating_sub(1)));
                let mut shown: Vec<Line<'static>> = all.iter().skip(start).take(rows.saturating_sub(1)).cloned().collect();
                let end = start + shown.len();
                shown.push(Line::styled(format!("lines {}–{end} of {} · log: {}", start + 1, all.len(), self.log), Style::default().dim()));
                shown
            }
            View::Results(lines, scroll) => {
                let all = styled::wrap_all(lines, width);
                let rows = rows.unwrap_or(all.len());
                let start = (*scroll).min(all.len().saturating_sub(rows));
                all.into_iter().skip(start).take(rows).collect()
            }
            View::List(_) => Vec::new(),
            View::Exercise => self.exercise_body(width, rows),
        }
    }

    /// Every line of the verdict, for the pager.
    pub fn pager_lines(&self, width: usize) -> Vec<Line<'static>> {
        match &self.verdict {
            // The summary is already under the header.
            Some(doc) => styled::wrap_all(&report::doc_lines(doc)[1..], width).into_iter().skip_while(|l| styled::plain(l).is_empty()).collect(),
            None => vec![Line::raw("No verdict yet.")],
        }
    }

    fn exercise_body(&self, width: usize, rows: Option<usize>) -> Vec<Line<'static>> {
        let mut first: Vec<Vec<Line<'static>>> = Vec::new();
        if !self.hints.is_empty() {
            let mut hint = vec![Line::styled(format!("Hint ({}/{})", self.hints.len(), self.hints_total), report::warn_style().bold())];
            for (i, paragraph) in self.hints.iter().enumerate() {
                if i > 0 {
                    hint.push(Line::default());
                }
                hint.extend(styled::prose(paragraph, Style::default()));
            }
            hint.push(Line::default());
            first.push(styled::wrap_prose(&hint, width));
        }
        if let Activity::CheckingAll(_, finished) = &self.activity {
            // The latest verdicts, newest last, as many as fit.
            let lines = styled::wrap_all(finished, width);
            let rows = rows.unwrap_or(lines.len());
            return lines[lines.len().saturating_sub(rows)..].to_vec();
        }
        if let Some(intro) = &self.intro {
            let mut lines = styled::prose(intro, Style::default());
            if self.verdict.is_some() && !self.passed && matches!(self.activity, Activity::Idle) {
                let save = if self.manual_run { "Press r to check it" } else { "Save the file to check it" };
                lines.extend([Line::default(), Line::styled(format!("{save}; v shows why the check above fails."), Style::default().dim())]);
            }
            first.push(styled::wrap_prose(&lines, width));
        }
        let mut chunks: Vec<(Kind, Vec<Line<'static>>)> = first.into_iter().map(|c| (Kind::Note, c)).collect();
        let showing_verdict = self.intro.is_none() && matches!(self.activity, Activity::Idle);
        if let Some(doc) = self.verdict.as_ref().filter(|_| showing_verdict) {
            for block in &doc.blocks {
                let mut lines = if block.gap && !chunks.is_empty() { vec![Line::default()] } else { Vec::new() };
                lines.extend(block.lines.iter().cloned());
                chunks.push((block.kind, lines));
            }
            if self.passed {
                chunks.push((Kind::Note, vec![
                    Line::default(),
                    Line::from(vec![Span::styled("Done! ", report::pass_style().bold()), Span::raw(format!("Compare with the reference solution: {}", self.solution))]),
                    Line::styled("Press n for the next exercise.", report::pass_style()),
                ]));
            } else if !matches!(self.activity, Activity::Checking(_)) {
                let again = if self.manual_run { "Press r to check it again." } else { "Save the file to check it again (or press r)." };
                chunks.push((Kind::Note, vec![Line::default(), Line::styled(again, Style::default().dim())]));
            }
        }
        let chunks: Vec<(Kind, Vec<Line<'static>>)> = chunks.into_iter().map(|(k, c)| (k, styled::wrap_all(&c, width))).collect();
        match rows {
            None => chunks.into_iter().flat_map(|(_, c)| c).collect(),
            Some(rows) => fit(chunks, rows, width, &self.log),
        }
    }
}

/// Chooses what fits in `rows`: the first failure whole (cut only if it alone is taller than the
/// screen), then notes, then the other blocks in order; hidden failures are counted on a last
/// line that says how to see them. Without a failure, the first chunk (the exercise's text, a
/// hint) leads the same way: its top is shown rather than nothing.
fn fit(chunks: Vec<(Kind, Vec<Line<'static>>)>, rows: usize, width: usize, log: &str) -> Vec<Line<'static>> {
    let total: usize = chunks.iter().map(|(_, c)| c.len()).sum();
    if total <= rows {
        return chunks.into_iter().flat_map(|(_, c)| c).collect();
    }
    // The last rows say what was left out; at most two of them at any width.
    let room = rows.saturating_sub(2);
    // The first failure, else the first chunk.
    let lead = chunks.iter().position(|(k, _)| *k == Kind::Failure).or((!chunks.is_empty()).then_some(0));
    let mut keep = vec![false; chunks.len()];
    let mut used = 0;
    let mut order: Vec<usize> = lead.into_iter().collect();
    order.extend((0..chunks.len()).filter(|&i| chunks[i].0 == Kind::Note && Some(i) != lead));
    order.extend((0..chunks.len()).filter(|&i| chunks[i].0 != Kind::Note && Some(i) != lead));
    let mut cut_first: Option<usize> = None;
    for i in order {
        let height = chunks[i].1.len();
        if used + height <= room {
            keep[i] = true;
            used += height;
        } else if Some(i) == lead {
            keep[i] = true;
            cut_first = Some(room.saturating_sub(used));
            used = room;
        }
    }
    let hidden = chunks.iter().zip(&keep).filter(|((k, _), kept)| *k == Kind::Failure && !**kept).count();
    let mut out = Vec::new();
    for (i, (_, lines)) in chunks.into_iter().enumerate() {
        if keep[i] {
            let take = if Some(i) == lead { cut_first.unwrap_or(lines.len()) } else { lines.len() };
            out.extend(lines.into_iter().take(take));
        }
    }
    let what = if hidden > 0 { format!("{} not shown", report::count(hidden, "more messages")) } else { "More not shown".into() };
    let more = Line::styled(format!("{what}: press v for the full verdict · log: {log}"), report::warn_style());
    let more = styled::wrap_prose(&[more], width);
    out.truncate(rows.saturating_sub(more.len()));
    out.extend(more);
    out
}

/// The key legend on as few lines as it takes, broken only between its `·`-separated items, so
/// that a key stays beside what it does.
fn legend_lines(legend: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for item in legend.split(" · ") {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 3 + item.chars().count() <= width => {
                line.push_str(" · ");
                line.push_str(item);
            }
            _ => lines.push(item.to_owned()),
        }
    }
    lines
}

fn len(lines: &[Line<'_>]) -> u16 {
    u16::try_from(lines.len()).unwrap_or(u16::MAX)
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `[████░░░░]` for `done` of `total`.
pub fn progress_bar(done: usize, total: usize, width: usize) -> Span<'static> {
    let filled = (done * width).checked_div(total).unwrap_or(0).min(width);
    Span::styled(format!("[{}{}]", "█".repeat(filled), "░".repeat(width - filled)), report::pass_style())
}

/// The comment block at the top of an exercise: what to do and why.
pub fn intro(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with("//!") || l.starts_with("--") || l.trim().is_empty())
        .map(|l| l.trim_start_matches("//!").trim_start_matches("--"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    lines.join("\n").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_with_progress() {
        assert_eq!(progress_bar(15, 30, 30).content, format!("[{}{}]", "█".repeat(15), "░".repeat(15)));
        assert_eq!(progress_bar(0, 0, 4).content, "[░░░░]");
    }

    #[test]
    fn the_legend_breaks_between_keys() {
        assert_eq!(legend_lines("n next · h hint · q quit", 16), vec!["n next · h hint", "q quit"]);
    }

    #[test]
    fn intro_is_the_leading_comment_block() {
        let text = "//! # Title\n//!\n//! Do this.\n\nuse x;\n//! not this\n";
        assert_eq!(intro(text), "# Title\n\nDo this.");
        assert_eq!(intro("-- Write a query\n-- TODO\nSELECT 1;"), "Write a query\nTODO");
    }

    #[test]
    fn the_first_failure_stays_whole_and_the_rest_is_counted() {
        let block = |n: usize, kind| (kind, (0..n).map(|i| Line::raw(format!("{i}"))).collect::<Vec<_>>());
        let shown = fit(vec![block(4, Kind::Failure), block(4, Kind::Failure), block(1, Kind::Note)], 7, 80, "l.log");
        let text: Vec<String> = shown.iter().map(styled::plain).collect();
        assert_eq!(text.len(), 6, "{text:?}");
        assert_eq!(&text[..5], ["0", "1", "2", "3", "0"], "first failure, then the note");
        assert!(text[5].starts_with("1 more message not shown: press v"), "{text:?}");
    }

    #[test]
    fn an_exercise_text_taller_than_the_screen_shows_its_top() {
        let text = (0..30).map(|i| Line::raw(format!("{i}"))).collect::<Vec<_>>();
        let shown: Vec<String> = fit(vec![(Kind::Note, text), (Kind::Note, vec![Line::raw("note")])], 10, 80, "l.log").iter().map(styled::plain).collect();
        assert_eq!(&shown[..8], ["0", "1", "2", "3", "4", "5", "6", "7"], "the text's first lines, not nothing: {shown:?}");
        assert!(shown[8].starts_with("More not shown"), "{shown:?}");
    }
}
