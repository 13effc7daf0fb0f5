//! One rustls configuration from `-ca-cert`, `-ca-path`, `-client-cert`/`-client-key`,
//! `-tls-server-name` and `-tls-skip-verify`. Files are read (and their errors reported in
//! Nomad's words) for every address, as Nomad validates them even for `http://`; the system
//! roots are loaded only for `https://` without a CA, since that costs milliseconds.

use std::path::Path;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use super::config::TlsSettings;
use crate::gocompat::os::io_text;

/// TLS material read from disk, before any rustls state is built.
pub struct TlsMaterial {
    roots: Option<Vec<CertificateDer<'static>>>,
    identity: Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>,
    server_name: Option<String>,
    skip_verify: bool,
}

/// The certificates of the PEM file at `path`; `unread` prefixes a read error, `what` the
/// error of a file without certificates (go-rootcerts words them differently).
fn read_certs(
    path: &str,
    unread: &str,
    what: &str,
) -> Result<Vec<CertificateDer<'static>>, String> {
    let data = std::fs::read(path).map_err(|e| {
        // Go opens a directory fine and fails reading it.
        let op = if e.kind() == std::io::ErrorKind::IsADirectory {
            "read"
        } else {
            "open"
        };
        format!("{unread}: {op} {path}: {}", io_text(&e))
    })?;
    let certs: Vec<_> = CertificateDer::pem_slice_iter(&data)
        .filter_map(Result::ok)
        .collect();
    if certs.is_empty() {
        return Err(format!("{what}: Couldn't parse PEM in: {path}"));
    }
    Ok(certs)
}

/// go-rootcerts' `LoadCAPath`: a walk that does not follow symlinked directories (Go's
/// `filepath.Walk` looks with `lstat`) and reads everything else, symlinked files included
/// (`/etc/ssl/certs` is mostly symlinks), as PEM.
fn walk_pem_dir(dir: &Path, out: &mut Vec<CertificateDer<'static>>) -> Result<(), String> {
    let meta = std::fs::symlink_metadata(dir)
        .map_err(|e| format!("lstat {}: {}", dir.display(), io_text(&e)))?;
    if !meta.is_dir() {
        out.extend(read_certs(
            &dir.to_string_lossy(),
            "Error loading file from CAPath",
            "Error loading CA Path",
        )?);
        return Ok(());
    }
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("open {}: {}", dir.display(), io_text(&e)))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        walk_pem_dir(&p, out)?;
    }
    Ok(())
}

impl TlsMaterial {
    pub fn load(s: &TlsSettings) -> Result<TlsMaterial, String> {
        let roots = if let Some(ca) = &s.ca_cert {
            Some(read_certs(
                ca,
                "Error loading CA File",
                "Error loading CA File",
            )?)
        } else if let Some(dir) = &s.ca_path {
            let mut v = Vec::new();
            walk_pem_dir(Path::new(dir), &mut v)?;
            Some(v)
        } else {
            None
        };
        let identity = match (&s.client_cert, &s.client_key) {
            (Some(cert), Some(key)) => {
                let cert_pem =
                    std::fs::read(cert).map_err(|e| format!("open {cert}: {}", io_text(&e)))?;
                let key_pem =
                    std::fs::read(key).map_err(|e| format!("open {key}: {}", io_text(&e)))?;
                let chain: Vec<_> = CertificateDer::pem_slice_iter(&cert_pem)
                    .filter_map(Result::ok)
                    .collect();
                if chain.is_empty() {
                    return Err("tls: failed to find any PEM data in certificate input".into());
                }
                let key = PrivateKeyDer::from_pem_slice(&key_pem)
                    .map_err(|_| "tls: failed to find any PEM data in key input".to_string())?;
                Some((chain, key))
            }
            (None, None) => None,
            _ => return Err("Both client cert and client key must be provided".into()),
        };
        Ok(TlsMaterial {
            roots,
            identity,
            server_name: s.server_name.clone(),
            skip_verify: s.skip_verify,
        })
    }

    /// A minimal config for plain-HTTP clients, so reqwest builds none of its own.
    pub fn plain_config() -> Result<ClientConfig, String> {
        ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map(|b| {
                b.with_root_certificates(RootCertStore::empty())
                    .with_no_client_auth()
            })
            .map_err(|e| e.to_string())
    }

    pub fn client_config(self) -> Result<ClientConfig, String> {
        let provider = provider();
        let mut store = RootCertStore::empty();
        match self.roots {
            Some(certs) => {
                for c in certs {
                    let _ = store.add(c);
                }
            }
            None => {
                let native = rustls_native_certs::load_native_certs();
                for c in native.certs {
                    let _ = store.add(c);
                }
            }
        }
        let builder = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?;
        let verifier: Arc<dyn ServerCertVerifier> = if self.skip_verify {
            Arc::new(NoVerify(provider.clone()))
        } else {
            let inner = WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider)
                .build()
                .map_err(|e| e.to_string())?;
            match self.server_name {
                Some(name) => Arc::new(FixedName {
                    inner,
                    name: ServerName::try_from(name.clone())
                        .map_err(|_| format!("invalid TLS server name {name}"))?,
                }),
                None => inner,
            }
        };
        let builder = builder
            .dangerous()
            .with_custom_certificate_verifier(verifier);
        let mut cfg = match self.identity {
            Some((chain, key)) => builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| format!("tls: {e}"))?,
            None => builder.with_no_client_auth(),
        };
        cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(cfg)
    }
}

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// Verifies the chain against the roots but checks a fixed name (`-tls-server-name`).
#[derive(Debug)]
struct FixedName {
    inner: Arc<WebPkiServerVerifier>,
    name: ServerName<'static>,
}

impl ServerCertVerifier for FixedName {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.inner
            .verify_server_cert(end_entity, intermediates, &self.name, ocsp, now)
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// `-tls-skip-verify`: accept any certificate, still checking handshake signatures.
#[derive(Debug)]
struct NoVerify(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for NoVerify {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}
