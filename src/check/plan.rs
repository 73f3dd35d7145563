//! Planning a check: which binaries it needs built (course targets, or sources assembled into
//! a scratch package) and what the judge needs to know afterwards.

use std::path::PathBuf;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use super::{Checker, Side};
use crate::assemble::{self, TestsAt};
use crate::cargo::Mode;
use crate::course::{Exercise, Verifier};
use crate::scratch::ScratchBin;
use crate::source;
use crate::verify::{Outcome, TestResult, Verdict, review};

/// A binary target to build.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Bin {
    pub manifest: PathBuf,
    pub mode: Mode,
    pub name: String,
}

/// How paths in a build's messages map back to the files the learner knows: each scratch
/// file's path as the compiler names it, and the file it stands for (relative to the course).
pub type Renames = Vec<(String, PathBuf)>;

/// What one check needs built, and how to judge it afterwards.
#[derive(Serialize, Deserialize)]
pub enum Plan {
    Tests { bin: Bin, renames: Renames, differs: bool, parsed: bool },
    Output { bin: Bin, renames: Renames, expected: String },
    Run { bin: Bin, renames: Renames },
    Sql { learner: String },
    Http { bin: Bin, renames: Renames, reference: Option<Bin> },
    Mutants { base: Bin, mutants: Vec<(String, Bin)>, renames: Renames },
    Done(Box<Verdict>),
}

impl Plan {
    /// How the paths in its build's messages map to the learner's files.
    pub fn renames(&self) -> Renames {
        match self {
            Self::Tests { renames, .. } | Self::Output { renames, .. } | Self::Run { renames, .. } | Self::Http { renames, .. } | Self::Mutants { renames, .. } => renames.clone(),
            Self::Sql { .. } | Self::Done(_) => Vec::new(),
        }
    }

    pub fn bins(&self) -> Vec<&Bin> {
        match self {
            Self::Tests { bin, .. } | Self::Output { bin, .. } | Self::Run { bin, .. } => vec![bin],
            Self::Http { bin, reference, .. } => std::iter::once(bin).chain(reference).collect(),
            Self::Mutants { base, mutants, .. } => std::iter::once(base).chain(mutants.iter().map(|(_, b)| b)).collect(),
            Self::Sql { .. } | Self::Done(_) => Vec::new(),
        }
    }
}

/// A plan, and what the checked file's text already says: whether it still has a `todo!()`
/// in its code part, and the exercise's review rules judged on it.
#[derive(Serialize, Deserialize)]
pub struct Planned {
    pub plan: Plan,
    pub todo_left: bool,
    pub review: Vec<TestResult>,
}

/// Plans the checks of one `check_many` call, collecting the sources they assemble.
pub struct Planner<'a> {
    pub checker: &'a Checker,
    pub manifest: PathBuf,
    pub bins: Vec<ScratchBin>,
}

