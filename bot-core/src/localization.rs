//! Localized texts (Project Fluent) and the words people use for dialogue commands, per language.
//! Sources are handed in by the caller (the server bundles `dialogs/` into the binary), so this
//! module does no I/O.

use crate::types::LanguageTag;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::{BTreeMap, HashMap};

/// A locale's sources: its `main.ftl` and `keywords.toml`.
#[derive(Debug, Clone)]
pub struct LocaleSource {
    /// The language.
    pub lang: LanguageTag,
    /// Fluent messages.
    pub ftl: String,
    /// Command words (TOML: key = [phrases]).
    pub keywords: String,
}

/// Why the texts could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("dialogs/{lang}: {reason}")]
pub struct LocalizationError {
    /// The locale.
    pub lang: String,
    /// What is wrong.
    pub reason: String,
}

/// Dialogue commands recognised by keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Command {
    /// Agreement.
    Yes,
    /// Refusal.
    No,
    /// The next referrals.
    More,
    /// Asks for a human navigator.
    Person,
    /// Gratitude.
    Thanks,
    /// Leaving.
    Bye,
    /// What can you do.
    Help,
    /// Hello.
    Greeting,
}

const COMMAND_KEYS: [(&str, Command); 8] = [
    ("yes", Command::Yes),
    ("no", Command::No),
    ("more", Command::More),
    ("person", Command::Person),
    ("thanks", Command::Thanks),
    ("bye", Command::Bye),
    ("help", Command::Help),
    ("greeting", Command::Greeting),
];

struct Locale {
    bundle: FluentBundle<FluentResource>,
    keywords: BTreeMap<Command, Vec<String>>,
}

/// Every locale's texts and keywords.
pub struct Texts {
    locales: HashMap<LanguageTag, Locale>,
    language_names: Vec<(LanguageTag, String)>,
    english: LanguageTag,
}

