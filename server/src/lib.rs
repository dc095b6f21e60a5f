//! The `frontdoor` binary's library: configuration, the HTTP application, turn processing, the
//! outbox worker, metrics and the CLI commands. It wires the adapters (`frontdoor-store`,
//! `frontdoor-channels`) to the core's engine; it is the only crate that knows them all.
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! let config = frontdoor_server::config::Config::load(None, |k| std::env::var(k).ok())?;
//! let server = frontdoor_server::start(config, Default::default()).await?;
//! println!("listening on {}", server.addr());
//! server.shutdown().await?;
//! # Ok(()) }
//! ```

pub mod app;
pub mod cli;
pub mod config;
pub mod dialogs;
pub mod directory;
pub mod email;
pub mod inbox;
pub mod metrics;
pub mod models;
pub mod outbox;
pub mod processor;
pub mod scripts;
pub mod sms;
pub mod telemetry;
pub mod webchat;

use anyhow::{Context, Result};
use config::Config;
use frontdoor_core::clock::{Clock, SystemClock};
use frontdoor_core::dialogue::DialoguePolicy;
use frontdoor_core::engine::{Engine, Policy, Ports};
use frontdoor_core::ports::{HandoffQueue, NoUnderstanding, OutboundSender, Store};
use frontdoor_core::types::ChannelKind;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// What tests and embedders may replace when starting a server.
#[derive(Default, Clone)]
pub struct StartOptions {
    /// Extra outbound senders (override configured ones for the same channel).
    pub senders: Vec<Arc<dyn OutboundSender>>,
    /// The dialogue policy (default: the engine's own).
    pub policy: Option<Arc<dyn Policy>>,
    /// The clock (default: the system clock).
    pub clock: Option<Arc<dyn Clock>>,
    /// Skip the model and directory (plumbing tests with their own policy).
    pub without_models: bool,
}

/// What the engine thinks with: the embedding model, understanding and the directory.
#[derive(Clone)]
pub struct Brains {
    /// multilingual-e5-small.
    pub model: Arc<frontdoor_nlu::E5Embedder>,
    /// Language, need, crisis, places.
    pub understanding: Arc<dyn frontdoor_core::ports::Understanding>,
    /// The same, with its evidence (for `frontdoor understand`).
    pub nlu: Arc<frontdoor_nlu::understand::NluUnderstanding>,
    /// The service directory.
    pub directory: Arc<frontdoor_directory::search::Searcher>,
}

/// Loads the model (fetching it when missing), understanding and the directory (loading the
/// bundled demo directory on an empty data dir).
pub async fn load_brains(config: &Config) -> Result<Brains> {
    let model = models::load(config)?;
    let nlu = understanding(config, model.clone())?;
    let embedder = Arc::new(directory::E5Passages::new(model.clone()));
    let directory = directory::open(config, embedder).await?;
    Ok(Brains {
        model,
        understanding: nlu.clone(),
        nlu,
        directory,
    })
}

/// The Ontario gazetteer (GeoNames data, CC BY 4.0; see directory/data/README.md).
pub const GAZETTEER_TSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../directory/data/places/ontario-places.tsv"
));

