//! Watch mode in a real pseudo-terminal (80×24): the screen as a terminal shows it (vt100),
//! driven by keys. Every wait is for something to appear on the screen, with a deadline.

use std::io::{Read, Write};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

use super::support::{FAILING_TESTS, Fixture, PASSING_TESTS};

const ROWS: u16 = 24;
const COLS: u16 = 80;
const DOWN: &str = "\x1b[B";

struct Screen {
    parser: vt100::Parser,
    bytes: mpsc::Receiver<Vec<u8>>,
}

impl Screen {
    /// Waits until `wanted` holds for the screen; returns the screen's text either way.
    fn wait(&mut self, what: &str, wanted: impl Fn(&vt100::Screen) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if wanted(self.parser.screen()) {
                return self.parser.screen().contents();
            }
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                break;
            };
            match self.bytes.recv_timeout(left) {
                Ok(bytes) => self.parser.process(&bytes),
                Err(_) => break,
            }
        }
        panic!(
            "timed out waiting for {what}; the screen:\n{}",
            self.parser.screen().contents()
        );
    }

    fn wait_for(&mut self, text: &str) -> String {
        self.wait(text, |s| s.contents().contains(text))
    }
}

/// The text of the row shown in reverse video (the list's highlighted row).
fn highlighted(screen: &vt100::Screen) -> Option<String> {
    (0..ROWS)
        .find(|&row| {
            (0..COLS).any(|col| {
                screen
                    .cell(row, col)
                    .is_some_and(|c| c.inverse() && c.has_contents())
            })
        })
        .map(|row| {
            (0..COLS)
                .filter_map(|col| screen.cell(row, col))
                .map(|c| c.contents().to_owned())
                .collect::<String>()
        })
}

/// The runner in watch mode on a pseudo-terminal, its screen and its keyboard.
struct Watch {
    screen: Screen,
    keys: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
}

impl Watch {
    fn start(fixture: &Fixture) -> Self {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut command = CommandBuilder::new(assert_cmd::cargo::cargo_bin("runner"));
        command.cwd(fixture.root());
        command.env("TERM", "xterm-256color");
        command.env("NO_COLOR", "1");
        command.env_remove("CARGO_TARGET_DIR");
        let child = pty.slave.spawn_command(command).expect("spawn the runner");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let keys = pty.master.take_writer().expect("writer");
        let (tx, bytes) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buffer = [0; 4096];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 || tx.send(buffer[..n].to_vec()).is_err() {
                    return;
                }
            }
        });
        Self {
            screen: Screen {
                parser: vt100::Parser::new(ROWS, COLS, 0),
                bytes,
            },
            keys,
            child,
        }
    }

    fn press(&mut self, key: &str) {
        self.keys.write_all(key.as_bytes()).expect("a key");
        self.keys.flush().expect("flush");
    }

    /// `q`, then the runner's exit, with the terminal restored.
    fn quit(mut self) {
        self.press("q");
        let deadline = Instant::now() + Duration::from_secs(30);
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                break status;
            }
            assert!(Instant::now() < deadline, "the runner did not quit on q");
            // Draining the terminal's output lets the runner finish writing and exit.
            if let Ok(bytes) = self.screen.bytes.recv_timeout(Duration::from_millis(100)) {
                self.screen.parser.process(&bytes);
            }
        };
        assert!(status.success(), "{status:?}");
        assert!(
            !self.screen.parser.screen().alternate_screen(),
            "the terminal is back to normal"
        );
    }
}

impl Drop for Watch {
    /// A failed test must not leave its runner behind (it already exited after `quit`).
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn exercise(name: &str) -> String {
    format!("\n[[exercises]]\nname = \"{name}\"\nstage = \"00_intro\"\nhint = \"h\"\n")
}

#[test]
fn the_list_is_navigated_with_keys_in_a_terminal() {
    let fixture = Fixture::new(
        &["first", "second", "third"].map(exercise).concat(),
        &[
            ("exercises/00_intro/first.rs", FAILING_TESTS),
            ("solutions/00_intro/first.rs", PASSING_TESTS),
            ("exercises/00_intro/second.rs", FAILING_TESTS),
            ("solutions/00_intro/second.rs", PASSING_TESTS),
            ("exercises/00_intro/third.rs", FAILING_TESTS),
            ("solutions/00_intro/third.rs", PASSING_TESTS),
        ],
    );
    let mut watch = Watch::start(&fixture);

    let shown = watch.screen.wait_for("✗ first: the test failed");
    assert!(
        shown.starts_with("Fixture"),
        "the header is the first line: {shown}"
    );
    assert!(
        shown.trim_end().ends_with("q quit"),
        "the legend is the last line: {shown}"
    );

    watch.press("l");
    watch.screen.wait_for("3 of 3 shown");
    let row = watch.screen.wait("the current exercise highlighted", |s| {
        highlighted(s).is_some_and(|r| r.contains("first"))
    });
    assert!(
        row.contains("▶ · first"),
        "the current exercise is marked: {row}"
    );

    watch.press(DOWN);
    watch.press(DOWN);
    watch.screen.wait("the third exercise highlighted", |s| {
        highlighted(s).is_some_and(|r| r.contains("third"))
    });

    watch.press("\r");
    let shown = watch.screen.wait_for("✗ third: the test failed");
    assert!(
        shown.contains("Exercise: exercises/00_intro/third.rs"),
        "{shown}"
    );
    assert!(
        fixture
            .read(".runner/progress.toml")
            .contains("current = \"third\""),
        "Enter made it the current exercise"
    );
    watch.quit();
}

#[test]
fn check_all_stops_on_escape_and_keeps_what_passed() {
    // `hangs` never finishes within the test (its limit is 20 s), so `c` is still running when
    // Esc comes, whatever the machine's load; `passes` has passed by then.
    let hangs = PASSING_TESTS.replace(
        "assert_eq!(super::answer(), 42, \"the answer is 42\");",
        "loop {\n            std::thread::park();\n        }",
    );
    let fixture = Fixture::new(
        &["current", "hangs", "passes"].map(exercise).concat(),
        &[
            ("exercises/00_intro/current.rs", FAILING_TESTS),
            ("solutions/00_intro/current.rs", PASSING_TESTS),
            ("exercises/00_intro/hangs.rs", &hangs),
            ("solutions/00_intro/hangs.rs", PASSING_TESTS),
            ("exercises/00_intro/passes.rs", PASSING_TESTS),
            ("solutions/00_intro/passes.rs", PASSING_TESTS),
        ],
    );
    let mut watch = Watch::start(&fixture);
    watch.screen.wait_for("✗ current: the test failed");

    watch.press("c");
    let shown = watch.screen.wait_for("✓ passes: the test passed");
    assert!(
        shown.contains("Esc stop checking all"),
        "the legend says how to stop: {shown}"
    );
    watch.press("\x1b");
    let shown = watch.screen.wait_for("Stopped checking every exercise");
    assert!(
        shown.contains("2 of 3 checked"),
        "what was checked is counted: {shown}"
    );
    assert!(
        shown.contains("c check all"),
        "the usual keys are back: {shown}"
    );
    let progress = fixture.read(".runner/progress.toml");
    assert!(
        progress.contains("\"passes\""),
        "a pass during `c` is recorded although `c` was stopped: {progress}"
    );
    watch.quit();
}
