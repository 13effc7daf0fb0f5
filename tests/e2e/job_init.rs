//! `job init -template` and `-list-templates`: job templates kept in Nomad Variables.

use crate::common::{builder, dead_address, rnomad, sim, temp_dir, Sim};
use insta::assert_snapshot;

fn put_template(s: &Sim, name: &str, items: &[(&str, &str)]) {
    s.with_state(|st| {
        st.put_variable(
            "default",
            &format!("nomad/job-templates/{name}"),
            items
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
    });
}

#[test]
fn init_templates() {
    let s = sim();
    let dir = temp_dir();
    let file = dir.join("t.nomad.hcl");
    let f = file.to_string_lossy().into_owned();
    let d = dir.to_string_lossy().into_owned();
    assert_snapshot!(
        "init_list_templates_none",
        rnomad(&["job", "init", "-list-templates"]).sim(&s).run()
    );
    put_template(
        &s,
        "web",
        &[("template", "job \"web\" {}\n"), ("description", "d")],
    );
    put_template(&s, "broken", &[("description", "no template here")]);
    assert_snapshot!(
        "init_list_templates",
        rnomad(&["job", "init", "-list-templates"]).sim(&s).run()
    );
    let r = rnomad(&["job", "init", "-template=web", &f])
        .sim(&s)
        .redact(&d, "DIR")
        .run();
    assert_snapshot!("init_template_written", r);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap_or_default(),
        "job \"web\" {}\n"
    );
    assert_snapshot!(
        "init_template_exists",
        rnomad(&["job", "init", "-template=web", &f])
            .sim(&s)
            .redact(&d, "DIR")
            .run()
    );
    let other = dir.join("other.hcl").to_string_lossy().into_owned();
    assert_snapshot!(
        "init_template_not_found",
        rnomad(&["job", "init", "-template=nope", &other])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "init_template_malformed",
        rnomad(&["job", "init", "-template", "broken", &other])
            .sim(&s)
            .run()
    );
    assert!(!std::path::Path::new(&other).exists());
    // A token that may not read variables: Nomad's client takes the 403 for "not found", and
    // the list is filtered down to nothing.
    let acl = builder().acl(true).spawn();
    assert_snapshot!(
        "init_template_denied",
        rnomad(&["job", "init", "-template=web", &other])
            .sim(&acl)
            .run()
    );
    assert_snapshot!(
        "init_list_templates_denied",
        rnomad(&["job", "init", "-list-templates"]).sim(&acl).run()
    );
    let dead = dead_address();
    assert_snapshot!(
        "init_list_templates_server_down",
        rnomad(&["job", "init", "-list-templates"])
            .env("NOMAD_ADDR", &dead)
            .dead(&dead)
            .run()
    );
    assert_snapshot!(
        "init_template_server_down",
        rnomad(&["job", "init", "-template=web", &other])
            .env("NOMAD_ADDR", &dead)
            .dead(&dead)
            .run()
    );
}
