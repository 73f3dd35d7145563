//! Building exercises: one cargo invocation compiles the requested binary targets and reports,
//! as JSON messages, both the compiler's diagnostics and the paths of the built executables.
//! The executables are then run directly, so cargo is never the process that has to be killed.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::process::{self, Spec};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Mode {
    /// The test harness of each binary (`cargo test --no-run`).
    Test,
    /// The binary itself (`cargo build`).
    Build,
    /// Clippy on the binary and its tests, warnings denied (rustlings' `strict_clippy`).
    Clippy,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub manifest: PathBuf,
    pub mode: Mode,
    pub bins: Vec<String>,
    pub target_dir: Option<PathBuf>,
    pub color: bool,
    pub offline: bool,
    /// Off for a batch built once and never edited (a `dev check`, a `verify`): incremental
    /// state there is pure cost, tens of GB of disk for a whole course.
    pub incremental: bool,
    /// Features of the package built (the runner's own `full`).
    pub features: Vec<String>,
}

/// The arguments for cargo, as a pure function of the request.
pub fn args(request: &Request) -> Vec<OsString> {
    let mut args: Vec<OsString> = match request.mode {
        // --no-fail-fast keeps compiling the other targets when one has an error.
        Mode::Test => vec!["test".into(), "--no-run".into(), "--no-fail-fast".into()],
        Mode::Build => vec!["build".into(), "--keep-going".into()],
        // The test profile lints the `#[cfg(test)]` code too; with warnings denied, --keep-going
        // lints the other targets after one has a warning.
        Mode::Clippy => vec!["clippy".into(), "--profile".into(), "test".into(), "--keep-going".into()],
    };
    args.push("--manifest-path".into());
    args.push(request.manifest.clone().into());
    let format = if request.color { "json-diagnostic-rendered-ansi" } else { "json" };
    args.push(format!("--message-format={format}").into());
    args.push(format!("--color={}", if request.color { "always" } else { "never" }).into());
    if request.offline {
        args.push("--offline".into());
    }
    if !request.features.is_empty() {
        args.push("--features".into());
        args.push(request.features.join(",").into());
    }
    for bin in &request.bins {
        args.push("--bin".into());
        args.push(bin.into());
    }
    if request.mode == Mode::Clippy {
        args.extend(["--".into(), "-D".into(), "warnings".into()]);
    }
    args
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub executables: HashMap<String, PathBuf>,
    /// Rendered compiler messages (errors and warnings) per target.
    pub diagnostics: HashMap<String, String>,
    /// Targets with at least one error.
    pub failed: Vec<String>,
    /// Cargo's own messages (manifest or lock errors, for instance).
    pub stderr: String,
    pub success: bool,
    /// Each compiler message that points at a line, in order (`dev check` lists lints by place).
    pub located: Vec<Located>,
}

/// A compiler message and the place its primary span points at (read by `dev check`).
#[cfg_attr(not(feature = "full"), allow(dead_code))]
#[derive(Debug, Clone)]
pub struct Located {
    pub target: String,
    /// `E0308`, `dead_code`, `clippy::let_and_return`; hard errors may have none.
    pub code: Option<String>,
    pub message: String,
    /// As the compiler names it, relative to the directory it ran in.
    pub file: String,
    pub line: usize,
}

impl Outcome {
    /// Compiler output for `bin`, or cargo's own error if the build never reached the compiler.
    pub fn errors_for(&self, bin: &str) -> String {
        match self.diagnostics.get(bin) {
            Some(text) if !text.trim().is_empty() => text.clone(),
            _ => self.stderr.clone(),
        }
    }
}

/// Progress of a build, for the first (slow) build of the dependencies.
#[derive(Debug, Clone)]
pub struct Progress {
    pub built: usize,
    pub fresh: usize,
    pub last: String,
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    target: Option<Target>,
    message: Option<Diagnostic>,
    executable: Option<PathBuf>,
    #[serde(default)]
    fresh: bool,
    success: Option<bool>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
}

#[derive(Deserialize)]
struct Diagnostic {
    rendered: Option<String>,
    level: String,
    #[serde(default)]
    message: String,
    code: Option<Code>,
    #[serde(default)]
    spans: Vec<Span>,
}

#[derive(Deserialize)]
struct Code {
    code: String,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    line_start: usize,
    is_primary: bool,
}

/// Runs cargo for `request`; `on_progress` is told of every compiled crate.
pub async fn build(request: &Request, root: &Path, mut on_progress: impl FnMut(&Progress)) -> anyhow::Result<Outcome> {
    let mut spec = Spec::new("cargo", root, Duration::MAX);
    spec.args = args(request);
    if let Some(dir) = &request.target_dir {
        spec = spec.env("CARGO_TARGET_DIR", dir.to_string_lossy());
    }
    if !request.incremental {
        spec = spec.env("CARGO_INCREMENTAL", "0");
    }
    let mut running = process::spawn(&spec).context("cannot start cargo: is Rust installed (https://rustup.rs)?")?;
    let stderr = tokio::spawn(process::capture(running.child.stderr.take()));
    let stdout = running.child.stdout.take().context("cargo's output is not piped")?;
    let mut lines = BufReader::new(stdout).lines();
    let mut outcome = Outcome::default();
    let mut progress = Progress { built: 0, fresh: 0, last: String::new() };
    while let Some(line) = lines.next_line().await.context("cannot read cargo's output")? {
        let Ok(message) = serde_json::from_str::<Message>(&line) else { continue };
        absorb(&mut outcome, &mut progress, message, &mut on_progress);
    }
    let status = running.child.wait().await.context("cargo did not finish")?;
    running.group.kill_rest();
    outcome.stderr = stderr.await.map(|c| c.text).unwrap_or_default();
    outcome.success &= status.success();
    Ok(outcome)
}

