//! Many log streams onto one output, a whole line at a time: each source's bytes are held
//! until a newline, so lines of different sources never mix mid-line, and each line of one
//! source keeps its order.

use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::views::logs::{render_line, LineFormat, LogSource};

/// A line longer than this is written in pieces (each with its prefix) rather than held in
/// memory until its newline comes.
const MAX_HELD: usize = 64 * 1024;

struct Inner {
    out: Box<dyn Write + Send>,
    format: LineFormat,
    sources: Vec<(LogSource, Vec<u8>)>,
}

/// The shared writer; cloned into every stream of the command.
#[derive(Clone)]
pub struct LineMux(Arc<Mutex<Inner>>);

impl LineMux {
    pub fn new(out: Box<dyn Write + Send>, format: LineFormat) -> Self {
        LineMux(Arc::new(Mutex::new(Inner {
            out,
            format,
            sources: Vec::new(),
        })))
    }

    fn inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves nothing half-done worth refusing.
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers a source; its bytes go to [`LineMux::push`] with the number returned.
    pub fn add(&self, src: LogSource) -> usize {
        let mut g = self.inner();
        g.sources.push((src, Vec::new()));
        g.sources.len() - 1
    }

    /// Takes bytes of one source and writes the lines they complete.
    pub fn push(&self, id: usize, data: &[u8]) {
        let mut g = self.inner();
        let format = g.format;
        let Some((src, held)) = g.sources.get_mut(id) else {
            return;
        };
        held.extend_from_slice(data);
        let mut out = Vec::new();
        let mut start = 0;
        while let Some(n) = memchr::memchr(b'\n', &held[start..]) {
            out.extend(render_line(src, &held[start..start + n], format));
            start += n + 1;
        }
        held.drain(..start);
        if held.len() >= MAX_HELD {
            out.extend(render_line(src, held, format));
            held.clear();
        }
        write_out(&mut g.out, &out);
    }

    /// The source has ended: a last line without its newline is written as a line.
    pub fn finish(&self, id: usize) {
        let mut g = self.inner();
        let format = g.format;
        let Some((src, held)) = g.sources.get_mut(id) else {
            return;
        };
        if held.is_empty() {
            return;
        }
        let out = render_line(src, held, format);
        held.clear();
        write_out(&mut g.out, &out);
    }
}

fn write_out(out: &mut Box<dyn Write + Send>, bytes: &[u8]) {
    if bytes.is_empty() {
        return;
    }
    // A closed pipe ends the process by SIGPIPE, as for every command; other write errors
    // have nowhere better to go.
    let _ = out.write_all(bytes).and_then(|_| out.flush());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::views::logs::Stream;

    #[derive(Clone, Default)]
    struct Buf(Arc<Mutex<Vec<u8>>>);

    impl Write for Buf {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn src(alloc: &str, task: &str) -> LogSource {
        LogSource {
            alloc: alloc.into(),
            group: "g".into(),
            task: task.into(),
            stream: Stream::Stdout,
        }
    }

    fn text(b: &Buf) -> String {
        String::from_utf8(b.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn partial_lines_wait_for_their_newline_and_never_mix() {
        let buf = Buf::default();
        let mux = LineMux::new(Box::new(buf.clone()), LineFormat::Prefixed { color: false });
        let a = mux.add(src("aaaaaaaa-1", "web"));
        let b = mux.add(src("bbbbbbbb-2", "api"));
        mux.push(a, b"one ");
        mux.push(b, b"first\nsec");
        mux.push(a, b"line\ntwo\nthr");
        mux.push(b, b"ond\n");
        assert_eq!(
            text(&buf),
            "bbbbbbbb g/api stdout: first\n\
             aaaaaaaa g/web stdout: one line\n\
             aaaaaaaa g/web stdout: two\n\
             bbbbbbbb g/api stdout: second\n"
        );
        // The end of a source writes its unfinished line; a second finish writes nothing.
        mux.finish(a);
        mux.finish(a);
        mux.finish(b);
        assert!(text(&buf).ends_with("bbbbbbbb g/api stdout: second\naaaaaaaa g/web stdout: thr\n"));
    }

    #[test]
    fn each_source_keeps_its_order_whatever_the_chunking() {
        let buf = Buf::default();
        let mux = LineMux::new(Box::new(buf.clone()), LineFormat::Json);
        let ids: Vec<usize> = (0..3).map(|i| mux.add(src(&format!("{i}"), "t"))).collect();
        let all: String = (0..50).map(|n| format!("line {n}\n")).collect();
        // Feed the three sources in chunks of different sizes, interleaved.
        let bytes = all.as_bytes();
        let mut pos = [0usize; 3];
        while pos.iter().any(|p| *p < bytes.len()) {
            for (k, id) in ids.iter().enumerate() {
                let step = 3 + 4 * k;
                let end = (pos[k] + step).min(bytes.len());
                mux.push(*id, &bytes[pos[k]..end]);
                pos[k] = end;
            }
        }
        let out = text(&buf);
        for k in 0..3 {
            let mine: Vec<String> = out
                .lines()
                .filter(|l| l.starts_with(&format!("{{\"alloc\":\"{k}\"")))
                .map(|l| {
                    let v: serde_json::Value = serde_json::from_str(l).unwrap();
                    v["line"].as_str().unwrap().to_string()
                })
                .collect();
            let want: Vec<String> = (0..50).map(|n| format!("line {n}")).collect();
            assert_eq!(mine, want, "source {k}");
        }
    }

    #[test]
    fn a_huge_line_is_written_in_pieces() {
        let buf = Buf::default();
        let mux = LineMux::new(Box::new(buf.clone()), LineFormat::Prefixed { color: false });
        let a = mux.add(src("aaaaaaaa", "t"));
        mux.push(a, &vec![b'x'; MAX_HELD + 10]);
        assert_eq!(
            text(&buf).len(),
            "aaaaaaaa g/t stdout: \n".len() + MAX_HELD + 10
        );
    }
}
