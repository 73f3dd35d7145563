//! `runner`: a hands-on course runner. Its two programs (`runner`, and `runner-full` built with
//! the `full` feature) are this library's `main`, which only parses the command line and maps
//! the outcome to an exit code; everything else lives in the modules below.

#[cfg(feature = "full")]
mod answers;
mod app;
mod assemble;
#[cfg(feature = "full")]
mod candidates;
mod cargo;
mod check;
mod cli;
mod color;
mod course;
#[cfg(feature = "full")]
mod dev;
mod exit;
mod manifest;
mod originals;
#[cfg(feature = "full")]
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

pub fn main() -> ExitCode {
    // The runner re-executed as the supervisor of a program it starts (see process/supervisor.rs).
    if let Some(code) = process::supervise_if_asked() {
        return code;
    }
    // `runner-full` started by a runner to judge its checks (see check/handover.rs).
    #[cfg(feature = "full")]
    if let Some(code) = check::handover::serve_if_asked() {
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
