//! The `frontdoor` command line (DESIGN.md §6). Commands are added here only once they work.

mod chat;
mod directory;
mod email;
mod navigators;
mod nlu;

use crate::config::Config;
use anyhow::Result;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Frontdoor: the conversational front door of a 211 helpline.
#[derive(Debug, Parser)]
#[command(name = "frontdoor", version, about, long_about = None)]
pub struct Cli {
    /// Data directory (database, models, indexes) [default: $FRONTDOOR_DATA_DIR, else ./frontdoor-data]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Configuration file (TOML); FRONTDOOR_* environment variables override it
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What to do
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (default 127.0.0.1:8211, FRONTDOOR_HTTP_ADDR)
    Serve,
    /// A conversation with the real engine and store, in this terminal
    Chat {
        /// Run a conversation script instead (exits non-zero on a failed expectation)
        #[arg(long, value_name = "FILE")]
        script: Option<PathBuf>,
    },
    /// Model files
    #[command(subcommand)]
    Models(ModelsCommand),
    /// Import data into the directory
    #[command(subcommand)]
    Import(ImportCommand),
    /// Language, need with confidence, top alternatives and crisis flag of a message
    Understand {
        /// What a person would write
        text: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Train models from the evaluation sets
    #[command(subcommand)]
    Train(TrainCommand),
    /// The directory's ranked results for a message
    Search {
        /// What a person would write
        text: String,
        /// The person's language (ISO 639-1)
        #[arg(long, value_name = "L")]
        lang: Option<String>,
        /// Where the person is, as LAT,LON
        #[arg(long, value_name = "LAT,LON")]
        near: Option<String>,
        /// How many results
        #[arg(long, value_name = "N", default_value_t = 5)]
        limit: usize,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Reports for planners
    #[command(subcommand)]
    Report(ReportCommand),
    /// Measure the system against evaluation sets
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Navigator accounts for the inbox (passwords are read from standard input)
    #[command(subcommand)]
    Navigators(NavigatorsCommand),
    /// Email tools
    #[command(subcommand)]
    Email(EmailCommand),
}

/// Navigator account commands.
#[derive(Debug, Subcommand)]
pub enum NavigatorsCommand {
    /// Add a navigator, or reset an existing one's password and profile (password on stdin)
    Add {
        /// What they sign in with
        username: String,
        /// Their name as colleagues see it
        #[arg(long)]
        name: Option<String>,
        /// navigator, supervisor or admin
        #[arg(long, default_value = "navigator")]
        role: String,
        /// Languages they answer in, comma-separated (ISO 639-1)
        #[arg(long, default_value = "en")]
        languages: String,
        /// Needs they specialise in, comma-separated (empty: any)
        #[arg(long, default_value = "")]
        needs: String,
        /// Most conversations at once
        #[arg(long, default_value_t = 3)]
        capacity: u32,
    },
    /// List navigators
    List,
    /// Disable a navigator (they can no longer sign in)
    Disable {
        /// Who
        username: String,
    },
}

/// Email tools.
#[derive(Debug, Subcommand)]
pub enum EmailCommand {
    /// Print only what the person newly wrote in a raw email or plain-text body (quotes and
    /// signatures removed); FILE may be `-` for standard input
    Strip {
        /// A raw message (.eml) or a plain-text body
        file: PathBuf,
    },
}

/// Model file commands.
#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
    /// Put the model files in place, verified by SHA-256 (idempotent; offline once done)
    Fetch,
}

/// Training.
#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// Train the need classifier and crisis head (writes nlu-models/weights/need-classifier.json
    /// and its exemplar memory, need-classifier.memory.bin)
    Nlu {
        /// Training set (JSON Lines)
        #[arg(long, default_value = "eval-sets/nlu/train.jsonl")]
        train: PathBuf,
        /// Development set, for tuning and calibration (never the test set)
        #[arg(long, default_value = "eval-sets/nlu/dev.jsonl")]
        dev: PathBuf,
        /// The team's shared data folder, used when present for an external check
        #[arg(long, default_value = "../shared/data")]
        shared_data: PathBuf,
        /// Where to write the weights (`X.json`; the exemplar memory goes beside it, `X.memory.bin`)
        #[arg(long, default_value = "nlu-models/weights/need-classifier.json")]
        out: PathBuf,
        /// Encoder adapter to train the head over (written by nlu-models/train/finetune_encoder.py);
        /// `none` trains over the original E5 embeddings
        #[arg(long, default_value = "nlu-models/weights/need-classifier.encoder.bin")]
        encoder: PathBuf,
    },
    /// Print the model's token ids of each message of a labelled set, one JSON object per line
    /// (what nlu-models/train/finetune_encoder.py trains on)
    Tokens {
        /// Labelled set (JSON Lines)
        #[arg(long)]
        set: PathBuf,
    },
}

