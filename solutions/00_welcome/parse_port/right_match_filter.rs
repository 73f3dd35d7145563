//! right: one message for every bad value, with Option combinators

/// The port in `text`, or an error message saying what is wrong.
pub fn parse_port(text: &str) -> Result<u16, String> {
    text.parse::<u16>()
        .ok()
        .filter(|&port| port != 0)
        .ok_or_else(|| format!("{text:?} is not a port from 1 to 65535"))
}

fn main() {
    println!("{:?}", parse_port("8080"));
}
