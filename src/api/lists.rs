//! Large list bodies (`job status`, `node status` over thousands of entries), decoded while
//! they arrive instead of after the whole body is buffered, into rows that keep only what the
//! tables show.
//!
//! Each chunk is cut into the array's elements as the network delivers it (`elements`), and
//! each element is decoded from its bytes, so decoding overlaps the download and the body is
//! never held whole. The rows check every field exactly as the full list types do (same serde types,
//! same struct names in messages; fields the tables do not show are decoded and dropped), so
//! a body the full types reject gets the same error, word for word, at the same position.

use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use super::elements::{Broken, Elements, Top};
use super::jobs::{JobChildrenSummary, TaskGroupSummary};
use super::{meta_from, Client, Error, QueryMeta, QueryOptions};

/// A field decoded as `T` would be (same checks, same errors) and then dropped.
#[derive(Debug)]
pub struct Checked<T>(PhantomData<T>);

impl<T> Default for Checked<T> {
    fn default() -> Self {
        Checked(PhantomData)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Checked<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(|_| Checked(PhantomData))
    }
}

pub use row::{JobListStub as JobRow, JobSummary as JobSummaryRow};

/// The rows carry the full types' names: serde names the struct in its messages.
mod row {
    use super::*;

    /// A `JobListStub` as the job list table needs it (checked as `JobListStub` is).
    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    pub struct JobListStub {
        #[serde(rename = "ID")]
        pub id: String,
        #[serde(rename = "ParentID")]
        parent_id: Checked<String>,
        #[serde(rename = "Name")]
        name: Checked<String>,
        #[serde(rename = "Namespace")]
        pub namespace: String,
        #[serde(rename = "Type")]
        pub job_type: String,
        #[serde(rename = "Priority")]
        pub priority: i64,
        #[serde(rename = "Periodic")]
        pub periodic: bool,
        #[serde(rename = "ParameterizedJob")]
        pub parameterized_job: bool,
        #[serde(rename = "Stop")]
        pub stop: bool,
        #[serde(rename = "Status")]
        pub status: String,
        #[serde(rename = "JobSummary")]
        pub job_summary: Option<JobSummary>,
        #[serde(rename = "SubmitTime")]
        pub submit_time: i64,
    }

    /// A list stub's `JobSummary`, of which the table shows the namespace.
    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    pub struct JobSummary {
        #[serde(rename = "JobID")]
        job_id: Checked<String>,
        #[serde(rename = "Namespace")]
        pub namespace: String,
        #[serde(rename = "Summary")]
        summary: Checked<Option<BTreeMap<String, TaskGroupSummary>>>,
        #[serde(rename = "Children")]
        children: Checked<Option<JobChildrenSummary>>,
    }
}

impl Client {
    /// GET a list and decode it while the body arrives, element by element
    /// (`elements::Elements`): the same value as `get::<Option<Vec<E>>>`, without holding the
    /// body. A body that does not decode is asked for again through `get`, whose error texts
    /// (positions as serde_json counts them over the whole body) are the ones users see; only
    /// a broken server pays that second request. (The request and its limits are `stream`'s:
    /// a non-200 answer whose body breaks off reads as empty, as streams do.)
    pub async fn get_list_streamed<E: DeserializeOwned>(
        &self,
        path: &str,
        q: &QueryOptions,
    ) -> Result<(Option<Vec<E>>, QueryMeta), Error> {
        let mut list = Vec::new();
        let (read, meta) = self.read_list(path, q, &mut |e| list.push(e)).await?;
        match read {
            Ok(Top::Array) => Ok((Some(list), meta)),
            Ok(Top::Null) => Ok((None, meta)),
            Err(Broken) => self.get(path, q).await,
        }
    }

    /// GET a list and hand each element to `sink` as soon as it is decoded, holding nothing
    /// else: for output written while the list arrives. A body that does not decode is an
    /// error (serde_json's words for the whole body, asked for again), after the elements
    /// before the break have been handed over.
    pub async fn get_list_each<E: DeserializeOwned>(
        &self,
        path: &str,
        q: &QueryOptions,
        sink: &mut impl FnMut(E),
    ) -> Result<(Top, QueryMeta), Error> {
        let (read, meta) = self.read_list(path, q, sink).await?;
        match read {
            Ok(top) => Ok((top, meta)),
            Err(Broken) => match self.get::<Option<Vec<E>>>(path, q).await {
                Err(e) => Err(e),
                Ok(_) => Err(Error::Decode(
                    "the list changed while it was read; run the command again".into(),
                )),
            },
        }
    }

