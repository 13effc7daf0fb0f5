//! Property tests: whatever the user types or the server sends, rnomad's parsers, decoders and
//! renderers give an answer or an error, never a panic.

use clap::CommandFactory;
use proptest::prelude::*;
use serde_json::Value;

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("ID".to_string()),
                    Just("Name".to_string()),
                    Just("Status".to_string()),
                    Just("JobSummary".to_string()),
                    Just("CreateIndex".to_string()),
                    Just("Tags".to_string()),
                    Just("TaskGroups".to_string()),
                    "[A-Za-z]{1,8}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn arb_arg() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("job".to_string()),
        Just("status".to_string()),
        Just("node".to_string()),
        Just("-json".to_string()),
        Just("--".to_string()),
        Just("-".to_string()),
        Just("-t".to_string()),
        Just("-h".to_string()),
        Just("-per-page".to_string()),
        Just("-address=x".to_string()),
        "-{0,3}[a-z=-]{0,8}",
        ".{0,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn argv_prepass_never_panics(args in prop::collection::vec(arb_arg(), 0..7)) {
        let root = rnomad::cli::argv::go_style(rnomad::cli::Cli::command());
        if let rnomad::cli::argv::Dispatch::Run { argv, .. } = rnomad::cli::argv::dispatch(&args, &root) {
            // Whatever clap says about the normalised argv, it says it without panicking.
            let _ = root.clone().try_get_matches_from(&argv);
        }
    }

    #[test]
    fn json_encoder_never_panics(v in arb_json()) {
        for ty in ["[]*JobListStub", "*Node", "AgentSelf", "[]*AgentMember", "[]JobJson", "*Allocation"] {
            let out = rnomad::output::json::to_json(ty, &v);
            // Whatever went in, what comes out is valid JSON.
            prop_assert!(serde_json::from_str::<Value>(&out).is_ok(), "{ty}: {out}");
        }
    }

    #[test]
    fn typed_decoders_never_panic(v in arb_json()) {
        let _ = serde_json::from_value::<rnomad::api::jobs::Job>(v.clone());
        let _ = serde_json::from_value::<Vec<rnomad::api::nodes::NodeListStub>>(v.clone());
        let _ = serde_json::from_value::<rnomad::api::nodes::Node>(v.clone());
        let _ = serde_json::from_value::<rnomad::api::evals::Evaluation>(v);
    }

    #[test]
    fn templates_never_panic(t in ".{0,24}", v in arb_json()) {
        let _ = rnomad::output::template::render(&t, &v);
        let _ = rnomad::output::template::render(&format!("{{{{{t}}}}}"), &v);
    }

    #[test]
    fn columns_keep_every_row(rows in prop::collection::vec(".{0,20}", 0..8)) {
        let out = rnomad::output::format_list(&rows);
        let lines = if rows.is_empty() { 0 } else { out.split('\n').count() };
        // Cells may hold newlines of their own only if the input did.
        if rows.iter().all(|r| !r.contains('\n')) {
            prop_assert_eq!(lines, rows.len());
        }
    }

    #[test]
    fn small_parsers_never_panic(s in ".{0,16}", n in any::<i64>(), m in any::<i64>()) {
        let _ = rnomad::gocompat::strconv::parse_int(&s);
        let _ = rnomad::gocompat::time::parse_duration(&s);
        let _ = rnomad::gocompat::strconv::quote(&s);
        let _ = rnomad::api::sanitize_uuid_prefix(&s);
        let _ = rnomad::output::time::pretty_time_diff(n, m);
        let _ = rnomad::gocompat::time::go_duration(n);
        let _ = rnomad::output::time::format_unix_nano(n);
        let _ = rnomad::output::time::format_rfc3339(&s);
        let _ = rnomad::completion::split_line(&s, Some(n.unsigned_abs() as usize % 20));
        let _ = rnomad::output::color::colorize(&s, true);
        let _ = rnomad::gocompat::tz::Rule::parse(&s);
    }

    /// Zone files of any content load as a zone or not at all; lookups never panic.
    #[test]
    fn zone_files_never_panic(head in prop::collection::vec(any::<u8>(), 0..80), tail in prop::collection::vec(any::<u8>(), 0..200), t in any::<i64>()) {
        let mut b = b"TZif2".to_vec();
        b.extend_from_slice(&head);
        b.extend_from_slice(&tail);
        for bytes in [&b[..], &tail[..]] {
            if let Some(z) = rnomad::gocompat::tz::parse_tzif(bytes) {
                let _ = z.lookup(t);
            }
        }
    }

    /// POSIX rules: every instant falls in a period that holds it.
    #[test]
    fn zone_rule_periods_hold_their_instant(t in -4_000_000_000_000i64..4_000_000_000_000, i in 0usize..4) {
        let rule = ["CET-1CEST,M3.5.0,M10.5.0/3", "AEST-10AEDT,M10.1.0,M4.1.0/3", "EST5EDT", "<+0530>-5:30"][i];
        let mut tzif = Vec::new();
        // A minimal v2 file: no transitions, one type, the rule as footer.
        for _ in 0..2 {
            tzif.extend_from_slice(b"TZif2");
            tzif.extend_from_slice(&[0; 15]);
            for n in [0u32, 0, 0, 0, 1, 4] {
                tzif.extend_from_slice(&n.to_be_bytes());
            }
            tzif.extend_from_slice(&3600i32.to_be_bytes());
            tzif.extend_from_slice(&[0, 0]);
            tzif.extend_from_slice(b"XXX\0");
        }
        tzif.extend_from_slice(format!("\n{rule}\n").as_bytes());
        let z = rnomad::gocompat::tz::parse_tzif(&tzif).expect("a valid zone");
        let p = z.lookup(t);
        prop_assert!(p.start <= t && t < p.end, "{p:?} {t}");
    }
}

