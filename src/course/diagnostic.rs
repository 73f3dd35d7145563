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
    /// The line, or the part of a very long line around the column.
    pub source_line: String,
    /// Where the caret goes in `source_line` (1-based, in characters).
    pub caret: usize,
    pub width: usize,
    pub message: String,
    pub help: Option<String>,
}

/// Longest source line shown in full; a longer one is shown around the column.
const SHOWN_LINE: usize = 120;
/// Dotted-key segments beyond which a key is reported as nested too deep.
const DEEP_KEY: usize = 64;

impl Problem {
    pub fn at(file: &Path, text: &str, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        let span = span.unwrap_or(0..0);
        // A span may point inside a character (or past the end): move it back to a boundary.
        let start = floor_boundary(text, span.start);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let end = floor_boundary(text, span.end.clamp(start, line_end));
        let full_line = text[line_start..line_end].trim_end_matches('\r');
        let column = text[line_start..start].chars().count() + 1;
        let width = text[start..end].chars().count().max(1);
        let (source_line, caret) = window(full_line, column);
        Self {
            file: file.to_owned(),
            line: text[..start].matches('\n').count() + 1,
            column,
            source_line,
            caret,
            width: width.min(SHOWN_LINE),
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
        // The parser reports a key nested past its recursion limit at the start of the file.
        if message.contains("recursion limit") && err.span().is_none_or(|s| s.start == 0)
            && let Some((offset, depth)) = deepest_key(text)
        {
            return Self::at(file, text, Some(offset..offset), format!("this key is nested {depth} levels deep, too deep to read"))
                .with_help("a course file needs a few levels of tables at most: `[[exercises]]`, `[exercises.sql]`");
        }
        let help = suggest_for_unknown_field(&message).map(|s| format!("did you mean `{s}`?"));
        let problem = Self::at(file, text, err.span(), message);
        match help {
            Some(help) => problem.with_help(help),
            None => problem,
        }
    }

    /// A file that is not UTF-8: the line and byte offset of the first invalid byte.
    pub fn encoding(file: &Path, bytes: &[u8], err: &std::str::Utf8Error) -> Self {
        let at = err.valid_up_to();
        let text = String::from_utf8_lossy(&bytes[..at]).into_owned();
        let line_end = bytes[at..].iter().position(|b| *b == b'\n').map_or(bytes.len(), |i| at + i);
        let shown = format!("{text}{}", String::from_utf8_lossy(&bytes[at..line_end]));
        let byte = bytes.get(at).copied().unwrap_or(0);
        Self::at(file, &shown, Some(at..at + 1), format!("the file is not valid UTF-8: byte 0x{byte:02x} at offset {at} starts no character"))
            .with_help("save the file as UTF-8")
    }
}

fn floor_boundary(text: &str, index: usize) -> usize {
    let mut index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// The part of `line` shown around `column`, and the caret's place in it.
fn window(line: &str, column: usize) -> (String, usize) {
    let count = line.chars().count();
    if count <= SHOWN_LINE {
        return (line.to_owned(), column);
    }
    let first = column.saturating_sub(SHOWN_LINE / 2).min(count.saturating_sub(SHOWN_LINE));
    let part: String = line.chars().skip(first).take(SHOWN_LINE).collect();
    let lead = if first > 0 { "…" } else { "" };
    let tail = if first + SHOWN_LINE < count { "…" } else { "" };
    (format!("{lead}{part}{tail}"), column - first + lead.chars().count())
}

/// The offset and depth of the most deeply dotted key, if one is deeper than `DEEP_KEY`.
fn deepest_key(text: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    let mut deepest: Option<(usize, usize)> = None;
    for line in text.split_inclusive('\n') {
        // Dots outside quotes, before the `=` of a key or inside a `[header]`.
        let key = line.trim_start().split('=').next().unwrap_or_default();
        let depth = key.split('"').step_by(2).map(|part| part.matches('.').count()).sum::<usize>() + 1;
        if depth > DEEP_KEY && deepest.is_none_or(|(_, d)| depth > d) {
            deepest = Some((offset + (line.len() - line.trim_start().len()), depth));
        }
        offset += line.len();
    }
    deepest
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let number = self.line.to_string();
        let pad = " ".repeat(number.len());
        writeln!(f, "{}", self.message)?;
        writeln!(f, "{pad}--> {}:{}:{}", self.file.display(), self.line, self.column)?;
        writeln!(f, "{pad} |")?;
        writeln!(f, "{number} | {}", self.source_line)?;
        write!(f, "{pad} | {}{}", " ".repeat(self.caret.saturating_sub(1)), "^".repeat(self.width))?;
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
    fn spans_inside_a_character_or_past_the_end_do_not_panic() {
        let text = "title = \"héllo\"\n";
        let inside = text.find('é').unwrap_or(0) + 1;
        assert_eq!(Problem::at(Path::new("info.toml"), text, Some(inside..inside + 1), "x").line, 1);
        assert_eq!(Problem::at(Path::new("info.toml"), text, Some(500..900), "x").line, 2);
    }

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let text = format!("x = \"{}\"\n", "a".repeat(50_000));
        let problem = Problem::at(Path::new("info.toml"), &text, Some(30_000..30_001), "x");
        assert_eq!(problem.column, 30_001);
        assert!(problem.source_line.chars().count() <= SHOWN_LINE + 2, "{}", problem.source_line.len());
        assert!(problem.to_string().lines().all(|l| l.chars().count() < 200));
    }

    #[test]
    fn a_key_too_deep_is_found_where_it_is() {
        let text = format!("[course]\ntitle = \"T\"\n[{}]\n", vec!["a"; 20_000].join("."));
        let err = toml::from_str::<toml::Table>(&text).expect_err("too deep");
        let problem = Problem::from_toml(Path::new("info.toml"), &text, &err);
        assert_eq!(problem.line, 3, "{problem}");
        assert!(problem.message.contains("20000 levels deep"), "{problem}");
    }

    #[test]
    fn invalid_utf8_names_line_and_byte() {
        let bytes = b"[course]\ntitle = \"caf\xe9\"\n".to_vec();
        let err = std::str::from_utf8(&bytes).expect_err("not UTF-8");
        let problem = Problem::encoding(Path::new("info.toml"), &bytes, &err);
        assert_eq!((problem.line, problem.column), (2, 13));
        assert!(problem.message.contains("byte 0xe9 at offset 21"), "{problem}");
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
