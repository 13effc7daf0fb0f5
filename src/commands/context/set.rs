//! `context set`: creates a context or changes the settings given of an existing one.

use std::path::Path;

use super::invalid_name;
use crate::cli::context::ContextSetArgs;
use crate::contexts::{valid_name, Context, TokenSource};
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

pub fn run(ctx: &mut Ctx, a: &ContextSetArgs) -> i32 {
    let name = match super::one_name(ctx, &a.args, "context set") {
        Ok(n) => n.to_string(),
        Err(code) => return code,
    };
    if !valid_name(&name) {
        ctx.ui.error(&invalid_name(&name));
        return 1;
    }
    if !a.token.is_empty() {
        ctx.ui.error(
            "A context never holds a token itself: name where it comes from with -token-env, \
             -token-file or -token-command",
        );
        return 1;
    }
    let Some(mut store) = super::load(ctx) else {
        return 1;
    };
    let created = !store.contexts.contains_key(&name);
    let mut c = store.contexts.get(&name).cloned().unwrap_or_default();
    if let Err(e) = change(&mut c, a, &std::env::current_dir().unwrap_or_default()) {
        ctx.ui.error(&e);
        return 1;
    }
    store.contexts.insert(name.clone(), c);
    if let Err(code) = super::save(ctx, &store) {
        return code;
    }
    let verb = if created { "created" } else { "updated" };
    ctx.ui.output(&format!("Context {} {verb}", quote(&name)));
    if created && store.current.is_none() {
        ctx.ui.output(&format!(
            "Use it with 'rnomad context use {name}', or for one command with -context={name}"
        ));
    }
    0
}

/// Applies the flags to a context: `-unset` first, then the settings given. Paths become
/// absolute against `cwd`, so the context works from any directory.
fn change(c: &mut Context, a: &ContextSetArgs, cwd: &Path) -> Result<(), String> {
    for setting in &a.unset {
        match setting.as_str() {
            "address" => c.address.clear(),
            "region" => c.region.clear(),
            "namespace" => c.namespace.clear(),
            "ca-cert" => c.ca_cert.clear(),
            "ca-path" => c.ca_path.clear(),
            "client-cert" => c.client_cert.clear(),
            "client-key" => c.client_key.clear(),
            "tls-server-name" => c.tls_server_name.clear(),
            "tls-skip-verify" => c.tls_skip_verify = false,
            "token" => c.token = None,
            other => {
                return Err(format!(
                    "Invalid setting {} for -unset: one of address, region, namespace, \
                     ca-cert, ca-path, client-cert, client-key, tls-server-name, \
                     tls-skip-verify, token",
                    quote(other)
                ))
            }
        }
    }
    let absolute = |p: &str| -> String {
        if p.is_empty() || Path::new(p).is_absolute() {
            p.to_string()
        } else {
            cwd.join(p).display().to_string()
        }
    };
    let set = |field: &mut String, value: String| {
        if !value.is_empty() {
            *field = value;
        }
    };
    set(&mut c.address, a.address.clone());
    set(&mut c.region, a.region.clone());
    set(&mut c.namespace, a.namespace.clone());
    set(&mut c.ca_cert, absolute(&a.ca_cert));
    set(&mut c.ca_path, absolute(&a.ca_path));
    set(&mut c.client_cert, absolute(&a.client_cert));
    set(&mut c.client_key, absolute(&a.client_key));
    set(&mut c.tls_server_name, a.tls_server_name.clone());
    match a.tls_skip_verify.as_str() {
        "true" => c.tls_skip_verify = true,
        "false" => c.tls_skip_verify = false,
        _ => {}
    }
    let sources: Vec<TokenSource> = [
        (!a.token_env.is_empty()).then(|| TokenSource::Env(a.token_env.clone())),
        (!a.token_file.is_empty()).then(|| TokenSource::File(absolute(&a.token_file))),
        (!a.token_command.is_empty()).then(|| TokenSource::Command(a.token_command.clone())),
    ]
    .into_iter()
    .flatten()
    .collect();
    match sources.as_slice() {
        [] => {}
        [one] => c.token = Some(one.clone()),
        _ => {
            return Err(
                "Only one of -token-env, -token-file and -token-command may be given".into(),
            )
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> ContextSetArgs {
        ContextSetArgs {
            address: String::new(),
            region: String::new(),
            namespace: String::new(),
            ca_cert: String::new(),
            ca_path: String::new(),
            client_cert: String::new(),
            client_key: String::new(),
            tls_server_name: String::new(),
            tls_skip_verify: "auto".into(),
            token_env: String::new(),
            token_file: String::new(),
            token_command: String::new(),
            unset: Vec::new(),
            token: String::new(),
            args: Vec::new(),
        }
    }

    #[test]
    fn changes_only_what_is_given_and_makes_paths_absolute() {
        let mut c = Context {
            address: "http://a:4646".into(),
            region: "eu".into(),
            tls_skip_verify: true,
            ..Context::default()
        };
        let a = ContextSetArgs {
            namespace: "web".into(),
            ca_cert: "certs/ca.pem".into(),
            token_file: "/etc/t".into(),
            unset: vec!["region".into()],
            ..args()
        };
        change(&mut c, &a, Path::new("/home/u")).unwrap();
        assert_eq!(c.address, "http://a:4646");
        assert_eq!(c.region, "");
        assert_eq!(c.namespace, "web");
        assert_eq!(c.ca_cert, "/home/u/certs/ca.pem");
        assert!(c.tls_skip_verify);
        assert_eq!(c.token, Some(TokenSource::File("/etc/t".into())));

        let off = ContextSetArgs {
            tls_skip_verify: "false".into(),
            ..args()
        };
        change(&mut c, &off, Path::new("/")).unwrap();
        assert!(!c.tls_skip_verify);
    }

    #[test]
    fn refuses_two_token_sources_and_unknown_settings() {
        let mut c = Context::default();
        let two = ContextSetArgs {
            token_env: "A".into(),
            token_command: "b".into(),
            ..args()
        };
        assert!(change(&mut c, &two, Path::new("/")).is_err());
        let bad = ContextSetArgs {
            unset: vec!["adress".into()],
            ..args()
        };
        assert!(change(&mut c, &bad, Path::new("/"))
            .unwrap_err()
            .starts_with("Invalid setting \"adress\" for -unset"));
    }
}
