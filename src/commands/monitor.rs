//! `monitor`: streams an agent's log lines as they arrive.

use std::io::Write;

use serde_json::Value;

use crate::api::{Client, QueryOptions};
use crate::cli::MonitorArgs;
use crate::ctx::Ctx;

const HELP: &str = "==> For additional help try 'nomad monitor -help'";

pub async fn run(ctx: &mut Ctx, a: &MonitorArgs) -> i32 {
    if !a.args.is_empty() {
        ctx.ui.error("==> This command takes no arguments");
        ctx.ui.error(HELP);
        return 1;
    }
    let client = match ctx.client(&a.global) {
        Ok(c) => c,
        Err(e) => {
            ctx.ui.error(&format!("==> Error initializing client: {e}"));
            ctx.ui.error(HELP);
            return 1;
        }
    };
    let mut node_id = String::new();
    if !a.node_id.is_empty() {
        match crate::commands::node::lookup_node_id(&client, &a.node_id).await {
            Ok(id) => node_id = id,
            Err(e) => {
                ctx.ui.error(&format!("==> {e}"));
                return 1;
            }
        }
    }
    let q = QueryOptions::new()
        .param("log_level", &a.log_level)
        .param("log_json", &a.json.to_string())
        .param("log_include_location", &a.log_include_location.to_string())
        .param("node_id", &node_id)
        .param("server_id", &a.server_id);
    // Ctrl-C or SIGTERM close the stream and end the command with 0, as Nomad's does.
    let result = tokio::select! {
        r = stream(&client, &q) => r,
        _ = interrupted() => Ok(()),
    };
    match result {
        Ok(()) => 0,
        Err(StreamError::Start(e)) => {
            ctx.ui.error(&format!("==> Error starting monitor: {e}"));
            ctx.ui.error(HELP);
            1
        }
        Err(StreamError::Read(e)) => {
            ctx.ui.error(&format!("==> error monitoring logs: {e}"));
            1
        }
    }
}

/// Resolves on SIGINT or SIGTERM.
async fn interrupted() {
    use tokio::signal::unix::{signal, SignalKind};
    let (Ok(mut int), Ok(mut term)) = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = int.recv() => {}
        _ = term.recv() => {}
    }
}

pub enum StreamError {
    Start(String),
    Read(String),
}

/// Streams `/v1/agent/monitor` with the query given, writing each frame's data to stdout as
/// it arrives; ends when the agent closes the stream.
pub async fn stream(client: &Client, q: &QueryOptions) -> Result<(), StreamError> {
    let mut resp = client
        .stream("/v1/agent/monitor", q)
        .await
        .map_err(|e| StreamError::Start(e.to_string()))?;
    let mut buf: Vec<u8> = Vec::new();
    let mut out = std::io::stdout();
    let silence = client.stream_silence();
    loop {
        let chunk = crate::api::policy::within(silence, resp.chunk())
            .await
            .ok_or_else(|| StreamError::Read(crate::api::policy::silent(silence)))?
            .map_err(|e| StreamError::Read(crate::api::policy::broken_text(&e)))?;
        let Some(chunk) = chunk else {
            return Ok(());
        };
        buf.extend_from_slice(&chunk);
        let consumed = {
            let mut it = serde_json::Deserializer::from_slice(&buf).into_iter::<Value>();
            let mut consumed = 0;
            loop {
                match it.next() {
                    Some(Ok(frame)) => {
                        consumed = it.byte_offset();
                        if let Some(data) = frame["Data"].as_str() {
                            let bytes = base64_decode(data);
                            let _ = out.write_all(&bytes);
                            let _ = out.flush();
                        }
                    }
                    Some(Err(e)) if e.is_eof() => break,
                    Some(Err(e)) => return Err(StreamError::Read(e.to_string())),
                    None => break,
                }
            }
            consumed
        };
        buf.drain(..consumed);
    }
}

/// Standard base64 (Go's encoding of `[]byte` in JSON); invalid characters are skipped.
pub fn base64_decode(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => continue,
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn decodes_base64() {
        assert_eq!(super::base64_decode("aGVsbG8gd29ybGQK"), b"hello world\n");
        assert_eq!(super::base64_decode("YQ=="), b"a");
        assert_eq!(super::base64_decode("YWI="), b"ab");
    }
}
