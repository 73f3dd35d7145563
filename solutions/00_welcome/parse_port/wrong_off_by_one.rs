//! wrong: refuses 65535 itself (>= instead of >)
//! expect: 65535 is the highest port

/// The port in `text`, or an error message saying what is wrong.
pub fn parse_port(text: &str) -> Result<u16, String> {
    let number: u32 = text.parse().map_err(|err| format!("not a port: {err}"))?;
    if number == 0 || number >= 65535 {
        return Err(format!("{number} is not between 1 and 65535"));
    }
    Ok(number as u16)
}

fn main() {
    println!("{:?}", parse_port("8080"));
}
