//! rnomad: a fast, drop-in replacement for the HashiCorp Nomad command-line client.

pub mod api;
pub mod cli;
pub mod commands;
pub mod ctx;
pub mod env;
pub mod monitor;
pub mod output;

use clap::{CommandFactory, FromArgMatches};

use cli::argv::{clap_error_text, dispatch, go_style, Dispatch};
use ctx::Ctx;
use env::Env;
use output::color::ColorMode;
use output::term::Ui;

pub const NOMAD_VERSION: &str = "1.10.5";

/// rnomad's version line: its own version, the Nomad CLI it matches, and the commit.
pub fn version_text() -> String {
    let mut s = format!(
        "rnomad v{} (Nomad CLI v{NOMAD_VERSION} compatible)",
        env!("CARGO_PKG_VERSION")
    );
    if let Some(c) = option_env!("RNOMAD_COMMIT").filter(|c| !c.is_empty()) {
        s.push_str(&format!("\nRevision {c}"));
    }
    s
}

/// Runs rnomad with `args` (argv including the program name); returns the exit code.
pub fn run(args: Vec<String>, env: Env) -> i32 {
    let rest: Vec<String> = args.iter().skip(1).cloned().collect();
    let color = ColorMode::decide(&rest, &env, output::term::stdout_is_tty());
    let mut ui = Ui::new(color);
    let root = go_style(cli::Cli::command());
    match dispatch(&rest, &root) {
        Dispatch::Version => {
            ui.raw_out(&format!("{}\n", version_text()));
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
            if let Some(e) = &error {
                // A flag error: the line on stderr, the help through the Ui.
                ui.error(e);
                ui.output(help.trim_end());
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
                .and_then(|m| cli::Cli::from_arg_matches(&m));
            match parsed {
                Ok(cli) => {
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
                    ui.error(&msg);
                    let root = go_style(cli::Cli::command());
                    ui.output(cli::help::command_help(&root, &path).trim_end());
                    commands::after_flag_error(&mut ui, &path, &msg);
                    1
                }
            }
        }
    }
}
