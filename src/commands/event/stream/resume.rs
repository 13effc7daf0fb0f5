//! Where the stream starts, which frames are shown, and where it resumes after a drop. Pure:
//! the frames in, decisions out.
//!
//! What the server does (Nomad's `nomad/stream`): its buffer holds one frame per write, and
//! one raft index can take several writes (a job registration writes the job, then its
//! evaluation: two frames of one index). Asked for index N, it sends every frame from the
//! first one of index N (or of the next index it holds) on; asked for an index past its
//! newest, it sends its newest frame anyway. So a stream resumed at the last index seen gets
//! that index's frames again from its first one: those already shown are skipped by matching
//! them (frames are compared as JSON values: Go writes maps in random order). If the buffer
//! has meanwhile dropped the first frames of that index, the replay starts further in, and
//! matching finds where.

use bytes::Bytes;

use crate::api::events::{BufferState, NEWEST};

/// Where the first connection starts.
#[derive(Debug, Clone, Copy)]
pub enum Start {
    /// `-index N`: from index N on; nothing below N is shown.
    Index(u64),
    /// From now: the server had applied up to this index when rnomad asked.
    After(u64),
    /// From now, without knowing the server's index: its newest frame, then new ones.
    Newest,
}

/// What to do with a frame.
#[derive(Debug, PartialEq, Eq)]
pub enum Admit {
    Skip,
    /// Show it; with the time it arrived only when that is when it happened.
    Show {
        time_known: bool,
    },
}

/// Which frames arrived as they happened (rather than from the server's buffer).
#[derive(Debug)]
enum Live {
    /// Those above this index: the server had applied it when the stream was opened.
    Above(u64),
    /// All but the first: it may be the newest one the server held.
    AfterFirst,
    /// None are known to.
    Unknown,
}

#[derive(Debug)]
enum Replay {
    Off,
    /// Reconnected: the next frame of the last index starts the server's replay of it.
    Pending,
    /// Frames of the last index are matched against `seen` from this position.
    Matching(usize),
}

#[derive(Debug)]
pub struct Cursor {
    /// The index asked for until a frame has been seen.
    start: u64,
    /// Frames below this index are not shown.
    floor: u64,
    /// The index of the last frame received, and those of its frames received so far.
    last: Option<u64>,
    seen: Vec<Bytes>,
    replay: Replay,
    live: Live,
    connections: u32,
    /// `-index N`: the first connection is compared with the server's buffer too.
    asked_for_index: bool,
    /// Set when a replay of the last index began with a frame never seen.
    gap: Option<u64>,
    /// The index the stream was (re)opened at, until its first frame arrives, when that
    /// opening must be compared with the server's buffer (see `check_from`).
    opened_at: Option<u64>,
    /// Set when the first frame after opening at `from` came from a later index: (from,
    /// that index).
    skipped: Option<(u64, u64)>,
}

impl Cursor {
    pub fn new(start: Start) -> Cursor {
        let asked_for_index = matches!(start, Start::Index(_));
        let (start, floor) = match start {
            Start::Index(n) => (n, n),
            Start::After(x) => (x.saturating_add(1), x.saturating_add(1)),
            Start::Newest => (NEWEST, 0),
        };
        Cursor {
            start,
            floor,
            last: None,
            seen: Vec::new(),
            replay: Replay::Off,
            live: Live::Unknown,
            connections: 0,
            asked_for_index,
            gap: None,
            opened_at: None,
            skipped: None,
        }
    }

    /// The index to open the stream at: the start, then the last index seen (the server
    /// sends it again from its first frame; those already shown are skipped).
    pub fn index_to_ask(&self) -> u64 {
        self.last.unwrap_or(self.start)
    }

    /// A stream has been opened at `index_to_ask()`; `applied` is the server's applied raft
    /// index read just before, when known.
    pub fn connected(&mut self, applied: Option<u64>) {
        self.connections += 1;
        self.opened_at = self.check_from();
        if let Some(l) = self.last {
            self.floor = self.floor.max(l);
            self.replay = Replay::Pending;
        }
        self.live = match applied {
            Some(x) => Live::Above(x),
            None if self.last.is_none() && self.start == NEWEST => Live::AfterFirst,
            None => Live::Unknown,
        };
    }

