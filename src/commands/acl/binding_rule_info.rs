//! `acl binding-rule info` (Nomad's `ACLBindingRuleInfoCommand`), and the rule view the
//! other binding-rule commands print (`formatACLBindingRule`).

use serde_json::Value;

use super::str_of;
use crate::cli::acl::AclBindingRuleInfoArgs;
use crate::cli::FormatArgs;
use crate::commands::common::usage_error;
use crate::commands::data::{print_if_asked, Errors};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;
use crate::output::format_kv;
use crate::output::gotype::GoType;

pub async fn run(ctx: &mut Ctx, a: &AclBindingRuleInfoArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <acl_binding_rule_id>",
            "acl binding-rule info",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let id = &a.args[0];
    let r = if id.is_empty() {
        Err("missing ACL binding rule ID".to_string())
    } else {
        client.acl_binding_rule(id).await.map_err(|e| e.to_string())
    };
    match r {
        Ok(rule) => print(ctx, &a.format, &rule),
        Err(e) => {
            ctx.ui
                .error(&format!("Error reading ACL binding rule: {e}"));
            1
        }
    }
}

/// `formatACLBindingRule`: the selector Go-quoted, times as Go's `Time.String()`.
pub fn render(rule: &Value) -> String {
    let n = |k: &str| rule[k].as_u64().unwrap_or(0);
    format_kv(&[
        format!("ID|{}", str_of(rule, "ID")),
        format!("Description|{}", str_of(rule, "Description")),
        format!("Auth Method|{}", str_of(rule, "AuthMethod")),
        format!("Selector|{}", quote(str_of(rule, "Selector"))),
        format!("Bind Type|{}", str_of(rule, "BindType")),
        format!("Bind Name|{}", str_of(rule, "BindName")),
        format!("Create Time|{}", super::go_time(&rule["CreateTime"])),
        format!("Modify Time|{}", super::go_time(&rule["ModifyTime"])),
        format!("Create Index|{}", n("CreateIndex")),
        format!("Modify Index|{}", n("ModifyIndex")),
    ])
}

/// Prints a rule as asked (`-json`, `-t` or the view); the exit code.
pub fn print(ctx: &mut Ctx, format: &FormatArgs, rule: &Value) -> i32 {
    let ty = GoType::AclBindingRule;
    if let Some(code) = print_if_asked(ctx, format, ty, rule, Errors::AsIs) {
        return code;
    }
    ctx.ui.output(&render(rule));
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::recorded::{api, cli};

    #[test]
    fn rules_render_as_nomad_prints_them() {
        let rule: Value = api("acl/binding-rule");
        assert_eq!(
            format!("{}\n", render(&rule)),
            cli("cli-acl", "acl-binding-rule-info", "stdout")
        );
        let list: Value = api("acl/binding-rules");
        assert_eq!(
            format!(
                "{}\n",
                super::super::binding_rule_list::render(list.as_array().unwrap())
            ),
            cli("cli-acl", "acl-binding-rule-list", "stdout")
        );
        let json = crate::output::format::DataFormat::Json
            .render(GoType::AclBindingRule, &rule)
            .unwrap();
        assert_eq!(
            format!("{json}\n"),
            cli("cli-acl", "acl-binding-rule-info-json", "stdout")
        );
    }
}
