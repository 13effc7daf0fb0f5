//! Word wrapping as Nomad's output gets it: go-wordwrap (glint's monitor views) and
//! muesli/reflow's `wordwrap.String` (the `var` commands' messages).

/// go-wordwrap's `WrapString`: breaks at white space once a line would pass `lim` runes
/// (colour sequences count, as glint measures the raw text); longer words stay whole.
pub fn word_wrap(s: &str, lim: usize) -> String {
    let mut buf = String::with_capacity(s.len());
    let mut current = 0usize;
    let (mut word, mut space) = (String::new(), String::new());
    let (mut word_len, mut space_len) = (0usize, 0usize);
    for c in s.chars() {
        if c == '\n' {
            if word.is_empty() {
                if current + space_len <= lim {
                    buf.push_str(&space);
                }
            } else {
                buf.push_str(&space);
                buf.push_str(&word);
                word.clear();
                word_len = 0;
            }
            space.clear();
            space_len = 0;
            buf.push(c);
            current = 0;
        } else if c.is_whitespace() && c != '\u{a0}' {
            if space.is_empty() || !word.is_empty() {
                current += space_len + word_len;
                buf.push_str(&space);
                space.clear();
                space_len = 0;
                buf.push_str(&word);
                word.clear();
                word_len = 0;
            }
            space.push(c);
            space_len += 1;
        } else {
            word.push(c);
            word_len += 1;
            if current + word_len + space_len > lim && word_len < lim {
                buf.push('\n');
                current = 0;
                space.clear();
                space_len = 0;
            }
        }
    }
    if word.is_empty() {
        if current + space_len <= lim {
            buf.push_str(&space);
        }
    } else {
        buf.push_str(&space);
        buf.push_str(&word);
    }
    buf
}

/// muesli/reflow v0.3.0 `wordwrap.String(s, limit)`: breaks at white space and after `-`,
/// keeps newlines, skips ANSI escape sequences when measuring. Its quirk is kept: a `-` is
/// written without counting toward the line's length. Widths count runes (reflow measures
/// East Asian wide runes as two).
pub fn reflow_wrap(s: &str, limit: usize) -> String {
    let mut buf = String::with_capacity(s.len() + 8);
    let (mut space, mut word) = (String::new(), String::new());
    let (mut line_len, mut word_len) = (0usize, 0usize);
    let mut in_ansi = false;
    fn add_space(buf: &mut String, space: &mut String, line_len: &mut usize) {
        *line_len += space.chars().count();
        buf.push_str(space);
        space.clear();
    }
    for c in s.chars() {
        if c == '\x1b' {
            word.push(c);
            in_ansi = true;
        } else if in_ansi {
            word.push(c);
            in_ansi = !matches!(c, '\u{40}'..='\u{5a}' | '\u{61}'..='\u{7a}');
        } else if c == '\n' {
            // A line's trailing spaces are kept if they fit.
            if word.is_empty() && line_len + space.chars().count() <= limit {
                buf.push_str(&space);
            }
            if !word.is_empty() {
                buf.push_str(&space);
                buf.push_str(&word);
                word.clear();
                word_len = 0;
            }
            buf.push('\n');
            line_len = 0;
            space.clear();
        } else if c.is_whitespace() {
            if !word.is_empty() {
                add_space(&mut buf, &mut space, &mut line_len);
                line_len += word_len;
                buf.push_str(&word);
                word.clear();
                word_len = 0;
            }
            space.push(c);
        } else if c == '-' {
            add_space(&mut buf, &mut space, &mut line_len);
            if !word.is_empty() {
                add_space(&mut buf, &mut space, &mut line_len);
                line_len += word_len;
                buf.push_str(&word);
                word.clear();
                word_len = 0;
            }
            buf.push(c);
        } else {
            word.push(c);
            word_len += 1;
            if line_len + space.chars().count() + word_len > limit && word_len < limit {
                buf.push('\n');
                line_len = 0;
                space.clear();
            }
        }
    }
    if !word.is_empty() {
        add_space(&mut buf, &mut space, &mut line_len);
        buf.push_str(&word);
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_as_go_wordwrap() {
        for (input, output, lim) in [
            ("foo", "foo", 4),
            ("foobarbaz", "foobarbaz", 4),
            ("foo bar baz", "foo\nbar\nbaz", 4),
            ("foo bars bazzes", "foo\nbars\nbazzes", 4),
            ("fo sop", "fo\nsop", 4),
            ("foo bar\u{a0}baz", "foo\nbar\u{a0}baz", 10),
            ("foo\nb\t r\n baz", "foo\nb\t r\n baz", 4),
            ("foo    \nb   ar   ", "foo\nb\nar", 4),
            ("foo bar baz\n", "foo\nbar\nbaz\n", 4),
            ("\nfoo bar\n\n\nbaz\n", "\nfoo\nbar\n\n\nbaz\n", 4),
        ] {
            assert_eq!(word_wrap(input, lim), output, "{input:?}");
        }
    }
}
