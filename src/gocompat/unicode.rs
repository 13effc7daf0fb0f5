//! Go's Unicode predicates and simple case mappings (`unicode.IsLetter`, `strconv.IsPrint`,
//! `unicode.ToUpper`, …). Rust's `char` methods follow other definitions (`is_alphabetic` is
//! wider than Go's letters, `to_uppercase` maps `ß` to `SS`), and template names, `%q` and the
//! sprig string functions must agree with Go rune for rune.

include!("unicode_tables.rs");

fn in_table(table: &[(u32, u32)], c: char) -> bool {
    let c = c as u32;
    table
        .binary_search_by(|&(lo, hi)| {
            if hi < c {
                std::cmp::Ordering::Less
            } else if lo > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
pub fn is_print(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    in_table(PRINT, c)
}

pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    in_table(LETTER, c)
}

pub fn is_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    in_table(DIGIT, c)
}

pub fn is_number(c: char) -> bool {
    in_table(NUMBER, c)
}

pub fn is_upper(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_uppercase();
    }
    in_table(UPPER, c)
}

pub fn is_lower(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_lowercase();
    }
    in_table(LOWER, c)
}

pub fn is_title(c: char) -> bool {
    in_table(TITLE, c)
}

pub fn is_punct(c: char) -> bool {
    in_table(PUNCT, c)
}

/// `unicode.IsSpace`.
pub fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{2028}' | '\u{2029}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

const UPPER_CASE: usize = 0;
const LOWER_CASE: usize = 1;
const TITLE_CASE: usize = 2;
/// Go's `UpperLower` delta: the range alternates upper and lower case letters.
const UPPER_LOWER: i32 = 0x10FFFF + 1;

fn to_case(case: usize, c: char) -> char {
    let r = c as u32;
    let found = CASE.binary_search_by(|&(lo, hi, _)| {
        if hi < r {
            std::cmp::Ordering::Less
        } else if lo > r {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        }
    });
    let Ok(i) = found else {
        return c;
    };
    let (lo, _, delta) = CASE[i];
    let d = delta[case];
    let mapped = if d == UPPER_LOWER {
        lo + (((r - lo) & !1) | (case as u32 & 1))
    } else {
        (r as i64 + d as i64) as u32
    };
    char::from_u32(mapped).unwrap_or(c)
}

pub fn to_upper(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    to_case(UPPER_CASE, c)
}

pub fn to_lower(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    to_case(LOWER_CASE, c)
}

pub fn to_title(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    to_case(TITLE_CASE, c)
}

/// `strings.ToUpper`.
pub fn upper(s: &str) -> String {
    s.chars().map(to_upper).collect()
}

/// `strings.ToLower`.
pub fn lower(s: &str) -> String {
    s.chars().map(to_lower).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predicates_and_cases() {
        assert!(is_print('é') && !is_print('\u{a0}') && !is_print('\u{7f}'));
        assert!(is_letter('ß') && !is_letter('\u{2160}') && is_number('\u{2160}'));
        assert!(is_digit('٣') && !is_digit('²'));
        assert_eq!(upper("straße ǆ"), "STRAßE Ǆ");
        assert_eq!(to_title('ǆ'), 'ǅ');
        assert_eq!(lower("ÀÉ"), "àé");
    }
}
