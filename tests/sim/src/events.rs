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

/// The server's event buffer: the last `size` raft indexes that carried events.
#[derive(Clone, Debug)]
pub struct EventBuffer {
    /// Off while a generated cluster is built (Nomad's buffer would have dropped those).
    pub enabled: bool,
    /// Nomad's `event_buffer_size` (default 100 indexes).
    pub size: usize,
    /// Heartbeat interval (Nomad: 30 s).
    pub heartbeat: Duration,
    pub items: VecDeque<(u64, Vec<Event>)>,
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
            write_type: None,
            last_type: "JobRegistered",
        }
    }
}

impl EventBuffer {
    /// Appends an event at `index` (joining that index's batch).
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
        match self.items.back_mut() {
            Some((i, evs)) if *i == index => evs.push(ev),
            _ => {
                self.items.push_back((index, vec![ev]));
                while self.items.len() > self.size.max(1) {
                    self.items.pop_front();
                }
            }
        }
    }

    /// The batches a subscription starting at `index` gets, and their raft indexes: Nomad
    /// starts at that index (inclusive) or the closest newer one; 0 = the oldest held.
    pub fn from_index(&self, index: u64) -> impl Iterator<Item = &(u64, Vec<Event>)> {
        self.items.iter().filter(move |(i, _)| *i >= index)
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
