//! `volume init`: Nomad's `VolumeInitCommand`. Writes an example CSI or host volume
//! specification (HCL, or JSON with `-json`) to `volume.hcl`/`volume.json` or the given name,
//! never over an existing file.

use crate::cli::volume::VolumeInitArgs;
use crate::commands::common::usage_error;
use crate::ctx::Ctx;
use crate::gocompat::strconv::quote;

use super::init_examples::{CSI_HCL, CSI_JSON, HOST_HCL, HOST_JSON};

pub fn run(ctx: &mut Ctx, a: &VolumeInitArgs) -> i32 {
    if a.args.len() > 1 {
        return usage_error(
            ctx,
            "This command takes no arguments or one: <filename>",
            "volume init",
        );
    }
    // Any type but "host" gets the CSI example, as in Nomad.
    let (default_name, content) = match (a.kind == "host", a.json) {
        (true, false) => ("volume.hcl", HOST_HCL),
        (true, true) => ("volume.json", HOST_JSON),
        (false, true) => ("volume.json", CSI_JSON),
        (false, false) => ("volume.hcl", CSI_HCL),
    };
    let name = a.args.first().map_or(default_name, String::as_str);
    match std::fs::metadata(name) {
        Ok(_) => {
            ctx.ui.error(&format!(
                "Volume specification {} already exists",
                quote(name)
            ));
            return 1;
        }
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            ctx.ui.error(&format!(
                "Failed to stat {}: stat {name}: {}",
                quote(name),
                crate::commands::common::io_text(&e)
            ));
            return 1;
        }
        Err(_) => {}
    }
    if let Err(e) = crate::commands::common::write_file_0660(name, content) {
        ctx.ui.error(&format!(
            "Failed to write {}: open {name}: {}",
            quote(name),
            crate::commands::common::io_text(&e)
        ));
        return 1;
    }
    ctx.ui
        .output(&format!("Example volume specification written to {name}"));
    0
}
