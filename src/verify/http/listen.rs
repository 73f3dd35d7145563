//! Which address a learner's server listens on, from the kernel's socket tables: a server
//! under test must bind the loopback address only.

/// `st` of a listening socket in `/proc/net/tcp`.
const LISTEN: &str = "0A";

/// The address (shown as `0.0.0.0`, `[::]`, ...) of a socket listening on `port` that is not
/// a loopback address, if there is one.
pub fn exposed(port: u16) -> Option<String> {
    ["/proc/net/tcp", "/proc/net/tcp6"].iter().find_map(|table| {
        let text = std::fs::read_to_string(table).ok()?;
        text.lines().skip(1).find_map(|line| exposed_in(line, port))
    })
}

fn exposed_in(line: &str, port: u16) -> Option<String> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let (local, state) = (fields.get(1)?, fields.get(3)?);
    if *state != LISTEN {
        return None;
    }
    let (address, local_port) = local.split_once(':')?;
    if u16::from_str_radix(local_port, 16).ok()? != port {
        return None;
    }
    let bytes = address_bytes(address)?;
    match bytes.len() {
        4 => (bytes[0] != 127).then(|| std::net::Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]).to_string()),
        16 => {
            let octets: [u8; 16] = bytes.try_into().ok()?;
            let ip = std::net::Ipv6Addr::from(octets);
            let loopback = ip.is_loopback() || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback());
            (!loopback).then(|| format!("[{ip}]"))
        }
        _ => None,
    }
}

/// The kernel prints an address as 32-bit words in host order (little-endian here).
fn address_bytes(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(8) {
        return None;
    }
    let mut bytes = Vec::with_capacity(hex.len() / 2);
    for word in hex.as_bytes().chunks(8) {
        let word = u32::from_str_radix(std::str::from_utf8(word).ok()?, 16).ok()?;
        bytes.extend_from_slice(&word.to_le_bytes());
    }
    Some(bytes)
}

pub fn exposed_message(address: &str, port: u16) -> String {
    format!(
        "your server listens on {address}:{port}, which is every network interface of this machine. \
         A service under test binds 127.0.0.1 (loopback) only, so that nothing outside this machine \
         can reach a half-finished server, its data or its debug endpoints: bind 127.0.0.1:$PORT"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_address_is_exposed_and_loopback_is_not() {
        let v4 = |addr: &str, st: &str| format!("   0: {addr}:1F90 00000000:0000 {st} 00000000:00000000 00:00000000 00000000     0        0 12345 1");
        assert_eq!(exposed_in(&v4("00000000", "0A"), 8080).as_deref(), Some("0.0.0.0"));
        assert_eq!(exposed_in(&v4("0100007F", "0A"), 8080), None, "127.0.0.1");
        assert_eq!(exposed_in(&v4("00000000", "01"), 8080), None, "not listening");
        assert_eq!(exposed_in(&v4("00000000", "0A"), 8081), None, "another port");
        let any6 = "   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 0 0 0 0 0 1 1";
        assert_eq!(exposed_in(any6, 8080).as_deref(), Some("[::]"));
        let lo6 = "   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 0 0 0 0 0 1 1";
        assert_eq!(exposed_in(lo6, 8080), None, "::1");
        let mapped = "   0: 0000000000000000FFFF00000100007F:1F90 00000000000000000000000000000000:0000 0A 0 0 0 0 0 1 1";
        assert_eq!(exposed_in(mapped, 8080), None, "::ffff:127.0.0.1");
    }

    #[test]
    fn a_real_listener_on_every_interface_is_seen() {
        let Ok(listener) = std::net::TcpListener::bind(("0.0.0.0", 0)) else { return };
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(0);
        assert_eq!(exposed(port).as_deref(), Some("0.0.0.0"));
        let local = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind loopback");
        assert_eq!(exposed(local.local_addr().map(|a| a.port()).unwrap_or(0)), None);
    }
}
