//! A throwaway certificate authority and a server certificate for
//! `localhost`, `127.0.0.1` and `::1`, made at start with rcgen.

use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SanType,
};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// What the server needs, and the CA certificate clients should trust.
pub(crate) struct Tls {
    pub acceptor: TlsAcceptor,
    /// PEM of the CA that signed the server certificate.
    pub ca_pem: String,
}

pub(crate) fn make() -> Result<Tls, String> {
    let e = |what: &str| {
        let what = what.to_string();
        move |err: rcgen::Error| format!("{what}: {err}")
    };
    // rcgen takes `time::OffsetDateTime`; `date_time_ymd` keeps that crate
    // out of this one's dependencies.
    let now = chrono::Utc::now();
    let ymd = |d: chrono::DateTime<chrono::Utc>| {
        use chrono::Datelike;
        rcgen::date_time_ymd(d.year(), d.month() as u8, d.day() as u8)
    };
    let not_before = ymd(now - chrono::Duration::days(1));
    let not_after = ymd(now + chrono::Duration::days(30));

    let ca_key = KeyPair::generate().map_err(e("CA key"))?;
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(e("CA params"))?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "acs-chat-mock local CA");
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    ca.not_before = not_before;
    ca.not_after = not_after;
    let ca_cert = ca.self_signed(&ca_key).map_err(e("CA certificate"))?;
    let issuer = Issuer::from_params(&ca, &ca_key);

    let key = KeyPair::generate().map_err(e("server key"))?;
    let mut leaf = CertificateParams::new(vec!["localhost".to_string()]).map_err(e("params"))?;
    leaf.subject_alt_names
        .push(SanType::IpAddress([127, 0, 0, 1].into()));
    leaf.subject_alt_names
        .push(SanType::IpAddress(std::net::Ipv6Addr::LOCALHOST.into()));
    leaf.distinguished_name
        .push(DnType::CommonName, "localhost");
    leaf.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::KeyEncipherment,
    ];
    leaf.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf.use_authority_key_identifier_extension = true;
    leaf.not_before = not_before;
    leaf.not_after = not_after;
    let leaf_cert = leaf
        .signed_by(&key, &issuer)
        .map_err(e("server certificate"))?;

    let chain = vec![
        CertificateDer::from(leaf_cert.der().to_vec()),
        CertificateDer::from(ca_cert.der().to_vec()),
    ];
    let private = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
    let provider = Arc::new(tokio_rustls::rustls::crypto::aws_lc_rs::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|err| format!("TLS versions: {err}"))?
        .with_no_client_auth()
        .with_single_cert(chain, private)
        .map_err(|err| format!("TLS certificate: {err}"))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Tls {
        acceptor: TlsAcceptor::from(Arc::new(config)),
        ca_pem: ca_cert.pem(),
    })
}
