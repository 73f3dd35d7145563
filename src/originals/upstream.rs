//! Refreshing the snapshot of an exercise that changed upstream. The rule: when the course is a
//! git checkout with an upstream branch (what `git pull` merges), the runner records, with each
//! snapshot, the blob of the exercise in that branch (`@{upstream}`). When that blob changes (a
//! `git pull` brought a new version), the snapshot becomes the new upstream text: the learner's
//! file is not touched, and they are graded with the new original tests from then on. Commits
//! the learner makes on their own branch do not change `@{upstream}`, so they never become
//! "originals". Without git or an upstream branch the snapshot never changes.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::course::Course;

/// The blob of each exercise (path relative to the course) in `@{upstream}` when snapshotted.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    #[serde(default)]
    upstream: BTreeMap<String, String>,
}

fn manifest_path(course: &Course) -> std::path::PathBuf {
    course.state_dir().join("originals").join("upstream.toml")
}

/// Brings the snapshots up to date with upstream; returns the names of the exercises whose
/// snapshot changed (to tell the learner, once).
pub fn refresh(course: &Course) -> anyhow::Result<Vec<String>> {
    let Some(blobs) = upstream_blobs(&course.root) else { return Ok(Vec::new()) };
    let path = manifest_path(course);
    let mut manifest: Manifest = std::fs::read_to_string(&path).ok().and_then(|text| toml::from_str(&text).ok()).unwrap_or_default();
    let snapshots = course.state_dir().join("originals");
    let mut changed = Vec::new();
    let mut dirty = false;
    for exercise in &course.exercises {
        let rel = exercise.rel_path().to_string_lossy().replace('\\', "/");
        let Some(blob) = blobs.get(&rel) else { continue };
        match manifest.upstream.get(&rel) {
            Some(recorded) if recorded == blob => continue,
            // Snapshotted before we knew upstream: this is the baseline, nothing changed.
            None => {}
            Some(_) => {
                let text = git(&course.root, &["cat-file", "blob", blob]).context("cannot read the new version from git")?;
                crate::progress::write_atomically(&snapshots.join(exercise.rel_path()), &text)?;
                changed.push(exercise.name.clone());
            }
        }
        manifest.upstream.insert(rel, blob.clone());
        dirty = true;
    }
    if dirty {
        crate::progress::write_atomically(&path, toml::to_string(&manifest).context("cannot serialise the upstream manifest")?.as_bytes())?;
    }
    Ok(changed)
}

/// Blob ids of the files under `exercises/` in the upstream branch, by path relative to `root`;
/// `None` when there is no git, no repository or no upstream branch.
fn upstream_blobs(root: &Path) -> Option<BTreeMap<String, String>> {
    let listing = git(root, &["ls-tree", "-r", "@{upstream}", "--", "exercises"])?;
    Some(parse_ls_tree(&String::from_utf8_lossy(&listing)))
}

fn parse_ls_tree(listing: &str) -> BTreeMap<String, String> {
    listing
        .lines()
        .filter_map(|line| {
            let (meta, path) = line.split_once('\t')?;
            let fields: Vec<&str> = meta.split_whitespace().collect();
            (fields.get(1) == Some(&"blob")).then(|| (path.to_owned(), fields.get(2).copied().unwrap_or_default().to_owned()))
        })
        .collect()
}

fn git(root: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let output = Command::new("git").args(args).current_dir(root).stdin(Stdio::null()).stderr(Stdio::null()).output().ok()?;
    output.status.success().then_some(output.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ls_tree_lines_give_path_and_blob() {
        let listing = "100644 blob 3b18e512dba79e4c8300dd08aeb37f8e728b8dad\texercises/00_intro/a.rs\n040000 tree aaaa\texercises/x\n";
        let blobs = parse_ls_tree(listing);
        assert_eq!(blobs.get("exercises/00_intro/a.rs").map(String::as_str), Some("3b18e512dba79e4c8300dd08aeb37f8e728b8dad"));
        assert_eq!(blobs.len(), 1);
    }
}
