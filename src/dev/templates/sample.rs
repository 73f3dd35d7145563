//! # Your first exercise
//!
//! Complete `greet` so that it returns a greeting for the name it is given: `Hello, Ada!` for
//! `Ada`. Save the file: the runner checks it at once and moves you on when the tests pass.
//! Why it matters: every exercise of the course works like this one: a `TODO` marks the gap,
//! and the tests at the end of the file say what is expected.

/// A greeting for `name`.
pub fn greet(name: &str) -> String {
    // TODO: return "Hello, <name>!".
    todo!("greet {name}")
}

fn main() {
    println!("{}", greet("backend"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets_by_name() {
        assert_eq!(
            greet("Ada"),
            "Hello, Ada!",
            "a comma after Hello, an exclamation mark at the end"
        );
    }
}
