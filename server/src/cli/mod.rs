//! The `frontdoor` command line (DESIGN.md §6). Commands are added here only once they work.

mod chat;

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
    /// Measure the system against evaluation sets
    #[command(subcommand)]
    Eval(EvalCommand),
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
        Command::Eval(EvalCommand::Dialogs { dir, json }) => {
            quiet_logs(&config);
            runtime.block_on(chat::eval_dialogs(config, &dir, json))
        }
    }
}