impl Planner<'_> {
    pub fn plan(&mut self, exercise: &Exercise, side: &Side) -> Planned {
        match self.try_plan(exercise, side) {
            Ok(planned) => planned,
            Err(err) => Planned {
                plan: Plan::Done(Box::new(Verdict::new(&exercise.name, Outcome::Error(format!("{err:#}")), format!("cannot check `{}`: {err:#}", exercise.name)))),
                todo_left: false,
                review: Vec::new(),
            },
        }
    }

    fn try_plan(&mut self, exercise: &Exercise, side: &Side) -> anyhow::Result<Planned> {
        let course = &self.checker.course;
        let file = side.file(exercise);
        // Each side has its own targets: checking an exercise, its solution and its known
        // answers in one run must not overwrite each other's files.
        let key = side.key(exercise);
        let text = std::fs::read_to_string(course.root.join(&file)).with_context(|| format!("cannot read {}", file.display()))?;
        let code = source::split(&text).0;
        let todo_left = exercise.verifier.is_rust() && crate::verify::todo_left(code);
        let review = if exercise.review.is_empty() { Vec::new() } else { review::review(code, &exercise.review) };
        let whole_program = |this: &mut Self, mode: Mode| -> anyhow::Result<(Bin, Renames)> {
            if matches!(side, Side::Answer(_)) {
                let bin = ScratchBin::new(&key, &exercise.stage_dir, text.clone());
                let renames = vec![(bin.shown(&bin.files[0].0), file.clone())];
                this.bins.push(bin);
                Ok((this.scratch_bin(&key, mode), renames))
            } else {
                Ok((this.checker.course_bin(exercise, side, mode), Vec::new()))
            }
        };
        let plan = match &exercise.verifier {
            Verifier::Sql(_) => Plan::Sql { learner: text.clone() },
            Verifier::Output(settings) => {
                let (bin, renames) = whole_program(self, Mode::Build)?;
                Plan::Output { bin, renames, expected: settings.expected.clone() }
            }
            Verifier::Run => {
                let (bin, renames) = whole_program(self, Mode::Build)?;
                Plan::Run { bin, renames }
            }
            Verifier::Http(settings) => {
                let (bin, renames) = whole_program(self, Mode::Build)?;
                let reference = settings.compare_with_solution.then(|| self.checker.course_bin(exercise, &Side::Solution, Mode::Build));
                Plan::Http { bin, renames, reference }
            }
            Verifier::Tests if self.checker.graded_by_own_tests(exercise) => {
                // The learner's tests are their work: their file is checked as it is.
                let (bin, renames) = whole_program(self, Mode::Test)?;
                Plan::Tests { bin, renames, differs: false, parsed: true }
            }
            Verifier::Tests => {
                let original = self.checker.originals.text(exercise)?;
                let tests_file = format!("{key}__tests.rs");
                // Tests identical to the original are shown at the learner's lines; changed ones
                // are graded, and shown, from the original's copy.
                let (at, tests_shown) = match (source::tests_start(&text), source::split(&text).1 == source::split(&original).1) {
                    (Some(start), true) => (TestsAt::Line(line_of(&text, start)), file.clone()),
                    _ => (TestsAt::OwnLines, self.checker.originals.shown_path(course, exercise)),
                };
                let assembled = assemble::assemble(&text, &original, &original, &tests_file, at);
                let bin = ScratchBin::new(&key, &exercise.stage_dir, assembled.main).with_file(tests_file.clone(), assembled.tests);
                let renames = vec![(bin.shown(&bin.files[0].0), file.clone()), (bin.shown(&tests_file), tests_shown)];
                self.bins.push(bin);
                Plan::Tests { bin: self.scratch_bin(&key, Mode::Test), renames, differs: !source::same_tests(&text, &original), parsed: assembled.parsed }
            }
            Verifier::Mutants(list) => {
                let original = self.checker.originals.text(exercise)?;
                let learner = &text;
                let tests_file = format!("{key}__tests.rs");
                let base_name = format!("{key}__base");
                let base = assemble::assemble(&original, learner, &original, &tests_file, TestsAt::OwnLines);
                let base_bin = ScratchBin::new(&base_name, &exercise.stage_dir, base.main).with_file(tests_file.clone(), base.tests);
                let renames = vec![(base_bin.shown(&base_bin.files[0].0), exercise.rel_path()), (base_bin.shown(&tests_file), file.clone())];
                self.bins.push(base_bin);
                let mut mutants = Vec::new();
                for (i, (description, mutated)) in mutated_sources(&original, list, side)?.into_iter().enumerate() {
                    let name = format!("{key}__mutant{}", i + 1);
                    // Every mutant's root declares the same tests file, written with the base.
                    let main = assemble::assemble(&mutated, learner, &original, &tests_file, TestsAt::OwnLines).main;
                    self.bins.push(ScratchBin::new(&name, &exercise.stage_dir, main));
                    mutants.push((description, self.scratch_bin(&name, Mode::Test)));
                }
                Plan::Mutants { base: self.scratch_bin(&base_name, Mode::Test), mutants, renames }
            }
        };
        Ok(Planned { plan, todo_left, review })
    }

    fn scratch_bin(&self, name: &str, mode: Mode) -> Bin {
        Bin { manifest: self.manifest.clone(), mode, name: name.to_owned() }
    }
}

/// (description, source) of each mutant to check: the declared ones, or for `dev check`'s
/// candidates, those generated where no declared one changes the code.
fn mutated_sources(original: &str, declared: &[crate::course::Mutant], side: &Side) -> anyhow::Result<Vec<(String, String)>> {
    if *side != Side::Candidates {
        return declared
            .iter()
            .map(|m| source::mutate(original, &m.find, &m.replace).map(|s| (m.description.clone(), s)).map_err(|err| anyhow::anyhow!("mutant \"{}\": {err}", m.description)))
            .collect();
    }
    candidate_sources(original, declared)
}

/// Mutants generated where no declared one changes the code (`dev check`, in runner-full).
#[cfg(feature = "full")]
fn candidate_sources(original: &str, declared: &[crate::course::Mutant]) -> anyhow::Result<Vec<(String, String)>> {
    let (code, tests) = source::split(original);
    let covered: Vec<std::ops::Range<usize>> = declared.iter().filter_map(|m| code.find(&m.find).map(|at| at..at + m.find.len())).collect();
    Ok(crate::candidates::generate(code, &covered).into_iter().map(|c| (c.description.clone(), format!("{}{tests}", c.apply(code)))).collect())
}

#[cfg(not(feature = "full"))]
fn candidate_sources(_: &str, _: &[crate::course::Mutant]) -> anyhow::Result<Vec<(String, String)>> {
    anyhow::bail!("generated mutants are `dev check`'s, in runner-full")
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}
