//! `eval delete`: delete one evaluation by ID, or those a filter matches after a y/N
//! question (Nomad's `EvalDeleteCommand`). The server insists on a paused eval broker;
//! checking it first gives Nomad's advice instead of the server's error.

use crate::api::{Client, QueryOptions};
use crate::cli::eval::EvalDeleteArgs;
use crate::commands::common::confirm;
use crate::ctx::Ctx;

/// Nomad's `verifyArgsAndFlags`: an ID or `-filter`, never both, at most one ID.
fn check_args(filter: &str, args: &[String]) -> Result<(), String> {
    let n = args.len();
    if (filter.is_empty() && n < 1) || (!filter.is_empty() && n > 0) {
        return Err("evaluation ID or filter flag required".into());
    }
    if n > 1 {
        return Err(format!("expected 1 argument, got {n}"));
    }
    Ok(())
}

/// The closing line: how many were deleted, or that none were (unless an error said why).
fn summary(deleted: u64, failed: bool) -> Option<String> {
    if deleted > 0 {
        let noun = if deleted > 1 {
            "evaluations"
        } else {
            "evaluation"
        };
        Some(format!("Successfully deleted {deleted} {noun}"))
    } else if !failed {
        Some("No evaluations were deleted".into())
    } else {
        None
    }
}

pub async fn run(ctx: &mut Ctx, a: &EvalDeleteArgs) -> i32 {
    if let Err(e) = check_args(&a.filter, &a.args) {
        ctx.ui
            .error(&format!("Error validating command args and flags: {e}"));
        return 1;
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    match client.scheduler_configuration(&QueryOptions::new()).await {
        Ok((c, _)) if c.pause_eval_broker => {}
        Ok(_) => {
            ctx.ui.error("Eval broker is not paused");
            ctx.ui.output("To delete evaluations you must first pause the eval broker by running \"nomad operator scheduler set-config -pause-eval-broker=true\"");
            ctx.ui.output("After the deletion is complete, unpause the eval broker by running \"nomad operator scheduler set-config -pause-eval-broker=false\"");
            return 1;
        }
        Err(e) => {
            ctx.ui
                .error(&format!("Error querying scheduler configuration: {e}"));
            return 1;
        }
    }
    let result = match a.args.first() {
        Some(id) => by_id(&client, id).await,
        None => by_filter(ctx, &client, &a.filter, a.yes).await,
    };
    let (code, deleted, failed) = match result {
        Ok((code, n)) => (code, n, false),
        Err(e) => {
            ctx.ui.error(&format!("Error deleting evaluations: {e}"));
            (1, 0, true)
        }
    };
    if let Some(line) = summary(deleted, failed) {
        ctx.ui.output(&line);
    }
    code
}

/// One evaluation: looked up by its full ID (no prefix matching, as Nomad), then deleted
/// without a question.
async fn by_id(client: &Client, id: &str) -> Result<(i32, u64), crate::api::Error> {
    let (e, _) = client
        .evaluation::<crate::api::evals::Evaluation>(id, &QueryOptions::new())
        .await?;
    let ids = [e.id];
    client
        .delete_evaluations(Some(&ids), "", &QueryOptions::new())
        .await?;
    Ok((0, 1))
}

/// Every evaluation `filter` matches; unless `yes`, the count is asked about first.
async fn by_filter(
    ctx: &mut Ctx,
    client: &Client,
    filter: &str,
    yes: bool,
) -> Result<(i32, u64), crate::api::Error> {
    if !yes {
        let (n, _) = client
            .evaluation_count(&QueryOptions {
                filter: Some(filter.to_string()),
                ..Default::default()
            })
            .await?;
        let asked = confirm(
            ctx,
            &format!("Are you sure you want to delete {n} evals? [y/N]"),
            "Cancelling eval deletion",
        );
        ctx.ui.output("");
        if let Err(code) = asked {
            return Ok((code, 0));
        }
    }
    let (n, _) = client
        .delete_evaluations(None, filter, &QueryOptions::new())
        .await?;
    Ok((0, n))
}

#[cfg(test)]
mod tests {
    use super::{check_args, summary};

    #[test]
    fn arguments_and_summary_as_nomad() {
        let one = vec!["a".to_string()];
        assert!(check_args("", &one).is_ok());
        assert!(check_args("x", &[]).is_ok());
        assert_eq!(
            check_args("", &[]).unwrap_err(),
            "evaluation ID or filter flag required"
        );
        assert_eq!(
            check_args("x", &one).unwrap_err(),
            "evaluation ID or filter flag required"
        );
        assert_eq!(
            check_args("", &["a".into(), "b".into()]).unwrap_err(),
            "expected 1 argument, got 2"
        );
        assert_eq!(
            summary(1, false).unwrap(),
            "Successfully deleted 1 evaluation"
        );
        assert_eq!(
            summary(3, true).unwrap(),
            "Successfully deleted 3 evaluations"
        );
        assert_eq!(summary(0, false).unwrap(), "No evaluations were deleted");
        assert_eq!(summary(0, true), None);
    }
}
