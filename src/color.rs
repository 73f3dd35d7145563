//! Whether output is coloured: `--color`, then `NO_COLOR` and `CLICOLOR_FORCE`, then whether
//! standard output is a terminal. Decided once at start; every printer, the screen and cargo
//! (rustc's diagnostics) follow the same answer.

use std::sync::atomic::{AtomicBool, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Choice {
    /// Colour on a terminal, unless NO_COLOR is set (CLICOLOR_FORCE forces it)
    #[default]
    Auto,
    Always,
    Never,
}

static ENABLED: AtomicBool = AtomicBool::new(false);

/// The answer for `choice`, given the two variables and whether stdout is a terminal.
pub fn resolve(choice: Choice, no_color: Option<&str>, force: Option<&str>, terminal: bool) -> bool {
    // https://no-color.org: set and not empty. CLICOLOR_FORCE: set and not "0".
    let set = |v: Option<&str>| v.is_some_and(|v| !v.is_empty());
    match choice {
        Choice::Always => true,
        Choice::Never => false,
        Choice::Auto if set(no_color) => false,
        Choice::Auto if set(force) && force != Some("0") => true,
        Choice::Auto => terminal,
    }
}

/// Decides once for the whole run, from the environment.
pub fn init(choice: Choice) -> bool {
    use std::io::IsTerminal;
    let var = |name: &str| std::env::var(name).ok();
    let on = resolve(choice, var("NO_COLOR").as_deref(), var("CLICOLOR_FORCE").as_deref(), std::io::stdout().is_terminal());
    ENABLED.store(on, Ordering::Relaxed);
    colored::control::set_override(on);
    on
}

pub fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flag_wins_then_no_color_then_force_then_the_terminal() {
        assert!(resolve(Choice::Always, Some("1"), None, false));
        assert!(!resolve(Choice::Never, None, Some("1"), true));
        assert!(!resolve(Choice::Auto, Some("1"), Some("1"), true), "NO_COLOR beats CLICOLOR_FORCE");
        assert!(resolve(Choice::Auto, Some(""), None, true), "an empty NO_COLOR does not count");
        assert!(resolve(Choice::Auto, None, Some("1"), false));
        assert!(!resolve(Choice::Auto, None, Some("0"), false));
        assert!(!resolve(Choice::Auto, None, None, false));
    }
}
