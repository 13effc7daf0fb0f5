//! Go's `net/url` escaping, so request URLs (and the errors that quote them) read as Nomad's.

fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// `url.QueryEscape`: space becomes `+`, everything but unreserved bytes is `%XX`.
pub fn query_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if unreserved(b) {
            out.push(b as char);
        } else if b == b' ' {
            out.push('+');
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `url.PathEscape`: like a path segment, so `/` is escaped but `:@&=+$,;` are not.
pub fn path_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if unreserved(b) || matches!(b, b':' | b'@' | b'&' | b'=' | b'+' | b'$' | b',' | b';') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `URL.EscapedPath` of a path set by hand: as [`path_escape`], but `/` stays.
pub fn url_path_escape(s: &str) -> String {
    s.split('/').map(path_escape).collect::<Vec<_>>().join("/")
}

/// Percent-decoding (`+` stays as is); invalid escapes are kept literally.
pub fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_go() {
        assert_eq!(query_escape("a b*&=~"), "a+b%2A%26%3D~");
        assert_eq!(path_escape("a/b c"), "a%2Fb%20c");
        assert_eq!(path_escape("web@1:x"), "web@1:x");
        assert_eq!(unescape("a%2Fb%zz%"), "a/b%zz%");
    }
}
