//! The command line: every command and flag a learner or instructor can type.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::color::Choice;
use crate::course::VerifierKind;

/// Work through a hands-on backend course, one exercise at a time.
///
/// Run `runner` (or `runner watch`) in the course directory: it shows the current exercise,
/// checks it every time you save, and moves you on when it passes.
#[derive(Debug, Parser)]
#[command(name = "runner", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Course directory (default: the nearest directory upwards that has an info.toml)
    #[arg(long, global = true, value_name = "DIR")]
    pub course: Option<PathBuf>,

    /// Colour: auto (on a terminal, unless NO_COLOR is set; CLICOLOR_FORCE forces it), always, never
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = Choice::Auto)]
    pub color: Choice,

    /// Show the backtrace of a panic (in watch mode, `b` turns them on and off)
    #[arg(long, global = true)]
    pub backtrace: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Watch your files and check the current exercise on every save (the default)
    Watch(WatchArgs),
    /// Check one exercise once and print the verdict (default: the current exercise)
    Run {
        /// Exercise name, as `runner list` shows it
        name: Option<String>,
    },
    /// Show the hint for an exercise (default: the current exercise)
    Hint {
        name: Option<String>,
        /// Show every paragraph of the hint at once
        #[arg(long)]
        all: bool,
    },
    /// List stages and exercises with what is done, pending and current
    List {
        /// Machine-readable output
        #[arg(long)]
        json: bool,
    },
    /// Restore an exercise to its original text (your changes to it are lost)
    Reset {
        name: String,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
    /// Check every exercise in course order and print a summary per stage
    Verify(VerifyArgs),
    /// Tools for course authors
    #[command(subcommand)]
    Dev(DevCommand),
}

#[derive(Debug, Args, Default)]
pub struct WatchArgs {
    /// Do not watch files: check only when you press `r`
    #[arg(long)]
    pub manual_run: bool,
    /// Poll files for changes instead of relying on file-system events
    /// (for network or container file systems where events do not arrive)
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Write results as JSON (exercism test-runner v3 shape) to standard output
    #[arg(long)]
    pub json: bool,
    /// Grade with the tests of a pristine course checkout instead of the runner's snapshot
    #[arg(long, value_name = "DIR")]
    pub originals: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum DevCommand {
    /// Prove the course: every exercise fails unsolved, every solution passes, nothing is missing
    Check {
        /// Only these exercises
        names: Vec<String>,
    },
    /// Regenerate the exercise target lists (course/Cargo.toml) from info.toml
    Update,
    /// Add an exercise from a template: its file, its solution and its info.toml entry
    ///
    /// The entry goes after the last exercise of the stage, with a placeholder hint. The
    /// solution starts as a copy of the exercise. `runner dev check NAME` reports both until
    /// you have written them.
    New {
        /// Exercise name: snake_case and unique in the course (the file is exercises/STAGE/NAME.rs)
        name: String,
        /// Stage directory the exercise belongs to, as in `[[stages]] dir`
        #[arg(long, value_name = "STAGE")]
        stage: String,
        /// How the exercise is checked: the tests in its file, its printed output, an SQL query,
        /// a server answering HTTP requests, tests the learner writes (mutants), or a program
        /// that runs to the end (run)
        #[arg(long, value_enum, value_name = "KIND", default_value_t = VerifierKind::Tests)]
        verifier: VerifierKind,
    },
    /// Add a stage after the last one: its info.toml entry, its README and its solutions directory
    NewStage {
        /// Directory under exercises/ and solutions/, e.g. `02_caching`
        dir: String,
        /// The stage's title, as learners see it in `runner list`
        #[arg(long)]
        title: String,
    },
    /// Create a new course: info.toml, a Cargo workspace, one stage and a sample exercise
    ///
    /// DIR must be new or empty. The course has no dependencies yet: add them to
    /// DIR/course/Cargo.toml. Run it with `runner --course DIR`.
    Init {
        /// Directory of the new course
        dir: PathBuf,
        /// The course's title (default: the directory's name)
        #[arg(long)]
        title: Option<String>,
    },
}
