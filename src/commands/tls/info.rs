//! `tls ca info` and `tls cert info`: what the first certificate of a PEM file holds, as
//! Nomad prints it (columns, Go's printing of the subject, time, lists and IPs).

use super::parse_cert;
use crate::cli::tls::TlsInfoArgs;
use crate::commands::common::{read_file, usage_error};
use crate::ctx::Ctx;
use crate::gocompat::x509::cert::{decimal, ip_string, Certificate};

/// Go's `time.Time.String()` of a UTC time from a certificate.
fn go_time(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0)
        .map(|t| t.format("%Y-%m-%d %H:%M:%S +0000 UTC").to_string())
        .unwrap_or_default()
}

/// `fmt`'s `%s` of a string slice.
fn list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(" "))
}

/// The info table; `ca` picks the CA rows (permitted domains) over the leaf rows.
pub fn render(c: &Certificate, ca: bool) -> String {
    let mut rows = vec![
        format!(
            "Serial Number|{}{}",
            if c.serial_negative { "-" } else { "" },
            decimal(&c.serial)
        ),
        format!("Issuer CN|{}", c.issuer.common_name),
        format!("Common Name|{}", c.subject.go_string()),
        format!("Expiry Date|{}", go_time(c.not_after)),
    ];
    if ca {
        rows.push(format!(
            "Permitted DNS Domains|{}",
            list(c.permitted_dns_domains.iter().cloned())
        ));
    } else {
        rows.push(format!("DNS Names|{}", list(c.dns_names.iter().cloned())));
        rows.push(format!(
            "IP Addresses|{}",
            list(c.ip_addresses.iter().map(|ip| ip_string(ip)))
        ));
    }
    crate::output::columns::format_simple(&rows)
}

pub fn run(ctx: &mut Ctx, a: &TlsInfoArgs, ca: bool) -> i32 {
    let name = if ca { "tls ca info" } else { "tls cert info" };
    if a.args.len() > 1 {
        return usage_error(ctx, "This command takes up to one argument", name);
    }
    let what = if ca { "CA file" } else { "certificate file" };
    let text = match a.args.first() {
        Some(path) => match read_file(path) {
            Ok(t) => t,
            Err(e) => {
                ctx.ui.error(&format!("Error reading {what}: {e}"));
                return 1;
            }
        },
        // Nomad's `tls ca info` reports a nil error; `tls cert info` parses nothing.
        None if ca => {
            ctx.ui.error("Error reading CA file: <nil>");
            return 1;
        }
        None => Vec::new(),
    };
    match parse_cert(&text) {
        Ok(c) => {
            ctx.ui.output(&render(&c, ca));
            0
        }
        Err(e) => {
            ctx.ui.error(&e);
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Certificates Nomad v1.10.5 made, and what its `tls … info` printed for them.
    #[test]
    fn prints_nomads_certificates_as_nomad() {
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/nomad-1.10.5/cli-tls/"
        );
        for (pem, stdout, ca) in [
            ("ca.pem", "ca-info.stdout", true),
            ("ca-custom.pem", "ca-custom-info.stdout", true),
            ("server.pem", "server-info.stdout", false),
            ("ca.pem", "ca-as-cert-info.stdout", false),
        ] {
            let text = std::fs::read(format!("{dir}{pem}")).unwrap();
            let want = std::fs::read_to_string(format!("{dir}{stdout}")).unwrap();
            let c = super::super::parse_cert(&text).unwrap();
            assert_eq!(format!("{}\n", render(&c, ca)), want, "{pem}");
        }
    }
}