/// Standard base64 with padding, as Go's encoder writes `StreamFrame.Data`.
fn b64(data: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(data)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Log/file streams: however the network cuts the body, the same frames come out, and
    /// their bytes are the bytes that went in.
    #[test]
    fn log_frames_survive_any_split(
        frames in prop::collection::vec((prop::collection::vec(any::<u8>(), 0..40), any::<bool>()), 0..6),
        cuts in prop::collection::vec(any::<prop::sample::Index>(), 0..6),
    ) {
        let mut body = Vec::new();
        let mut want = Vec::new();
        let mut offset = 0;
        for (data, heartbeat_after) in &frames {
            offset += data.len();
            body.extend_from_slice(
                serde_json::json!({"Data": b64(data), "File": "alloc/logs/web.stdout.0", "Offset": offset})
                    .to_string()
                    .as_bytes(),
            );
            want.extend_from_slice(data);
            if *heartbeat_after {
                body.extend_from_slice(b"{}");
            }
        }
        let mut at: Vec<usize> = cuts.iter().map(|i| i.index(body.len() + 1)).collect();
        at.sort_unstable();
        let mut d = rnomad::api::stream::FrameDecoder::default();
        let mut got = Vec::new();
        let mut last = 0;
        for cut in at.into_iter().chain([body.len()]) {
            for f in d.push(&body[last..cut]).expect("well-formed frames decode") {
                got.extend_from_slice(f.bytes());
            }
            last = cut;
        }
        prop_assert_eq!(got, want);
    }

    /// Arbitrary bytes from a log stream give frames or an error, never a panic.
    #[test]
    fn log_frame_decoder_never_panics(chunks in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..64), 0..4)) {
        let mut d = rnomad::api::stream::FrameDecoder::default();
        for c in &chunks {
            if let Ok(frames) = d.push(c) {
                for f in frames {
                    let _ = f.bytes();
                    let _ = f.is_heartbeat();
                }
            }
        }
    }

    /// Event stream lines of any shape: decoding the frame and each event, and rendering the
    /// event line, never panic.
    #[test]
    fn event_lines_never_panic(
        shaped in prop::collection::vec(
            (prop_oneof![Just("Job".to_string()), Just("Allocation".to_string()), Just("Evaluation".to_string()), Just("Deployment".to_string()), Just("Node".to_string()), ".{0,6}"],
             ".{0,10}", ".{0,10}", arb_json()),
            0..4,
        ),
        loose in prop::collection::vec(arb_json(), 0..2),
        index in any::<u64>(),
        now in any::<i64>(),
    ) {
        let mut events: Vec<Value> = shaped
            .into_iter()
            .map(|(topic, kind, key, payload)| {
                serde_json::json!({"Topic": topic, "Type": kind, "Key": key, "Index": index,
                                   "Namespace": "default", "Payload": {topic: payload}})
            })
            .collect();
        events.extend(loose);
        let line = serde_json::json!({"Index": index, "Events": events}).to_string();
        if let Ok(frame) = serde_json::from_str::<rnomad::api::events::RawFrame>(&line) {
            for ev in &frame.events {
                if let Ok(head) = serde_json::from_str::<rnomad::commands::event::stream::EventHead>(ev.get()) {
                    for (color, verbose) in [(false, false), (true, true)] {
                        let opts = rnomad::commands::event::stream::LineOpts { color, verbose };
                        let _ = rnomad::commands::event::stream::render_event(&head, Some(now), opts);
                    }
                }
            }
        }
    }
}

#[test]
fn extreme_times_do_not_overflow() {
    for (a, b) in [
        (i64::MIN, i64::MAX),
        (i64::MAX, i64::MIN),
        (1, i64::MAX),
        (i64::MIN, 0),
    ] {
        let _ = rnomad::output::time::pretty_time_diff(a, b);
        let _ = rnomad::gocompat::time::go_duration(a);
        let _ = rnomad::output::time::format_unix_nano(a);
    }
}
