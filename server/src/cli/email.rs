//! `frontdoor email strip FILE`: what the person newly wrote in a raw email or a plain-text body,
//! for checking fixtures by hand and from scripts.

use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

/// Prints the new text of a raw message (`.eml`) or of a plain-text (or HTML) body; `-` reads
/// standard input.
pub fn strip(path: &Path) -> Result<()> {
    let contents = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf).context("reading standard input")?;
        buf
    } else {
        std::fs::read(path).with_context(|| format!("reading {}", path.display()))?
    };
    let text = frontdoor_channels::email::strip_file(&contents);
    writeln!(std::io::stdout(), "{text}")?;
    Ok(())
}
