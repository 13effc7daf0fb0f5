//! Nomad's colour decisions and its `[bold]…[reset]` markup (mitchellh/colorstring).

/// What colouring applies to this run, decided once at start-up as Nomad does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ColorMode {
    /// Nomad's "coloured UI": `[bold]` markup becomes escape codes, hints take their coloured form.
    pub markup: bool,
    /// Whole messages are wrapped in SGR codes (fatih/color: stdout is a terminal).
    pub wrap: bool,
}

impl ColorMode {
    /// Decide from raw arguments and environment, before any flag is parsed.
    ///
    /// Nomad looks for exactly `-no-color`/`--no-color` (and the force forms) anywhere in argv.
    /// `NO_COLOR` turns all colour off in rnomad (Nomad only drops the message wrappers).
    pub fn decide(args: &[String], env: &crate::env::Env, stdout_tty: bool) -> ColorMode {
        let flag = |a: &str, b: &str| args.iter().any(|x| x == a || x == b);
        let no_color = env.non_empty("NOMAD_CLI_NO_COLOR")
            || env.non_empty("NO_COLOR")
            || flag("-no-color", "--no-color");
        let force = env.non_empty("NOMAD_CLI_FORCE_COLOR") || flag("-force-color", "--force-color");
        let markup = !no_color && (stdout_tty || force);
        let wrap = markup && stdout_tty && env.get("TERM") != Some("dumb");
        ColorMode { markup, wrap }
    }
}

fn code(tag: &str) -> Option<u8> {
    Some(match tag {
        "default" => 39,
        "_default_" => 49,
        "black" => 30,
        "red" => 31,
        "green" => 32,
        "yellow" => 33,
        "blue" => 34,
        "magenta" => 35,
        "cyan" => 36,
        "light_gray" => 37,
        "dark_gray" => 90,
        "light_red" => 91,
        "light_green" => 92,
        "light_yellow" => 93,
        "light_blue" => 94,
        "light_magenta" => 95,
        "light_cyan" => 96,
        "white" => 97,
        "_black_" => 40,
        "_red_" => 41,
        "_green_" => 42,
        "_yellow_" => 43,
        "_blue_" => 44,
        "_magenta_" => 45,
        "_cyan_" => 46,
        "_light_gray_" => 47,
        "_dark_gray_" => 100,
        "_light_red_" => 101,
        "_light_green_" => 102,
        "_light_yellow_" => 103,
        "_light_blue_" => 104,
        "_light_magenta_" => 105,
        "_light_cyan_" => 106,
        "_white_" => 107,
        "bold" => 1,
        "dim" => 2,
        "underline" => 4,
        "blink_slow" => 5,
        "blink_fast" => 6,
        "invert" => 7,
        "hidden" => 8,
        "reset" => 0,
        "reset_bold" => 21,
        _ => return None,
    })
}

/// Applies colorstring markup: known `[tag]`s become escape codes (with a final reset) when
/// `enabled`, and are removed otherwise; unknown bracket words stay as they are.
pub fn colorize(s: &str, enabled: bool) -> String {
    if !s.contains('[') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut seen = false;
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let tag_len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            .count();
        if tag_len > 0 && after.as_bytes().get(tag_len) == Some(&b']') {
            if let Some(c) = code(&after[..tag_len]) {
                if enabled {
                    out.push_str(&format!("\x1b[{c}m"));
                    seen = true;
                }
                rest = &after[tag_len + 1..];
                continue;
            }
        }
        out.push('[');
        rest = after;
    }
    out.push_str(rest);
    if seen {
        out.push_str("\x1b[0m");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_removed_when_disabled() {
        assert_eq!(colorize("\n[bold]Summary[reset]", false), "\nSummary");
        assert_eq!(colorize("a[foo]b[BOLD]", false), "a[foo]b[BOLD]");
        assert_eq!(colorize("x[red]y", false), "xy");
    }

    #[test]
    fn markup_becomes_codes_with_final_reset() {
        assert_eq!(colorize("[bold]T[reset]", true), "\x1b[1mT\x1b[0m\x1b[0m");
        assert_eq!(colorize("plain [x", true), "plain [x");
    }
}
