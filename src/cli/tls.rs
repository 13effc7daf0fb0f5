//! `tls` group definitions.

use clap::{Args, Subcommand};

use super::GlobalArgs;

#[derive(Args, Debug)]
pub struct TlsArgs {
    #[command(subcommand)]
    pub command: TlsCommands,
}

#[derive(Subcommand, Debug)]
pub enum TlsCommands {
    /// Helpers for managing certificate authorities
    #[command(
        long_about = "Makes a certificate authority for a cluster's TLS (create) or shows what \
a CA certificate holds (info).",
        override_usage = "rnomad tls ca <subcommand> [options]"
    )]
    Ca(TlsCaArgs),
    /// Helpers for managing certificates
    #[command(
        long_about = "Makes a server, client or CLI certificate signed by the cluster's CA \
(create) or shows what a certificate holds (info).",
        override_usage = "rnomad tls cert <subcommand> [options]"
    )]
    Cert(TlsCertArgs),
}

#[derive(Args, Debug)]
pub struct TlsCaArgs {
    #[command(subcommand)]
    pub command: TlsCaCommands,
}

#[derive(Subcommand, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum TlsCaCommands {
    /// Create a certificate authority for Nomad
    #[command(
        long_about = "Writes a new CA certificate and its key (an ECDSA P-256 key) to \
<domain>-agent-ca.pem and <domain>-agent-ca-key.pem in the current directory; neither may \
exist yet. Without naming flags the CA has Nomad's default subject; with any of them, \
-common-name, -country, -organization and -organizational-unit are all needed.",
        override_usage = "rnomad tls ca create [options]"
    )]
    Create(TlsCaCreateArgs),
    /// Show certificate authority information
    #[command(
        long_about = "Shows the serial number, issuer, subject, expiry and permitted DNS \
domains of the first certificate in a PEM file.",
        override_usage = "rnomad tls ca info <CA file>"
    )]
    Info(TlsInfoArgs),
}

#[derive(Args, Debug)]
pub struct TlsCertArgs {
    #[command(subcommand)]
    pub command: TlsCertCommands,
}

#[derive(Subcommand, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum TlsCertCommands {
    /// Create a new TLS certificate
    #[command(
        long_about = "Writes a certificate and its key (ECDSA P-256), signed by the CA, for a \
server (-server), a client (-client) or the CLI (-cli), to <region>-<role>-<domain>.pem and \
<region>-<role>-<domain>-key.pem; neither may exist yet. The certificate is for \
<role>.<region>.<domain> and localhost (and 127.0.0.1 for servers and clients).",
        override_usage = "rnomad tls cert create [options]"
    )]
    Create(TlsCertCreateArgs),
    /// Show certificate information
    #[command(
        long_about = "Shows the serial number, issuer, subject, expiry, DNS names and IP \
addresses of the first certificate in a PEM file.",
        override_usage = "rnomad tls cert info <certificate file>"
    )]
    Info(TlsInfoArgs),
}

#[derive(Args, Debug)]
pub struct TlsCaCreateArgs {
    // Nomad's command takes the client flags too, though it sends no request.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Another DNS zone the CA may sign for (with -name-constraint). Repeatable.
    #[arg(long = "additional-domain", value_name = "domain", action = clap::ArgAction::Append)]
    pub additional_domain: Vec<String>,
    /// The CA's common name; a serial number is appended. Default: "Nomad Agent CA".
    #[arg(long = "common-name", value_name = "name")]
    pub common_name: String,
    /// The CA's country. Default: "US".
    #[arg(long, value_name = "country")]
    pub country: String,
    /// How many days the CA is valid from now.
    #[arg(long, value_name = "days", value_parser = super::go_int, default_value = "1825")]
    pub days: i64,
    /// The cluster's domain, which names the files; other than "nomad" only with -name-constraint.
    #[arg(long, value_name = "domain", default_value = "nomad")]
    pub domain: String,
    /// The CA's locality. Default: "San Francisco".
    #[arg(long, value_name = "locality")]
    pub locality: String,
    /// Limits the CA to the DNS zones -domain, localhost, nomad and -additional-domain.
    #[arg(long = "name-constraint")]
    pub name_constraint: bool,
    /// The CA's organization. Default: "HashiCorp Inc.".
    #[arg(long, value_name = "organization")]
    pub organization: String,
    /// The CA's organizational unit. Default: "Nomad".
    #[arg(long = "organizational-unit", value_name = "unit")]
    pub organizational_unit: String,
    /// The CA's postal code. Default: "94105".
    #[arg(long = "postal-code", value_name = "code")]
    pub postal_code: String,
    /// The CA's province. Default: "CA".
    #[arg(long, value_name = "province")]
    pub province: String,
    /// The CA's street address. Default: "101 Second Street".
    #[arg(long = "street-address", value_name = "address")]
    pub street_address: String,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct TlsCertCreateArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    /// Another DNS name for the certificate (localhost is always there). Repeatable.
    #[arg(long = "additional-dnsname", value_name = "name", action = clap::ArgAction::Append)]
    pub additional_dnsname: Vec<String>,
    /// Another IP address for the certificate. Repeatable.
    #[arg(long = "additional-ipaddress", value_name = "ip", action = clap::ArgAction::Append)]
    pub additional_ipaddress: Vec<String>,
    /// The CA certificate file; #DOMAIN# stands for -domain.
    #[arg(long, value_name = "path", default_value = "#DOMAIN#-agent-ca.pem")]
    pub ca: String,
    /// Makes a certificate for the CLI.
    #[arg(long)]
    pub cli: bool,
    /// Makes a client certificate.
    #[arg(long)]
    pub client: bool,
    /// How many days the certificate is valid from now.
    #[arg(long, value_name = "days", value_parser = super::go_int, default_value = "365")]
    pub days: i64,
    /// The cluster's domain.
    #[arg(long, value_name = "domain", default_value = "nomad")]
    pub domain: String,
    /// The CA key file; #DOMAIN# stands for -domain.
    #[arg(long, value_name = "path", default_value = "#DOMAIN#-agent-ca-key.pem")]
    pub key: String,
    /// Makes a server certificate.
    #[arg(long)]
    pub server: bool,
    #[arg(num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}

#[derive(Args, Debug)]
pub struct TlsInfoArgs {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[arg(value_name = "file", num_args = 0.., allow_hyphen_values = true)]
    pub args: Vec<String>,
}
