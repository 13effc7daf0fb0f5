//! `job tag apply` and `job tag unset` (Nomad's `JobTagApplyCommand`, `JobTagUnsetCommand`):
//! the two halves of one small feature, kept together.

use super::resolve_job;
use crate::api::QueryOptions;
use crate::cli::job::{JobTagApplyArgs, JobTagUnsetArgs};
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

/// The checks both make before any request: one job argument and a tag name.
fn check(ctx: &mut Ctx, args: &[String], name: &str, command: &str) -> Result<(), i32> {
    if args.len() != 1 {
        return Err(usage_error(
            ctx,
            "This command takes one argument: <job>",
            command,
        ));
    }
    if args[0].is_empty() {
        return Err(usage_error(ctx, "A job name is required", command));
    }
    if name.is_empty() {
        return Err(usage_error(ctx, "A version tag name is required", command));
    }
    Ok(())
}

/// Go's `strconv.ParseUint(s, 10, 64)` and its error text.
fn parse_version(s: &str) -> Result<u64, String> {
    let err = |why: &str| format!("strconv.ParseUint: parsing {}: {why}", quote(s));
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err("invalid syntax"));
    }
    s.parse().map_err(|_| err("value out of range"))
}

pub async fn apply(ctx: &mut Ctx, a: &JobTagApplyArgs) -> i32 {
    if let Err(code) = check(ctx, &a.args, &a.name, "job tag apply") {
        return code;
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let (id, q) = match resolve_job(ctx, &client, &a.args[0]).await {
        Ok(x) => x,
        Err(code) => return code,
    };
    let version = if a.version.is_empty() {
        // The job found by the prefix (Nomad asks for the prefix as typed here, which fails
        // for anything but a full ID: a listed difference).
        match client.job::<serde_json::Value>(&id, &q).await {
            Ok((j, _)) => j["Version"].as_u64().unwrap_or(0),
            Err(e) => {
                ctx.ui.error(&format!("Error retrieving job versions: {e}"));
                return 1;
            }
        }
    } else {
        match parse_version(&a.version) {
            Ok(v) => v,
            Err(e) => {
                ctx.ui.error(&format!("Error parsing version: {e}"));
                return 1;
            }
        }
    };
    match client
        .tag_job_version(&id, &a.name, version, &a.description, &QueryOptions::new())
        .await
    {
        Ok(_) => {
            // Nomad quotes with a plain "%s" here, not %q.
            ctx.ui.output(&format!(
                "Job version {version} tagged with name \"{}\"",
                a.name
            ));
            0
        }
        Err(e) => {
            ctx.ui.error(&format!("Error tagging job version: {e}"));
            1
        }
    }
}

pub async fn unset(ctx: &mut Ctx, a: &JobTagUnsetArgs) -> i32 {
    if let Err(code) = check(ctx, &a.args, &a.name, "job tag unset") {
        return code;
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let (id, _) = match resolve_job(ctx, &client, &a.args[0]).await {
        Ok(x) => x,
        Err(code) => return code,
    };
    match client
        .untag_job_version(&id, &a.name, &QueryOptions::new())
        .await
    {
        Ok(_) => {
            // The job as typed, as Nomad prints it.
            ctx.ui.output(&format!(
                "Tag \"{}\" removed from job \"{}\"",
                a.name, a.args[0]
            ));
            0
        }
        // Nomad's unset reuses the apply command's error words.
        Err(e) => {
            ctx.ui.error(&format!("Error tagging job version: {e}"));
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_version;

    #[test]
    fn versions_parse_as_go_parse_uint() {
        assert_eq!(parse_version("3"), Ok(3));
        assert_eq!(
            parse_version("-1").unwrap_err(),
            "strconv.ParseUint: parsing \"-1\": invalid syntax"
        );
        assert_eq!(
            parse_version("+1").unwrap_err(),
            "strconv.ParseUint: parsing \"+1\": invalid syntax"
        );
        assert_eq!(
            parse_version("18446744073709551616").unwrap_err(),
            "strconv.ParseUint: parsing \"18446744073709551616\": value out of range"
        );
    }
}