/// Understanding over the shared model, the classifier weights (`models.classifier`, else the
/// committed ones) and the gazetteer.
pub fn understanding(
    config: &Config,
    model: Arc<frontdoor_nlu::E5Embedder>,
) -> Result<Arc<frontdoor_nlu::understand::NluUnderstanding>> {
    use frontdoor_nlu::classifier::{ClassifierWeights, BUNDLED_WEIGHTS_JSON};
    let (weights, adapter, memory) = match &config.models.classifier {
        Some(path) => {
            let weights = std::fs::read_to_string(path)
                .map_err(anyhow::Error::from)
                .and_then(|json| Ok(ClassifierWeights::from_json(&json)?))
                .with_context(|| format!("the need-classifier weights in {}", path.display()))?;
            // Weights trained over an encoder adapter find it beside them (`X.json` → `X.encoder.bin`).
            let adapter_path = path.with_extension("encoder.bin");
            let adapter = match weights.encoder_adapter_sha256 {
                Some(_) if adapter_path.exists() => Some(
                    frontdoor_nlu::EncoderAdapter::read(&adapter_path)
                        .with_context(|| format!("the encoder adapter of {}", path.display()))?,
                ),
                _ => None,
            };
            // ...and their exemplar memory too (`X.json` → `X.memory.bin`).
            let memory_path = frontdoor_nlu::train::memory_path(path);
            let memory = match weights.memory {
                Some(_) if memory_path.exists() => Some(
                    frontdoor_nlu::ExemplarMemory::read(&memory_path)
                        .with_context(|| format!("the exemplar memory of {}", path.display()))?,
                ),
                _ => None,
            };
            (weights, adapter, memory)
        }
        None => (
            ClassifierWeights::from_json(BUNDLED_WEIGHTS_JSON).context("the bundled need-classifier weights")?,
            None,
            None,
        ),
    };
    let places = frontdoor_nlu::entities::PlaceMatcher::from_tsv(GAZETTEER_TSV).context("the bundled gazetteer")?;
    Ok(Arc::new(frontdoor_nlu::understand::NluUnderstanding::with_files(
        model,
        &weights,
        adapter.as_ref(),
        memory,
        places,
    )?))
}

/// At start and then hourly until `stop`: data retention (`privacy.retention_days`, 0 = off)
/// erases what was said in conversations closed more than `days` ago
/// ([`Store::erase_closed_before`]), and expired navigator sessions are deleted.
async fn housekeeping(
    store: Arc<dyn Store>,
    clock: Arc<dyn frontdoor_core::ports::Clock>,
    days: u32,
    stop: tokio_util::sync::CancellationToken,
) {
    loop {
        let now = clock.now();
        if days > 0 {
            let cutoff = now.plus_millis(-(i64::from(days) * 86_400_000));
            match store.erase_closed_before(cutoff).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(messages = n, days, "erased the text of conversations past retention"),
                Err(e) => tracing::warn!(error = %e, "erasing conversations past retention failed"),
            }
        }
        if let Err(e) = store.purge_expired_sessions(now).await {
            tracing::warn!(error = %e, "deleting expired navigator sessions failed");
        }
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(Duration::from_secs(3600)) => {}
        }
    }
}

/// Builds the engine the server, `frontdoor chat` and the script runner share: the full dialogue
/// policy (unless one is given) over understanding, the directory and the store's queue.
pub fn build_engine(
    config: &Config,
    store: Option<Arc<dyn Store>>,
    policy: Option<Arc<dyn Policy>>,
    brains: Option<&Brains>,
) -> Result<Engine> {
    let policy = match policy {
        Some(policy) => policy,
        None => {
            let texts = Arc::new(dialogs::texts()?);
            let settings = dialogs::settings(config.dialogue.settings.as_deref())?;
            Arc::new(DialoguePolicy::new(texts, settings))
        }
    };
    let policy: Arc<dyn Policy> = Arc::new(sms::SplitLongSmsReplies(policy));
    let queue = store.map(|store| Arc::new(StoreQueue { store }) as Arc<dyn HandoffQueue>);
    let ports = Ports {
        understanding: brains
            .map(|b| b.understanding.clone())
            .unwrap_or_else(|| Arc::new(NoUnderstanding)),
        directory: brains.map(|b| b.directory.clone() as Arc<dyn frontdoor_core::ports::Directory>),
        queue,
    };
    Ok(Engine::new(ports, policy))
}

/// The navigator queue as the store knows it.
struct StoreQueue {
    store: Arc<dyn Store>,
}

