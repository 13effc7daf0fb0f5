//! `alloc status` rendered in-process from responses recorded from a real Nomad, compared with
//! what the real `nomad alloc status` printed for the same state.

use super::render::{fmt_g3, render, Options};
use super::view::{AllocView, Details};
use crate::commands::recorded::{api, at, cli, printed};
use crate::output::time::in_utc;

const ALLOC: &str = "4c3d15a7-cf56-6c69-3e13-c360ddd40d9c";

/// When `alloc status 4c3d15a7` was recorded: created 3m22s and modified 3m11s before.
const NOW: &str = "2026-11-22T05:24:09.2Z";

fn options(verbose: bool) -> Options {
    Options {
        verbose,
        stats: false,
        markup: false,
    }
}

/// The recorded allocation and, unless `short`, its recorded usage (no follow-up evaluation,
/// no service checks).
fn view(short: bool) -> AllocView {
    let details = Details {
        followup: None,
        checks: None,
        stats: Ok(api(&format!("client-allocation-{ALLOC}-stats"))),
    };
    AllocView {
        alloc: api(&format!("allocation-{ALLOC}")),
        details: (!short).then_some(details),
    }
}

/// Renders and compares stdout, stderr and the exit code with `<dir>/<recorded>.*`.
fn check(v: &AllocView, o: &Options, now: &str, dir: &str, recorded: &str) {
    let out = in_utc(|| render(v, o, at(now)));
    let (stdout, stderr) = printed(&out);
    assert_eq!(stdout, cli(dir, recorded, "stdout"), "{recorded}");
    assert_eq!(stderr, cli(dir, recorded, "stderr"), "{recorded}");
    assert_eq!(cli(dir, recorded, "exit").trim(), "0", "{recorded}");
}

#[test]
fn a_running_allocation() {
    check(&view(false), &options(false), NOW, "cli", "alloc-status");
}

#[test]
fn verbose_adds_full_ids_times_and_placement_metrics() {
    check(
        &view(false),
        &options(true),
        NOW,
        "cli",
        "alloc-status-verbose",
    );
}

#[test]
fn stats_that_cannot_be_read_are_reported_before_the_tasks() {
    let mut v = view(false);
    if let Some(d) = v.details.as_mut() {
        d.stats = Err("Unexpected response code: 404 (Unknown allocation)".into());
    }
    let out = in_utc(|| render(&v, &options(false), at(NOW)));
    let (stdout, stderr) = printed(&out);
    assert_eq!(
        stderr,
        "Couldn't retrieve stats: Unexpected response code: 404 (Unknown allocation)\n"
    );
    // Without usage the task's resources are the reservation alone, after an empty line.
    let want = cli("cli", "alloc-status", "stdout")
        .replace(
            "Deployment Health   = healthy\n",
            "Deployment Health   = healthy\n\n",
        )
        .replace(
            "CPU        Memory          Disk     Addresses\n0/100 MHz  1.8 MiB/64 MiB  300 MiB  ",
            "CPU      Memory  Disk     Addresses\n100 MHz  64 MiB  300 MiB  ",
        );
    assert_eq!(stdout, want);
}

/// The allocation with a prestart task and a service check (`api/alloc-prestart`), recorded at
/// 2026-12-04T07:52:22Z (created 25s and modified 12s before).
fn prestart(short: bool) -> AllocView {
    let details = Details {
        followup: None,
        checks: Some(api("alloc-prestart/checks")),
        stats: Ok(api("alloc-prestart/stats")),
    };
    AllocView {
        alloc: api("alloc-prestart/allocation"),
        details: (!short).then_some(details),
    }
}

const PRESTART_NOW: &str = "2026-12-04T07:52:22Z";

#[test]
fn lifecycle_tasks_come_first_and_checks_and_addresses_are_listed() {
    let check_as = |v: &AllocView, o: &Options, name: &str| {
        check(v, o, PRESTART_NOW, "cli", &format!("alloc-prestart/{name}"));
    };
    check_as(&prestart(false), &options(false), "status");
    check_as(&prestart(false), &options(true), "status-verbose");
    let stats = Options {
        stats: true,
        ..options(false)
    };
    check_as(&prestart(false), &stats, "status-stats");
    check_as(&prestart(true), &options(false), "status-short");
}

#[test]
fn short_and_verbose_print_the_placement_metrics() {
    // #12 bug 10: Nomad prints the placement metrics after the short task table too.
    check(
        &prestart(true),
        &options(true),
        PRESTART_NOW,
        "cli",
        "alloc-prestart/status-short-verbose",
    );
}

#[test]
fn g3_matches_go() {
    assert_eq!(fmt_g3(0.027485842328672225), "0.0275");
    assert_eq!(fmt_g3(0.0), "0");
    assert_eq!(fmt_g3(0.42), "0.42");
    assert_eq!(fmt_g3(1.0), "1");
    assert_eq!(fmt_g3(-0.5), "-0.5");
    assert_eq!(fmt_g3(123.456), "123");
    assert_eq!(fmt_g3(1234.5), "1.23e+03");
    assert_eq!(fmt_g3(0.00001234), "1.23e-05");
    assert_eq!(fmt_g3(0.0001234), "0.000123");
}
