//! The lines of `job logs` (rnomad's own): each log line with its source in front
//! (`<alloc8> <group>/<task> <stream>: `), coloured per source on a terminal, or one JSON object
//! per line for scripts. Pure: bytes in, bytes out.

use crate::output::SHORT_ID;

/// Which of a task's two logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

impl Stream {
    pub fn name(self) -> &'static str {
        match self {
            Stream::Stdout => "stdout",
            Stream::Stderr => "stderr",
        }
    }
}

/// Where a line comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSource {
    /// The full allocation ID (the prefix shows its first eight characters).
    pub alloc: String,
    pub group: String,
    pub task: String,
    pub stream: Stream,
}

/// How lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineFormat {
    /// `<alloc8> <group>/<task> <stream>: <line>`, the prefix coloured when `color`.
    Prefixed { color: bool },
    /// `{"alloc":…,"group":…,"task":…,"stream":…,"line":…}`.
    Json,
}

/// SGR colours for prefixes: readable on dark and light backgrounds, red left out (it reads
/// as an error).
const PALETTE: [u8; 10] = [36, 32, 35, 33, 34, 96, 92, 95, 93, 94];

/// The colour of a source: the same task of the same allocation always gets the same one (its
/// stdout and stderr share it), from run to run.
pub fn source_color(src: &LogSource) -> u8 {
    // FNV-1a: stable across runs and platforms, unlike std's hasher.
    let mut h: u32 = 0x811c_9dc5;
    for b in src.alloc.bytes().chain([b'/']).chain(src.task.bytes()) {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    PALETTE[h as usize % PALETTE.len()]
}

/// The prefix of a source's lines, without colour.
pub fn prefix(src: &LogSource) -> String {
    let short: String = src.alloc.chars().take(SHORT_ID).collect();
    format!("{short} {}/{} {}", src.group, src.task, src.stream.name())
}

/// One line (without its newline) as written out, newline included. A `\r` before the
/// newline (CRLF logs) is dropped so that it cannot hide the prefix on a terminal.
pub fn render_line(src: &LogSource, line: &[u8], fmt: LineFormat) -> Vec<u8> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    match fmt {
        LineFormat::Prefixed { color } => {
            let p = prefix(src);
            let mut out = Vec::with_capacity(p.len() + line.len() + 12);
            if color {
                out.extend_from_slice(
                    format!("\x1b[{}m{p}:\x1b[0m ", source_color(src)).as_bytes(),
                );
            } else {
                out.extend_from_slice(p.as_bytes());
                out.extend_from_slice(b": ");
            }
            out.extend_from_slice(line);
            out.push(b'\n');
            out
        }
        LineFormat::Json => {
            let s = |v: &str| serde_json::Value::String(v.to_string()).to_string();
            let text = String::from_utf8_lossy(line);
            format!(
                "{{\"alloc\":{},\"group\":{},\"task\":{},\"stream\":{},\"line\":{}}}\n",
                s(&src.alloc),
                s(&src.group),
                s(&src.task),
                s(src.stream.name()),
                s(&text)
            )
            .into_bytes()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(alloc: &str, task: &str, stream: Stream) -> LogSource {
        LogSource {
            alloc: alloc.into(),
            group: "web".into(),
            task: task.into(),
            stream,
        }
    }

    #[test]
    fn prefix_names_the_short_alloc_group_task_and_stream() {
        let s = src(
            "0a1b2c3d-1111-2222-3333-444455556666",
            "server",
            Stream::Stderr,
        );
        let plain = LineFormat::Prefixed { color: false };
        assert_eq!(
            render_line(&s, b"listening", plain),
            b"0a1b2c3d web/server stderr: listening\n"
        );
        assert_eq!(
            render_line(&s, b"crlf\r", plain),
            b"0a1b2c3d web/server stderr: crlf\n"
        );
        assert_eq!(
            render_line(&s, b"", plain),
            b"0a1b2c3d web/server stderr: \n"
        );
    }

    #[test]
    fn colour_is_stable_per_task_and_wraps_only_the_prefix() {
        let out = src("0a1b2c3d-1111", "server", Stream::Stdout);
        let err = src("0a1b2c3d-1111", "server", Stream::Stderr);
        assert_eq!(source_color(&out), source_color(&err));
        // Fixed by the hash, so it is the same in every run.
        let c = source_color(&out);
        assert_eq!(
            c,
            source_color(&src("0a1b2c3d-1111", "server", Stream::Stdout))
        );
        let line = render_line(&out, b"hi", LineFormat::Prefixed { color: true });
        assert_eq!(
            String::from_utf8(line).unwrap(),
            format!("\x1b[{c}m0a1b2c3d web/server stdout:\x1b[0m hi\n")
        );
        // Different sources spread over the palette.
        let colours: std::collections::BTreeSet<u8> = (0..40)
            .map(|i| source_color(&src(&format!("{i:08x}"), "t", Stream::Stdout)))
            .collect();
        assert!(colours.len() > 4, "{colours:?}");
    }

    #[test]
    fn json_is_one_object_per_line_with_the_keys_in_order() {
        let s = src("0a1b2c3d-1111", "t\"1", Stream::Stdout);
        let line = render_line(&s, b"a \"quoted\" \xff line", LineFormat::Json);
        assert_eq!(
            String::from_utf8(line).unwrap(),
            "{\"alloc\":\"0a1b2c3d-1111\",\"group\":\"web\",\"task\":\"t\\\"1\",\
             \"stream\":\"stdout\",\"line\":\"a \\\"quoted\\\" \u{fffd} line\"}\n"
        );
    }
}
