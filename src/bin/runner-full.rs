//! `runner-full`: the runner with everything built in (the `full` feature). `runner` starts it
//! as `runner-full __judge` to judge the checks it cannot (see check/handover.rs); as a command
//! line it is the whole runner, the `dev` commands included.

fn main() -> std::process::ExitCode {
    runner::main()
}
