//! The event stream: every state change appends the events Nomad would emit (one batch per
//! raft index) to a bounded buffer, and `GET /v1/event/stream` serves them as ndjson frames
//! `{"Index":N,"Events":[…]}` with `{}` heartbeats, honouring topic/key, namespace and index
//! the way Nomad's event broker does (`nomad/stream/` in Nomad v1.10.5).

use serde_json::{json, Value};
use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;

/// One event, as `structs.Event`.
#[derive(Clone, Debug)]
pub struct Event {
    pub topic: &'static str,
    pub kind: String,
    pub key: String,
    pub namespace: String,
    pub filter_keys: Vec<String>,
    pub index: u64,
    pub payload: Value,
}

impl Event {
    pub fn to_json(&self) -> Value {
        json!({
            "Topic": self.topic, "Type": self.kind, "Key": self.key,
            "Namespace": self.namespace,
            "FilterKeys": if self.filter_keys.is_empty() { Value::Null } else { json!(self.filter_keys) },
            "Index": self.index, "Payload": self.payload,
        })
    }
}

/// One frame: its raft index and events.
pub type Batch = (u64, Vec<Event>);

/// The server's event buffer, as Nomad's `nomad/stream` keeps it: one frame per write, and a
/// raft index can take several writes (a job registration writes the job, then its
/// evaluation: two frames of one index). It starts with an empty sentinel frame that counts
/// for nothing; once `size` frames were appended, each new one drops the oldest, so a full
/// buffer holds `size` + 1 frames (recorded: tests/fixtures/nomad-1.10.5, event-stream-*).
#[derive(Clone, Debug)]
pub struct EventBuffer {
    /// Off while a generated cluster is built (Nomad's buffer would have dropped those).
    pub enabled: bool,
    /// Nomad's `event_buffer_size` (default 100).
    pub size: usize,
    /// Heartbeat interval (Nomad: 30 s).
    pub heartbeat: Duration,
    /// The frames held, oldest first: (raft index, events).
    pub items: VecDeque<Batch>,
    /// How many frames were ever appended: the sequence number of the next one.
    pub appended: u64,
    /// The next event starts a frame of its own even at the index of the last one.
    pub new_write: bool,
    /// The Type of the write in progress; None = each table's usual Type.
    pub write_type: Option<&'static str>,
    /// The Type of the last event, used for side effects of a write (job status changes).
    pub last_type: &'static str,
}

impl Default for EventBuffer {
    fn default() -> Self {
        EventBuffer {
            enabled: false,
            size: 100,
            heartbeat: Duration::from_secs(30),
            items: VecDeque::new(),
            appended: 0,
            new_write: false,
            write_type: None,
            last_type: "JobRegistered",
        }
    }
}

impl EventBuffer {
    /// Appends an event at `index`: to the last frame when it is of the same index and the
    /// same write, else as a new frame.
    #[allow(clippy::too_many_arguments)]
    pub fn emit(
        &mut self,
        index: u64,
        topic: &'static str,
        default_type: &'static str,
        key: &str,
        namespace: &str,
        filter_keys: Vec<String>,
        payload: impl FnOnce() -> Value,
    ) {
        if !self.enabled {
            return;
        }
        let kind = self.write_type.unwrap_or(default_type);
        self.last_type = kind;
        let ev = Event {
            topic,
            kind: kind.to_string(),
            key: key.to_string(),
            namespace: namespace.to_string(),
            filter_keys,
            index,
            payload: payload(),
        };
        let new_write = std::mem::take(&mut self.new_write);
        match self.items.back_mut() {
            Some((i, evs)) if *i == index && !new_write => evs.push(ev),
            _ => {
                self.items.push_back((index, vec![ev]));
                self.appended += 1;
                while self.items.len() > self.size.max(1) + 1 {
                    self.items.pop_front();
                }
            }
        }
    }

    /// The sequence number of the oldest frame held (`appended` when none is).
    pub fn first_seq(&self) -> u64 {
        self.appended - self.items.len() as u64
    }

