//! The dialogue's texts and settings from `dialogs/`, bundled into the binary so one file runs
//! anywhere; a deployment may override the settings with its own TOML file.

use anyhow::{Context, Result};
use frontdoor_core::dialogue::DialogueSettings;
use frontdoor_core::localization::{LocaleSource, Texts};
use frontdoor_core::types::LanguageTag;
use std::path::Path;

macro_rules! locales {
    ($($lang:literal),* $(,)?) => {
        &[$(
            (
                $lang,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../dialogs/", $lang, "/main.ftl")),
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../dialogs/", $lang, "/keywords.toml")),
            ),
        )*]
    };
}

/// Every bundled locale: (language, main.ftl, keywords.toml).
pub const LOCALES: &[(&str, &str, &str)] = locales![
    "en", "fr", "es", "ar", "zh", "pa", "tl", "pt", "ta", "ur", "fa", "so", "uk", "ru", "vi", "ko", "hi", "it", "pl",
    "tr",
];

const LANGUAGE_NAMES: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../dialogs/languages.toml"));
const SETTINGS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../dialogs/settings.toml"));

/// The bundled texts.
pub fn texts() -> Result<Texts> {
    let sources: Vec<LocaleSource> = LOCALES
        .iter()
        .map(|(lang, ftl, keywords)| {
            Ok(LocaleSource {
                lang: LanguageTag::parse(lang)?,
                ftl: (*ftl).to_owned(),
                keywords: (*keywords).to_owned(),
            })
        })
        .collect::<Result<_>>()?;
    Ok(Texts::new(&sources, LANGUAGE_NAMES)?)
}

/// The dialogue settings: the file given, else the bundled `dialogs/settings.toml`.
pub fn settings(file: Option<&Path>) -> Result<DialogueSettings> {
    let text = match file {
        Some(path) => std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?,
        None => SETTINGS.to_owned(),
    };
    let settings: DialogueSettings =
        toml::from_str(&text).map_err(|e| anyhow::anyhow!("dialogue settings: {}", e.message()))?;
    settings.navigator_hours.validate().map_err(anyhow::Error::msg)?;
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_texts_and_settings_load() {
        let texts = texts().unwrap();
        assert!(texts.supports(&LanguageTag::english()));
        let s = settings(None).unwrap();
        assert!(!s.navigator_hours.weekly.is_empty());
    }
}
