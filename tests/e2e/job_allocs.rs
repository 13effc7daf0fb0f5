//! `job allocs`: a job's allocations, `-all`, `-verbose`, `-json`/`-t`, and the failures.

use crate::common::{rnomad, sim};
use insta::assert_snapshot;

#[test]
fn allocs() {
    let s = sim();
    assert_snapshot!("allocs", rnomad(&["job", "allocs", "web"]).sim(&s).run());
    assert_snapshot!(
        "allocs_verbose_all",
        rnomad(&["job", "allocs", "-all", "-verbose", "web"])
            .sim(&s)
            .run()
    );
    assert_snapshot!(
        "allocs_template",
        rnomad(&[
            "job",
            "allocs",
            "-t",
            "{{range .}}{{.ID}} {{.ClientStatus}}\n{{end}}",
            "web"
        ])
        .sim(&s)
        .run()
    );
    let json = rnomad(&["job", "allocs", "-json", "web"]).sim(&s).run();
    assert_eq!(json.code, 0);
    assert!(json.stdout.starts_with("[\n    {\n        \""), "{json}");
    assert!(
        json.stdout
            .contains("\n        \"ClientStatus\": \"running\",\n"),
        "{json}"
    );
    assert_snapshot!(
        "allocs_not_found",
        rnomad(&["job", "allocs", "nosuch"]).sim(&s).run()
    );
    assert_snapshot!(
        "allocs_ambiguous",
        rnomad(&["job", "allocs", "s"]).sim(&s).run()
    );
}
