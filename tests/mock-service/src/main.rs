//! `acs-chat-mock serve | token | fixture`: the mock as a program.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use acs_chat_mock::{DEV_SECRET, Fixture, MockService};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "acs-chat-mock",
    version,
    about = "A local ACS Chat read-receipt service"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve until Ctrl-C (or SIGTERM). Prints the base URL as the first
    /// stdout line and, with --tls, the CA certificate file as the second.
    Serve {
        /// Address to listen on; port 0 picks a free port.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// HTTPS with a certificate for localhost/127.0.0.1 made at start.
        #[arg(long)]
        tls: bool,
        /// Where to write the CA certificate (PEM) with --tls; default
        /// `<temp dir>/acs-chat-mock-<port>-ca.pem`.
        #[arg(long, requires = "tls")]
        cert_out: Option<PathBuf>,
        /// JSON fixture (see README); default: the demo thread.
        #[arg(long)]
        fixture: Option<PathBuf>,
        /// Turn throttling off.
        #[arg(long)]
        no_throttling: bool,
        /// HS256 token secret; default: the fixture's, else the built-in dev secret.
        #[arg(long)]
        secret: Option<String>,
        /// Do not log requests on stderr.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Print an access token for a user (signed like `serve` checks it).
    Token {
        /// The user's raw id, e.g. `8:acs:...`.
        #[arg(long)]
        user: String,
        /// Lifetime in seconds (negative: already expired).
        #[arg(long, default_value_t = 86_400, allow_negative_numbers = true)]
        ttl: i64,
        /// HS256 secret; default: the fixture's, else the built-in dev secret.
        #[arg(long)]
        secret: Option<String>,
        /// Take the secret from this fixture.
        #[arg(long)]
        fixture: Option<PathBuf>,
    },
    /// Print the default (demo) fixture as JSON.
    Fixture,
}

fn load_fixture(path: Option<&PathBuf>) -> Result<Fixture, String> {
    match path {
        Some(path) => Fixture::from_file(path).map_err(|e| e.to_string()),
        None => Ok(Fixture::demo()),
    }
}

fn secret_of(flag: Option<String>, fixture: &Fixture) -> String {
    flag.or_else(|| fixture.secret.clone())
        .unwrap_or_else(|| DEV_SECRET.to_string())
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("acs-chat-mock: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Fixture => {
            println!("{}", Fixture::demo().to_json());
            Ok(())
        }
        Command::Token {
            user,
            ttl,
            secret,
            fixture,
        } => {
            let fixture = load_fixture(fixture.as_ref())?;
            let secret = secret_of(secret, &fixture);
            println!(
                "{}",
                acs_chat_mock::token::sign(secret.as_bytes(), &user, ttl)
            );
            Ok(())
        }
        Command::Serve {
            addr,
            tls,
            cert_out,
            fixture,
            no_throttling,
            secret,
            quiet,
        } => {
            let fixture = load_fixture(fixture.as_ref())?;
            let secret = secret_of(secret, &fixture);
            let mock = MockService::builder()
                .fixture(fixture)
                .addr(addr)
                .tls(tls)
                .throttling(!no_throttling)
                .secret(secret)
                .log_requests(!quiet)
                .start()
                .await
                .map_err(|e| e.to_string())?;
            println!("{}", mock.base_url());
            if tls {
                let path = cert_out.unwrap_or_else(|| {
                    std::env::temp_dir()
                        .join(format!("acs-chat-mock-{}-ca.pem", mock.addr().port()))
                });
                mock.write_ca_cert(&path)
                    .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
                println!("{}", path.display());
            }
            eprintln!(
                "acs-chat-mock: serving on {} (Ctrl-C to stop)",
                mock.base_url()
            );
            wait_for_signal().await;
            eprintln!("acs-chat-mock: stopping");
            mock.shutdown().await;
            Ok(())
        }
    }
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