#[async_trait::async_trait]
impl HandoffQueue for StoreQueue {
    async fn waiting_ahead(&self, urgent: bool) -> usize {
        match self.store.open_handoffs().await {
            Ok(open) => open
                .iter()
                .filter(|h| h.status == "queued" && (h.urgent || !urgent))
                .count(),
            Err(_) => 0,
        }
    }
}

/// A running server.
pub struct RunningServer {
    addr: SocketAddr,
    stop: CancellationToken,
    task: JoinHandle<Result<()>>,
}

impl RunningServer {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops gracefully: no new requests, in-flight turns commit, in-flight sends finish.
    pub async fn shutdown(self) -> Result<()> {
        self.stop.cancel();
        self.task.await.context("server task panicked")?
    }

    /// Waits until the server stops by itself (it does not, unless it fails).
    pub async fn wait(self) -> Result<()> {
        self.task.await.context("server task panicked")?
    }

    /// A token that stops the server when cancelled.
    pub fn stop_token(&self) -> CancellationToken {
        self.stop.clone()
    }
}

/// Opens the store, recovers unprocessed messages, starts the outbox worker and the HTTP server.
pub async fn start(config: Config, options: StartOptions) -> Result<RunningServer> {
    let (store, sms_routes) = frontdoor_store::connect_with_sms_routes(&config.database_url())
        .await
        .context("opening the store")?;
    let clock: Arc<dyn Clock> = options.clock.clone().unwrap_or_else(|| Arc::new(SystemClock));
    let metrics = Arc::new(metrics::Metrics::default());
    let wakeup = Arc::new(Notify::new());
    let brains = if options.without_models {
        None
    } else {
        Some(load_brains(&config).await?)
    };
    let engine = build_engine(&config, Some(store.clone()), options.policy.clone(), brains.as_ref())?;
    let processor = processor::Processor::new(store.clone(), engine, clock.clone(), metrics.clone(), wakeup.clone());
    let recovered = processor.recover().await.context("recovering unprocessed messages")?;
    if recovered > 0 {
        tracing::info!(
            conversations = recovered,
            "resuming conversations with unprocessed messages"
        );
    }
    let sms_state = match &config.channels.sms.twilio {
        Some(twilio) => Some(sms::SmsState::new(
            twilio.clone(),
            &config.channels.sms,
            brains.as_ref().map(|b| b.understanding.clone()),
            Some(sms_routes),
        )?),
        None => None,
    };
    let stop = CancellationToken::new();
    let webchat_state = if config.channels.webchat.enabled {
        let mut web = webchat::WebChatState::new(&config)?;
        web.closing = stop.clone();
        Some(web)
    } else {
        None
    };
    let email_state = email_state(&config).await?;
    let mut senders = senders(&config, &options, sms_state.as_ref(), webchat_state.as_ref())?;
    if let Some(sender) = email_sender(&config, email_state.as_ref(), clock.clone())? {
        if !options.senders.iter().any(|s| s.channel() == ChannelKind::Email) {
            senders.insert(ChannelKind::Email, sender);
        }
    }
    let worker = outbox::OutboxWorker {
        store: store.clone(),
        senders,
        clock: clock.clone(),
        policy: config.retry_policy(),
        lease: Duration::from_millis(config.outbox.lease_ms),
        poll: Duration::from_millis(config.outbox.poll_interval_ms),
        batch: 32,
        metrics: metrics.clone(),
        wakeup,
    };
    let state = app::AppState {
        store: store.clone(),
        processor: processor.clone(),
        metrics,
        clock,
        api: config
            .channels
            .api
            .token
            .clone()
            .map(frontdoor_channels::api::ApiChannel::new),
        sms: sms_state.clone(),
        webchat: webchat_state,
        directory: brains.as_ref().map(|b| b.directory.clone()),
        inbox_secure_cookies: config.inbox.secure_cookies,
        closing: stop.clone(),
        email: email_state,
    };
    let mailbox = match (&state.email, &config.channels.email.imap) {
        (Some(email), Some(imap)) => Some((state.clone(), email.clone(), imap.clone())),
        _ => None,
    };
    if config.inbox.auto_assign {
        let timeout = (config.inbox.answer_timeout_secs > 0)
            .then(|| std::time::Duration::from_secs(config.inbox.answer_timeout_secs));
        tokio::spawn(inbox::assign_automatically(state.clone(), stop.clone(), timeout));
    }
    tokio::spawn(housekeeping(
        state.store.clone(),
        state.clock.clone(),
        config.privacy.retention_days,
        stop.clone(),
    ));
    let router = app::router(
        state,
        config.http.body_limit_bytes,
        Duration::from_millis(config.http.request_timeout_ms),
    );
    let listener = tokio::net::TcpListener::bind(config.http.addr)
        .await
        .with_context(|| format!("listening on {}", config.http.addr))?;
    let addr = listener.local_addr()?;
    if let Some((state, email, imap)) = mailbox {
        let settings = frontdoor_channels::email::imap::MailboxSettings {
            host: imap.host,
            port: imap.port,
            tls: imap.tls,
            username: imap.username,
            password: imap.password,
            mailbox: imap.mailbox,
            processed_folder: imap.processed_folder,
            timeout: Duration::from_millis(config.http.request_timeout_ms.max(30_000)),
        };
        let every = Duration::from_millis(imap.poll_interval_ms);
        tokio::spawn(email::poll_mailbox(state, email, settings, every, stop.clone()));
    }
    let task = tokio::spawn(run(
        listener,
        router,
        processor,
        worker,
        stop.clone(),
        Duration::from_millis(config.http.shutdown_grace_ms),
        store,
    ));
    tracing::info!(%addr, "frontdoor listening");
    Ok(RunningServer { addr, stop, task })
}

