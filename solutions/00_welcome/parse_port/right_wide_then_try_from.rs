//! right: parses a wider number, then converts it with u16::try_from

/// The port in `text`, or an error message saying what is wrong.
pub fn parse_port(text: &str) -> Result<u16, String> {
    let number: i64 = text.parse().map_err(|err| format!("not a number: {err}"))?;
    match u16::try_from(number) {
        Ok(0) => Err("port 0 is not a port you can listen on".to_string()),
        Ok(port) => Ok(port),
        Err(_) => Err(format!("{number} is not between 1 and 65535")),
    }
}

fn main() {
    println!("{:?}", parse_port("8080"));
}