/// Lower-cases, removes accents and punctuation, and collapses spaces: how messages and keywords
/// are compared.
pub fn normalize(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
    {
        if c.is_alphanumeric() || c == '\'' {
            out.push(c);
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    out.trim_end().replace('\'', "")
}

fn contains_phrase(haystack: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    // Scripts without spaces (Chinese, Japanese) match as substrings; others as whole words.
    if !phrase.contains(' ')
        && phrase
            .chars()
            .all(|c| !c.is_ascii() && (c as u32) >= 0x2E80 && (c as u32) <= 0x9FFF)
    {
        return haystack.contains(phrase);
    }
    let padded = format!(" {haystack} ");
    padded.contains(&format!(" {phrase} "))
}

impl Texts {
    /// Parses every locale; English must be among them. `language_names` is `languages.toml`.
    pub fn new(sources: &[LocaleSource], language_names: &str) -> Result<Self, LocalizationError> {
        let mut locales = HashMap::new();
        for source in sources {
            locales.insert(source.lang.clone(), Self::locale(source)?);
        }
        let english = LanguageTag::english();
        if !locales.contains_key(&english) {
            return Err(LocalizationError {
                lang: "en".into(),
                reason: "English is missing".into(),
            });
        }
        let names: toml::Table = language_names.parse().map_err(|e: toml::de::Error| LocalizationError {
            lang: "languages.toml".into(),
            reason: e.message().into(),
        })?;
        let mut language_names = Vec::new();
        for (code, list) in names {
            let lang = LanguageTag::parse(&code).map_err(|_| LocalizationError {
                lang: "languages.toml".into(),
                reason: format!("bad code {code}"),
            })?;
            for name in list.as_array().into_iter().flatten().filter_map(|v| v.as_str()) {
                language_names.push((lang.clone(), normalize(name)));
            }
        }
        // Longest names first, so "en français" wins over "francais".
        language_names.sort_by_key(|(_, n)| std::cmp::Reverse(n.len()));
        Ok(Self {
            locales,
            language_names,
            english,
        })
    }

    fn locale(source: &LocaleSource) -> Result<Locale, LocalizationError> {
        let err = |reason: String| LocalizationError {
            lang: source.lang.to_string(),
            reason,
        };
        let resource = FluentResource::try_new(source.ftl.clone()).map_err(|(_, errors)| err(format!("{errors:?}")))?;
        let langid: unic_langid::LanguageIdentifier = source
            .lang
            .as_str()
            .parse()
            .map_err(|_| err("not a language identifier".into()))?;
        let mut bundle = FluentBundle::new_concurrent(vec![langid]);
        // No Unicode isolation marks: SMS counts every character, and the web widget sets dir.
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .map_err(|errors| err(format!("{errors:?}")))?;
        let table: toml::Table = source
            .keywords
            .parse()
            .map_err(|e: toml::de::Error| err(format!("keywords.toml: {}", e.message())))?;
        let mut keywords = BTreeMap::new();
        for (key, command) in COMMAND_KEYS {
            let list = table
                .get(key)
                .and_then(|v| v.as_array())
                .ok_or_else(|| err(format!("keywords.toml: `{key}` missing")))?;
            keywords.insert(command, list.iter().filter_map(|v| v.as_str()).map(normalize).collect());
        }
        Ok(Locale { bundle, keywords })
    }

    /// The languages with texts.
    pub fn languages(&self) -> impl Iterator<Item = &LanguageTag> {
        self.locales.keys()
    }

    /// True when the bot can write in `lang`.
    pub fn supports(&self, lang: &LanguageTag) -> bool {
        self.locales.contains_key(lang)
    }

    /// Formats message `id` in `lang` (falling back to English) with `args`.
    pub fn get(&self, lang: &LanguageTag, id: &str, args: &[(&str, String)]) -> String {
        let locale = self.locales.get(lang).filter(|l| l.bundle.has_message(id));
        let locale = locale
            .or_else(|| self.locales.get(&self.english))
            .expect("English is always loaded");
        let Some(pattern) = locale.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (k, v) in args {
            fluent_args.set(*k, FluentValue::from(v.as_str()));
        }
        let mut errors = Vec::new();
        locale
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned()
    }

    /// The command a short message expresses in `lang` or English, if any. Only messages of a
    /// few words count: "no" inside a story is not a refusal.
    pub fn command(&self, lang: &LanguageTag, text: &str) -> Option<Command> {
        self.command_match(lang, text).map(|(c, _)| c)
    }

    /// Like [`Texts::command`], also saying whether the whole message is the keyword (`true`) or
    /// only contains it (`false`: the caller should prefer a need the message states).
    pub fn command_match(&self, lang: &LanguageTag, text: &str) -> Option<(Command, bool)> {
        let norm = normalize(text);
        let words = norm.split(' ').count();
        if norm.is_empty() || words > 14 {
            return None;
        }
        let mut langs = vec![lang];
        if *lang != self.english {
            langs.push(&self.english);
        }
        for (_, command) in COMMAND_KEYS {
            for l in &langs {
                let Some(locale) = self.locales.get(*l) else { continue };
                let phrases = &locale.keywords[&command];
                if phrases.contains(&norm) {
                    return Some((command, true));
                }
                if words > 6 && !matches!(command, Command::Person) {
                    continue;
                }
                // Asking for a person or saying bye/thanks counts inside a short sentence too;
                // "more" only as the whole message ("je n'ai plus d'argent" is not "more").
                if !matches!(command, Command::Person | Command::Thanks | Command::Bye) {
                    continue;
                }
                // A phrase of several words ("talk to someone") is as clear as the whole message;
                // a single word inside a sentence ("personne âgée") is not.
                let mut matched = phrases.iter().filter(|p| contains_phrase(&norm, p));
                if let Some(first) = matched.next() {
                    let clear = first.contains(' ') || matched.any(|p| p.contains(' '));
                    return Some((command, clear));
                }
            }
        }
        None
    }

    /// A language the message asks to switch to ("can we speak French", "en español").
    pub fn requested_language(&self, text: &str) -> Option<LanguageTag> {
        let norm = normalize(text);
        if norm.split(' ').count() > 8 {
            return None;
        }
        self.language_names
            .iter()
            .find(|(_, name)| contains_phrase(&norm, name))
            .map(|(lang, _)| lang.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_removes_case_accents_and_punctuation() {
        assert_eq!(normalize("  Oui, MERCI!! "), "oui merci");
        assert_eq!(normalize("Français"), "francais");
        assert_eq!(normalize("that's all"), "thats all");
        assert_eq!(normalize("ਪੰਜਾਬੀ"), normalize("ਪੰਜਾਬੀ"));
    }
}
