//! One message style for every verifier's text (test messages, server and program output):
//! no thread ids, the learner's own paths, and no backtrace unless the learner asked for one.
//! The log in `.runner/logs/` keeps the text as the program printed it.

/// Tidies `text` for the learner; `root` is the course directory (absolute paths under it are
/// shown relative), `backtrace` whether the learner asked to see backtraces.
pub fn tidy(text: &str, root: &str, backtrace: bool) -> String {
    let mut out = Vec::new();
    let mut in_backtrace = false;
    for line in text.lines() {
        if line.starts_with("note: run with `RUST_BACKTRACE=1`") || line.starts_with("note: Some details are omitted") {
            continue;
        }
        if line.trim_start() == "stack backtrace:" {
            in_backtrace = !backtrace;
            if in_backtrace {
                continue;
            }
        } else if in_backtrace {
            // Frames are indented (`  0: name`, `      at path:line:col`); the first other line ends them.
            if line.starts_with(' ') {
                continue;
            }
            in_backtrace = false;
        }
        out.push(paths(&without_thread_id(line), root));
    }
    out.join("\n")
}

/// `thread 'x' (4242) panicked at`: the id is noise to a learner.
pub fn without_thread_id(line: &str) -> String {
    let Some(at) = line.find("thread '") else { return line.to_owned() };
    let rest = &line[at + "thread '".len()..];
    let Some((name, after)) = rest.split_once("' (") else { return line.to_owned() };
    match after.split_once(')') {
        Some((id, tail)) if !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()) => format!("{}thread '{name}'{tail}", &line[..at]),
        _ => line.to_owned(),
    }
}

/// Exercise files are targets of the `course` package, so the compiler names them
/// `course/../exercises/...`; learners know them as `exercises/...`.
fn paths(line: &str, root: &str) -> String {
    let mut line = line.replace(&format!("{}/../", crate::course::PACKAGE_DIR), "");
    if !root.is_empty() {
        line = line.replace(&format!("{}/", root.trim_end_matches('/')), "");
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    const PANIC: &str = "thread 'tokio-runtime-worker' (4242) panicked at course/../exercises/03_rest/health.rs:12:5:\n\
        not yet implemented\nstack backtrace:\n   0: __rustc::rust_begin_unwind\n             at /rustc/x/library/std/src/panicking.rs:697:5\n   \
        1: tokio::runtime::task::harness::poll_future\nnote: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.\nserver stopped";

    #[test]
    fn thread_ids_paths_and_backtraces_go() {
        assert_eq!(tidy(PANIC, "/c", false), "thread 'tokio-runtime-worker' panicked at exercises/03_rest/health.rs:12:5:\nnot yet implemented\nserver stopped");
    }

    #[test]
    fn a_backtrace_stays_when_asked() {
        let shown = tidy(PANIC, "/c", true);
        assert!(shown.contains("stack backtrace:\n   0: __rustc::rust_begin_unwind"), "{shown}");
    }

    #[test]
    fn absolute_paths_under_the_course_are_relative() {
        assert_eq!(tidy("at /home/me/course-dir/exercises/a.rs:1:1", "/home/me/course-dir", false), "at exercises/a.rs:1:1");
    }
}