    /// The index from which events may have been lost while nobody listened: `-index N` at
    /// the start, the resume index after a drop. (From now, events before the first frame
    /// never reached a buffer that rnomad could have read in time.)
    fn check_from(&self) -> Option<u64> {
        let from = self.index_to_ask();
        let asked = self.connections > 1 || self.asked_for_index;
        (asked && from > 0 && from != NEWEST).then_some(from)
    }

    /// Decides about a frame of index `index` (`frame` is its line, kept while it is of the
    /// last index, to recognise it when the server sends it again).
    pub fn admit(&mut self, index: u64, frame: &Bytes) -> Admit {
        if let Some(from) = self.opened_at.take() {
            // The server starts at the first frame of `from` or of the next index it holds:
            // a later one means either that no event had those indexes or that the buffer
            // dropped them, which only the buffer can tell.
            if index > from {
                self.skipped = Some((from, index));
            }
        }
        if index < self.floor || self.last.is_some_and(|l| index < l) {
            return Admit::Skip;
        }
        if self.last == Some(index) {
            if let Replay::Pending = self.replay {
                self.replay = match self.seen.iter().position(|s| same_frame(s, frame)) {
                    Some(k) => Replay::Matching(k),
                    None => {
                        self.gap = Some(index);
                        Replay::Off
                    }
                };
            }
            if let Replay::Matching(p) = self.replay {
                if self.seen.get(p).is_some_and(|s| same_frame(s, frame)) {
                    self.replay = Replay::Matching(p + 1);
                    return Admit::Skip;
                }
                self.replay = Replay::Off;
            }
        } else {
            self.last = Some(index);
            self.seen.clear();
            self.replay = Replay::Off;
        }
        self.seen.push(frame.clone());
        let time_known = match self.live {
            Live::Above(x) => index > x,
            Live::AfterFirst => {
                self.live = Live::Above(index);
                false
            }
            Live::Unknown => false,
        };
        Admit::Show { time_known }
    }

    /// The index whose replay began with a frame never seen: frames of it between the last
    /// one shown and that one, if there were any, are gone.
    pub fn take_gap(&mut self) -> Option<u64> {
        self.gap.take()
    }

    /// (from, first): the stream opened at `from` began at index `first`; whether events
    /// in between are gone depends on the server's buffer (`lost_warning`).
    pub fn take_skipped(&mut self) -> Option<(u64, u64)> {
        self.skipped.take()
    }
}

