//! `namespace inspect`: Nomad's `NamespaceInspectCommand` (JSON unless -t is given).

use crate::cli::namespace::NamespaceInspectArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::output::format::DataFormat;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &NamespaceInspectArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <namespace>",
            "namespace inspect",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let ns = match super::resolve(ctx, &client, &a.args[0]).await {
        Ok(ns) => ns,
        Err(code) => return code,
    };
    let format = if a.template.is_empty() {
        DataFormat::Json
    } else {
        DataFormat::Template(&a.template)
    };
    crate::commands::data::print(ctx, &format, GoType::Namespace, &ns)
}
