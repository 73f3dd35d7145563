//! Styled text shared by every printer: ratatui `Line`s built by the reporters, read from the
//! compiler's ANSI output, written back as ANSI for the command line, and wrapped to a width at
//! spaces only (a path is never split unless it is wider than the whole line) with a hanging
//! indent.

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use textwrap::core::{Word, break_words};
use textwrap::wrap_algorithms::wrap_first_fit;

/// Extra indent of a wrapped line's continuation, past the line's own indent.
const HANG: usize = 2;

/// Text with ANSI colour codes (rustc's rendered diagnostics) as styled lines. Only SGR codes are
/// understood; any other escape sequence is dropped.
pub fn from_ansi(text: &str) -> Vec<Line<'static>> {
    let mut style = Style::default();
    text.lines()
        .map(|line| {
            let mut spans = Vec::new();
            let mut rest = line;
            while let Some(at) = rest.find('\x1b') {
                if at > 0 {
                    spans.push(Span::styled(rest[..at].to_owned(), style));
                }
                let sequence = &rest[at + 1..];
                let Some(body) = sequence.strip_prefix('[') else {
                    rest = sequence;
                    continue;
                };
                let end = body.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(body.len());
                if body[end..].starts_with('m') {
                    style = apply_sgr(style, &body[..end]);
                }
                rest = body.get(end + 1..).unwrap_or("");
            }
            if !rest.is_empty() {
                spans.push(Span::styled(rest.to_owned(), style));
            }
            Line::from(spans)
        })
        .collect()
}

fn apply_sgr(mut style: Style, params: &str) -> Style {
    let codes: Vec<u8> = params.split(';').map(|p| p.parse().unwrap_or(0)).collect();
    let mut i = 0;
    while i < codes.len() {
        match codes[i] {
            0 => style = Style::default(),
            1 => style = style.add_modifier(Modifier::BOLD),
            2 => style = style.add_modifier(Modifier::DIM),
            3 => style = style.add_modifier(Modifier::ITALIC),
            4 => style = style.add_modifier(Modifier::UNDERLINED),
            22 => style = style.remove_modifier(Modifier::BOLD | Modifier::DIM),
            23 => style = style.remove_modifier(Modifier::ITALIC),
            24 => style = style.remove_modifier(Modifier::UNDERLINED),
            code @ 30..=37 => style = style.fg(Color::Indexed(code - 30)),
            code @ 90..=97 => style = style.fg(Color::Indexed(code - 90 + 8)),
            39 => style.fg = None,
            38 if codes.get(i + 1) == Some(&5) => {
                style = style.fg(Color::Indexed(codes.get(i + 2).copied().unwrap_or(7)));
                i += 2;
            }
            _ => {}
        }
        i += 1;
    }
    style
}

/// Lines as text for a terminal (ANSI codes when `color`) or a file.
pub fn to_ansi(lines: &[Line<'_>], color: bool) -> String {
    let mut out = String::new();
    for line in lines {
        for span in &line.spans {
            let style = line.style.patch(span.style);
            let codes = if color { sgr(style) } else { String::new() };
            if codes.is_empty() {
                out.push_str(&span.content);
            } else {
                out.push_str(&format!("\x1b[{codes}m{}\x1b[0m", span.content));
            }
        }
        out.push('\n');
    }
    out
}

fn sgr(style: Style) -> String {
    let mut codes: Vec<String> = Vec::new();
    let modifiers = [(Modifier::BOLD, "1"), (Modifier::DIM, "2"), (Modifier::ITALIC, "3"), (Modifier::UNDERLINED, "4"), (Modifier::REVERSED, "7")];
    for (modifier, code) in modifiers {
        if style.add_modifier.contains(modifier) {
            codes.push(code.into());
        }
    }
    match style.fg {
        Some(Color::Indexed(n)) => codes.push(format!("38;5;{n}")),
        Some(color) => {
            let named = [Color::Black, Color::Red, Color::Green, Color::Yellow, Color::Blue, Color::Magenta, Color::Cyan, Color::Gray];
            if let Some(n) = named.iter().position(|c| *c == color) {
                codes.push(format!("{}", 30 + n));
            }
        }
        None => {}
    }
    codes.join(";")
}

/// The line without any colour (bold, dim, reversed and underline stay: they are not colours).
pub fn without_color(line: Line<'static>) -> Line<'static> {
    let strip = |style: Style| Style { fg: None, bg: None, ..style };
    let style = strip(line.style);
    Line::from(line.spans.into_iter().map(|s| Span::styled(s.content, strip(s.style))).collect::<Vec<_>>()).style(style)
}

/// The plain text of a line.
pub fn plain(line: &Line<'_>) -> String {
    line.spans.iter().map(|s| s.content.as_ref()).collect()
}

/// Wraps one line to `width` columns: breaks only at spaces, continuation lines indented by the
/// line's own indent plus two.
pub fn wrap(line: &Line<'static>, width: usize) -> Vec<Line<'static>> {
    wrap_hanging(line, width, HANG)
}

/// Prose (an intro, a hint, a message) as lines to wrap: the lines of each paragraph joined, so
/// that it flows to the width; indented lines (code) and list items stay lines of their own.
pub fn prose(text: &str, style: Style) -> Vec<Line<'static>> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        // List items may be indented (less than a code block's four spaces).
        let bullet = line.trim_start();
        let item = bullet.starts_with("- ") || bullet.starts_with("* ") || line.starts_with('#') || bullet.chars().next().is_some_and(|c| c.is_ascii_digit()) && bullet.contains(". ");
        let code = line.starts_with("    ");
        if line.trim().is_empty() || code || item || !open {
            out.push(line.to_owned());
            open = !line.trim().is_empty() && !code && !line.starts_with('#');
        } else if let Some(last) = out.last_mut() {
            last.push(' ');
            last.push_str(line.trim());
        }
    }
    out.into_iter().map(|l| Line::styled(l, style)).collect()
}

