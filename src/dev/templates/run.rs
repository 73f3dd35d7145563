//! # {title}
//!
//! TODO: say what to do, in two or three sentences. The program passes when it runs to the end
//! without panicking, so the checks in `main` must hold.
//! Why it matters: one or two sentences about real backends.

/// The port in `text`, if it is one.
fn parse_port(text: &str) -> Option<u16> {
    // TODO: say what to do here.
    todo!("parse {text:?}")
}

fn main() {
    assert_eq!(parse_port("8080"), Some(8080), "a port is a whole number");
    assert_eq!(parse_port("http"), None, "a name is not a port");
    println!("all checks hold");
}
