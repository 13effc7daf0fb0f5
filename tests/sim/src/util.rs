//! Small helpers shared by the whole sim: a deterministic PRNG, UUIDs, and Go-compatible
//! time formatting. Kept dependency-free so the sim stays cheap to build.

/// SplitMix64: tiny, fast, and good enough for reproducible test data. A fixed seed gives the
/// same sequence on every platform, which is what makes generated clusters deterministic.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0); modulo bias is irrelevant for test data.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// A random (version 4 layout) UUID, as Nomad's `uuid.Generate()` produces.
    pub fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        let hex = format!("{a:016x}{b:016x}");
        format!(
            "{}-{}-4{}-{}{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[13..16],
            ["8", "9", "a", "b"][(b >> 62) as usize],
            &hex[17..20],
            &hex[20..32]
        )
    }
}

/// 32 hex digits that stand for a hash of `text` (Nomad's check IDs are MD5 sums; any stable
/// digest of the same length does here): FNV-1a in two rounds.
pub fn hex_digest(text: &str) -> String {
    let mut out = String::with_capacity(32);
    for round in 0u8..2 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in std::iter::once(round).chain(text.bytes()) {
            h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
        out.push_str(&format!("{h:016x}"));
    }
    out
}

/// A `time.Time` field as Nomad's API sends it: its codec writes Go's zero time as `null`
/// (never `0001-01-01T00:00:00Z`), any other time as RFC 3339.
pub fn time_json(unix_ns: i64) -> serde_json::Value {
    if unix_ns <= 0 {
        serde_json::Value::Null
    } else {
        serde_json::Value::String(rfc3339(unix_ns))
    }
}

/// Drops the fields a Go struct tagged `codec:",omitempty"` leaves out (Allocation,
/// Evaluation, NetworkResource, Port): null, false, 0, "", empty lists and maps, and
/// structs of nil pointers (`DesiredTransition`). A map with keys stays, whatever its values
/// (`QueuedAllocations: {"web": 0}`).
pub fn omit_empty(v: &mut serde_json::Value) {
    fn empty(v: &serde_json::Value) -> bool {
        use serde_json::Value::*;
        match v {
            Null => true,
            Bool(b) => !b,
            Number(n) => n.as_f64() == Some(0.0),
            String(s) => s.is_empty(),
            Array(a) => a.is_empty(),
            Object(o) => o.values().all(serde_json::Value::is_null),
        }
    }
    if let serde_json::Value::Object(o) = v {
        o.retain(|_, x| !empty(x));
    }
}

/// Formats Unix nanoseconds the way Go's `time.Time` marshals to JSON (RFC 3339 with
/// nanoseconds, trailing zeros trimmed), in UTC. Zero or negative means Go's zero time.
pub fn rfc3339(unix_ns: i64) -> String {
    if unix_ns <= 0 {
        return "0001-01-01T00:00:00Z".to_string();
    }
    let secs = unix_ns.div_euclid(1_000_000_000);
    let nanos = unix_ns.rem_euclid(1_000_000_000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let mut out = format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        sod / 3600,
        (sod / 60) % 60,
        sod % 60
    );
    if nanos != 0 {
        let frac = format!("{nanos:09}");
        out.push('.');
        out.push_str(frac.trim_end_matches('0'));
    }
    out.push('Z');
    out
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Parses a Go duration as Nomad's `wait` parameter accepts it (`5s`, `100ms`, `1m30s`, `2h`).
pub fn parse_go_duration(s: &str) -> Option<std::time::Duration> {
    let mut total = 0f64;
    let mut rest = s.trim();
    if rest.is_empty() {
        return None;
    }
    if rest == "0" {
        return Some(std::time::Duration::ZERO);
    }
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        if num_len == 0 {
            return None;
        }
        let value: f64 = rest[..num_len].parse().ok()?;
        rest = &rest[num_len..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_len] {
            "ns" => 1e-9,
            "us" | "µs" => 1e-6,
            "ms" => 1e-3,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
        total += value * scale;
        rest = &rest[unit_len..];
    }
    Some(std::time::Duration::from_secs_f64(total))
}

/// Standard base64 with padding (Go encodes `[]byte` fields so in JSON).
pub fn base64(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_go_times() {
        assert_eq!(rfc3339(0), "0001-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000_000_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(
            rfc3339(1_700_000_000_120_000_000),
            "2023-11-14T22:13:20.12Z"
        );
    }

    #[test]
    fn parses_durations() {
        assert_eq!(
            parse_go_duration("5s"),
            Some(std::time::Duration::from_secs(5))
        );
        assert_eq!(
            parse_go_duration("250ms"),
            Some(std::time::Duration::from_millis(250))
        );
        assert_eq!(
            parse_go_duration("1m30s"),
            Some(std::time::Duration::from_secs(90))
        );
        assert_eq!(parse_go_duration("x"), None);
    }

    #[test]
    fn uuids_are_deterministic() {
        let a = Rng::new(7).uuid();
        assert_eq!(a, Rng::new(7).uuid());
        assert_eq!(a.len(), 36);
    }
}
