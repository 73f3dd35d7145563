//! Scratch packages: sources the runner assembles itself (a learner's code with the original
//! tests, mutants of an implementation, an instructor's known answers) built as binaries of a
//! throw-away Cargo package under the target directory. It has the course package's
//! dependencies, profile and lock file and shares its target directory, so nothing but the
//! assembled files is compiled again. Many exercises' sources go into one package, so one cargo
//! call builds them all.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use toml_edit::{DocumentMut, Item, Table};

use crate::course::Course;

/// One binary of a scratch package: its files, the first being the crate root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScratchBin {
    pub name: String,
    /// The exercise's stage directory: the files go to `src/<stage_dir>/`, beside links to the
    /// stage's other files (fixtures, word lists) so `include_str!` keeps working.
    pub stage_dir: String,
    /// (file name, text); the first is the crate root `<name>.rs`.
    pub files: Vec<(String, String)>,
}

impl ScratchBin {
    pub fn new(name: &str, stage_dir: &str, root: String) -> Self {
        Self { name: name.to_owned(), stage_dir: stage_dir.to_owned(), files: vec![(format!("{name}.rs"), root)] }
    }

    pub fn with_file(mut self, name: String, text: String) -> Self {
        self.files.push((name, text));
        self
    }

    /// Path of one of its files as the compiler names it (relative to the package).
    pub fn shown(&self, file: &str) -> String {
        relative_source(&self.stage_dir, file)
    }
}

fn relative_source(stage_dir: &str, file: &str) -> String {
    if stage_dir.is_empty() { format!("src/{file}") } else { format!("src/{stage_dir}/{file}") }
}

pub struct Scratch {
    pub dir: PathBuf,
}

/// Held while a scratch package is written, built and its programs run: another check (in
/// this runner or another one) that uses the same package waits.
pub struct ScratchLock {
    _file: File,
}

impl Scratch {
    /// The scratch package called `name` (an exercise's own, or a shared one for many checks).
    /// It lives in the runner's state directory, not under the target directory: cargo does
    /// not look at the times of sources inside its target directory, so it would never see an
    /// assembled file change there.
    pub fn named(course: &Course, name: &str) -> Self {
        Self { dir: course.state_dir().join("scratch").join(name) }
    }

    pub fn manifest(&self) -> PathBuf {
        self.dir.join("Cargo.toml")
    }

    pub async fn lock(&self) -> anyhow::Result<ScratchLock> {
        std::fs::create_dir_all(&self.dir).with_context(|| format!("cannot create {}", self.dir.display()))?;
        let path = self.dir.join(".lock");
        let file = OpenOptions::new().create(true).truncate(false).write(true).open(&path).with_context(|| format!("cannot open {}", path.display()))?;
        let file = tokio::task::spawn_blocking(move || file.lock().map(|()| file))
            .await
            .context("the lock task failed")?
            .with_context(|| format!("cannot lock {}", path.display()))?;
        Ok(ScratchLock { _file: file })
    }