    /// Reads a list body to its end, decoding elements into `sink` as they complete.
    async fn read_list<E: DeserializeOwned>(
        &self,
        path: &str,
        q: &QueryOptions,
        sink: &mut impl FnMut(E),
    ) -> Result<(Result<Top, Broken>, QueryMeta), Error> {
        let mut resp = self.stream(path, q).await?;
        let meta = meta_from(resp.headers());
        let mut cut = Elements::<E>::default();
        let mut broken = false;
        // Read to the end even once the list is known to be broken: a broken or silent body
        // is reported as such, as when the body is read first and decoded after (`send`).
        let silence = self.config.timeouts.silence();
        loop {
            let Some(read) = super::policy::within(silence, resp.chunk()).await else {
                let url = self.url(path, q);
                return Err(self.timed_out("GET", &url, super::policy::silent(silence)));
            };
            match read {
                Ok(Some(c)) => {
                    broken = broken || cut.push(&c, sink).is_err();
                }
                Ok(None) => break,
                // Go's decoder meeting a short body.
                Err(_) => return Err(Error::Decode("unexpected EOF".into())),
            }
        }
        let end = if broken { Err(Broken) } else { cut.end(sink) };
        Ok((end, meta))
    }

    /// A list the Go client sorts newest first (`AllocIndexSort`, `EvalIndexSort`,
    /// `DeploymentIndexSort`), read as it arrives: `keep` makes what is held of each element
    /// (a table row, or the element's own bytes for `-json`), and the kept parts come back in
    /// the Go client's order (`gocompat::sort`, its order among equal indexes included, with
    /// the key `CreateIndex` read as `Value::as_u64` reads it). `None` for a `null` body.
    /// The order needs every key, so nothing can be written before the list has ended.
    pub async fn newest_first<K>(
        &self,
        path: &str,
        q: &QueryOptions,
        keep: &mut impl FnMut(Box<RawValue>) -> K,
    ) -> Result<(Option<Vec<K>>, QueryMeta), Error> {
        let mut kept = Vec::new();
        let (top, meta) = self
            .get_list_each::<Box<RawValue>>(path, q, &mut |raw| {
                let key = create_index(&raw);
                kept.push((key, keep(raw)));
            })
            .await?;
        crate::gocompat::sort::sort(&mut kept, |a, b| a.0 > b.0);
        let list = (top == Top::Array).then(|| kept.into_iter().map(|(_, k)| k).collect());
        Ok((list, meta))
    }

    /// `/v1/jobs` as rows for the list table, sorted as `jobs` sorts them.
    pub async fn job_rows(&self, q: &QueryOptions) -> Result<(Vec<JobRow>, QueryMeta), Error> {
        let (v, m) = self.get_list_streamed::<JobRow>("/v1/jobs", q).await?;
        let mut v = v.unwrap_or_default();
        crate::gocompat::sort::sort(&mut v, |a, b| a.id < b.id);
        Ok((v, m))
    }

    /// `/v1/nodes`, decoded as it arrives, sorted as `nodes` sorts it.
    pub async fn nodes_streamed(
        &self,
        q: &QueryOptions,
    ) -> Result<(Vec<super::nodes::NodeListStub>, QueryMeta), Error> {
        let (v, m) = self
            .get_list_streamed::<super::nodes::NodeListStub>("/v1/nodes", q)
            .await?;
        let mut v = v.unwrap_or_default();
        crate::gocompat::sort::sort(&mut v, |a, b| a.create_index > b.create_index);
        Ok((v, m))
    }
}