    /// Where a subscription asking for `index` starts (a sequence number), as Nomad's
    /// `StartAtClosest`: 0 = the oldest frame held; else the first frame of `index` or of the
    /// closest newer index; past the newest index, the newest frame all the same.
    pub fn start_at(&self, index: u64) -> u64 {
        let first = self.first_seq();
        if index == 0 {
            return first;
        }
        match self.items.iter().position(|(i, _)| *i >= index) {
            Some(k) => first + k as u64,
            None => first + (self.items.len() as u64).saturating_sub(1),
        }
    }

    /// The frames from sequence number `seq` on, each with its sequence number; None when
    /// the buffer has dropped `seq` (a subscriber that fell behind).
    pub fn from_seq(&self, seq: u64) -> Option<Vec<(u64, &Batch)>> {
        let first = self.first_seq();
        if seq < first {
            return None;
        }
        Some(
            self.items
                .iter()
                .enumerate()
                .skip((seq - first) as usize)
                .map(|(k, f)| (first + k as u64, f))
                .collect(),
        )
    }

    /// The frames a subscription asking for `index` gets first.
    pub fn from_index(&self, index: u64) -> impl Iterator<Item = &Batch> {
        let skip = (self.start_at(index) - self.first_seq()) as usize;
        self.items.iter().skip(skip)
    }
}

/// A subscription's filter: topic → keys, and namespaces (None = all).
#[derive(Clone, Debug, Default)]
pub struct Subscription {
    pub topics: BTreeMap<String, Vec<String>>,
    pub namespaces: Option<Vec<String>>,
}

impl Subscription {
    /// Parses the `topic` parameters; an error is Nomad's 400 text.
    pub fn parse_topics(raw: &[String]) -> Result<BTreeMap<String, Vec<String>>, String> {
        let mut topics: BTreeMap<String, Vec<String>> = BTreeMap::new();
        if raw.is_empty() {
            topics.insert("*".into(), vec!["*".into()]);
        }
        for t in raw {
            let parts: Vec<&str> = t.split(':').collect();
            let (topic, key) = match parts.as_slice() {
                [topic] => (*topic, "*"),
                [topic, key] => (*topic, *key),
                _ => {
                    return Err(format!(
                        "Invalid topic query: error parsing topics: Invalid key value pair for topic, topic: {t}"
                    ))
                }
            };
            topics
                .entry(topic.to_string())
                .or_default()
                .push(key.to_string());
        }
        Ok(topics)
    }

    /// The events of a batch that pass, repeated when they match several keys (as Nomad).
    pub fn filter<'a>(&self, events: &'a [Event]) -> Vec<&'a Event> {
        let mut out = Vec::new();
        for ev in events {
            if !ev.namespace.is_empty() {
                if let Some(ns) = &self.namespaces {
                    if !ns.iter().any(|n| n == &ev.namespace) {
                        continue;
                    }
                }
            }
            let star = self.topics.get("*").cloned().unwrap_or_default();
            if star == ["*"] {
                out.push(ev);
                continue;
            }
            let mut keys = star;
            match self.topics.get(ev.topic) {
                Some(k) => keys.extend(k.iter().cloned()),
                None if keys.is_empty() => continue,
                None => {}
            }
            if keys == ["*"] {
                out.push(ev);
                continue;
            }
            for k in &keys {
                if &ev.key == k {
                    out.push(ev);
                }
                for fk in &ev.filter_keys {
                    if fk == k {
                        out.push(ev);
                    }
                }
            }
        }
        out
    }
}

