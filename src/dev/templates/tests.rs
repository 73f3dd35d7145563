//! # {title}
//!
//! TODO: say what to do, in two or three sentences, naming the function to complete.
//! Why it matters: one or two sentences about real backends.

/// What the function returns, in one sentence.
pub fn word_count(text: &str) -> usize {
    // TODO: say what to do here.
    todo!("count the words of {text:?}")
}

fn main() {
    // Optional: a tiny demo. The runner checks the tests below, not this.
}

#[cfg(test)]
mod tests {
    use super::*;

    // Tests that pin the behaviour down, with assertion messages that teach.
    #[test]
    fn counts_words_separated_by_spaces() {
        assert_eq!(
            word_count("GET /users HTTP/1.1"),
            3,
            "words are separated by white space"
        );
    }
}