/// Reports.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// One JSON line per conversation: needs (taxonomy code, referred or unmet), referrals,
    /// language, channel, FSA, crisis, handoff, follow-up consent; nothing else personal
    Interactions {
        /// Conversations started at or after this time (RFC 3339); default: all
        #[arg(long, value_name = "TIME")]
        since: Option<String>,
        /// At most this many conversations
        #[arg(long, default_value_t = 10_000)]
        limit: u32,
    },
}

/// Imports.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import an HSDS dataset (a folder with datapackage.json and CSVs, HSDS 1.x or 3.0, or an
    /// HSDS 3.0 JSON/NDJSON file) and index it; re-import updates, deletes, and re-embeds only
    /// changed services
    Hsds {
        /// The dataset
        path: PathBuf,
        /// Also write the dataset's vectors to FILE (to ship with a bundled dataset)
        #[arg(long, value_name = "FILE")]
        save_vectors: Option<PathBuf>,
    },
}

/// Evaluations.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Run every conversation script (*.yaml) in DIR
    Dialogs {
        /// Folder of conversation scripts
        dir: PathBuf,
        /// Print one JSON object: {"n", "passed", "failed": [{"script", "turn", "reason"}]}
        #[arg(long)]
        json: bool,
    },
    /// Need, crisis and language metrics against a labelled set (JSON Lines)
    Nlu {
        /// The set: {"text", "need", "lang", "crisis"} per line
        #[arg(long, value_name = "FILE")]
        set: PathBuf,
        /// Print one JSON object (DESIGN.md §6)
        #[arg(long)]
        json: bool,
        /// Also write the messages whose need or crisis flag was wrong, with the predictions,
        /// to FILE (JSON Lines)
        #[arg(long, value_name = "FILE")]
        mistakes: Option<PathBuf>,
    },
    /// Ranking metrics of the imported directory against a retrieval set (JSON Lines)
    Retrieval {
        /// The set: {"query", "lang", "near", "relevant"} per line
        #[arg(long, value_name = "FILE")]
        set: PathBuf,
        /// Print one JSON object: {"n", "hit_at_1", "hit_at_5", "mrr", "ndcg_at_10"}
        #[arg(long)]
        json: bool,
    },
}

impl Cli {
    /// The configuration: file, environment, then `--data-dir`.
    pub fn config(&self) -> Result<Config> {
        let mut config = Config::load(self.config.as_deref(), |k| std::env::var(k).ok())?;
        if let Some(dir) = &self.data_dir {
            config.data_dir = dir.clone();
        }
        Ok(config)
    }
}

