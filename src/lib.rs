//! rnomad: a fast, drop-in replacement for the HashiCorp Nomad command-line client.

pub mod api;
pub mod cli;
pub mod commands;
pub mod completion;
pub mod contexts;
pub mod ctx;
pub mod docs;
pub mod env;
pub mod gocompat;
mod layers;
pub mod monitor;
pub mod output;
pub mod passthrough;
pub mod views;
pub mod watch;

use clap::{CommandFactory, FromArgMatches};

use cli::argv::{clap_error_text, dispatch, go_style, invoked_name, tree_for, Dispatch};
use ctx::Ctx;
use env::Env;
use output::color::ColorMode;
use output::term::Ui;

/// The `-context` flag of the command the matches lead to, when it has one.
fn context_flag(m: &clap::ArgMatches) -> Option<String> {
    let mut m = m;
    while let Some((_, sub)) = m.subcommand() {
        m = sub;
    }
    m.try_get_one::<String>("context").ok().flatten().cloned()
}

/// Runs rnomad with `args` (argv including the program name); returns the exit code.
pub fn run(args: Vec<String>, env: Env) -> i32 {
    let rest: Vec<String> = args.iter().skip(1).cloned().collect();
    let color = ColorMode::decide(&rest, &env, output::term::stdout_is_tty());
    let mut ui = Ui::new(color);
    // A shell asking for completions wins over everything else, as in Nomad.
    if let Some(line) = env.value("COMP_LINE").map(str::to_string) {
        let root = go_style(cli::Cli::command());
        let point = env.value("COMP_POINT").and_then(|p| p.parse().ok());
        // Live values come from the context the completed command would use; a context
        // that cannot be used only means no live values.
        let mut env = env;
        let words = completion::split_line(&line, point);
        let _ = contexts::apply(&mut env, contexts::take_flag(&words).0.as_deref());
        let cands = completion::complete(&root, &line, point, &env);
        ui.raw_out(&completion::render(
            &cands,
            env.non_empty("RNOMAD_COMPLETE_DESCRIBE"),
        ));
        return 0;
    }
    // Only the command this line names is built (start-up time).
    let root = tree_for(&rest);
    // A Nomad command rnomad's tree lacks (or `agent` running an agent) goes to a real nomad.
    if let Some(h) = passthrough::decide(&rest, &root) {
        // Nomad has no -context: the context reaches the real nomad as NOMAD_* variables.
        let (name, rest) = contexts::take_flag(&rest);
        let mut env = env;
        let set = match contexts::apply(&mut env, name.as_deref()) {
            Ok(set) => set,
            Err(e) => {
                ui.error(&format!("Error loading context: {e}"));
                return 1;
            }
        };
        return passthrough::hand_over(&h, &rest, &env, &set);
    }
    match dispatch(&rest, &root) {
        Dispatch::Autocomplete { install, uninstall } => {
            let name = invoked_name(&args);
            let bin = std::env::current_exe()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| name.clone());
            let res = match (install, uninstall) {
                (true, true) => Err(
                    "Either the autocomplete install or uninstall flag may be specified, but not both."
                        .to_string(),
                ),
                (true, false) => docs::autocomplete_install(&name, &bin, &env),
                _ => docs::autocomplete_uninstall(&name, &bin, &env),
            };
            match res {
                Ok(()) => 0,
                Err(e) => {
                    ui.error(&format!("Error executing CLI: {e}"));
                    1
                }
            }
        }
        Dispatch::Version => {
            ui.raw_out(&format!("{}\n", commands::version::version_text()));
            0
        }
        Dispatch::TopHelp { exit } => {
            ui.raw_out(&format!("{}\n", cli::help::top_help(&root).trim_end()));
            exit
        }
        Dispatch::Help {
            path,
            exit,
            error,
            flags_before,
        } => {
            let help = cli::help::command_help(&root, &path);
            if let [name] = path.as_slice() {
                if let Some(text) = commands::deprecation(name) {
                    ui.warn(text);
                    ui.warn("");
                }
            }
            if let Some(e) = &error {
                // A flag error: the line on stderr, the help through the Ui.
                let (ep, op) = commands::ui_prefixes(&path);
                ui.error(&format!("{ep}{e}"));
                ui.output(&format!("{op}{}", help.trim_end()));
            } else {
                // The dispatcher's own help goes out as is, never coloured.
                if flags_before {
                    ui.raw_out(
                        "Invalid flags before the subcommand. If these flags are for\n\
                         the subcommand, please put them after the subcommand.\n\n",
                    );
                }
                ui.raw_out(&format!("{}\n", help.trim_end()));
            }
            if let Some(e) = error {
                commands::after_flag_error(&mut ui, &path, &e);
            }
            exit
        }
        Dispatch::Run { path, argv, rest } => {
            let parsed = root
                .try_get_matches_from(&argv)
                .and_then(|m| cli::Cli::from_arg_matches(&m).map(|c| (c, context_flag(&m))));
            match parsed {
                Ok((cli, context)) => {
                    let mut env = env;
                    // The `context` commands manage contexts: they run without one, so that a
                    // context that cannot be used can still be mended.
                    if !matches!(cli.command, cli::Commands::Context(_)) {
                        if let Err(e) = contexts::apply(&mut env, context.as_deref()) {
                            ui.error(&format!("Error loading context: {e}"));
                            return 1;
                        }
                    }
                    let mut ctx = Ctx::new(env, ui, args);
                    ctx.warn_bad_hint_setting();
                    match commands::run(&mut ctx, cli.command, &rest) {
                        commands::Outcome::Exit(code) => code,
                        commands::Outcome::Route(words) => {
                            // `status` found the command to run: dispatch it afresh.
                            let Ctx {
                                env, ui, os_args, ..
                            } = ctx;
                            drop(ui);
                            let mut argv = vec![os_args.first().cloned().unwrap_or_default()];
                            argv.extend(words);
                            run(argv, env)
                        }
                    }
                }
                Err(e) => {
                    let msg = clap_error_text(&e);
                    let (ep, op) = commands::ui_prefixes(&path);
                    ui.error(&format!("{ep}{msg}"));
                    // The whole command line picks the tree (`rest` here is what follows the
                    // command's path, which would leave its subcommands unbuilt).
                    let root = tree_for(args.get(1..).unwrap_or_default());
                    let help = cli::help::command_help(&root, &path);
                    ui.output(&format!("{op}{}", help.trim_end()));
                    commands::after_flag_error(&mut ui, &path, &msg);
                    1
                }
            }
        }
    }
}
