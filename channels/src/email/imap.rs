//! IMAP intake: [`watch`] reads a helpline mailbox with `async-imap`, waiting in IDLE where the
//! server offers it (the caller polls otherwise). Each round selects the
//! mailbox, fetches every message without `\Seen` (with `BODY.PEEK[]`, so fetching alone marks
//! nothing), hands each to the caller and, only once the caller has stored it, sets `\Seen` and,
//! when a folder is configured, moves it there. The mailbox itself is the record of what was
//! handled, so a restart or a dropped connection resumes where it stopped; a message handled but
//! not yet flagged when the connection dropped is handed over again, and the store's
//! de-duplication on `Message-ID` absorbs it.

use async_imap::Client;
use futures_util::TryStreamExt;
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

/// How the connection to the IMAP server is secured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImapTls {
    /// TLS from the first byte (port 993).
    #[default]
    Implicit,
    /// No encryption: only for a server on loopback or a test server.
    None,
}

/// Which mailbox to read and how.
#[derive(Debug, Clone)]
pub struct MailboxSettings {
    /// Server host name (also the name its certificate must carry).
    pub host: String,
    /// Server port.
    pub port: u16,
    /// Transport security.
    pub tls: ImapTls,
    /// Login.
    pub username: String,
    /// Password.
    pub password: String,
    /// The mailbox to read (`INBOX`).
    pub mailbox: String,
    /// Where handled messages are moved, if anywhere (they are always flagged `\Seen`).
    pub processed_folder: Option<String>,
    /// Give up on one round after this long.
    pub timeout: Duration,
}

/// Why a round failed (the next round reconnects). Never carries message content.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    /// Could not connect or the connection dropped.
    #[error("IMAP connection: {0}")]
    Connection(String),
    /// The server refused the login.
    #[error("IMAP login refused")]
    Login,
    /// The server answered a command with an error.
    #[error("IMAP command failed: {0}")]
    Command(String),
}

/// What the caller did with one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    /// Stored (or deliberately dropped): flag it so it is never handled again.
    Done,
    /// Not stored (the store is down): leave it for the next round.
    Retry,
}

fn command(e: async_imap::error::Error) -> ImapError {
    match e {
        async_imap::error::Error::Io(io) => ImapError::Connection(io.kind().to_string()),
        other => ImapError::Command(other.to_string().chars().take(120).collect()),
    }
}

async fn tls_connect(tcp: TcpStream, host: &str) -> Result<tokio_rustls::client::TlsStream<TcpStream>, ImapError> {
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    // The provider is named, not taken from the process default, which is ambiguous when
    // several are compiled in.
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|_| ImapError::Connection("TLS setup".into()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from(host.to_owned())
        .map_err(|_| ImapError::Connection("invalid host name".into()))?;
    tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .map_err(|e| ImapError::Connection(format!("TLS: {}", e.kind())))
}

/// Logs in and selects the mailbox.
async fn open_session<S>(stream: S, settings: &MailboxSettings) -> Result<async_imap::Session<S>, ImapError>
where
    S: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    let mut client = Client::new(stream);
    client
        .read_response()
        .await
        .map_err(|e| ImapError::Connection(e.kind().to_string()))?
        .ok_or_else(|| ImapError::Connection("no greeting".into()))?;
    let mut session = client
        .login(&settings.username, &settings.password)
        .await
        .map_err(|_| ImapError::Login)?;
    session.select(&settings.mailbox).await.map_err(command)?;
    Ok(session)
}

