//! The terminal: raw mode for single-key input when it is a terminal (restored on drop and on
//! panic), line input otherwise (scripts, tests), and writing a screen in either.

use std::io::{IsTerminal, Write};

use crossterm::event::{Event, EventStream, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use futures::StreamExt;
use tokio::io::AsyncBufReadExt;
use tokio::sync::mpsc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Key(char),
    Up,
    Down,
    Enter,
    Escape,
    Interrupt,
    Closed,
}

pub struct Terminal {
    raw: bool,
}

impl Terminal {
    /// Raw mode when both ends are a terminal; returns the terminal and its input events.
    pub fn open() -> (Self, mpsc::UnboundedReceiver<Input>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
        let raw = interactive && crossterm::terminal::enable_raw_mode().is_ok();
        if raw {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore();
                previous(info);
            }));
            tokio::spawn(read_keys(tx));
        } else {
            tokio::spawn(read_lines(tx));
        }
        (Self { raw }, rx)
    }

    pub fn is_interactive(&self) -> bool {
        self.raw
    }

    /// Replaces the screen with `text` (in a terminal), or prints it after a separator.
    pub fn show(&self, text: &str) {
        let mut out = std::io::stdout().lock();
        let result = if self.raw {
            let body = text.replace('\n', "\r\n");
            write!(out, "\x1b[2J\x1b[3J\x1b[H{body}")
        } else {
            write!(out, "\n────────────────────────────────────────\n{text}")
        };
        if let Err(err) = result.and_then(|()| out.flush())
            && err.kind() == std::io::ErrorKind::BrokenPipe
        {
            // Nobody sees the screen any more: watching on would be for no one.
            crate::app::exit_broken_pipe();
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        if self.raw {
            restore();
        }
    }
}

fn restore() {
    let _ = crossterm::terminal::disable_raw_mode();
    let mut out = std::io::stdout();
    let _ = write!(out, "\x1b[?25h");
    let _ = out.flush();
}

async fn read_keys(tx: mpsc::UnboundedSender<Input>) {
    let mut events = EventStream::new();
    // An error means the terminal is gone: reading again would fail at once, forever.
    while let Some(Ok(event)) = events.next().await {
        let Event::Key(key) = event else { continue };
        if let Some(input) = translate(key)
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
        KeyCode::Enter => Input::Enter,
        KeyCode::Esc => Input::Escape,
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
