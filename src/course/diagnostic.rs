//! Course errors rendered like a compiler's: file, line, column, the line itself and a caret,
//! with a suggestion for a misspelt key.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// One problem found in a course file, located by byte span.
#[derive(Debug, Clone)]
pub struct Problem {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub source_line: String,
    pub width: usize,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    pub fn at(file: &Path, text: &str, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        let span = span.unwrap_or(0..0);
        let start = span.start.min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let source_line = text[line_start..line_end].trim_end_matches('\r').to_owned();
        let column = text[line_start..start].chars().count() + 1;
        let width = text[start..span.end.clamp(start, line_end)].chars().count().max(1);
        Self {
            file: file.to_owned(),
            line: text[..start].matches('\n').count() + 1,
            column,
            source_line,
            width,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Turns a TOML or schema error into a problem, suggesting the nearest valid key for an
    /// unknown one.
    pub fn from_toml(file: &Path, text: &str, err: &toml::de::Error) -> Self {
        let message = err.message().trim().to_owned();
        let help = suggest_for_unknown_field(&message).map(|s| format!("did you mean `{s}`?"));
        let problem = Self::at(file, text, err.span(), message);
        match help {
            Some(help) => problem.with_help(help),
            None => problem,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        writeln!(f, "{}", self.message)?;
        writeln!(f, "{pad}--> {}:{}:{}", self.file.display(), self.line, self.column)?;
        writeln!(f, "{pad} |")?;
        writeln!(f, "{number} | {}", self.source_line)?;
        write!(f, "{pad} | {}{}", " ".repeat(self.column - 1), "^".repeat(self.width))?;
        if let Some(help) = &self.help {
            write!(f, "\n{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// All the problems of one course, shown together.
#[derive(Debug, thiserror::Error)]
pub struct CourseError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for CourseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f, "\n")?;
            }
            write!(f, "{problem}")?;
        }
        if self.problems.len() > 1 {
            write!(f, "\n\n{} problems in the course", self.problems.len())?;
        }
        Ok(())
    }
}

/// serde reports "unknown field `hnt`, expected one of `name`, `stage`, ...": pick the
/// expected key nearest to the unknown one.
pub fn suggest_for_unknown_field(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (unknown, expected) = rest.split_once('`')?;
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|candidate| (strsim::jaro_winkler(unknown, candidate), candidate))
        .filter(|(score, _)| *score > 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_key() {
        let message = "unknown field `hnt`, expected one of `name`, `stage`, `hint`, `verifier`";
        assert_eq!(suggest_for_unknown_field(message).as_deref(), Some("hint"));
    }

    #[test]
    fn no_suggestion_for_something_unlike_any_key() {
        let message = "unknown field `zzzzqqq`, expected one of `name`, `stage`";
        assert_eq!(suggest_for_unknown_field(message), None);
    }

    #[test]
    fn renders_file_line_column_and_caret() {
        let text = "[course]\ntitle = \"x\"\nbogus = 1\n";
        let start = text.find("bogus").unwrap_or(0);
        let problem = Problem::at(Path::new("info.toml"), text, Some(start..start + 5), "unknown field `bogus`");
        let shown = problem.to_string();
        assert!(shown.contains("--> info.toml:3:1"), "{shown}");
        assert!(shown.contains("3 | bogus = 1"), "{shown}");
        assert!(shown.contains("  | ^^^^^"), "{shown}");
    }
}