async fn run(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    processor: Arc<processor::Processor>,
    worker: outbox::OutboxWorker,
    stop: CancellationToken,
    grace: Duration,
    store: Arc<dyn Store>,
) -> Result<()> {
    let worker_stop = CancellationToken::new();
    let worker_task = tokio::spawn(worker.run(worker_stop.clone()));
    let sweeper = tokio::spawn(sweep(processor.clone(), stop.clone()));
    let http_stop = stop.clone();
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async move { http_stop.cancelled().await })
        .await
        .context("HTTP server")?;
    tracing::info!("shutting down: finishing in-flight turns and sends");
    sweeper.abort();
    if tokio::time::timeout(grace, processor.shutdown()).await.is_err() {
        tracing::warn!("grace period over with turns still running; they will be redone after restart");
    }
    worker_stop.cancel();
    if tokio::time::timeout(grace, worker_task).await.is_err() {
        tracing::warn!("grace period over with sends in flight; their leases will expire and they will be retried");
    }
    let counts = store.outbox_counts().await.ok();
    tracing::info!(
        pending = counts.map(|c| c.pending),
        sending = counts.map(|c| c.sending),
        "stopped"
    );
    Ok(())
}

/// Every few seconds, picks up messages stored by another instance or left by a crash.
async fn sweep(processor: Arc<processor::Processor>, stop: CancellationToken) {
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(Duration::from_secs(5)) => {}
        }
        if let Err(e) = processor.recover().await {
            tracing::warn!(error = %e, "sweep for unprocessed messages failed");
        }
    }
}