/// One ndjson frame for a batch, or None when nothing passes.
pub fn frame(sub: &Subscription, index: u64, events: &[Event]) -> Option<Vec<u8>> {
    let evs = sub.filter(events);
    if evs.is_empty() {
        return None;
    }
    let body = json!({
        "Index": index,
        "Events": evs.iter().map(|e| e.to_json()).collect::<Vec<_>>(),
    });
    let mut b = serde_json::to_vec(&body).ok()?;
    b.push(b'\n');
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(topic: &'static str, key: &str, ns: &str, fk: &[&str]) -> Event {
        Event {
            topic,
            kind: "T".into(),
            key: key.into(),
            namespace: ns.into(),
            filter_keys: fk.iter().map(|s| s.to_string()).collect(),
            index: 1,
            payload: Value::Null,
        }
    }

    fn sub(topics: &[&str], ns: Option<&[&str]>) -> Subscription {
        let raw: Vec<String> = topics.iter().map(|s| s.to_string()).collect();
        Subscription {
            topics: Subscription::parse_topics(&raw).unwrap(),
            namespaces: ns.map(|n| n.iter().map(|s| s.to_string()).collect()),
        }
    }

    fn buffer(size: usize) -> EventBuffer {
        EventBuffer {
            enabled: true,
            size,
            ..Default::default()
        }
    }

    fn write(b: &mut EventBuffer, index: u64) {
        b.new_write = true;
        b.emit(index, "Node", "NodeDrain", "n1", "", vec![], || Value::Null);
    }

    fn held(b: &EventBuffer) -> Vec<u64> {
        b.items.iter().map(|(i, _)| *i).collect()
    }

    #[test]
    fn a_full_buffer_holds_one_frame_more_than_its_size() {
        // Recorded with event_buffer_size = 4 (fixtures INDEX.md, agent 2): after writes at
        // 8 to 12 it held 8-12; one more, 9-13.
        let mut b = buffer(4);
        for i in 8..=12 {
            write(&mut b, i);
        }
        assert_eq!(held(&b), [8, 9, 10, 11, 12]);
        write(&mut b, 13);
        assert_eq!(held(&b), [9, 10, 11, 12, 13]);
        assert_eq!((b.appended, b.first_seq()), (6, 1));
    }

    #[test]
    fn a_write_at_the_same_index_is_a_frame_of_its_own() {
        let mut b = buffer(100);
        write(&mut b, 11);
        write(&mut b, 11);
        // Events of one write join its frame.
        b.emit(12, "Job", "PlanResult", "j", "default", vec![], || {
            Value::Null
        });
        b.emit(
            12,
            "Evaluation",
            "PlanResult",
            "e",
            "default",
            vec![],
            || Value::Null,
        );
        assert_eq!(held(&b), [11, 11, 12]);
        assert_eq!(b.items[2].1.len(), 2);
    }

    #[test]
    fn subscriptions_start_where_nomad_starts_them() {
        let mut b = buffer(100);
        // An empty buffer: new frames only, whatever the index.
        assert_eq!((b.start_at(0), b.start_at(5)), (0, 0));
        for i in [8, 9, 11, 11, 12] {
            write(&mut b, i);
        }
        let first = |index| {
            b.from_index(index)
                .map(|(i, e)| (*i, e.len()))
                .collect::<Vec<_>>()
        };
        assert_eq!(first(0).len(), 5);
        assert_eq!(
            first(1).len(),
            5,
            "indexes before the oldest: from the oldest"
        );
        // An index of several frames: from its first one.
        assert_eq!(b.start_at(11), 2);
        assert_eq!(
            b.start_at(10),
            2,
            "an index without events: the next one held"
        );
        // Past the newest index: the newest frame all the same (event-stream-past-end).
        assert_eq!(first(1000), [(12, 1)]);
        assert_eq!(b.start_at(u64::MAX), 4);
        // A subscriber whose next frame was dropped gets nothing more.
        let mut small = buffer(1);
        for i in 1..=4 {
            write(&mut small, i);
        }
        assert!(small.from_seq(1).is_none());
        assert_eq!(small.from_seq(2).map(|v| v.len()), Some(2));
    }

    #[test]
    fn filters_like_nomad() {
        let evs = vec![
            ev("Job", "web", "default", &[]),
            ev("Job", "db", "default", &[]),
            ev("Allocation", "a1", "default", &["web", "d1"]),
            ev("Node", "n1", "", &[]),
            ev("Job", "web", "prod", &[]),
        ];
        let n = |s: &Subscription| s.filter(&evs).len();
        assert_eq!(n(&sub(&[], Some(&["default"]))), 4);
        assert_eq!(n(&sub(&["Job:web"], Some(&["default"]))), 1);
        assert_eq!(n(&sub(&["Job:*", "Job:web"], Some(&["default"]))), 1);
        assert_eq!(n(&sub(&["*:web"], Some(&["default"]))), 2);
        assert_eq!(n(&sub(&["Node"], Some(&["default"]))), 1);
        assert_eq!(n(&sub(&["Job"], None)), 3);
        assert!(Subscription::parse_topics(&["a:b:c".into()]).is_err());
    }
}
