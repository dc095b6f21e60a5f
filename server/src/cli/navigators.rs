//! `frontdoor navigators add|list|disable`: navigator accounts for the inbox. Passwords come from
//! standard input (a prompt on a terminal, a pipe from a secret store), never from an argument,
//! so they stay out of shell history and process lists.

use crate::config::Config;
use anyhow::{bail, Context, Result};
use frontdoor_core::inbox::{Navigator, NavigatorId, Presence, Role};
use frontdoor_core::types::{LanguageTag, NeedLabel};
use std::io::{BufRead, IsTerminal, Write};

/// What `navigators add` is given.
pub struct NewNavigator {
    pub username: String,
    pub name: Option<String>,
    pub role: String,
    pub languages: String,
    pub needs: String,
    pub capacity: u32,
}

fn read_password() -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password (at least 12 characters; it is shown as you type, so mind who is watching): ");
        std::io::stderr().flush()?;
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("reading the password from standard input")?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if password.chars().count() < 12 {
        bail!("the password must be at least 12 characters");
    }
    Ok(password)
}

fn list<T>(raw: &str, parse: impl Fn(&str) -> Result<T>) -> Result<Vec<T>> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(parse)
        .collect()
}

/// Adds a navigator (or replaces the password and profile of an existing one).
pub async fn add(config: &Config, new: NewNavigator) -> Result<()> {
    let role = Role::parse(&new.role)
        .with_context(|| format!("--role must be navigator, supervisor or admin, not {}", new.role))?;
    let languages = list(&new.languages, |l| {
        LanguageTag::parse(l).map_err(|e| anyhow::anyhow!("--languages: {e}"))
    })?;
    let needs = list(&new.needs, |n| {
        n.parse::<NeedLabel>()
            .map_err(|_| anyhow::anyhow!("--needs: unknown need {n}"))
    })?;
    let username = new.username.trim().to_owned();
    if username.is_empty()
        || username.len() > 64
        || !username.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        bail!("the username must be 1-64 letters, digits, dots, dashes or underscores");
    }
    let password = read_password()?;
    let store = frontdoor_store::connect(&config.database_url()).await?;
    let existing = store.navigator_named(&username).await?;
    let navigator = Navigator {
        id: existing.as_ref().map(|n| n.id).unwrap_or_else(NavigatorId::new),
        display_name: new.name.unwrap_or_else(|| username.clone()),
        username,
        role,
        languages,
        needs,
        capacity: new.capacity.max(1),
        presence: Presence::Offline,
        disabled: false,
        password_hash: crate::inbox::hash_password(&password)?,
        failed_logins: 0,
        locked_until: None,
    };
    store.save_navigator(&navigator).await?;
    println!(
        "{} {} ({})",
        if existing.is_some() { "updated" } else { "added" },
        navigator.username,
        navigator.role.as_str()
    );
    Ok(())
}

/// Lists navigators.
pub async fn list_all(config: &Config) -> Result<()> {
    let store = frontdoor_store::connect(&config.database_url()).await?;
    for n in store.navigators().await? {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            n.username,
            n.role.as_str(),
            n.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(","),
            n.presence.as_str(),
            if n.disabled { "disabled" } else { "active" }
        );
    }
    Ok(())
}

/// Disables a navigator: they cannot sign in; their sessions stop working at once.
pub async fn disable(config: &Config, username: &str) -> Result<()> {
    let store = frontdoor_store::connect(&config.database_url()).await?;
    let Some(mut navigator) = store.navigator_named(username).await? else {
        bail!("no navigator named {username}");
    };
    navigator.disabled = true;
    navigator.presence = Presence::Offline;
    store.save_navigator(&navigator).await?;
    println!("disabled {username}");
    Ok(())
}
