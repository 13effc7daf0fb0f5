//! Go's `crypto/x509` and `encoding/pem` as sprig's key and certificate generators and
//! Nomad's `tls` commands use them: key generation and PEM forms (`key`), certificate
//! creation and parsing (`cert`), with Go's encodings and error texts. Everything here runs
//! only when a template or a `tls` command asks for it.

mod asn1;
pub mod cert;
pub mod der;
pub mod key;
pub mod pem;

pub use cert::{Certificate, ExtKeyUsage, Name, Template};
pub use key::PrivateKey;
