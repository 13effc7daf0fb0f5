//! `acl bootstrap`: creates the first management token (Nomad's `ACLBootstrapCommand`).

use crate::cli::acl::AclBootstrapArgs;
use crate::commands::common::usage_error;
use crate::commands::data::choose;
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, a: &AclBootstrapArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes up to one argument",
            "acl bootstrap",
        );
    }
    // Nomad reads the secret before it builds the client; "" and no argument both mean none.
    let secret = match a.args.first().map(String::as_str) {
        None | Some("") => String::new(),
        Some("-") => {
            let mut s = String::new();
            match std::io::Read::read_to_string(&mut std::io::stdin(), &mut s) {
                Ok(_) => s,
                Err(e) => return err(ctx, e),
            }
        }
        Some(path) => match super::read_file(path) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) => return err(ctx, e),
        },
    };
    let secret = secret.strip_suffix('\n').unwrap_or(&secret);
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let token = match client.acl_bootstrap(secret).await {
        Ok(t) => t,
        Err(e) => {
            ctx.ui.error(&format!("Error bootstrapping: {e}"));
            return 1;
        }
    };
    let format = match choose(ctx, &a.format) {
        Ok(f) => f,
        Err(code) => return code,
    };
    super::print_token(ctx, format, &token)
}

fn err(ctx: &mut Ctx, e: impl std::fmt::Display) -> i32 {
    ctx.ui.error(&format!("Error reading provided token: {e}"));
    1
}
