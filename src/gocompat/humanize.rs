//! go-humanize's `IBytes`, `FormatFloat("#,###.##", x)`, `Ordinal` and `english.Plural`, as
//! Nomad prints sizes, percents, batch numbers and counts.

/// `humanize.IBytes`: `300 MiB`, `1.0 GiB`, `9 B`.
pub fn ibytes(s: u64) -> String {
    const SIZES: [&str; 7] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    if s < 10 {
        return format!("{s} B");
    }
    let f = s as f64;
    let e = (f.ln() / 1024f64.ln()).floor();
    let e = (e as usize).min(SIZES.len() - 1);
    let val = (f / 1024f64.powi(e as i32) * 10.0 + 0.5).floor() / 10.0;
    if val < 10.0 {
        format!("{val:.1} {}", SIZES[e])
    } else {
        format!("{val:.0} {}", SIZES[e])
    }
}

/// `humanize.FormatFloat("#,###.##", x)`: thousands separated by `,`, two decimals.
pub fn format_float(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x.is_infinite() {
        return if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    let s = format!("{:.2}", x.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 { "-" } else { "" };
    format!("{sign}{grouped}.{frac}")
}

/// `humanize.Ordinal`: `1st`, `2nd`, `3rd`, `4th`, `11th`, `12th`, `13th`, `21st`.
pub fn ordinal(x: i64) -> String {
    let suffix = match (x % 100, x % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    format!("{x}{suffix}")
}

/// `english.Plural`: the count, then the singular for exactly one and the plural otherwise.
pub fn plural(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_and_plurals() {
        let o: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112]
            .map(ordinal)
            .to_vec();
        assert_eq!(
            o,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                "101st", "111th", "112th"
            ]
        );
        assert_eq!(plural(1, "error", "errors"), "1 error");
        assert_eq!(plural(0, "error", "errors"), "0 errors");
    }

    #[test]
    fn ibytes_like_humanize() {
        assert_eq!(ibytes(0), "0 B");
        assert_eq!(ibytes(9), "9 B");
        assert_eq!(ibytes(300 * 1024 * 1024), "300 MiB");
        assert_eq!(ibytes(1024 * 1024 * 1024), "1.0 GiB");
        assert_eq!(ibytes(6_606_028), "6.3 MiB");
        assert_eq!(ibytes(1536), "1.5 KiB");
    }

    #[test]
    fn float_format() {
        assert_eq!(format_float(1234.5), "1,234.50");
        assert_eq!(format_float(0.0), "0.00");
        assert_eq!(format_float(12.345678), "12.35");
        assert_eq!(format_float(1234567.0), "1,234,567.00");
    }
}

/// `humanize.ParseBytes`: `10GiB`, `20 M`, `1,024 kb`; the error texts are go-humanize's
/// (and `strconv.ParseFloat`'s for a missing number).
pub fn parse_bytes(s: &str) -> Result<u64, String> {
    let digits = s
        .char_indices()
        .find(|(_, c)| !(c.is_numeric() || *c == '.' || *c == ','))
        .map_or(s.len(), |(i, _)| i);
    let num = s[..digits].replace(',', "");
    // Go's ParseFloat takes no sign here (digits only), so Rust's parser agrees on the rest.
    let f: f64 = num
        .parse()
        .ok()
        .filter(|_| num.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
        .ok_or_else(|| {
            format!(
                "strconv.ParseFloat: parsing {}: invalid syntax",
                crate::gocompat::strconv::quote(&num)
            )
        })?;
    let extra = s[digits..].trim().to_lowercase();
    let unit: u64 = match extra.as_str() {
        "b" | "" => 1,
        "kib" | "ki" => 1 << 10,
        "kb" | "k" => 1_000,
        "mib" | "mi" => 1 << 20,
        "mb" | "m" => 1_000_000,
        "gib" | "gi" => 1 << 30,
        "gb" | "g" => 1_000_000_000,
        "tib" | "ti" => 1 << 40,
        "tb" | "t" => 1_000_000_000_000,
        "pib" | "pi" => 1 << 50,
        "pb" | "p" => 1_000_000_000_000_000,
        "eib" | "ei" => 1 << 60,
        "eb" | "e" => 1_000_000_000_000_000_000,
        _ => return Err(format!("unhandled size name: {extra}")),
    };
    let v = f * unit as f64;
    if v >= u64::MAX as f64 {
        return Err(format!("too large: {s}"));
    }
    Ok(v as u64)
}

#[cfg(test)]
mod parse_bytes_tests {
    use super::parse_bytes;

    #[test]
    fn sizes_and_errors_as_go_humanize() {
        assert_eq!(parse_bytes("10MiB"), Ok(10 << 20));
        assert_eq!(parse_bytes("20M"), Ok(20_000_000));
        assert_eq!(parse_bytes("1,5 kb"), Ok(15_000));
        assert_eq!(parse_bytes("1.5GiB"), Ok(1_610_612_736));
        // Recorded: cli/volume/create-badcap (`capacity_min = "lots"`).
        assert_eq!(
            parse_bytes("lots").unwrap_err(),
            "strconv.ParseFloat: parsing \"\": invalid syntax"
        );
        assert_eq!(parse_bytes("3 zb").unwrap_err(), "unhandled size name: zb");
    }
}
