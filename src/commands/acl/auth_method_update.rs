//! `acl auth-method update` (Nomad's `ACLAuthMethodUpdateCommand`): the flags given replace
//! their fields of the fetched method; a `-config` replaces the whole config.

use serde_json::{json, Value};

use super::auth_method_create::{known_type, load_config, BAD_LOCALITY, BAD_TTL, BAD_TYPE};
use crate::cli::acl::AclAuthMethodUpdateArgs;
use crate::cli::namespace::UNSET;
use crate::cli::NO_DURATION;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::time::go_duration;

/// The method to send: `current` with the flags' changes, or the line to print.
pub fn updated(current: &Value, a: &AclAuthMethodUpdateArgs) -> Result<Value, String> {
    fn set(v: &str) -> Option<&str> {
        (v != UNSET).then_some(v)
    }
    let (ty, locality, name_format, config) = (
        set(&a.type_),
        set(&a.token_locality),
        set(&a.token_name_format),
        set(&a.config),
    );
    let ttl = (a.max_token_ttl != NO_DURATION).then_some(a.max_token_ttl);
    let default = (a.default != "auto").then(|| a.default == "true");
    let given = ty.is_some()
        || locality.is_some()
        || name_format.is_some()
        || ttl.is_some()
        || config.is_some()
        || default.is_some();
    if !given {
        return Err("Please provide at least one flag to update the ACL auth method".into());
    }
    let mut m = current.clone();
    if let Some(o) = m.as_object_mut() {
        // Not a field of the api's struct: the client never sends it back.
        o.remove("Hash");
    }
    if let Some(l) = locality {
        if !matches!(l, "global" | "local") {
            return Err(BAD_LOCALITY.into());
        }
        m["TokenLocality"] = json!(l);
    }
    if let Some(f) = name_format {
        m["TokenNameFormat"] = json!(f);
    }
    if let Some(t) = ty {
        if !known_type(t) {
            return Err(BAD_TYPE.into());
        }
        // Sent as given: Nomad upper-cases the type only on create.
        m["Type"] = json!(t);
    }
    if let Some(ttl) = ttl {
        if ttl < 1 {
            return Err(BAD_TTL.into());
        }
        m["MaxTokenTTL"] = json!(go_duration(ttl));
    }
    if let Some(d) = default {
        m["Default"] = json!(d);
    }
    if let Some(c) = config.filter(|c| !c.is_empty()) {
        m["Config"] = load_config(c)?;
    }
    Ok(m)
}

pub async fn run(ctx: &mut Ctx, a: &AclAuthMethodUpdateArgs) -> i32 {
    if a.args.len() != 1 {
        return usage_error(
            ctx,
            "This command takes one argument: <acl_auth_method_name>",
            "acl auth-method update",
        );
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    let name = &a.args[0];
    let current = if name.is_empty() {
        Err("missing ACL auth-method name".to_string())
    } else {
        client
            .acl_auth_method(name)
            .await
            .map_err(|e| e.to_string())
    };
    let current = match current {
        Ok(m) => m,
        Err(e) => {
            ctx.ui
                .error(&format!("Error when retrieving ACL auth method: {e}"));
            return 1;
        }
    };
    let method = match updated(&current, a) {
        Ok(m) => m,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    // The api client names the method by the name in the body (the one fetched).
    let r = if method["Name"].as_str().unwrap_or_default().is_empty() {
        Err("missing ACL auth-method name".to_string())
    } else {
        client
            .acl_auth_method_upsert(true, &method)
            .await
            .map_err(|e| e.to_string())
    };
    match r {
        Ok(m) => super::auth_method_info::print(ctx, &a.format, &m),
        Err(e) => {
            ctx.ui
                .error(&format!("Error updating ACL auth method: {e}"));
            1
        }
    }
}
