//! A variables text for the agent, and the way back from the agent's diagnostics about it to
//! what Nomad's own parse says: the source of each value (`<value for var.x from arguments>`,
//! the var file's path and line) and jobspec2's wording for values that are not in a file.

use super::values::Origin;

/// One value written into a variables text.
#[derive(Debug)]
pub(super) struct Segment {
    pub name: String,
    pub origin: Origin,
    /// A command-line or environment value sent as a quoted string.
    pub literal: bool,
    /// The line of the variables text the value starts on (1-based).
    pub line: usize,
    /// How many columns the value's first line moved right in the variables text.
    pub shift: usize,
    /// jobspec2's order of diagnostics (environment, files, flags).
    pub rank: usize,
}

/// A variables text, and how to map the agent's diagnostics about it back.
#[derive(Debug, Default)]
pub struct VarContent {
    pub text: String,
    /// Lines up to here belong to the job file (the agent names both `input.hcl`).
    base: usize,
    segments: Vec<Segment>,
}

/// The agent's error text as diagnostics: a diagnostic's detail may go on over several lines
/// (each diagnostic starts with its position, or `<nil>` for none).
pub fn diagnostics(detail: &str) -> Vec<String> {
    let starts = |l: &str| {
        let l = l.strip_prefix("unable to parse var content: ").unwrap_or(l);
        l.starts_with("<nil>: ") || l.starts_with("input.hcl:") || l.starts_with(":0,0-0: ")
    };
    let mut out: Vec<String> = Vec::new();
    for line in detail.lines() {
        match out.last_mut() {
            Some(d) if !starts(line) => {
                d.push('\n');
                d.push_str(line);
            }
            _ => out.push(line.to_string()),
        }
    }
    out
}