fn senders(
    config: &Config,
    options: &StartOptions,
    sms_state: Option<&sms::SmsState>,
    webchat_state: Option<&webchat::WebChatState>,
) -> Result<HashMap<ChannelKind, Arc<dyn OutboundSender>>> {
    let mut senders: HashMap<ChannelKind, Arc<dyn OutboundSender>> = HashMap::new();
    if let Some(web) = webchat_state {
        senders.insert(
            ChannelKind::WebChat,
            Arc::new(webchat::WebChatSender::new(web.hub.clone())),
        );
    }
    if let (Some(sms_state), Some(twilio)) = (sms_state, &config.channels.sms.twilio) {
        use frontdoor_channels::sms::{TwilioSender, TwilioSenderSettings, DEFAULT_API_BASE_URL};
        let settings = TwilioSenderSettings {
            api_base_url: config
                .channels
                .sms
                .api_base_url
                .clone()
                .unwrap_or_else(|| DEFAULT_API_BASE_URL.to_owned()),
            timeout: Duration::from_millis(config.outbox.send_timeout_ms),
            status_callback_url: Some(twilio.public_url("/channels/sms/twilio/status")),
            default_route: None,
        };
        let sender = TwilioSender::new(twilio.clone(), settings, sms_state.routes.clone())?;
        senders.insert(ChannelKind::Sms, Arc::new(sender));
    }
    if let Some(url) = &config.channels.api.callback_url {
        let timeout = Duration::from_millis(config.outbox.send_timeout_ms);
        let sender = frontdoor_channels::api::ApiSender::new(url.clone(), timeout).map_err(anyhow::Error::msg)?;
        senders.insert(ChannelKind::Api, Arc::new(sender));
    }
    for sender in &options.senders {
        senders.insert(sender.channel(), sender.clone());
    }
    Ok(senders)
}

/// The email channel's state when it is configured (a webhook secret or an SMTP server).
async fn email_state(config: &Config) -> Result<Option<email::EmailState>> {
    let settings = &config.channels.email;
    if settings.webhook_secret.is_none() && settings.smtp.is_none() && settings.imap.is_none() {
        return Ok(None);
    }
    let webhook = settings
        .webhook_secret
        .clone()
        .map(frontdoor_channels::email::EmailWebhook::new)
        .transpose()
        .map_err(anyhow::Error::msg)?;
    let threads = frontdoor_store::EmailThreads::connect(&config.database_url())
        .await
        .context("opening the email threading records")?;
    Ok(Some(email::EmailState {
        webhook,
        threads,
        limiter: Arc::new(email::SenderRateLimit::new(settings.rate_limit_per_hour)),
        max_bytes: settings.max_message_bytes.min(config.http.body_limit_bytes),
        unread_attachments: Arc::default(),
    }))
}

/// The SMTP sender, when an SMTP server and the helpline's address are configured.
fn email_sender(
    config: &Config,
    state: Option<&email::EmailState>,
    clock: Arc<dyn Clock>,
) -> Result<Option<Arc<dyn OutboundSender>>> {
    let settings = &config.channels.email;
    let (Some(state), Some(smtp)) = (state, &settings.smtp) else {
        return Ok(None);
    };
    let from = settings
        .address
        .clone()
        .context("channels.email.address is needed to send email replies")?;
    let threads = Arc::new(email::StoreThreads {
        threads: state.threads.clone(),
        unread_attachments: state.unread_attachments.clone(),
        clock,
    });
    let smtp_settings = frontdoor_channels::email::SmtpSettings {
        host: smtp.host.clone(),
        port: smtp.port,
        tls: smtp.tls,
        credentials: smtp.username.clone().zip(smtp.password.clone()),
        from,
        message_id_domain: None,
        default_subject: "Your message to 211".into(),
        attachments_note: "(We can only read the text of your email; attachments are not opened.)".into(),
        timeout: Duration::from_millis(config.outbox.send_timeout_ms),
    };
    let sender = frontdoor_channels::email::SmtpSender::new(smtp_settings, threads).map_err(anyhow::Error::msg)?;
    Ok(Some(Arc::new(sender)))
}

/// Runs the server until SIGINT or SIGTERM, then shuts down gracefully.
pub async fn serve(config: Config) -> Result<()> {
    let server = start(config, StartOptions::default()).await?;
    let stop = server.stop_token();
    tokio::spawn(async move {
        shutdown_signal().await;
        stop.cancel();
    });
    server.wait().await
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(s) => s,
            Err(_) => {
                let _ = ctrl_c.await;
                return;
            }
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
    tracing::info!("shutdown signal received");
}
