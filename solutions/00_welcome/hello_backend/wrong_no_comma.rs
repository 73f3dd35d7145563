//! wrong: leaves out the comma
//! expect: printed:  "Hello backend!"

fn main() {
    println!("Hello backend!");
}
