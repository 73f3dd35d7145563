//! Scratch packages: sources the runner assembles itself (a learner's code with the original
//! tests, mutants of an implementation) built as binaries of a throw-away Cargo package under
//! the target directory. It has the course package's dependencies, profile and lock file and
//! shares its target directory, so nothing but the assembled files is compiled again.

use std::path::{Path, PathBuf};

use anyhow::Context;
use toml_edit::{DocumentMut, Item, Table};

use crate::course::Course;
use crate::progress::write_atomically;

pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    /// The scratch package of one exercise (one per exercise, so checks of different exercises
    /// never write each other's files).
    pub fn for_exercise(course: &Course, exercise: &str) -> Self {
        Self { dir: course.target_dir().join("runner").join("scratch").join(exercise) }
    }

    pub fn manifest(&self) -> PathBuf {
        self.dir.join("Cargo.toml")
    }

    pub fn source_path(&self, bin: &str) -> PathBuf {
        self.dir.join("src").join(format!("{bin}.rs"))
    }

    /// Writes the package with `bins` (name, source); files next to the exercise (fixtures,
    /// word lists) are linked beside the sources so `include_str!` keeps working.
    pub fn write(&self, course: &Course, stage_dir: &Path, bins: &[(String, String)]) -> anyhow::Result<PathBuf> {
        let src = self.dir.join("src");
        std::fs::create_dir_all(&src).with_context(|| format!("cannot create {}", src.display()))?;
        for (name, source) in bins {
            write_if_changed(&self.source_path(name), source.as_bytes())?;
        }
        link_companions(stage_dir, &src)?;
        let names: Vec<&str> = bins.iter().map(|(name, _)| name.as_str()).collect();
        let manifest = manifest_text(&std::fs::read_to_string(course.package_manifest())?, &read_root_manifest(course), &names)?;
        write_if_changed(&self.manifest(), manifest.as_bytes())?;
        let lock = std::fs::read(course.root.join("Cargo.lock")).unwrap_or_default();
        if !lock.is_empty() {
            write_if_changed(&self.dir.join("Cargo.lock"), &lock)?;
        }
        Ok(self.manifest())
    }
}

fn read_root_manifest(course: &Course) -> String {
    std::fs::read_to_string(course.root.join("Cargo.toml")).unwrap_or_default()
}

/// The course package's manifest made into a stand-alone workspace with the given bins and the
/// root manifest's profiles.
pub fn manifest_text(package: &str, root: &str, bins: &[&str]) -> anyhow::Result<String> {
    let mut doc: DocumentMut = package.parse().context("course/Cargo.toml is not valid TOML")?;
    doc.remove("bin");
    doc.insert("workspace", Item::Table(Table::new()));
    if let Ok(root) = root.parse::<DocumentMut>()
        && let Some(profile) = root.get("profile") {
            doc.insert("profile", profile.clone());
        }
    let mut text = doc.to_string();
    for bin in bins {
        text.push_str(&format!("\n[[bin]]\nname = \"{bin}\"\npath = \"src/{bin}.rs\"\n"));
    }
    Ok(text)
}

/// Rewriting an unchanged file would make cargo rebuild it.
fn write_if_changed(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    write_atomically(path, bytes)
}

fn link_companions(stage_dir: &Path, src: &Path) -> anyhow::Result<()> {
    let Ok(entries) = std::fs::read_dir(stage_dir) else { return Ok(()) };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "rs") || !path.is_file() {
            continue;
        }
        let link = src.join(entry.file_name());
        // `exists` follows the link: a dangling one (its target moved) must be replaced.
        if link.symlink_metadata().is_ok() {
            if link.exists() {
                continue;
            }
            std::fs::remove_file(&link).with_context(|| format!("cannot replace {}", link.display()))?;
        }
        std::os::unix::fs::symlink(&path, &link).or_else(|_| std::fs::copy(&path, &link).map(|_| ()))
            .with_context(|| format!("cannot link {} into the scratch package", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_manifest_is_its_own_workspace_with_the_root_profile() {
        let package = "[package]\nname = \"course\"\n\n[dependencies]\ntokio = \"1\"\n\n[[bin]]\nname = \"a\"\npath = \"../exercises/a.rs\"\n";
        let root = "[package]\nname = \"runner\"\n\n[profile.dev]\ndebug = 0\n";
        let text = manifest_text(package, root, &["a__graded"]).unwrap_or_default();
        assert!(text.contains("[workspace]"), "{text}");
        assert!(text.contains("tokio = \"1\""), "{text}");
        assert!(text.contains("[profile.dev]\ndebug = 0"), "{text}");
        assert!(text.contains("name = \"a__graded\"\npath = \"src/a__graded.rs\""), "{text}");
        assert!(!text.contains("../exercises/a.rs"), "{text}");
    }
}
