//! The greeting logic of the hello server, kept apart from the I/O so it can be tested.

/// Returns the greeting for `name`; a blank name greets the world.
pub fn greet(name: Option<&str>) -> String {
    match name.map(str::trim) {
        Some(n) if !n.is_empty() => format!("hello, {n}"),
        _ => "hello, world".to_string(),
    }
}

/// Returns the greeting as a JSON object: `{"message":"hello, name"}`.
pub fn json(name: Option<&str>) -> String {
    let mut out = String::from("{\"message\":\"");
    for c in greet(name).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str("\"}");
    out
}

/// Returns the `name` parameter of a request target such as `/?name=ada`, percent-decoded.
pub fn name_param(target: &str) -> Option<String> {
    let query = target.split_once('?')?.1;
    let value = query.split('&').find_map(|pair| pair.strip_prefix("name="))?;
    Some(percent_decode(value))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 2;
            }
            (b'+', _) => out.push(b' '),
            (b, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greets_by_name() {
        assert_eq!(greet(Some("e2e")), "hello, e2e");
        assert_eq!(greet(Some("  ada ")), "hello, ada");
    }

    #[test]
    fn blank_name_greets_the_world() {
        assert_eq!(greet(None), "hello, world");
        assert_eq!(greet(Some(" ")), "hello, world");
    }

    #[test]
    fn json_is_escaped() {
        assert_eq!(json(Some("a\"b")), "{\"message\":\"hello, a\\\"b\"}");
        assert_eq!(json(Some("x\ny")), "{\"message\":\"hello, x\\u000ay\"}");
    }

    #[test]
    fn reads_the_name_parameter() {
        assert_eq!(name_param("/?name=e2e").as_deref(), Some("e2e"));
        assert_eq!(name_param("/?a=1&name=ada%20l").as_deref(), Some("ada l"));
        assert_eq!(name_param("/"), None);
    }
}
