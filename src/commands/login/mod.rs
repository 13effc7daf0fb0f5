//! `login`: signs in through an SSO auth method and prints the new ACL token (Nomad's
//! `LoginCommand`). JWT methods take `-login-token`; OIDC methods send the browser to the
//! provider and wait on a loopback callback (see `callback`).

mod callback;

use serde_json::Value;

use crate::api::{Client, QueryOptions};
use crate::cli::ui::LoginArgs;
use crate::commands::acl::print_token;
use crate::commands::browser::open_url;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::output::signal::interrupted;

pub async fn run(ctx: &mut Ctx, a: &LoginArgs) -> i32 {
    if !a.args.is_empty() {
        return usage_error(ctx, "This command takes no arguments", "login");
    }
    let Some(client) = ctx.connect(&a.global) else {
        return 1;
    };
    if !a.method_type.is_empty() {
        ctx.ui.warn(
            "warning: '-type' flag has been deprecated for nomad login command and will be ignored.",
        );
    }
    let methods = match client.acl_auth_methods(&QueryOptions::new()).await {
        Ok((v, _)) => v,
        Err(e) => {
            ctx.ui
                .error(&format!("Error listing ACL auth methods: {e}"));
            return 1;
        }
    };
    let (name, kind) = match pick_method(&methods, &a.method) {
        Ok(m) => m,
        Err(e) => {
            ctx.ui.error(&e);
            return 1;
        }
    };
    if kind != "OIDC" && a.login_token.is_empty() {
        ctx.ui.error("You need to provide a login token.");
        return 1;
    }
    let token = match kind.as_str() {
        "OIDC" => tokio::select! {
            r = oidc(ctx, &client, &name, &a.callback_addr) => r,
            // Go's context error once Ctrl-C cancels the wait.
            _ = interrupted() => Err("context canceled".to_string()),
        },
        "JWT" => client
            .acl_login(&name, &a.login_token)
            .await
            .map_err(|e| e.to_string()),
        other => {
            let q = crate::gocompat::strconv::quote(other);
            ctx.ui
                .error(&format!("Unsupported authentication type {q}"));
            return 1;
        }
    };
    let token = match token {
        Ok(t) => t,
        Err(e) => {
            ctx.ui.error(&format!("Error performing login: {e}"));
            return 1;
        }
    };
    // Nomad checks the format only now, after the token was made; so does rnomad, so that
    // every failure reads the same.
    match a.format.data_format() {
        Ok(None) => {
            ctx.ui
                .output(&format!("Successfully logged in via {kind} and {name}\n"));
            print_token(ctx, None, &token)
        }
        Ok(f) => print_token(ctx, f, &token),
        Err(e) => {
            ctx.ui.error(&e);
            1
        }
    }
}

/// The auth method to use and its type: the one named, or the cluster's default (the last
/// listed with `Default`).
fn pick_method(methods: &Value, name: &str) -> Result<(String, String), String> {
    let list = methods.as_array().map(Vec::as_slice).unwrap_or_default();
    let field = |m: &Value, k: &str| m[k].as_str().unwrap_or_default().to_string();
    if name.is_empty() {
        return list
            .iter()
            .rfind(|m| m["Default"].as_bool() == Some(true))
            .map(|m| (field(m, "Name"), field(m, "Type")))
            .ok_or_else(|| "Must specify an auth method name, no default found".to_string());
    }
    match list.iter().rfind(|m| field(m, "Name") == name) {
        Some(m) if !field(m, "Type").is_empty() => Ok((name.to_string(), field(m, "Type"))),
        _ => Err(format!(
            "Error: method {name} not found in the state store. "
        )),
    }
}

/// The OIDC flow: a callback listener, the provider's sign-in page opened in the browser
/// (or its address printed when no browser opens), then the provider's answer exchanged.
async fn oidc(ctx: &mut Ctx, client: &Client, method: &str, addr: &str) -> Result<Value, String> {
    let server = callback::Server::listen(addr).await?;
    let redirect = server.redirect_uri();
    let nonce = server.nonce().to_string();
    let auth_url = client
        .acl_oidc_auth_url(method, &redirect, &nonce)
        .await
        .map_err(|e| e.to_string())?;
    if let Err(e) = open_url(&auth_url) {
        ctx.ui
            .error(&format!("Error opening OIDC provider URL: {e}\n"));
        ctx.ui.output(&format!(
            "Automatic opening of the OIDC provider for login has failed. To complete the\n\
authentication, please visit your provider using the URL below:\n\n{auth_url}\n\n"
        ));
    }
    // The address must be readable while the command waits.
    ctx.ui.flush();
    let answer = server.wait().await?;
    client
        .acl_oidc_complete_auth(method, &redirect, &nonce, &answer.code, &answer.state)
        .await
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_default_method_is_found() {
        let list = json!([{"Name": "jwt", "Type": "JWT", "Default": false},
                          {"Name": "oidc", "Type": "OIDC", "Default": true}]);
        assert_eq!(
            pick_method(&list, "").unwrap(),
            ("oidc".into(), "OIDC".into())
        );
        assert_eq!(
            pick_method(&list, "jwt").unwrap(),
            ("jwt".into(), "JWT".into())
        );
        assert_eq!(
            pick_method(&list, "x").unwrap_err(),
            "Error: method x not found in the state store. "
        );
        assert_eq!(
            pick_method(&json!([]), "").unwrap_err(),
            "Must specify an auth method name, no default found"
        );
    }
}
