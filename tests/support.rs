//! Fixture courses made in temporary directories, and the real `runner` binary run on them.
//! Fixture exercises use only the standard library, so they compile in a moment.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

/// Longest any single runner invocation in these tests may take.
pub const OUTER_TIMEOUT: Duration = Duration::from_secs(180);

pub const PASSING_TESTS: &str = "pub fn answer() -> u32 {\n    // TODO: return the answer\n    42\n}\n\nfn main() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn answer_is_42() {\n        assert_eq!(super::answer(), 42, \"the answer is 42\");\n    }\n}\n";

pub const FAILING_TESTS: &str = "pub fn answer() -> u32 {\n    // TODO: return the answer\n    todo!()\n}\n\nfn main() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn answer_is_42() {\n        assert_eq!(super::answer(), 42, \"the answer is 42\");\n    }\n}\n";

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A course with one stage `00_intro` and the given `[[exercises]]` text; `files` are
    /// (path, content) pairs relative to the course root.
    pub fn new(exercises: &str, files: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let fixture = Self { dir };
        fixture.write("Cargo.toml", "[workspace]\nmembers = [\"course\"]\nresolver = \"3\"\n\n[profile.dev]\ndebug = 0\n");
        fixture.write(
            "course/Cargo.toml",
            "[package]\nname = \"course\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\nautobins = false\n\n[dependencies]\n",
        );
        fixture.write("info.toml", &format!("[course]\ntitle = \"Fixture\"\ntimeout_secs = 20\n\n[[stages]]\ndir = \"00_intro\"\ntitle = \"Intro\"\n{exercises}"));
        fixture.write("exercises/00_intro/README.md", "# Intro\n");
        for (path, content) in files {
            fixture.write(path, content);
        }
        fixture
    }

    /// One `tests` exercise named `answer`, solved or not.
    pub fn answer(exercise: &str) -> Self {
        Self::new(
            "\n[[exercises]]\nname = \"answer\"\nstage = \"00_intro\"\nhint = \"\"\"\nA nudge.\n\nThe near-answer.\"\"\"\n",
            &[("exercises/00_intro/answer.rs", exercise), ("solutions/00_intro/answer.rs", PASSING_TESTS)],
        )
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, content: &str) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dirs");
        }
        std::fs::write(path, content).expect("write fixture file");
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_default()
    }

    pub fn runner(&self) -> Command {
        let mut command = Command::cargo_bin("runner").expect("runner binary");
        command.current_dir(self.dir.path()).env("NO_COLOR", "1").env_remove("CARGO_TARGET_DIR").timeout(OUTER_TIMEOUT);
        command
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }
}

/// Output of a finished command as text (stdout then stderr).
pub fn text(output: &std::process::Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// Whether a live process has `marker` in its command line.
pub fn process_with(marker: &str) -> bool {
    let Ok(entries) = std::fs::read_dir("/proc") else { return false };
    entries.flatten().any(|entry| {
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        let zombie = stat.rsplit_once(')').is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'));
        !zombie && String::from_utf8_lossy(&cmdline).replace('\0', " ").contains(marker)
    })
}

impl Fixture {
    /// A course made of exactly these (path, content) files, in any layout (a rustlings course).
    pub fn from_files(files: &[(&str, &str)]) -> Self {
        let fixture = Self { dir: tempfile::tempdir().expect("temp dir") };
        for (path, content) in files {
            fixture.write(path, content);
        }
        fixture
    }
}
