//! `volume claim list`: Nomad's `VolumeClaimListCommand` (task group host volume claims).

use serde_json::Value;

use crate::api::QueryOptions;
use crate::cli::volume::VolumeClaimListArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{choose, print};
use crate::ctx::Ctx;
use crate::output::gotype::GoType;
use crate::output::{format_list, id_len, limit};

use super::str_of;

pub async fn run(ctx: &mut Ctx, a: &VolumeClaimListArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes either no arguments or one: <id>",
            "volume claim list",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let mut q = QueryOptions::new();
    if let Some(id) = a.args.first().filter(|s| !s.is_empty()) {
        q = q.prefix(id);
    }
    for (k, v) in [
        ("job_id", &a.job),
        ("task_group", &a.group),
        ("volume_name", &a.volume_name),
    ] {
        if !v.is_empty() {
            q = q.param(k, v);
        }
    }
    let claims = match client.host_volume_claims(&q).await {
        Ok((v, _)) => v,
        Err(e) => {
            ctx.ui
                .error(&format!("Error listing task group host volume claims: {e}"));
            return 1;
        }
    };
    match choose(ctx, &a.format) {
        Err(code) => code,
        Ok(Some(f)) => print(ctx, &f, GoType::TaskGroupHostVolumeClaims, &claims),
        Ok(None) => {
            let list = claims.as_array().cloned().unwrap_or_default();
            ctx.ui.output(&render(&list, id_len(a.verbose)));
            0
        }
    }
}

/// `formatClaims`.
pub fn render(claims: &[Value], length: usize) -> String {
    if claims.is_empty() {
        return "No task group host volume claims found".to_string();
    }
    let mut rows = vec!["ID|Namespace|Job ID|Volume ID|Volume Name".to_string()];
    for c in claims {
        rows.push(format!(
            "{}|{}|{}|{}|{}",
            limit(str_of(c, "ID"), length),
            str_of(c, "Namespace"),
            str_of(c, "JobID"),
            limit(str_of(c, "VolumeID"), length),
            str_of(c, "VolumeName"),
        ));
    }
    format_list(&rows)
}
