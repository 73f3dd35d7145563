//! right: prints the greeting from two parts, with an explicit newline

fn main() {
    let audience = "backend";
    print!("Hello, {audience}!\n");
}