/// Wraps like [`wrap`], with continuation lines `hang` columns past the line's own indent.
pub fn wrap_hanging(line: &Line<'static>, width: usize, hang: usize) -> Vec<Line<'static>> {
    let text = plain(line);
    if textwrap::core::display_width(&text) <= width || width < 8 {
        return vec![line.clone()];
    }
    let indent = text.len() - text.trim_start_matches(' ').len();
    let hang = (indent + hang).min(width / 2);
    let body = &text[indent..];
    let words: Vec<Word<'_>> = textwrap::WordSeparator::AsciiSpace.find_words(body).collect();
    let words = break_words(words, width.saturating_sub(hang).max(1));
    let widths = [width.saturating_sub(indent).max(1) as f64, width.saturating_sub(hang).max(1) as f64];
    let base = body.as_ptr() as usize;
    let mut out = Vec::new();
    for (n, row) in wrap_first_fit(&words, &widths).into_iter().enumerate() {
        let (Some(first), Some(last)) = (row.first(), row.last()) else { continue };
        let start = indent + (first.word.as_ptr() as usize - base);
        let end = indent + (last.word.as_ptr() as usize - base) + last.word.len();
        let lead = if n == 0 { indent } else { hang };
        let mut spans = vec![Span::raw(" ".repeat(lead))];
        spans.extend(slice(line, start, end));
        out.push(Line::from(spans).style(line.style));
    }
    if out.is_empty() { vec![line.clone()] } else { out }
}

/// The spans of `line` that cover the bytes `start..end` of its plain text.
fn slice(line: &Line<'static>, start: usize, end: usize) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut at = 0;
    for span in &line.spans {
        let (from, to) = (at, at + span.content.len());
        at = to;
        let (a, b) = (start.max(from), end.min(to));
        if a < b {
            spans.push(Span::styled(span.content[a - from..b - from].to_owned(), span.style));
        }
    }
    spans
}

/// Wraps prose lines: paragraphs flush left, list items hanging under their text.
pub fn wrap_prose(lines: &[Line<'static>], width: usize) -> Vec<Line<'static>> {
    lines
        .iter()
        .flat_map(|l| {
            let text = plain(l);
            let hang = if text.trim_start().starts_with("- ") || text.trim_start().starts_with("* ") { 2 } else { 0 };
            wrap_hanging(l, width, hang)
        })
        .collect()
}

/// Wraps every line.
pub fn wrap_all(lines: &[Line<'static>], width: usize) -> Vec<Line<'static>> {
    lines.iter().flat_map(|l| wrap(l, width)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line<'_>]) -> Vec<String> {
        lines.iter().map(plain).collect()
    }

    #[test]
    fn ansi_codes_become_styles_and_back() {
        let lines = from_ansi("\x1b[0m\x1b[1m\x1b[38;5;9merror[E0308]\x1b[0m\x1b[1m: mismatched types\x1b[0m\nplain");
        assert_eq!(texts(&lines), vec!["error[E0308]: mismatched types", "plain"]);
        assert_eq!(lines[0].spans[0].style, Style::default().add_modifier(Modifier::BOLD).fg(Color::Indexed(9)));
        assert_eq!(to_ansi(&lines, false), "error[E0308]: mismatched types\nplain\n");
        assert!(to_ansi(&lines, true).starts_with("\x1b[1;38;5;9merror[E0308]\x1b[0m"));
    }

    #[test]
    fn wrapping_keeps_paths_whole_and_hangs() {
        let line = Line::from(vec![Span::raw("    thread 'tests::a' panicked at "), Span::styled("exercises/00_welcome/status_line.rs:13:5:", Style::default().bold())]);
        let wrapped = wrap(&line, 50);
        assert_eq!(texts(&wrapped), vec!["    thread 'tests::a' panicked at", "      exercises/00_welcome/status_line.rs:13:5:"]);
        assert_eq!(wrapped[1].spans[1].style, Style::default().bold(), "styles follow the text");
    }

    #[test]
    fn a_word_wider_than_the_line_is_the_only_thing_broken() {
        let line = Line::raw(format!("see {}", "x".repeat(30)));
        let wrapped = wrap(&line, 20);
        assert!(wrapped.iter().all(|l| l.width() <= 20), "{:?}", texts(&wrapped));
        assert_eq!(texts(&wrapped)[0], "see");
    }

    #[test]
    fn prose_flows_and_code_stays() {
        let lines = prose("Make it print\nexactly this:\n\n    Hello\n- one\n- two\n  more", Style::default());
        assert_eq!(texts(&lines), vec!["Make it print exactly this:", "", "    Hello", "- one", "- two more"]);
    }

    #[test]
    fn indented_list_items_stay_apart() {
        let lines = prose("Return three columns.\n  * books are 1;\n  * toys are 5,\n    in cents.\n  2. then sort", Style::default());
        assert_eq!(texts(&lines), vec!["Return three columns.", "  * books are 1;", "  * toys are 5,", "    in cents.", "  2. then sort"]);
    }

    #[test]
    fn short_lines_are_untouched() {
        assert_eq!(texts(&wrap(&Line::raw("  short"), 80)), vec!["  short"]);
    }
}
