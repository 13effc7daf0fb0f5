//! `system gc` and `system reconcile summaries` (outputs checked against Nomad v1.10.5).

use crate::common::{builder, dead_address, rnomad, sim};
use insta::assert_snapshot;

#[test]
fn gc_collects_what_is_done() {
    let s = sim();
    let count = |s: &crate::common::Sim| {
        s.read_state(|st| (st.evals.len(), st.allocs.len(), st.jobs.len()))
    };
    let before = count(&s);
    let r = rnomad(&["system", "gc"]).sim(&s).run();
    assert_snapshot!("gc_ok", r);
    let after = count(&s);
    // The generated cluster has finished evaluations and a stopped or completed job.
    assert!(
        after.0 < before.0 && after.2 < before.2,
        "{before:?} -> {after:?}"
    );
    // Arguments are a usage error, yet Nomad runs the collection all the same (exit 0).
    let r = rnomad(&["system", "gc", "extra"]).sim(&s).run();
    assert_snapshot!("gc_args", r);
}

#[test]
fn reconcile_summaries() {
    let s = sim();
    let r = rnomad(&["system", "reconcile", "summaries"]).sim(&s).run();
    assert_snapshot!("reconcile_ok", r);
    let r = rnomad(&["system", "reconcile", "summaries", "a", "b"])
        .sim(&s)
        .run();
    assert_snapshot!("reconcile_args", r);
}

#[test]
fn failures() {
    let acl = builder().acl(true).spawn();
    assert_snapshot!("gc_denied", rnomad(&["system", "gc"]).sim(&acl).run());
    assert_snapshot!(
        "reconcile_denied",
        rnomad(&["system", "reconcile", "summaries"])
            .sim(&acl)
            .run()
    );
    let dead = dead_address();
    let r = rnomad(&["system", "gc", "-address", &dead])
        .dead(&dead)
        .run();
    assert_snapshot!("gc_down", r);
    // A group alone prints its help and exits 1.
    let r = rnomad(&["system", "reconcile"]).run();
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .starts_with("Usage: rnomad system reconcile <subcommand>"),
        "{r}"
    );
}
