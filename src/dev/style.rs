//! The reference solutions' style: formatted as rustfmt would, and clean under clippy with
//! warnings denied. Learners read the solutions after a pass, so they must be exemplary.
//! Both tools are optional: without one, `dev check` says so once and carries on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use tokio::io::{AsyncBufReadExt, BufReader};

use super::Finding;
use crate::cargo::{self, Located, Mode};
use crate::course::{Course, Exercise};
use crate::process::{self, Spec};

/// A tool that could not be used (not installed, or not for this toolchain).
pub struct Unavailable(pub String);

/// `rustfmt --check` on every Rust solution at once, one finding per file that differs.
pub async fn rustfmt(course: &Course, exercises: &[&Exercise]) -> Result<Vec<Finding>, Unavailable> {
    let files: Vec<PathBuf> = with_rust_solution(course, exercises).map(|e| course.root.join(e.rel_solution_path())).collect();
    if files.is_empty() {
        return Ok(Vec::new());
    }
    ensure_available(course, "rustfmt", &["--version"], "rustfmt").await?;
    let mut spec = Spec::new("rustfmt", &course.root, Duration::MAX).arg("--edition").arg("2024").arg("--check").arg("--color").arg("never");
    spec.args.extend(files.iter().map(|f| f.clone().into_os_string()));
    let mut diff_lines: BTreeMap<PathBuf, Vec<usize>> = BTreeMap::new();
    let ran = each_line(&spec, |line| {
        if let Some((file, line)) = diff_location(line) {
            diff_lines.entry(relative(course, Path::new(file))).or_default().push(line);
        }
    })
    .await;
    let mut findings: Vec<Finding> = diff_lines
        .into_iter()
        .map(|(file, lines)| {
            let shown: Vec<String> = lines.iter().map(usize::to_string).collect();
            let message = format!(
                "is not formatted as rustfmt would (differs at line {}): run `rustfmt --edition 2024 {}`",
                shown.join(", "),
                file.display()
            );
            Finding::at(&file, lines[0], message)
        })
        .collect();
    match ran {
        // A file rustfmt cannot parse does not compile either: the solution check reports it.
        Ok(ended) if findings.is_empty() && !ended.success && !ended.stderr.trim().is_empty() => {
            findings.push(Finding::new("rustfmt", format!("rustfmt failed: {}", ended.stderr.trim())));
        }
        Ok(_) => {}
        Err(err) => findings.push(Finding::new("rustfmt", format!("{err:#}"))),
    }
    Ok(findings)
}

/// `cargo clippy` on every Rust solution in one invocation, warnings denied; one finding per
/// lint with the file and line it points at. `on_crate` is told of each checked crate.
///
/// The solutions are linted as test builds (`cargo::Mode::Clippy`): their functions are often
/// called by the tests alone, which a plain build would report as dead code, and the tests are
/// part of what learners read.
pub async fn clippy(course: &Course, exercises: &[&Exercise], mut on_crate: impl FnMut(&str)) -> Result<Vec<Finding>, Unavailable> {
    let bins: Vec<String> = with_rust_solution(course, exercises).map(Exercise::solution_bin).collect();
    if bins.is_empty() {
        return Ok(Vec::new());
    }
    ensure_available(course, "cargo", &["clippy", "--version"], "clippy").await?;
    let request = cargo::Request { manifest: course.package_manifest(), mode: Mode::Clippy, bins: bins.clone(), target_dir: None, color: false, offline: false, incremental: false, features: Vec::new() };
    let outcome = match cargo::build(&request, &course.root, |progress| on_crate(&progress.last)).await {
        Ok(outcome) => outcome,
        Err(err) => return Ok(vec![Finding::new("cargo clippy", format!("{err:#}"))]),
    };
    let findings: Vec<Finding> = outcome.located.iter().filter(|l| bins.contains(&l.target)).filter_map(|l| lint_finding(course, l)).collect();
    if !outcome.success && outcome.failed.is_empty() {
        // Cargo itself failed (a manifest or lock problem) before linting anything.
        return Ok(vec![Finding::new("cargo clippy", format!("cargo clippy failed: {}", outcome.stderr.trim()))]);
    }
    Ok(findings)
}

