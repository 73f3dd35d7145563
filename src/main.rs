//! `runner`, as `cargo run` builds it: the learner's commands and every verifier but those that
//! need a database or an HTTP client; it hands those checks, and the `dev` commands, to
//! `runner-full` (see check/handover.rs).

fn main() -> std::process::ExitCode {
    runner::main()
}