/// An element's `CreateIndex` as `Value::as_u64` reads it: 0 when absent, not an object or
/// not an unsigned integer.
pub fn create_index(raw: &RawValue) -> u64 {
    #[derive(Deserialize)]
    struct Key {
        #[serde(rename = "CreateIndex", default)]
        create_index: serde_json::Value,
    }
    match serde_json::from_str::<Key>(raw.get()) {
        Ok(k) => k.create_index.as_u64().unwrap_or(0),
        // A repeated key: `Value` keeps the last one.
        Err(_) => serde_json::from_str::<serde_json::Value>(raw.get())
            .ok()
            .and_then(|v| v.get("CreateIndex")?.as_u64())
            .unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::jobs::JobListStub;

    fn whole<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
        crate::api::decode::<T>(body).map_err(|e| e.to_string())
    }

    fn streamed<E: DeserializeOwned>(body: &[u8], chunk: usize) -> Option<Option<Vec<E>>> {
        crate::api::elements::decode_pieces::<E>(body.chunks(chunk.max(1)))
    }

    const STUB: &str = r#"{"CreateIndex":2016,"Datacenters":["*"],"ID":"api","JobModifyIndex":2016,"JobSummary":{"Children":{"Dead":0,"Pending":0,"Running":0},"CreateIndex":2016,"JobID":"api","ModifyIndex":2021,"Namespace":"default","Summary":{"api":{"Complete":0,"Failed":1,"Lost":0,"Queued":0,"Running":4,"Starting":0,"Unknown":0}}},"Meta":{"team":"edge"},"ModifyIndex":2025,"Multiregion":null,"Name":"api","Namespace":"default","NodePool":"default","ParameterizedJob":false,"ParentID":"","Periodic":false,"Priority":50,"Status":"running","StatusDescription":"","Stop":false,"SubmitTime":1794731704292612866,"Type":"service"}"#;

    /// Every way of breaking one value of the stub, and of breaking the body around it.
    fn bodies() -> Vec<String> {
        let two = format!("[{STUB},\n  {STUB}]");
        let mut out = vec![
            two.clone(),
            "null".into(),
            "[]".into(),
            "".into(),
            " ".into(),
            "{}".into(),
            "[1]".into(),
            "[{}]".into(),
            format!("{two} x"),
            format!("{two}\n"),
            two[..two.len() / 2].to_string(),
            two.replace("\"api\"", "\"a\\u00e9\\ud800\""),
            two.replace("\"api\"", "\"a\\q\""),
            two.replace("\"ID\"", "\"ID\":1,\"ID\""),
        ];
        // Syntax: each byte dropped, or replaced by a stray one.
        for i in 0..two.len() {
            if !two.is_char_boundary(i) || !two.is_char_boundary(i + 1) {
                continue;
            }
            out.push(format!("{}{}", &two[..i], &two[i + 1..]));
            for stray in ["}", "x", "\n"] {
                out.push(format!("{}{stray}{}", &two[..i], &two[i + 1..]));
            }
        }
        // Each scalar in turn replaced by values of other types.
        let bytes = two.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b':' {
                let end = bytes[i + 1..]
                    .iter()
                    .position(|b| matches!(b, b',' | b'}' | b']'))
                    .map(|p| p + i + 1)
                    .unwrap_or(bytes.len());
                let value = &two[i + 1..end];
                if !value.starts_with('{') && !value.starts_with('[') {
                    for repl in [
                        "\"s\"", "7", "-1", "1.5", "true", "null", "{}", "[]", "1e999",
                    ] {
                        out.push(format!("{}{repl}{}", &two[..i + 1], &two[end..]));
                    }
                }
                // Objects and arrays replaced whole.
                if value.starts_with('{') || value.starts_with('[') {
                    let mut depth = 0;
                    let mut j = i + 1;
                    while j < bytes.len() {
                        match bytes[j] {
                            b'{' | b'[' => depth += 1,
                            b'}' | b']' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                        j += 1;
                    }
                    for repl in ["\"s\"", "7", "null", "[]", "{}", "{\"x\":\"y\"}"] {
                        out.push(format!("{}{repl}{}", &two[..i + 1], &two[j + 1..]));
                    }
                }
            }
            i += 1;
        }
        out
    }

    fn table_fields(f: &[JobListStub]) -> Vec<String> {
        f.iter()
            .map(|f| {
                format!(
                    "{:?}",
                    (
                        &f.id,
                        &f.namespace,
                        &f.job_type,
                        f.priority,
                        f.periodic,
                        f.parameterized_job,
                        f.stop,
                        &f.status,
                        f.submit_time,
                        f.job_summary.as_ref().map(|s| &s.namespace),
                    )
                )
            })
            .collect()
    }

    fn row_fields(r: &[JobRow]) -> Vec<String> {
        r.iter()
            .map(|r| {
                format!(
                    "{:?}",
                    (
                        &r.id,
                        &r.namespace,
                        &r.job_type,
                        r.priority,
                        r.periodic,
                        r.parameterized_job,
                        r.stop,
                        &r.status,
                        r.submit_time,
                        r.job_summary.as_ref().map(|s| &s.namespace),
                    )
                )
            })
            .collect()
    }

    #[test]
    fn job_rows_accept_and_reject_as_job_list_stubs_do() {
        for body in bodies() {
            // The rows accept what the full stubs accept, and fail with the same words.
            let full = whole::<Option<Vec<JobListStub>>>(body.as_bytes())
                .map(|v| table_fields(v.as_deref().unwrap_or_default()));
            let rows = whole::<Option<Vec<JobRow>>>(body.as_bytes())
                .map(|v| row_fields(v.as_deref().unwrap_or_default()));
            assert_eq!(full, rows, "{body}");
            // Streamed, in any chunks, they decode to the same rows or not at all.
            for chunk in [5, 4096] {
                let streamed = streamed::<JobRow>(body.as_bytes(), chunk)
                    .map(|v| row_fields(v.as_deref().unwrap_or_default()));
                assert_eq!(rows.as_ref().ok(), streamed.as_ref(), "{body}");
            }
        }
    }

    #[test]
    fn nodes_decode_alike_whole_or_streamed() {
        let node = r#"{"Address":"10.0.0.1","ID":"f1","Attributes":{"os.name":"ubuntu"},"Datacenter":"dc1","Name":"n1","NodeClass":"","NodePool":"default","Version":"1.10.5","Drain":false,"SchedulingEligibility":"eligible","Status":"ready","CreateIndex":7}"#;
        for body in [
            format!("[{node},{node}]"),
            format!("[{node},{}]", node.replace("7}", "\"7\"}")),
            format!("[{node}"),
        ] {
            let full = whole::<Option<Vec<super::super::nodes::NodeListStub>>>(body.as_bytes())
                .map(|v| format!("{v:?}"));
            let part = streamed::<super::super::nodes::NodeListStub>(body.as_bytes(), 5)
                .map(|v| format!("{v:?}"));
            assert_eq!(full.ok(), part);
        }
    }
}
