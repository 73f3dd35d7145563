//! # {title}
//!
//! TODO: say what the program must print, in two or three sentences.
//! Why it matters: one or two sentences about real backends.

/// The text the program prints.
fn message() -> String {
    // TODO: say what to do here.
    todo!()
}

fn main() {
    println!("{}", message());
}
