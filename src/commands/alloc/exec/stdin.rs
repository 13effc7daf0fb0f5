//! `alloc exec`'s stdin: read on a thread of its own (2048 bytes at a time, as Nomad), with
//! ssh-style escapes, and reported to the session as frames.

use tokio::sync::mpsc;

use crate::api::exec::Input;

/// How much stdin one frame carries at most.
const STDIN_CHUNK: usize = 2048;

/// What the stdin thread reports.
pub enum StdinEvent {
    Frame(Input),
    /// `<escape>.` at the start of a line.
    Disconnect,
    Error(String),
}

/// Reads stdin on a thread (a blocking read cannot be cancelled; the process ends with the
/// session), escapes it when asked, and reports frames, the escape, EOF and errors.
pub fn spawn_stdin_reader(tx: mpsc::UnboundedSender<StdinEvent>, escape: Option<u8>) {
    let report = tx.clone();
    let spawned = std::thread::Builder::new()
        .name("exec-stdin".into())
        .spawn(move || {
            use std::io::Read;
            let mut esc = escape.map(Escaper::new);
            let mut buf = vec![0u8; STDIN_CHUNK];
            let mut stdin = std::io::stdin().lock();
            loop {
                let n = match stdin.read(&mut buf) {
                    Ok(n) => n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        let _ = tx.send(StdinEvent::Error(format!(
                            "read /dev/stdin: {}",
                            crate::gocompat::os::io_text(&e)
                        )));
                        return;
                    }
                };
                if n == 0 {
                    if let Some(e) = esc.as_mut() {
                        let rest = e.finish();
                        if !rest.is_empty() {
                            let _ = tx.send(StdinEvent::Frame(Input::Stdin(rest)));
                        }
                    }
                    let _ = tx.send(StdinEvent::Frame(Input::StdinClose));
                    return;
                }
                let (data, disconnect) = match esc.as_mut() {
                    Some(e) => e.feed(&buf[..n]),
                    None => (buf[..n].to_vec(), false),
                };
                if !data.is_empty() && tx.send(StdinEvent::Frame(Input::Stdin(data))).is_err() {
                    return;
                }
                if disconnect {
                    let _ = tx.send(StdinEvent::Disconnect);
                    return;
                }
            }
        });
    if let Err(e) = spawned {
        let _ = report.send(StdinEvent::Error(e.to_string()));
    }
}

/// ssh-style escapes (Nomad's `escapingio`): the escape character counts only at the start of
/// the session or after `\n`/`\r`; doubled, it sends one; followed by `.` it disconnects;
/// followed by anything else, both characters pass.
pub struct Escaper {
    esc: u8,
    line_start: bool,
    pending: bool,
}

impl Escaper {
    pub fn new(esc: u8) -> Escaper {
        Escaper {
            esc,
            line_start: true,
            pending: false,
        }
    }

    /// The bytes to send, and whether `<escape>.` was seen (what follows it is dropped).
    pub fn feed(&mut self, input: &[u8]) -> (Vec<u8>, bool) {
        let mut out = Vec::with_capacity(input.len() + 1);
        for &b in input {
            if self.pending {
                self.pending = false;
                if b == self.esc {
                    out.push(b);
                    self.line_start = false;
                } else if b == b'.' {
                    return (out, true);
                } else {
                    out.push(self.esc);
                    out.push(b);
                    self.line_start = b == b'\n' || b == b'\r';
                }
            } else if self.line_start && b == self.esc {
                self.pending = true;
            } else {
                out.push(b);
                self.line_start = b == b'\n' || b == b'\r';
            }
        }
        (out, false)
    }

    /// At the end of input, a held escape character is sent after all.
    pub fn finish(&mut self) -> Vec<u8> {
        if std::mem::take(&mut self.pending) {
            vec![self.esc]
        } else {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Escaper;

    fn run(input: &[&[u8]]) -> (Vec<u8>, bool) {
        let mut e = Escaper::new(b'~');
        let mut out = Vec::new();
        for chunk in input {
            let (d, stop) = e.feed(chunk);
            out.extend(d);
            if stop {
                return (out, true);
            }
        }
        out.extend(e.finish());
        (out, false)
    }

    #[test]
    fn escapes_like_nomad() {
        assert_eq!(run(&[b"~."]), (vec![], true));
        assert_eq!(run(&[b"ls\n~."]), (b"ls\n".to_vec(), true));
        assert_eq!(run(&[b"ls\r~", b"."]), (b"ls\r".to_vec(), true));
        assert_eq!(run(&[b"a~.b"]), (b"a~.b".to_vec(), false));
        assert_eq!(run(&[b"~~.x"]), (b"~.x".to_vec(), false));
        assert_eq!(run(&[b"~x\n~y"]), (b"~x\n~y".to_vec(), false));
        assert_eq!(run(&[b"~\n~."]), (b"~\n".to_vec(), true));
        assert_eq!(run(&[b"x\n~"]), (b"x\n~".to_vec(), false));
        assert_eq!(
            run(&[b"x\n", b"~", b"~", b"~."]),
            (b"x\n~~.".to_vec(), false)
        );
    }
}