fn absorb(outcome: &mut Outcome, progress: &mut Progress, message: Message, on_progress: &mut impl FnMut(&Progress)) {
    match message.reason.as_str() {
        "compiler-message" => {
            let (Some(target), Some(diagnostic)) = (message.target, message.message) else { return };
            if diagnostic.level == "error" && !outcome.failed.contains(&target.name) {
                outcome.failed.push(target.name.clone());
            }
            if let Some(span) = diagnostic.spans.iter().find(|s| s.is_primary) {
                outcome.located.push(Located {
                    target: target.name.clone(),
                    code: diagnostic.code.map(|c| c.code),
                    message: diagnostic.message,
                    file: span.file_name.clone(),
                    line: span.line_start,
                });
            }
            if let Some(rendered) = diagnostic.rendered {
                outcome.diagnostics.entry(target.name).or_default().push_str(&rendered);
            }
        }
        "compiler-artifact" => {
            let Some(target) = message.target else { return };
            if message.fresh {
                progress.fresh += 1;
            } else {
                progress.built += 1;
            }
            progress.last.clone_from(&target.name);
            on_progress(progress);
            if let Some(executable) = message.executable {
                outcome.executables.insert(target.name, executable);
            }
        }
        "build-finished" => outcome.success = message.success.unwrap_or(false),
        _ => {}
    }
}

/// Exercise files are targets of the `course` package, so the compiler names them
/// `course/../exercises/...`; learners know them as `exercises/...`.
pub fn tidy_paths(text: &str) -> String {
    text.replace(&format!("{}/../", crate::course::PACKAGE_DIR), "")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(mode: Mode) -> Request {
        Request {
            manifest: PathBuf::from("course/Cargo.toml"),
            mode,
            bins: vec!["a".into(), "b".into()],
            target_dir: None,
            color: false,
            offline: false,
            incremental: true,
            features: Vec::new(),
        }
    }

    fn joined(request: &Request) -> String {
        args(request).iter().map(|a| a.to_string_lossy().into_owned()).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn test_mode_builds_harnesses_without_running_them() {
        assert_eq!(
            joined(&request(Mode::Test)),
            "test --no-run --no-fail-fast --manifest-path course/Cargo.toml --message-format=json --color=never --bin a --bin b"
        );
    }

    #[test]
    fn build_mode_with_colour_asks_for_rendered_ansi() {
        let mut request = request(Mode::Build);
        request.color = true;
        request.offline = true;
        assert_eq!(
            joined(&request),
            "build --keep-going --manifest-path course/Cargo.toml --message-format=json-diagnostic-rendered-ansi --color=always --offline --bin a --bin b"
        );
    }

    #[test]
    fn clippy_mode_denies_warnings() {
        assert_eq!(
            joined(&request(Mode::Clippy)),
            "clippy --profile test --keep-going --manifest-path course/Cargo.toml --message-format=json --color=never --bin a --bin b -- -D warnings"
        );
    }

    #[test]
    fn messages_give_executables_and_per_target_errors() {
        let lines = [
            r#"{"reason":"compiler-message","target":{"name":"b"},"message":{"rendered":"error[E0308]: mismatched types\n","level":"error"}}"#,
            r#"{"reason":"compiler-artifact","target":{"name":"tokio"},"executable":null,"fresh":true}"#,
            r#"{"reason":"compiler-artifact","target":{"name":"a"},"executable":"/t/a-1","fresh":false}"#,
            r#"{"reason":"build-finished","success":false}"#,
        ];
        let mut outcome = Outcome::default();
        let mut progress = Progress { built: 0, fresh: 0, last: String::new() };
        let mut seen = 0;
        for line in lines {
            let message: Message = serde_json::from_str(line).expect("valid message");
            absorb(&mut outcome, &mut progress, message, &mut |_| seen += 1);
        }
        assert_eq!(outcome.executables.get("a"), Some(&PathBuf::from("/t/a-1")));
        assert_eq!(outcome.failed, vec!["b".to_owned()]);
        assert!(outcome.errors_for("b").contains("E0308"));
        assert!(!outcome.success);
        assert_eq!((seen, progress.built, progress.fresh), (2, 1, 1));
    }

    #[test]
    fn messages_with_a_primary_span_are_located() {
        let line = r#"{"reason":"compiler-message","target":{"name":"a_sol"},"message":{"rendered":"error: returning the result of a `let` binding\n","level":"error","message":"returning the result of a `let` binding","code":{"code":"clippy::let_and_return"},"spans":[{"file_name":"course/../solutions/a.rs","line_start":9,"is_primary":false},{"file_name":"course/../solutions/a.rs","line_start":4,"is_primary":true}]}}"#;
        let mut outcome = Outcome::default();
        let mut progress = Progress { built: 0, fresh: 0, last: String::new() };
        absorb(&mut outcome, &mut progress, serde_json::from_str(line).expect("valid message"), &mut |_| {});
        let located = &outcome.located[0];
        assert_eq!((located.target.as_str(), located.code.as_deref(), located.line), ("a_sol", Some("clippy::let_and_return"), 4));
        assert_eq!(located.file, "course/../solutions/a.rs");
    }
}