async fn report_interactions(config: &Config, since: Option<&str>, limit: u32) -> Result<()> {
    use std::io::Write;
    let since = match since {
        Some(t) => frontdoor_core::types::Timestamp(
            chrono::DateTime::parse_from_rfc3339(t)
                .map_err(|_| anyhow::anyhow!("--since must be an RFC 3339 time"))?
                .timestamp_millis(),
        ),
        None => frontdoor_core::types::Timestamp(0),
    };
    let store = frontdoor_store::connect(&config.database_url()).await?;
    let mut out = std::io::stdout();
    for conversation in store.conversations_since(since, limit).await? {
        let events = store.events(conversation.id).await?;
        let record = frontdoor_core::record::InteractionRecord::from_events(&conversation, &events);
        writeln!(out, "{}", serde_json::to_string(&record)?)?;
    }
    Ok(())
}

fn quiet_logs(config: &Config) {
    let mut quiet = config.log.clone();
    quiet.level = "warn".into();
    quiet.format = "text".into();
    crate::telemetry::init(&quiet);
}

/// Parses the command line and runs the command.
pub fn main() -> Result<()> {
    let cli = Cli::parse();
    let config = cli.config()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    match cli.command {
        Command::Serve => {
            crate::telemetry::init(&config.log);
            runtime.block_on(crate::serve(config))
        }
        Command::Chat { script } => {
            quiet_logs(&config);
            match script {
                Some(path) => runtime.block_on(chat::run_script(config, &path)),
                None => runtime.block_on(chat::run(config)),
            }
        }
        Command::Models(ModelsCommand::Fetch) => {
            quiet_logs(&config);
            let path = crate::models::fetch(&config)?;
            println!("model ready: {}", path.display());
            Ok(())
        }
        Command::Navigators(command) => {
            quiet_logs(&config);
            runtime.block_on(async {
                match command {
                    NavigatorsCommand::Add {
                        username,
                        name,
                        role,
                        languages,
                        needs,
                        capacity,
                    } => {
                        let new = navigators::NewNavigator {
                            username,
                            name,
                            role,
                            languages,
                            needs,
                            capacity,
                        };
                        navigators::add(&config, new).await
                    }
                    NavigatorsCommand::List => navigators::list_all(&config).await,
                    NavigatorsCommand::Disable { username } => navigators::disable(&config, &username).await,
                }
            })
        }
        Command::Report(ReportCommand::Interactions { since, limit }) => {
            quiet_logs(&config);
            runtime.block_on(report_interactions(&config, since.as_deref(), limit))
        }
        Command::Understand { text, json } => {
            quiet_logs(&config);
            nlu::understand(&config, &text, json)
        }
        Command::Train(TrainCommand::Nlu {
            train,
            dev,
            shared_data,
            out,
            encoder,
        }) => {
            quiet_logs(&config);
            let encoder = (encoder.as_os_str() != "none").then_some(encoder.as_path());
            nlu::train(&config, &train, &dev, &shared_data, &out, encoder)
        }
        Command::Train(TrainCommand::Tokens { set }) => {
            quiet_logs(&config);
            nlu::tokens(&config, &set)
        }
        Command::Eval(EvalCommand::Nlu { set, json, mistakes }) => {
            quiet_logs(&config);
            nlu::eval(&config, &set, json, mistakes.as_deref())
        }
        Command::Import(ImportCommand::Hsds { path, save_vectors }) => {
            quiet_logs(&config);
            directory::import(&config, &path, save_vectors.as_deref(), &runtime)
        }
        Command::Search {
            text,
            lang,
            near,
            limit,
            json,
        } => {
            quiet_logs(&config);
            runtime.block_on(directory::search(
                &config,
                &text,
                lang.as_deref(),
                near.as_deref(),
                limit,
                json,
            ))
        }
        Command::Eval(EvalCommand::Retrieval { set, json }) => {
            quiet_logs(&config);
            runtime.block_on(directory::eval_retrieval(&config, &set, json))
        }
        Command::Email(EmailCommand::Strip { file }) => email::strip(&file),
        Command::Eval(EvalCommand::Dialogs { dir, json }) => {
            quiet_logs(&config);
            runtime.block_on(chat::eval_dialogs(config, &dir, json))
        }
    }
}
