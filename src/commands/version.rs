//! `version`: rnomad's version and the Nomad CLI version it matches. Takes no flags and
//! ignores its arguments, as Nomad's does.

use crate::ctx::Ctx;

/// The Nomad CLI version whose behaviour rnomad matches.
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

pub fn run(ctx: &mut Ctx) -> i32 {
    ctx.ui.output(&version_text());
    0
}
