//! `volume claim delete`: Nomad's `VolumeClaimDeleteCommand`.

use std::io::IsTerminal;

use crate::api::{sanitize_uuid_prefix, QueryOptions};
use crate::cli::volume::VolumeClaimDeleteArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::output::{FULL_ID, SHORT_ID};

use super::{claim_list, str_of};

/// What deleting a claim means, shown before the question (Nomad's text: it is output).
const WARNING: &str = "
  If you delete a volume claim, the allocation that uses this claim to \"stick\"
  to a particular volume ID will no longer use it upon its next reschedule or
  migration. The deployment of the task group the allocation runs will still
  claim another feasible volume ID during reschedule or replacement.
";

pub async fn run(ctx: &mut Ctx, a: &VolumeClaimDeleteArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <claim_id>",
            "volume claim delete",
        );
    }
    let tty = std::io::stdin().is_terminal() && crate::output::term::stdout_is_tty();
    if !tty && !a.yes {
        ctx.ui
            .error("This command requires -y option when running in non-interactive mode");
        return 1;
    }
    let mut id = a.args[0].clone();
    if !a.yes {
        ctx.ui.warn(WARNING);
        let question =
            format!("Are you sure you want to delete task group host volume claim {id}? [Y/n]");
        match ask_yes_no(ctx, &question) {
            Ok(true) => {}
            Ok(false) => return 0,
            Err(code) => return code,
        }
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    // An 8-character ID is a short ID: looked up as a prefix.
    if id.chars().count() == SHORT_ID {
        id = sanitize_uuid_prefix(&id);
        let claims = match client
            .host_volume_claims(&QueryOptions::new().prefix(&id))
            .await
        {
            Ok((v, _)) => v.as_array().cloned().unwrap_or_default(),
            Err(e) => {
                ctx.ui.error(&format!("Error querying claims: {e}"));
                return 1;
            }
        };
        match claims.as_slice() {
            [] => {
                ctx.ui
                    .error(&format!("No claim(s) with prefix {} found", quote(&id)));
                return 1;
            }
            [one] => id = str_of(one, "ID").to_string(),
            several => {
                ctx.ui.error(&format!(
                    "Prefix matched multiple claims\n\n{}",
                    claim_list::render(several, FULL_ID)
                ));
                return 1;
            }
        }
    }
    if let Err(e) = client.delete_host_volume_claim(&id).await {
        ctx.ui.error(&format!("Error deleting claim: {e}"));
        return 1;
    }
    ctx.ui.output(&format!(
        "Task group host volume claim {id} successfully deleted"
    ));
    0
}

/// Nomad's `askQuestion`: asks until the answer is yes/y/empty (true) or no/n (false); the
/// end of input is an error (exit 1), as Nomad prints its error and exits.
fn ask_yes_no(ctx: &mut Ctx, question: &str) -> Result<bool, i32> {
    let prompt = ctx.ui.colorize(&format!("[?] {question}"));
    loop {
        let answer = match crate::commands::job::ask(ctx, &prompt) {
            Ok(a) => a,
            Err(e) => {
                ctx.ui.output(&e);
                return Err(1);
            }
        };
        match answer.trim().to_lowercase().as_str() {
            "" | "y" | "yes" => return Ok(true),
            "n" | "no" => return Ok(false),
            _ => ctx.ui.output(&format!(
                "{} is not a valid response, please answer \"yes\" or \"no\".",
                quote(&answer)
            )),
        }
    }
}