/// `L,C` → `(line, column)`.
fn pos(s: &str) -> Option<(usize, usize)> {
    let (l, c) = s.split_once(',')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

/// An expression from the command line or the environment is parsed alone in Nomad, where what
/// follows it is "extra characters"; in a variables text it is the next argument's business.
const EXTRA: &str = "Extra characters after expression; An expression was successfully parsed, \
but extra characters were found after it.";
const BODY_ERRORS: [&str; 4] = [
    "Missing newline after argument; An argument definition must end with a newline.",
    "Unexpected comma after argument; Argument definitions must be separated by newlines, not \
commas. An argument definition must end with a newline.",
    "Argument or block definition required; An argument or block definition is required here. \
To set an argument, use the equals sign \"=\" to introduce the argument value.",
    "Argument or block definition required; An argument or block definition is required here.",
];

impl VarContent {
    pub(super) fn new(base: usize) -> VarContent {
        VarContent {
            text: "\n".repeat(base),
            base,
            segments: Vec::new(),
        }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    fn next_line(&self) -> usize {
        self.text.matches('\n').count() + 1
    }

    pub(super) fn push(&mut self, mut seg: Segment, piece: &str) {
        seg.line = self.next_line();
        self.segments.push(seg);
        self.text.push_str(piece);
    }

    /// A var file the agent must read whole.
    pub(super) fn push_raw(&mut self, path: &str, text: &str, rank: usize) {
        let seg = Segment {
            name: String::new(),
            origin: Origin::RawFile { path: path.into() },
            literal: false,
            line: 0,
            shift: 0,
            rank,
        };
        self.push(seg, text);
    }

    /// Whether the agent's error says this text did not parse (jobspec2 then stops there).
    pub fn unparsed(detail: &str) -> bool {
        detail.starts_with("unable to parse var")
    }

    /// One line of the agent's error, rewritten to name the value's source when it is about
    /// this text; `None` when it is about the job file.
    pub fn map_line(&self, line: &str) -> Option<String> {
        self.map_ranked(line).map(|(_, l)| l)
    }

    /// `map_line` with the value's rank among the variables' diagnostics.
    pub fn map_ranked(&self, line: &str) -> Option<(usize, String)> {
        const VC: &str = "unable to parse var content: ";
        let (prefix, rest) = match line.strip_prefix(VC) {
            Some(r) => (VC, r),
            None => ("", line),
        };
        let rest = rest.strip_prefix("input.hcl:")?;
        let (range, tail) = rest.split_once(": ")?;
        let (from, to) = range.split_once('-')?;
        let (l1, c1) = pos(from)?;
        if l1 <= self.base {
            return None;
        }
        let seg = self.segments.iter().rev().find(|s| s.line <= l1)?;
        // The end is `C` on the same line or `L,C`.
        let (l2, c2) = match pos(to) {
            Some(p) => p,
            None => (l1, to.parse().ok()?),
        };
        let at = |l: usize, c: usize, first: usize| {
            let c = if l == seg.line {
                c.saturating_sub(seg.shift)
            } else {
                c
            };
            (l - seg.line + first, c)
        };
        let range = |file: &str, first: usize| {
            let (a, b) = at(l1, c1, first);
            let (x, y) = at(l2, c2, first);
            if x == a {
                format!("{file}:{a},{b}-{y}")
            } else {
                format!("{file}:{a},{b}-{x},{y}")
            }
        };
        let name = &seg.name;
        let alone = matches!(seg.origin, Origin::Flag | Origin::Env);
        let tail = match BODY_ERRORS.iter().find(|e| tail == **e) {
            Some(_) if alone => EXTRA.to_string(),
            _ => tail.to_string(),
        };
        let tail = if seg.origin == Origin::Flag {
            tail.replace(
                &format!("Invalid value for variable; The value for {name} is"),
                &format!(
                    "Invalid argument value for -var variable; The received arg value for \
{name} is"
                ),
            )
        } else {
            tail
        };
        // Nomad parses each var file on its own, and names it in its messages too
        // ("already set at …", "in <file>").
        let file_prefix = prefix.replace("var content", "var file");
        let tail = match &seg.origin {
            Origin::File { path, line } => self.rename(&tail, seg, path, *line),
            Origin::RawFile { path } => self.rename(&tail, seg, path, 1),
            _ => tail,
        };
        let line = match &seg.origin {
            Origin::File { path, line } => {
                format!("{file_prefix}{}: {tail}", range(path, *line))
            }
            Origin::RawFile { path } => format!("{file_prefix}{}: {tail}", range(path, 1)),
            // A literal value has no place in any text: Go prints an empty range.
            _ if seg.literal => format!(":0,0-0: {tail}"),
            Origin::Flag => format!(
                "{}: {tail}",
                range(&format!("<value for var.{name} from arguments>"), 1)
            ),
            Origin::Env => format!(
                "{}: {tail}",
                range(&format!("<value for var.{name} from env>"), 1)
            ),
        };
        Some((seg.rank, line))
    }
}

impl VarContent {
    /// `tail` with the positions in `seg`'s text it mentions (`input.hcl:L,C-…`) moved to
    /// the file (its first line is `first`), and the text's name replaced by the file's.
    fn rename(&self, tail: &str, seg: &Segment, path: &str, first: usize) -> String {
        let mut out = String::new();
        let mut rest = tail;
        while let Some(at) = rest.find("input.hcl") {
            out.push_str(&rest[..at]);
            rest = &rest[at + "input.hcl".len()..];
            out.push_str(path);
            let Some(pos_text) = rest.strip_prefix(':') else {
                continue;
            };
            let end = pos_text
                .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '-'))
                .unwrap_or(pos_text.len());
            let moved = pos_text[..end].split_once('-').and_then(|(from, to)| {
                let (l1, c1) = pos(from)?;
                if l1 < seg.line || l1 <= self.base {
                    return None;
                }
                let l = |l: usize| l - seg.line + first;
                Some(match pos(to) {
                    Some((l2, c2)) => format!("{},{c1}-{},{c2}", l(l1), l(l2)),
                    None => format!("{},{c1}-{to}", l(l1)),
                })
            });
            if let Some(m) = moved {
                out.push(':');
                out.push_str(&m);
                rest = &pos_text[end..];
            }
        }
        out.push_str(rest);
        out
    }
}