/// Hands every unseen message to `handle`, flagging (and moving) each one it has stored.
async fn process_unseen<S, F, Fut>(
    session: &mut async_imap::Session<S>,
    settings: &MailboxSettings,
    handle: &mut F,
) -> Result<usize, ImapError>
where
    S: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
    F: FnMut(Vec<u8>) -> Fut,
    Fut: std::future::Future<Output = Handled>,
{
    let mut uids: Vec<u32> = session
        .uid_search("UNSEEN")
        .await
        .map_err(command)?
        .into_iter()
        .collect();
    uids.sort_unstable();
    let mut handled = 0;
    for uid in uids {
        let fetches: Vec<_> = session
            .uid_fetch(uid.to_string(), "BODY.PEEK[]")
            .await
            .map_err(command)?
            .try_collect()
            .await
            .map_err(command)?;
        let Some(raw) = fetches.iter().find_map(|f| f.body().map(<[u8]>::to_vec)) else {
            continue;
        };
        if handle(raw).await == Handled::Retry {
            continue;
        }
        let _: Vec<_> = session
            .uid_store(uid.to_string(), "+FLAGS (\\Seen)")
            .await
            .map_err(command)?
            .try_collect()
            .await
            .map_err(command)?;
        if let Some(folder) = &settings.processed_folder {
            session.uid_mv(uid.to_string(), folder).await.map_err(command)?;
        }
        handled += 1;
    }
    Ok(handled)
}

/// Longest single IDLE (RFC 2177 asks clients to re-issue it within 29 minutes).
pub const MAX_IDLE: Duration = Duration::from_secs(25 * 60);

/// Stays connected and handles mail as it arrives: handles what is unseen, then waits in IDLE
/// (up to `idle_for`) for new mail, and again. Returns `Ok` at once after the first round when
/// the server does not offer IDLE (the caller polls), and `Err` when the connection fails (the
/// caller reconnects).
pub async fn watch<F, Fut>(settings: &MailboxSettings, idle_for: Duration, mut handle: F) -> Result<(), ImapError>
where
    F: FnMut(Vec<u8>) -> Fut,
    Fut: std::future::Future<Output = Handled>,
{
    let tcp = tokio::time::timeout(
        settings.timeout,
        TcpStream::connect((settings.host.as_str(), settings.port)),
    )
    .await
    .map_err(|_| ImapError::Connection("timeout".into()))?
    .map_err(|e| ImapError::Connection(e.kind().to_string()))?;
    match settings.tls {
        ImapTls::None => watch_session(tcp, settings, idle_for, &mut handle).await,
        ImapTls::Implicit => {
            let tls = tls_connect(tcp, &settings.host).await?;
            watch_session(tls, settings, idle_for, &mut handle).await
        }
    }
}

async fn watch_session<S, F, Fut>(
    stream: S,
    settings: &MailboxSettings,
    idle_for: Duration,
    handle: &mut F,
) -> Result<(), ImapError>
where
    S: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
    F: FnMut(Vec<u8>) -> Fut,
    Fut: std::future::Future<Output = Handled>,
{
    let mut session = tokio::time::timeout(settings.timeout, open_session(stream, settings))
        .await
        .map_err(|_| ImapError::Connection("timeout".into()))??;
    let idle = session.capabilities().await.map_err(command)?.has_str("IDLE");
    loop {
        tokio::time::timeout(settings.timeout, process_unseen(&mut session, settings, handle))
            .await
            .map_err(|_| ImapError::Connection("timeout".into()))??;
        if !idle {
            let _ = session.logout().await;
            return Ok(());
        }
        let mut waiting = session.idle();
        waiting.init().await.map_err(command)?;
        let (wait, _interrupt) = waiting.wait_with_timeout(idle_for.min(MAX_IDLE));
        wait.await.map_err(command)?;
        session = waiting.done().await.map_err(command)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(port: u16, tls: ImapTls) -> MailboxSettings {
        MailboxSettings {
            host: "localhost".into(),
            port,
            tls,
            username: "help".into(),
            password: "x".into(),
            mailbox: "INBOX".into(),
            processed_folder: None,
            timeout: Duration::from_secs(5),
        }
    }

    #[tokio::test]
    async fn a_server_that_is_not_imap_is_a_connection_error_not_a_panic() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                drop(socket);
            }
        });
        for tls in [ImapTls::Implicit, ImapTls::None] {
            let result = watch(&settings(port, tls), Duration::from_secs(1), |_| async {
                Handled::Done
            })
            .await;
            assert!(matches!(result, Err(ImapError::Connection(_))), "{tls:?}: {result:?}");
        }
    }
}