fn with_rust_solution<'a>(course: &Course, exercises: &[&'a Exercise]) -> impl Iterator<Item = &'a Exercise> {
    exercises.iter().copied().filter(|e| e.verifier.is_rust() && course.root.join(e.rel_solution_path()).is_file())
}

/// A rustfmt `--check` header: `Diff in /path/file.rs:LINE:`.
fn diff_location(line: &str) -> Option<(&str, usize)> {
    let location = line.strip_prefix("Diff in ")?.strip_suffix(':')?;
    let (file, number) = location.rsplit_once(':')?;
    Some((file, number.parse().ok()?))
}

fn relative(course: &Course, path: &Path) -> PathBuf {
    path.strip_prefix(&course.root).unwrap_or(path).to_owned()
}

/// A lint (clippy's, or rustc's denied) as a finding. Hard errors (E0308, or no code) are left
/// out: a solution that does not compile is already reported by its check.
fn lint_finding(course: &Course, located: &Located) -> Option<Finding> {
    let code = located.code.as_deref()?;
    if is_error_code(code) {
        return None;
    }
    // rustc names files relative to the directory it ran in (the workspace or the package).
    let tidied = cargo::tidy_paths(&located.file);
    let file = relative(course, Path::new(tidied.trim_start_matches("../")));
    Some(Finding::at(&file, located.line, format!("{code}: {}", located.message)))
}

fn is_error_code(code: &str) -> bool {
    code.len() == 5 && code.starts_with('E') && code[1..].chars().all(|c| c.is_ascii_digit())
}

/// How a streamed tool ended.
struct Ended {
    success: bool,
    stderr: String,
}

/// Runs `spec`, handing each line of its standard output to `on_line` as it comes (the output
/// of a whole course can be large, so it is never held in full).
async fn each_line(spec: &Spec, mut on_line: impl FnMut(&str)) -> anyhow::Result<Ended> {
    let mut running = process::spawn(spec).with_context(|| format!("cannot start {}", spec.program.display()))?;
    let stderr = tokio::spawn(process::capture(running.child.stderr.take()));
    let stdout = running.child.stdout.take().context("the tool's output is not piped")?;
    let mut lines = BufReader::new(stdout).lines();
    while let Some(line) = lines.next_line().await.context("cannot read the tool's output")? {
        on_line(&line);
    }
    let status = running.child.wait().await.context("the tool did not finish")?;
    running.group.kill_rest();
    Ok(Ended { success: status.success(), stderr: stderr.await.map(|c| c.text).unwrap_or_default() })
}

/// Whether `program args` runs (rustup's proxies exist even when the component is missing,
/// and then fail).
async fn ensure_available(course: &Course, program: &str, args: &[&str], component: &str) -> Result<(), Unavailable> {
    let mut spec = Spec::new(program, &course.root, Duration::from_secs(60));
    for arg in args {
        spec = spec.arg(arg);
    }
    match process::run(&spec).await {
        Ok(finished) if finished.success() => Ok(()),
        _ => Err(Unavailable(format!("{component} is not installed (`rustup component add {component}`): the solutions were not checked with it"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rustfmt_diff_headers_give_file_and_line() {
        assert_eq!(diff_location("Diff in /c/solutions/a:b/x.rs:36:"), Some(("/c/solutions/a:b/x.rs", 36)));
        assert_eq!(diff_location("-fn main(){"), None);
    }

    #[test]
    fn only_lints_are_reported_not_compile_errors() {
        assert!(is_error_code("E0308"));
        assert!(!is_error_code("clippy::let_and_return"));
        assert!(!is_error_code("dead_code"));
    }
}
