//! The `acs-chat-mock` program: `serve` (plain and TLS), `token`, `fixture`.

use std::process::Stdio;
use std::time::Duration;

use acs_chat::Client;
use acs_chat::types::SendReadReceiptRequest;
use acs_chat_mock::{DEMO_MESSAGES, DEMO_THREAD_ID, DEMO_USERS, Fixture};
use futures::TryStreamExt;
use tokio::process::{Child, Command};

const BIN: &str = env!("CARGO_BIN_EXE_acs-chat-mock");

/// Starts `serve` with `args`; returns the child and its first stdout lines.
async fn serve(args: &[&str], lines: usize) -> (Child, Vec<String>) {
    let mut child = Command::new(BIN)
        .arg("serve")
        .args(["--addr", "127.0.0.1:0", "--quiet"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("the binary runs");
    let first = crate::common::first_lines(&mut child, lines).await;
    (child, first)
}

async fn token(args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("token")
        .args(args)
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// SIGTERM (the child's own pid), then the exit status.
async fn stop(mut child: Child) -> std::process::ExitStatus {
    let pid = child.id().expect("still running").to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .unwrap();
    assert!(killed.success());
    tokio::time::timeout(Duration::from_secs(15), child.wait())
        .await
        .expect("stops on SIGTERM")
        .unwrap()
}

async fn round_trip(client: &Client) {
    client
        .send_chat_read_receipt()
        .chat_thread_id(DEMO_THREAD_ID)
        .body(SendReadReceiptRequest {
            chat_message_id: DEMO_MESSAGES[3].into(),
        })
        .send()
        .await
        .unwrap();
    let receipts: Vec<_> = client
        .list_chat_read_receipts()
        .chat_thread_id(DEMO_THREAD_ID)
        .max_page_size(1) // follows nextLink, which must stay on the client's origin
        .stream()
        .try_collect()
        .await
        .unwrap();
    assert!(
        receipts
            .iter()
            .any(|r| r.chat_message_id == DEMO_MESSAGES[3]
                && r.sender_communication_identifier.raw_id.as_deref() == Some(DEMO_USERS[0]))
    );
}

#[tokio::test]
async fn serve_prints_its_url_and_accepts_cli_tokens() {
    let (child, lines) = serve(&["--no-throttling"], 1).await;
    let base = &lines[0];
    assert!(base.starts_with("http://127.0.0.1:"), "{base}");
    let t = token(&["--user", DEMO_USERS[0], "--ttl", "600"]).await;
    let client = Client::builder(base.as_str()).token(t).build().unwrap();
    round_trip(&client).await;
    // An expired CLI token is refused.
    let expired = token(&["--user", DEMO_USERS[0], "--ttl", "-5"]).await;
    let client = Client::builder(base.as_str())
        .token(expired)
        .build()
        .unwrap();
    let err = client
        .list_chat_read_receipts()
        .chat_thread_id(DEMO_THREAD_ID)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("Unauthorized"));
    assert!(stop(child).await.success());
}

#[tokio::test]
async fn serve_tls_with_a_fixture_file() {
    let dir = std::env::temp_dir().join(format!("acs-chat-mock-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fixture_path = dir.join("fixture.json");
    let cert_path = dir.join("ca.pem");
    std::fs::write(
        &fixture_path,
        Fixture::demo().with_secret("fixture secret").to_json(),
    )
    .unwrap();
    let (child, lines) = serve(
        &[
            "--tls",
            "--fixture",
            fixture_path.to_str().unwrap(),
            "--cert-out",
            cert_path.to_str().unwrap(),
        ],
        2,
    )
    .await;
    assert!(lines[0].starts_with("https://127.0.0.1:"), "{lines:?}");
    assert_eq!(lines[1], cert_path.display().to_string());
    let pem = std::fs::read(&cert_path).unwrap();
    let http = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(&pem).unwrap()])
        .build()
        .unwrap();
    let t = token(&[
        "--user",
        DEMO_USERS[0],
        "--fixture",
        fixture_path.to_str().unwrap(),
    ])
    .await;
    // Also by name: the certificate is for localhost too.
    let localhost = lines[0].replace("127.0.0.1", "localhost");
    for base in [lines[0].as_str(), localhost.as_str()] {
        let client = Client::builder(base)
            .token(t.clone())
            .http_client(http.clone())
            .build()
            .unwrap();
        round_trip(&client).await;
    }
    // Without trusting the CA, the connection fails.
    let untrusting = Client::builder(lines[0].as_str())
        .token(t.clone())
        .retry(acs_chat::RetryOptions::none())
        .build()
        .unwrap();
    let err = untrusting
        .list_chat_read_receipts()
        .chat_thread_id(DEMO_THREAD_ID)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, acs_chat::Error::Transport { .. }), "{err:?}");
    assert!(stop(child).await.success());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn fixture_command_and_bad_fixture_files() {
    let out = Command::new(BIN).arg("fixture").output().await.unwrap();
    assert!(out.status.success());
    let printed = Fixture::from_json(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert_eq!(printed, Fixture::demo());

    let bad = std::env::temp_dir().join(format!("acs-chat-mock-bad-{}.json", std::process::id()));
    std::fs::write(&bad, r#"{"threads":[{"id":"t","participants":["a","a"]}]}"#).unwrap();
    let out = Command::new(BIN)
        .args(["serve", "--addr", "127.0.0.1:0", "--fixture"])
        .arg(&bad)
        .output()
        .await
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("participant twice"), "{stderr}");
    let _ = std::fs::remove_file(&bad);
}
