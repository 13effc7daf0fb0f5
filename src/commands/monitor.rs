//! `monitor`: streams an agent's log lines as they arrive.

use std::io::Write;

use crate::api::stream::FrameDecoder;
use crate::api::{Client, QueryOptions};
use crate::cli::{GlobalArgs, MonitorArgs};
use crate::ctx::Ctx;
use crate::output::signal::interrupted;

const HELP: &str = "==> For additional help try 'nomad monitor -help'";

pub async fn run(ctx: &mut Ctx, a: &MonitorArgs) -> i32 {
    if !a.args.is_empty() {
        ctx.ui.error("==> This command takes no arguments");
        ctx.ui.error(HELP);
        return 1;
    }
    let (client, node_id) = match client_and_node(ctx, &a.global, &a.node_id, HELP).await {
        Ok(v) => v,
        Err(code) => return code,
    };
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

/// The client, and the node `-node-id` names (found by prefix; empty when not given), with
/// the monitor commands' error lines; `Err(exit code)` once reported.
pub async fn client_and_node(
    ctx: &mut Ctx,
    global: &GlobalArgs,
    node: &str,
    help: &str,
) -> Result<(Client, String), i32> {
    let client = match ctx.client(global) {
        Ok(c) => c,
        Err(e) => {
            ctx.ui.error(&format!("==> Error initializing client: {e}"));
            ctx.ui.error(help);
            return Err(1);
        }
    };
    if node.is_empty() {
        return Ok((client, String::new()));
    }
    match crate::commands::node::lookup_node_id(&client, node).await {
        Ok(id) => Ok((client, id)),
        Err(e) => {
            ctx.ui.error(&format!("==> {e}"));
            Err(1)
        }
    }
}

pub enum StreamError {
    Start(String),
    Read(String),
}

/// Streams `/v1/agent/monitor` with the query given, writing each frame's data to stdout as
/// it arrives; ends when the agent closes the stream.
pub async fn stream(client: &Client, q: &QueryOptions) -> Result<(), StreamError> {
    let resp = client
        .agent_monitor(q)
        .await
        .map_err(|e| StreamError::Start(e.to_string()))?;
    copy_frames(client, resp, &mut 0).await
}

/// Writes the data of each frame of a started stream to stdout as it arrives, counting the
/// bytes in `written` (kept when the copy is cut short); ends when the agent closes the stream.
pub async fn copy_frames(
    client: &Client,
    mut resp: reqwest::Response,
    written: &mut u64,
) -> Result<(), StreamError> {
    let mut dec = FrameDecoder::default();
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
        let frames = dec
            .push(&chunk)
            .map_err(|e| StreamError::Read(e.to_string()))?;
        for f in frames {
            *written += f.data.len() as u64;
            let _ = out.write_all(&f.data);
            let _ = out.flush();
        }
    }
}