    /// Writes the package with `bins`; returns its manifest.
    pub fn write(&self, course: &Course, bins: &[ScratchBin]) -> anyhow::Result<PathBuf> {
        let mut stages: Vec<&str> = bins.iter().map(|b| b.stage_dir.as_str()).collect();
        stages.sort_unstable();
        stages.dedup();
        for stage in stages {
            let src = self.dir.join(relative_source(stage, ""));
            std::fs::create_dir_all(&src).with_context(|| format!("cannot create {}", src.display()))?;
            link_companions(&course.root.join("exercises").join(stage), &src)?;
        }
        for bin in bins {
            for (file, text) in &bin.files {
                write_if_changed(&self.dir.join(bin.shown(file)), text.as_bytes())?;
            }
        }
        let targets: Vec<(String, String)> = bins.iter().map(|b| (b.name.clone(), b.shown(&b.files[0].0))).collect();
        let package = std::fs::read_to_string(course.package_manifest()).with_context(|| format!("cannot read {}", course.package_manifest().display()))?;
        let package_dir = course.package_manifest().parent().map(Path::to_path_buf).unwrap_or_else(|| course.root.clone());
        let name = self.dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let manifest = manifest_text(&name, &package, &read_root_manifest(course), &targets, &package_dir)?;
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

/// The course package's manifest made into a stand-alone workspace named `name` with the given
/// bins (name, path) and the root manifest's profiles. `package_dir` is the course package's
/// directory: relative `path` dependencies (a shared test kit) are made absolute from it.
///
/// Each scratch package has a name of its own: cargo derives the file names of what it builds
/// from the package's name and its path relative to its workspace root, which is the same for
/// every scratch package, so two of one name would overwrite each other's binaries in the
/// shared target directory.
pub fn manifest_text(name: &str, package: &str, root: &str, bins: &[(String, String)], package_dir: &Path) -> anyhow::Result<String> {
    let mut doc: DocumentMut = package.parse().context("course/Cargo.toml is not valid TOML")?;
    doc.remove("bin");
    if let Some(table) = doc.get_mut("package").and_then(Item::as_table_like_mut) {
        table.insert("name", toml_edit::value(format!("scratch-{}", name.replace('_', "-"))));
    }
    for table in ["dependencies", "dev-dependencies", "build-dependencies"] {
        if let Some(deps) = doc.get_mut(table).and_then(Item::as_table_like_mut) {
            for (_, dep) in deps.iter_mut() {
                if let Some(path) = dep.get_mut("path")
                    && let Some(relative) = path.as_str().filter(|p| Path::new(p).is_relative())
                {
                    *path = toml_edit::value(package_dir.join(relative).to_string_lossy().into_owned());
                }
            }
        }
    }
    doc.insert("workspace", Item::Table(Table::new()));
    if let Ok(root) = root.parse::<DocumentMut>()
        && let Some(profile) = root.get("profile")
    {
        doc.insert("profile", profile.clone());
    }
    let mut text = doc.to_string();
    for (name, path) in bins {
        text.push_str(&format!("\n[[bin]]\nname = \"{name}\"\npath = \"{path}\"\n"));
    }
    Ok(text)
}

/// Rewriting an unchanged file would make cargo rebuild it. A scratch file is rebuilt from its
/// sources whenever it is needed, so it is replaced whole but not synced to disk.
fn write_if_changed(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = File::create(&temp).and_then(|mut file| file.write_all(bytes)).and_then(|()| std::fs::rename(&temp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result.with_context(|| format!("cannot write {}", path.display()))
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
        std::os::unix::fs::symlink(&path, &link)
            .or_else(|_| std::fs::copy(&path, &link).map(|_| ()))
            .with_context(|| format!("cannot link {} into the scratch package", path.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_manifest_is_its_own_workspace_with_the_root_profile() {
        let package = "[package]\nname = \"course\"\n\n[dependencies]\ntokio = \"1\"\n\n[dev-dependencies]\ntestkit = { path = \"testkit\" }\n\n[[bin]]\nname = \"a\"\npath = \"../exercises/a.rs\"\n";
        let root = "[package]\nname = \"runner\"\n\n[profile.dev]\ndebug = 0\n";
        let bins = [("a__graded".to_owned(), "src/01_http/a__graded.rs".to_owned())];
        let text = manifest_text("get_json", package, root, &bins, Path::new("/course/course")).unwrap_or_default();
        assert!(text.contains("name = \"scratch-get-json\""), "a name of its own: {text}");
        assert!(text.contains("testkit = { path = \"/course/course/testkit\" }"), "{text}");
        assert!(text.contains("[workspace]"), "{text}");
        assert!(text.contains("tokio = \"1\""), "{text}");
        assert!(text.contains("[profile.dev]\ndebug = 0"), "{text}");
        assert!(text.contains("name = \"a__graded\"\npath = \"src/01_http/a__graded.rs\""), "{text}");
        assert!(!text.contains("../exercises/a.rs"), "{text}");
    }

    #[test]
    fn files_of_a_bin_live_in_its_stage_directory() {
        let bin = ScratchBin::new("a", "01_http", "fn main() {}".into()).with_file("a__tests.rs".into(), String::new());
        assert_eq!(bin.shown(&bin.files[0].0), "src/01_http/a.rs");
        assert_eq!(bin.shown("a__tests.rs"), "src/01_http/a__tests.rs");
        assert_eq!(ScratchBin::new("b", "", String::new()).shown("b.rs"), "src/b.rs");
    }
}
