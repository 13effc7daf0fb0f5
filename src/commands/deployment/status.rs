//! `deployment status` (Nomad's `DeploymentStatusCommand`), with `-monitor`.

use serde_json::Value;

use crate::api::deployments::Deployment;
use crate::api::{Client, Listing, QueryOptions};
use crate::cli::deployment::DeploymentStatusArgs;
use crate::commands::common::{show_hint, start_hint_check, usage_error, watch, HintFlags};
use crate::commands::data;
use crate::commands::job::sort_by_create_index_desc;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::monitor::{clock, format_deployment, watch_deployment};
use crate::output::gotype::GoType;
use crate::output::{id_len, limit};
use crate::views::deployments::format_deployments;

/// `getDeployment`: one deployment for an ID or prefix, or Nomad's error text.
pub async fn lookup(client: &Client, id: &str, len: usize) -> Result<Value, String> {
    let wrap = |e: String| format!("Error retrieving deployment: {e}");
    if id.len() == 36 {
        return client
            .deployment::<Value>(id, &QueryOptions::new())
            .await
            .map(|(v, _)| v)
            .map_err(|e| wrap(e.to_string()));
    }
    let mut p: String = id.chars().filter(|c| *c != '-').collect();
    if p.len() == 1 {
        return Err(wrap(
            "Identifier must contain at least two characters.".into(),
        ));
    }
    if p.len() % 2 == 1 {
        p.pop();
    }
    let mut list = client
        .list::<Option<Vec<Value>>>(Listing::Deployments, &QueryOptions::new().prefix(&p))
        .await
        .map(|(v, _)| v.unwrap_or_default())
        .map_err(|e| wrap(e.to_string()))?;
    sort_by_create_index_desc(&mut list);
    match list.len() {
        0 => Err(wrap(format!(
            "Deployment ID {} matched no deployments",
            quote(&p)
        ))),
        1 => Ok(list.remove(0)),
        _ => {
            let ds: Vec<Deployment> = list
                .into_iter()
                .filter_map(|v| serde_json::from_value(v).ok())
                .collect();
            Err(format!(
                "Prefix matched multiple deployments\n\n{}",
                format_deployments(&ds, len)
            ))
        }
    }
}

pub async fn run(ctx: &mut Ctx, a: &DeploymentStatusArgs) -> i32 {
    if a.watch.watch {
        let Some(client) = ctx.connect(&a.global) else {
            return 1;
        };
        let paths = crate::watch::by_prefix(Listing::Deployments, a.args.first());
        return watch(
            ctx,
            &client,
            &a.watch,
            "deployment status",
            paths,
            async |ctx: &mut Ctx| run_once(ctx, a).await,
        )
        .await;
    }
    run_once(ctx, a).await
}

async fn run_once(ctx: &mut Ctx, a: &DeploymentStatusArgs) -> i32 {
    if a.monitor && a.format.is_data() {
        ctx.ui
            .error("The monitor flag cannot be used with the '-json' or '-t' flags");
        return 1;
    }
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <deployment id>",
            "deployment status",
        );
    }
    let format = match data::choose(ctx, &a.format) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let len = id_len(a.verbose);
    if a.args.is_empty() {
        let mut raw = match client
            .list::<Option<Vec<Value>>>(Listing::Deployments, &QueryOptions::new())
            .await
        {
            Ok((v, _)) => v.unwrap_or_default(),
            Err(e) => {
                ctx.ui.error(&format!("Error retrieving deployments: {e}"));
                return 1;
            }
        };
        sort_by_create_index_desc(&mut raw);
        let ds: Vec<Deployment> = raw
            .into_iter()
            .filter_map(|v| serde_json::from_value(v).ok())
            .collect();
        ctx.ui.output(&format_deployments(&ds, len));
        return 0;
    }
    let raw = match lookup(&client, &a.args[0], len).await {
        Ok(v) => v,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    if let Some(f) = format {
        return data::print(ctx, &f, GoType::Deployment, &raw);
    }
    let d: Deployment = serde_json::from_value(raw).unwrap_or_default();
    let hint = start_hint_check(ctx, &client);
    let flags = HintFlags {
        no_color: a.global.no_color,
        open: a.ui,
    };
    let route = format!("/jobs/{}/deployments", d.job_id);
    let desc = "View all deployments for this job";
    if a.monitor {
        let index = match client
            .deployment::<Deployment>(&d.id, &QueryOptions::new())
            .await
        {
            Ok((_, meta)) => meta.last_index,
            Err(e) => {
                ctx.ui.error(&format!("Error retrieving deployment: {e}"));
                return 1;
            }
        };
        let t = clock(ctx);
        ctx.ui.output(&format!(
            "{t}: Monitoring deployment {}",
            quote(limit(&d.id, len))
        ));
        let wait = crate::gocompat::time::parse_duration(&a.watch.wait).unwrap_or(2_000_000_000);
        let _ = watch_deployment(ctx, &client, &d.id, index, wait, a.verbose, false).await;
        // Nomad adds an empty warning line after the hint here.
        let shown = match hint {
            Some(h) => h.await.unwrap_or(false),
            None => false,
        };
        let check = shown.then(|| tokio::spawn(async { true }));
        show_hint(ctx, check, &client, flags, desc, &route).await;
        if shown {
            ctx.ui.warn("");
        }
        return 0;
    }
    let out = format_deployment(&client, Some(&d), len).await;
    let out = ctx.ui.colorize(&out);
    ctx.ui.output(&out);
    show_hint(ctx, hint, &client, flags, desc, &route).await;
    0
}