/// The same frame, written again: the same bytes, or the same JSON value.
fn same_frame(a: &[u8], b: &[u8]) -> bool {
    if a == b {
        return true;
    }
    match (
        serde_json::from_slice::<serde_json::Value>(a),
        serde_json::from_slice::<serde_json::Value>(b),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The warning when a stream opened at `from` began at `first`, given what the server's
/// buffer holds: only a full buffer that starts after `from` has dropped anything.
pub fn lost_warning(from: u64, first: u64, held: BufferState) -> Option<String> {
    (held.full && held.oldest > from).then(|| {
        format!(
            "Events may be missing: the server's event buffer is full; events before index {first}, if any, are gone"
        )
    })
}

/// The warning when the server's buffer dropped the start of an index being resumed.
pub fn gap_warning(index: u64) -> String {
    format!(
        "Events may be missing: the server's event buffer no longer holds all of index {index}; events of index {index} after the last one shown, if there were any, are gone"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::events::recorded;

    /// What a Nomad server sends for `index` from the frames it holds (StartAtClosest):
    /// from the first frame of `index` or the next index held; past its newest, that one.
    fn server_from(held: &[(u64, Bytes)], index: u64) -> Vec<(u64, Bytes)> {
        let from = if index == 0 {
            Some(0)
        } else {
            held.iter().position(|(i, _)| *i >= index)
        };
        match from {
            Some(p) => held[p..].to_vec(),
            None => held.last().cloned().into_iter().collect(),
        }
    }

    /// Feeds frames; returns the lines shown, each with whether its time was known.
    fn feed(c: &mut Cursor, frames: &[(u64, Bytes)]) -> Vec<(Bytes, bool)> {
        frames
            .iter()
            .filter_map(|(i, l)| match c.admit(*i, l) {
                Admit::Show { time_known } => Some((l.clone(), time_known)),
                Admit::Skip => None,
            })
            .collect()
    }

    fn lines(shown: &[(Bytes, bool)]) -> Vec<Bytes> {
        shown.iter().map(|(l, _)| l.clone()).collect()
    }

    /// The same frame as Go might write it again: maps (node attributes, meta) in another
    /// order of keys (serde_json sorts them).
    fn rewritten(l: &Bytes) -> Bytes {
        let v: serde_json::Value = serde_json::from_slice(l).unwrap();
        Bytes::from(serde_json::to_vec(&v).unwrap())
    }

    #[test]
    fn frames_of_one_index_are_all_shown() {
        // Indexes 11, 19 and 23 each come as two frames (Job, then Evaluation).
        let held = recorded::frames("event-stream-split");
        assert_eq!(held.iter().filter(|(i, _)| *i == 11).count(), 2);
        let mut c = Cursor::new(Start::Index(11));
        c.connected(Some(26));
        let shown = feed(&mut c, &held);
        assert_eq!(
            lines(&shown),
            lines(&feed(&mut Cursor::new(Start::Index(0)), &held))
        );
        assert_eq!(shown.len(), held.len());
        // All happened before rnomad connected: no time is claimed.
        assert!(shown.iter().all(|(_, known)| !known));
    }

    #[test]
    fn a_drop_after_any_frame_loses_and_repeats_nothing() {
        let held = recorded::frames("event-stream-index0");
        assert!(held.iter().any(|(_, l)| rewritten(l) != l));
        for cut in 0..=held.len() {
            let mut c = Cursor::new(Start::Index(1));
            c.connected(Some(26));
            let mut shown = lines(&feed(&mut c, &held[..cut]));
            let ask = c.index_to_ask();
            assert_eq!(ask, if cut == 0 { 1 } else { held[cut - 1].0 }, "{cut}");
            c.connected(Some(26));
            let again: Vec<(u64, Bytes)> = server_from(&held, ask)
                .iter()
                .map(|(i, l)| (*i, rewritten(l)))
                .collect();
            shown.extend(lines(&feed(&mut c, &again)));
            let values = |v: &[Bytes]| -> Vec<serde_json::Value> {
                v.iter()
                    .map(|l| serde_json::from_slice(l).unwrap())
                    .collect()
            };
            let want: Vec<Bytes> = held.iter().map(|(_, l)| l.clone()).collect();
            assert_eq!(values(&shown), values(&want), "dropped after frame {cut}");
            assert_eq!(c.take_gap(), None);
        }
    }

    #[test]
    fn a_replay_that_starts_inside_the_index_is_matched() {
        // Buffer of size 4: after one more write it starts with the Evaluation half of 15.
        let before = recorded::frames("event-stream-wrapped");
        let after = recorded::frames("event-stream-wrapped-mid-split");
        assert_eq!((before[0].0, before[1].0, after[0].0), (15, 15, 15));
        assert_eq!(after[0].1, before[1].1);

        // Both halves were shown: the replay's Evaluation half is skipped.
        let mut c = Cursor::new(Start::Index(1));
        c.connected(Some(18));
        feed(&mut c, &before[..2]);
        c.connected(Some(20));
        assert_eq!(c.index_to_ask(), 15);
        let shown = feed(&mut c, &server_from(&after, 15));
        assert_eq!(
            lines(&shown),
            lines(&feed(&mut Cursor::new(Start::Index(16)), &after))
        );
        assert_eq!(c.take_gap(), None);

        // Only the Job half was shown: the Evaluation half is new, and the buffer may have
        // dropped others in between.
        let mut c = Cursor::new(Start::Index(1));
        c.connected(Some(18));
        feed(&mut c, &before[..1]);
        c.connected(Some(20));
        let shown = feed(&mut c, &server_from(&after, 15));
        assert_eq!(lines(&shown)[0], after[0].1);
        assert_eq!(shown.len(), after.len());
        assert_eq!(c.take_gap(), Some(15));
    }

    #[test]
    fn nothing_below_the_index_asked_for() {
        // Past its newest index the server sends its newest frame (26) anyway.
        let past = recorded::frames("event-stream-past-end");
        assert_eq!(past.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [26]);
        let mut c = Cursor::new(Start::Index(1000));
        c.connected(Some(26));
        assert!(feed(&mut c, &past).is_empty());
        // From now (applied 26): the same frame is not shown; a new one is, with its time.
        let mut c = Cursor::new(Start::After(26));
        assert_eq!(c.index_to_ask(), 27);
        c.connected(Some(26));
        assert!(feed(&mut c, &past).is_empty());
        let next = Bytes::from_static(br#"{"Events":[],"Index":27}"#);
        assert_eq!(c.admit(27, &next), Admit::Show { time_known: true });
    }

    #[test]
    fn without_the_servers_index_only_the_first_frame_has_no_time() {
        let past = recorded::frames("event-stream-past-end");
        let mut c = Cursor::new(Start::Newest);
        assert_eq!(c.index_to_ask(), NEWEST);
        c.connected(None);
        assert_eq!(c.admit(26, &past[0].1), Admit::Show { time_known: false });
        let next = Bytes::from_static(br#"{"Events":[],"Index":27}"#);
        assert_eq!(c.admit(27, &next), Admit::Show { time_known: true });
        // `-index` without the server's index: no line can claim a time.
        let mut c = Cursor::new(Start::Index(1));
        c.connected(None);
        assert_eq!(c.admit(26, &past[0].1), Admit::Show { time_known: false });
        assert_eq!(c.admit(27, &next), Admit::Show { time_known: false });
    }

    #[test]
    fn a_later_first_frame_is_checked_for_an_index_asked_for_and_after_drops() {
        let frame = |i: u64| Bytes::from(format!(r#"{{"Events":[],"Index":{i}}}"#));
        let first = |start: Start, index: u64| {
            let mut c = Cursor::new(start);
            c.connected(Some(10));
            c.admit(index, &frame(index));
            c.take_skipped()
        };
        // A fresh agent's indexes 1 to 7 had no events: the buffer tells whether any were lost.
        assert_eq!(first(Start::Index(1), 8), Some((1, 8)));
        assert_eq!(first(Start::Index(8), 8), None);
        assert_eq!(
            first(Start::Index(0), 8),
            None,
            "0 asks for whatever is held"
        );
        assert_eq!(
            first(Start::After(10), 12),
            None,
            "from now: nothing was missed"
        );
        assert_eq!(first(Start::Newest, 12), None);
        // Past the newest index: the server's newest frame, below it.
        assert_eq!(first(Start::Index(1000), 26), None);
        // After a drop, everything since the last index shown.
        let mut c = Cursor::new(Start::After(10));
        c.connected(Some(10));
        c.admit(12, &frame(12));
        c.connected(Some(14));
        assert_eq!(c.index_to_ask(), 12);
        c.admit(14, &frame(14));
        assert_eq!(c.take_skipped(), Some((12, 14)));
        // Only the first frame of a connection counts.
        c.admit(16, &frame(16));
        assert_eq!(c.take_skipped(), None);
    }

    #[test]
    fn warnings_say_what_is_known() {
        let full = BufferState {
            oldest: 15,
            full: true,
        };
        assert_eq!(
            lost_warning(1, 15, full).as_deref(),
            Some("Events may be missing: the server's event buffer is full; events before index 15, if any, are gone")
        );
        assert_eq!(lost_warning(15, 16, full), None, "it holds index 15 on");
        // Not full: the indexes before its oldest frame never had events.
        let fresh = BufferState {
            oldest: 8,
            full: false,
        };
        assert_eq!(lost_warning(1, 8, fresh), None);
    }
}
