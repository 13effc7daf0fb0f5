//! The `system` commands (Nomad's `command/system_gc.go` and
//! `command/system_reconcile_summaries.go`): one write each, nothing printed on success.

use crate::cli::system::{SystemCommands, SystemNoArgs, SystemReconcileCommands};
use crate::ctx::Ctx;

pub async fn run(ctx: &mut Ctx, c: SystemCommands) -> i32 {
    match c {
        SystemCommands::Gc(a) => write(ctx, &a, Write::Gc).await,
        SystemCommands::Reconcile(r) => match r.command {
            SystemReconcileCommands::Summaries(a) => write(ctx, &a, Write::Summaries).await,
        },
    }
}

#[derive(Clone, Copy)]
enum Write {
    Gc,
    Summaries,
}

async fn write(ctx: &mut Ctx, a: &SystemNoArgs, w: Write) -> i32 {
    let (name, what) = match w {
        Write::Gc => ("system gc", "Error running system garbage-collection"),
        Write::Summaries => (
            "system reconcile summaries",
            "Error running system summary reconciliation",
        ),
    };
    if !a.args.is_empty() {
        // Nomad prints the usage error and then goes on with the request all the same.
        ctx.ui.error("This command takes no arguments");
        ctx.ui
            .error(&format!("For additional help try 'nomad {name} -help'"));
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let res = match w {
        Write::Gc => client.system_gc().await,
        Write::Summaries => client.system_reconcile_summaries().await,
    };
    match res {
        Ok(()) => 0,
        Err(e) => {
            ctx.ui.error(&format!("{what}: {e}"));
            1
        }
    }
}
