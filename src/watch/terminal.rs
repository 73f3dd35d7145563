//! The terminal: raw mode on the alternate screen for single-key input when it is a terminal
//! (restored on drop and on panic), line input otherwise (scripts, tests), and drawing a screen
//! in either: through ratatui on a terminal, as plain text after a separator otherwise.

use std::io::{IsTerminal, Stdout, Write};

use crossterm::event::{Event, EventStream, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use futures_core::Stream;
use ratatui::backend::{CrosstermBackend, TestBackend};
use tokio::io::AsyncBufReadExt;
use tokio::sync::mpsc;

use super::screen::Screen;

/// Width of the text written when the output is not a terminal.
const LINE_MODE_WIDTH: u16 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Key(char),
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Enter,
    Escape,
    Backspace,
    Resize,
    Interrupt,
}

pub struct Terminal {
    ui: Option<ratatui::Terminal<CrosstermBackend<Stdout>>>,
}

impl Terminal {
    /// Raw mode when both ends are a terminal; returns the terminal and its input events.
    pub fn open() -> (Self, mpsc::UnboundedReceiver<Input>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
        let raw = interactive && crossterm::terminal::enable_raw_mode().is_ok();
        let ui = if raw {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore();
                previous(info);
            }));
            let _ = crossterm::execute!(std::io::stdout(), crossterm::terminal::EnterAlternateScreen, crossterm::cursor::Hide);
            ratatui::Terminal::new(CrosstermBackend::new(std::io::stdout())).ok()
        } else {
            None
        };
        if ui.is_some() {
            tokio::spawn(read_keys(tx));
        } else {
            if raw {
                restore();
            }
            tokio::spawn(read_lines(tx));
        }
        (Self { ui }, rx)
    }

    pub fn is_interactive(&self) -> bool {
        self.ui.is_some()
    }

    /// Draws `screen` (on a terminal), or prints it as text after a separator.
    pub fn draw(&mut self, screen: &mut Screen) {
        let result = match &mut self.ui {
            Some(ui) => ui.draw(|frame| screen.render(frame)).map(drop),
            None => {
                let text = as_text(screen, LINE_MODE_WIDTH);
                let mut out = std::io::stdout().lock();
                write!(out, "\n────────────────────────────────────────\n{text}").and_then(|()| out.flush())
            }
        };
        if let Err(err) = result
            && err.kind() == std::io::ErrorKind::BrokenPipe
        {
            // Nobody sees the screen any more: watching on would be for no one.
            crate::exit::exit_broken_pipe();
        }
    }
}

/// The screen as plain text at `width`, every line of it (nothing trimmed to a height).
pub fn as_text(screen: &mut Screen, width: u16) -> String {
    let height = screen.natural_height(width.into()).max(1);
    let Ok(mut terminal) = ratatui::Terminal::new(TestBackend::new(width, height));
    let _ = terminal.draw(|frame| screen.render(frame));
    let buffer = terminal.backend().buffer();
    let mut text = String::new();
    for y in 0..height {
        let line: String = (0..width).filter_map(|x| buffer.cell((x, y))).map(|c| c.symbol()).collect();
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

impl Drop for Terminal {
    fn drop(&mut self) {
        if self.ui.is_some() {
            restore();
        }
    }
}

fn restore() {
    let _ = crossterm::terminal::disable_raw_mode();
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(out, crossterm::terminal::LeaveAlternateScreen, crossterm::cursor::Show);
    let _ = out.flush();
}

async fn read_keys(tx: mpsc::UnboundedSender<Input>) {
    let mut events = EventStream::new();
    // An error means the terminal is gone: reading again would fail at once, forever.
    while let Some(Ok(event)) = std::future::poll_fn(|cx| std::pin::Pin::new(&mut events).poll_next(cx)).await {
        let input = match event {
            Event::Key(key) => translate(key),
            Event::Resize(..) => Some(Input::Resize),
            _ => continue,
        };
        if let Some(input) = input
            && tx.send(input).is_err() {
                return;
            }
    }
    input_ended(tx).await;
}

/// The end of input ends only the input side: watching files goes on, and the sender is kept
/// so that the dispatcher's receiver waits (a closed channel would be ready at every turn).
async fn input_ended(tx: mpsc::UnboundedSender<Input>) {
    std::future::pending::<()>().await;
    drop(tx);
}

fn translate(key: KeyEvent) -> Option<Input> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    Some(match key.code {
        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => Input::Interrupt,
        KeyCode::Char(c) => Input::Key(c.to_ascii_lowercase()),
        KeyCode::Up => Input::Up,
        KeyCode::Down => Input::Down,
        KeyCode::PageUp => Input::PageUp,
        KeyCode::PageDown => Input::PageDown,
        KeyCode::Home => Input::Home,
        KeyCode::End => Input::End,
        KeyCode::Enter => Input::Enter,
        KeyCode::Esc => Input::Escape,
        KeyCode::Backspace => Input::Backspace,
        _ => return None,
    })
}

/// Without a terminal, each line is a key (its first character); an empty line is Enter.
async fn read_lines(tx: mpsc::UnboundedSender<Input>) {
    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        let input = match line.trim().chars().next() {
            Some(c) => Input::Key(c.to_ascii_lowercase()),
            None => Input::Enter,
        };
        if tx.send(input).is_err() {
            return;
        }
    }
    input_ended(tx).await;
}
