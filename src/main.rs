//! `runner`: a hands-on course runner. `main` only parses the command line and maps the
//! outcome to an exit code; everything else lives in the modules below.

mod answers;
mod app;
mod assemble;
mod candidates;
mod cargo;
mod check;
mod cli;
mod color;
mod course;
mod dev;
mod exit;
mod manifest;
mod originals;
mod pg;
mod process;
mod progress;
mod report;
mod scratch;
mod session;
mod source;
mod verify;
mod watch;

use std::process::ExitCode;

fn main() -> ExitCode {
    // The runner re-executed as the supervisor of a program it starts (see process/supervisor.rs).
    if let Some(code) = process::supervise_if_asked() {
        return code;
    }
    exit::quiet_broken_pipe();
    let cli = <cli::Cli as clap::Parser>::parse();
    let code = match app::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{} {err:#}", colored::Colorize::bold(colored::Colorize::red("error:")));
            exit::Exit::Error
        }
    };
    ExitCode::from(code as u8)
}
