//! `service list|info|delete` against the sim, with a job whose group registers two
//! Nomad-native services (the job the recordings were made with: setup/svc.nomad.hcl).

use crate::common::{builder, dead_address, rnomad, sim, wait_for};
use insta::assert_snapshot;

const SETUP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/nomad-1.10.5/setup/"
);

/// Runs the setup jobs and waits for their services to register.
fn with_services(s: &nomad_sim::Sim) {
    for f in ["svc.nomad.hcl", "svc-prod.nomad.hcl"] {
        let r = rnomad(&["job", "run", "-detach", &format!("{SETUP}{f}")])
            .sim(s)
            .run();
        assert_eq!(r.code, 0, "{r}");
    }
    wait_for(s, "services", |st| {
        ["svc", "svc-prod"].iter().all(|j| {
            st.allocs
                .values()
                .any(|a| a.job_id == *j && a.client_status == "running")
        })
    });
}

#[test]
fn list_info_delete() {
    let s = sim();
    assert_snapshot!("svc_list_none", rnomad(&["service", "list"]).sim(&s).run());
    with_services(&s);
    let svc = |args: &[&str]| {
        let mut v = vec!["service"];
        v.extend_from_slice(args);
        rnomad(&v).sim(&s).run()
    };
    assert_snapshot!("svc_list", svc(&["list"]));
    assert_snapshot!("svc_list_all", svc(&["list", "-namespace=*"]));
    assert_snapshot!("svc_list_json", svc(&["list", "-json"]));
    assert_snapshot!(
        "svc_list_t",
        svc(&["list", "-t", "{{range .}}{{.Namespace}}{{end}}"])
    );
    assert_snapshot!("svc_list_arg", svc(&["list", "x"]));
    assert_snapshot!("svc_info", svc(&["info", "web"]));
    assert_snapshot!("svc_info_verbose", svc(&["info", "-verbose", "web"]));
    assert_snapshot!("svc_info_json", svc(&["info", "-json", "web-admin"]));
    assert_snapshot!(
        "svc_info_t",
        svc(&["info", "-t", "{{range .}}{{.JobID}}{{end}}", "web"])
    );
    assert_snapshot!("svc_info_prefix", svc(&["info", "web-a"]));
    assert_snapshot!("svc_info_ambiguous", svc(&["info", "we"]));
    assert_snapshot!("svc_info_all_ns", svc(&["info", "-namespace=*", "web"]));
    assert_snapshot!("svc_info_prod", svc(&["info", "-namespace=prod", "w"]));
    assert_snapshot!("svc_info_args", svc(&["info"]));
    assert_snapshot!(
        "svc_info_bad_filter",
        svc(&["info", "-filter", "==", "web"])
    );
    assert_snapshot!(
        "svc_info_filtered_out",
        svc(&["info", "-filter", "Port == 1", "web"])
    );
    assert_snapshot!("svc_delete_missing", svc(&["delete", "web", "nosuch"]));
    assert_snapshot!("svc_delete_args", svc(&["delete", "web"]));
    let id = s.read_state(|st| {
        nomad_sim::service_registrations(st)
            .into_iter()
            .find(|r| r["ServiceName"] == "web-admin")
            .and_then(|r| r["ID"].as_str().map(String::from))
            .expect("a web-admin registration")
    });
    assert_snapshot!("svc_delete", svc(&["delete", "web-admin", &id]));
    assert_snapshot!("svc_list_after_delete", svc(&["list"]));
}

#[test]
fn info_pages() {
    let s = sim();
    with_services(&s);
    let r = rnomad(&["job", "scale", "-detach", "svc", "web", "2"])
        .sim(&s)
        .run();
    assert_eq!(r.code, 0, "{r}");
    wait_for(&s, "two web allocations", |st| {
        st.allocs
            .values()
            .filter(|a| a.job_id == "svc" && a.client_status == "running")
            .count()
            == 2
    });
    let page = rnomad(&["service", "info", "-per-page", "1", "web"])
        .sim(&s)
        .run();
    let bin = crate::common::BIN;
    assert_snapshot!("svc_info_page", page.to_string().replace(bin, "rnomad"));
}

#[test]
fn denied_and_down() {
    let s = builder().acl(true).spawn();
    assert_snapshot!(
        "svc_list_denied",
        rnomad(&["service", "list"]).sim(&s).run()
    );
    assert_snapshot!(
        "svc_info_denied",
        rnomad(&["service", "info", "web"]).sim(&s).run()
    );
    assert_snapshot!(
        "svc_delete_denied",
        rnomad(&["service", "delete", "web", "x"]).sim(&s).run()
    );
    let dead = dead_address();
    let r = rnomad(&["service", "list", "-address", &dead])
        .dead(&dead)
        .run();
    assert_snapshot!("svc_list_down", r);
}

/// Completion of the live values these commands take: service names (rnomad's own: Nomad
/// predicts none), namespaces (`default` left out for `namespace delete`, as Nomad does),
/// node pools, and the flags.
#[test]
fn completes_names_and_flags() {
    let s = sim();
    with_services(&s);
    let comp = |line: &str| {
        let r = rnomad(&[]).sim(&s).env("COMP_LINE", line).run();
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{line}");
        let mut v: Vec<String> = r.stdout.lines().map(str::to_string).collect();
        v.sort();
        v
    };
    assert_eq!(comp("rnomad service info we"), ["web", "web-admin"]);
    assert_eq!(comp("rnomad service delete web-"), ["web-admin"]);
    assert_eq!(comp("rnomad namespace status "), ["default", "prod"]);
    assert_eq!(comp("rnomad namespace delete "), ["prod"]);
    assert_eq!(comp("rnomad node pool jobs d"), ["default"]);
    assert_eq!(comp("rnomad service "), ["delete", "info", "list"]);
    assert_eq!(comp("rnomad scaling policy "), ["info", "list"]);
    let flags = comp("rnomad service info -");
    for f in [
        "-verbose",
        "-filter",
        "-per-page",
        "-page-token",
        "-json",
        "-t",
    ] {
        assert!(flags.contains(&f.to_string()), "{f} in {flags:?}");
    }
    assert!(comp("rnomad namespace apply -").contains(&"-description".to_string()));
    assert!(comp("rnomad job scaling-events -").contains(&"-verbose".to_string()));
}
