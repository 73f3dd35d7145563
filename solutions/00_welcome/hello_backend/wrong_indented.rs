//! wrong: copies the indentation of the comment's example along with the greeting
//! expect: printed:  "    Hello, backend!"

fn main() {
    println!("    Hello, backend!");
}
