//! Language identification for helpline messages: which language should Frontdoor answer in?
//!
//! [`LanguageIdentifier`] combines three sources of evidence, in this order:
//!
//! 1. **The script.** Many of Ontario's community languages are the only language written in
//!    their script (Gurmukhi → Punjabi, Hangul → Korean, Tamil, Gujarati, Bengali, Greek, Hebrew,
//!    kana → Japanese, Han alone → Chinese...). When the letters of a message are mostly in such
//!    a script, the script settles the question ([`GuessSource::ScriptRule`]). Scripts shared by
//!    languages Frontdoor cannot tell apart (Ethiopic: Amharic or Tigrinya; Canadian syllabics:
//!    Cree, Oji-Cree, Ojibwe or Inuktitut; Myanmar: Burmese or Karen) give no language but name
//!    the script, so the dialogue can offer a navigator with an interpreter.
//! 2. **The conversation.** A message of one or two words ("ok", "merci", "yes") says little
//!    about its language; when the conversation already has one, the message keeps it
//!    ([`GuessSource::ConversationFallback`]). So does a longer message that `lingua` is unsure
//!    about (romanised Urdu or Punjabi, for example).
//! 3. **`lingua`**, built with only the 23 languages that share a script with another one
//!    Frontdoor serves (Latin, Cyrillic, Arabic; see `docs/LANGUAGES.md`), not all 75, decides
//!    between them, shown only the letters of the message's main script. Its confidence values
//!    (0..1, summing to 1 over the candidate languages) are passed through.
//!
//! A short first message with no conversation language ("hola", "salamat po") is looked up in a
//! small greeting lexicon, then given to `lingua`; either way its confidence stays at or below
//! [`SHORT_MESSAGE_CONFIDENCE`], so the dialogue should not switch language on it alone.
//!
//! What this module does not do: it does not translate, it does not decide what to reply, and it
//! keeps no state: the caller passes the conversation's language with each message.
//!
//! ```
//! use frontdoor_core::types::LanguageTag;
//! use frontdoor_nlu::langid::{GuessSource, LanguageIdentifier};
//!
//! let langid = LanguageIdentifier::new();
//! let guess = langid.identify("j'ai pu d'argent pour le loyer ce mois-ci", None);
//! assert_eq!(guess.lang.as_ref().map(LanguageTag::as_str), Some("fr"));
//!
//! let fr = LanguageTag::parse("fr").unwrap();
//! let guess = langid.identify("ok", Some(&fr));
//! assert_eq!(guess.source, GuessSource::ConversationFallback);
//! assert_eq!(guess.lang, Some(fr));
//! ```

use std::collections::HashMap;

use frontdoor_core::types::LanguageTag;
use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};

/// The languages whose `lingua` models are compiled in (the crate's `lingua` features must
/// match): those that share a script with another language Frontdoor serves. Languages with a
/// script of their own are settled by [`script_rule`] and need no model. Kept explicit rather
/// than `Language::all()`, so another crate enabling more `lingua` features cannot silently
/// change what Frontdoor detects.
const LINGUA_LANGUAGES: [Language; 23] = [
    // Latin script
    Language::English,
    Language::French,
    Language::Spanish,
    Language::Portuguese,
    Language::Italian,
    Language::German,
    Language::Romanian,
    Language::Polish,
    Language::Hungarian,
    Language::Albanian,
    Language::Croatian,
    Language::Serbian,
    Language::Tagalog,
    Language::Somali,
    Language::Swahili,
    Language::Yoruba,
    Language::Turkish,
    Language::Vietnamese,
    // Cyrillic script (and Serbian above)
    Language::Russian,
    Language::Ukrainian,
    // Arabic script
    Language::Arabic,
    Language::Persian,
    Language::Urdu,
];

/// The highest confidence given to a message of one or two words when the conversation has no
/// language yet: a hint for the first reply, not enough to switch a conversation's language.
pub const SHORT_MESSAGE_CONFIDENCE: f32 = 0.5;

/// Below this `lingua` confidence a message in the conversation's script keeps the
/// conversation's language (romanised Urdu, a mixed message, a language `lingua` lacks).
const UNSURE_BELOW: f64 = 0.4;

/// In a conversation in a language with a script of its own, a Latin-script message is read as
/// another language than English only above this `lingua` confidence.
const ROMANISED_SWITCH: f64 = 0.9;

/// Confidence of a conversation fallback when `lingua` gives the conversation's language less.
const FALLBACK_FLOOR: f32 = 0.5;

/// Messages of at most this many words are "short": too short for n-gram statistics.
const SHORT_MESSAGE_WORDS: usize = 2;

/// Where a [`LanguageGuess`] came from, so the dialogue can weigh it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GuessSource {
    /// `lingua` chose among the languages of the message's script (or the greeting lexicon did,
    /// for a short first message).
    Detected,
    /// The script alone settled it, or named a script whose languages Frontdoor cannot detect.
    ScriptRule,
    /// The message was too short or too uncertain; the conversation's language was kept.
    ConversationFallback,
    /// No letters and no conversation language: nothing to go on.
    Unknown,
}

/// A writing system, as far as language identification needs to tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    Armenian,
    Georgian,
    Hebrew,
    Arabic,
    Devanagari,
    Bengali,
    Gurmukhi,
    Gujarati,
    Tamil,
    Telugu,
    Kannada,
    Malayalam,
    Sinhala,
    Thai,
    Lao,
    Khmer,
    Myanmar,
    Tibetan,
    Ethiopic,
    CanadianSyllabics,
    Hangul,
    /// Hiragana and katakana.
    Kana,
    /// Chinese characters (also used in Japanese).
    Han,
    /// Letters of any other script.
    Other,
}

/// What the identifier concluded about one message.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageGuess {
    /// The language, or `None` when it cannot be told (see `script` for a hint).
    pub lang: Option<LanguageTag>,
    /// How sure, 0..1: `lingua`'s confidence for detections, lower for short messages.
    pub confidence: f32,
    /// Which rule produced the guess.
    pub source: GuessSource,
    /// The script most of the message's letters are in; `None` when it has no letters.
    pub script: Option<Script>,
}

impl LanguageGuess {
    /// True when the message is in a script whose languages Frontdoor cannot detect or serve
    /// (Ethiopic, Canadian syllabics, Myanmar...): the dialogue should offer an interpreter.
    pub fn needs_interpreter(&self) -> bool {
        self.lang.is_none() && self.source == GuessSource::ScriptRule
    }
}

/// Identifies the language of helpline messages. Build it once and share it (`Send + Sync`):
/// building preloads the `lingua` models, which live in the binary's read-only data, in about a
/// millisecond; memory grows to about 100 MB as their pages are first read.
pub struct LanguageIdentifier {
    detector: LanguageDetector,
    tags: HashMap<Language, LanguageTag>,
    by_tag: HashMap<String, Language>,
}

impl Default for LanguageIdentifier {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for LanguageIdentifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LanguageIdentifier")
            .field("languages", &self.tags.len())
            .finish()
    }
}

impl LanguageIdentifier {
    /// Builds the detector for Ontario's languages with every model preloaded.
    pub fn new() -> Self {
        let detector = LanguageDetectorBuilder::from_languages(&LINGUA_LANGUAGES)
            .with_preloaded_language_models()
            .build();
        let mut tags = HashMap::new();
        let mut by_tag = HashMap::new();
        for language in LINGUA_LANGUAGES {
            let code = language.iso_code_639_1().to_string();
            if let Ok(tag) = LanguageTag::parse(&code) {
                by_tag.insert(tag.as_str().to_owned(), language);
                tags.insert(language, tag);
            }
        }
        Self { detector, tags, by_tag }
    }

    /// Every language this identifier can return: `lingua`'s and the script rules'.
    pub fn languages(&self) -> Vec<LanguageTag> {
        let mut tags: Vec<LanguageTag> = self.tags.values().cloned().collect();
        tags.extend(
            script_rule_languages()
                .iter()
                .filter_map(|c| LanguageTag::parse(c).ok()),
        );
        tags.sort();
        tags.dedup();
        tags
    }

    /// Identifies the language of `text`, given the language the conversation is in so far
    /// (`None` until one is established: do not pass a default such as English, or a short
    /// first message in another language will be read as English).
    pub fn identify(&self, text: &str, conversation_lang: Option<&LanguageTag>) -> LanguageGuess {
        let profile = ScriptProfile::of(text);
        let Some(script) = profile.dominant() else {
            return no_letters(conversation_lang);
        };
        if let Some(guess) = script_rule(script, &profile, conversation_lang) {
            return guess;
        }
        let short = profile.words <= SHORT_MESSAGE_WORDS;
        if let Some(conv) = conversation_lang.filter(|c| writes_in(c, script)) {
            // A conversation in a language lingua lacks (Pashto, Kurdish...) keeps it for any
            // message in its own, non-Latin script: lingua could only answer a neighbour.
            let undetectable = script != Script::Latin && !self.is_detectable(conv);
            if short || undetectable {
                return self.conversation_fallback(text, script, conv);
            }
        }
        let letters = letters_of(text, script);
        let values = self.detector.compute_language_confidence_values(letters.as_str());
        let Some(&(best, best_conf)) = values.first().filter(|(_, c)| *c > 0.0) else {
            return match conversation_lang {
                Some(conv) => self.conversation_fallback(text, script, conv),
                None => unknown(Some(script)),
            };
        };
        if script == Script::Latin
            && best != Language::English
            && best_conf < ENGLISH_OVERRIDE_BELOW
            && english_share(text) >= 0.6
        {
            // lingua spreads short, misspelt English SMS ("hi i need food") over Somali or
            // Swahili; messages made mostly of everyday English words are English.
            return self.detected(Language::English, ENGLISH_OVERRIDE_CONFIDENCE, script);
        }
        if short {
            return self.short_first_message(text, script, best, best_conf);
        }
        if let Some(conv) = conversation_lang.filter(|c| writes_in(c, script)) {
            // In a Punjabi, Urdu or Arabic conversation, Latin letters are often the same
            // language romanised ("mainu madad chahidi"), which lingua reads as some other
            // Latin-script language: only English, or a near-certain guess, moves away from it.
            let romanised = script == Script::Latin && !writes_in_latin(conv) && best != Language::English;
            let needed = if romanised { ROMANISED_SWITCH } else { UNSURE_BELOW };
            if best_conf < needed && self.tags.get(&best) != Some(conv) {
                return self.conversation_fallback(text, script, conv);
            }
        }
        self.detected(best, best_conf as f32, script)
    }

    /// True when `lingua` or a script rule can produce `tag`.
    fn is_detectable(&self, tag: &LanguageTag) -> bool {
        self.by_tag.contains_key(tag.as_str()) || script_rule_languages().contains(&tag.as_str())
    }

    fn detected(&self, language: Language, confidence: f32, script: Script) -> LanguageGuess {
        LanguageGuess {
            lang: self.tags.get(&language).cloned(),
            confidence: confidence.clamp(0.0, 1.0),
            source: GuessSource::Detected,
            script: Some(script),
        }
    }

    /// Keeps the conversation's language, as sure as `lingua` is of it (at least the floor).
    fn conversation_fallback(&self, text: &str, script: Script, conv: &LanguageTag) -> LanguageGuess {
        let lingua_conf = self.by_tag.get(conv.as_str()).map_or(0.0, |&language| {
            let letters = letters_of(text, script);
            self.detector.compute_language_confidence(letters.as_str(), language) as f32
        });
        LanguageGuess {
            lang: Some(conv.clone()),
            confidence: lingua_conf.clamp(FALLBACK_FLOOR, 1.0),
            source: GuessSource::ConversationFallback,
            script: Some(script),
        }
    }

    /// A one- or two-word message with no conversation language to fall back on.
    fn short_first_message(&self, text: &str, script: Script, best: Language, best_conf: f64) -> LanguageGuess {
        let from_lexicon = greeting_language(text).and_then(|code| LanguageTag::parse(code).ok());
        let (lang, confidence) = match from_lexicon {
            Some(tag) => (Some(tag), SHORT_MESSAGE_CONFIDENCE),
            None => (
                self.tags.get(&best).cloned(),
                (best_conf as f32) * SHORT_MESSAGE_CONFIDENCE,
            ),
        };
        LanguageGuess {
            lang,
            confidence,
            source: GuessSource::Detected,
            script: Some(script),
        }
    }
}

/// lingua's guesses below this give way to [`english_share`].
const ENGLISH_OVERRIDE_BELOW: f64 = 0.7;
/// The confidence given to English found by [`english_share`].
const ENGLISH_OVERRIDE_CONFIDENCE: f32 = 0.7;

/// Everyday English words of help-seeking texts, few of which are words in another Latin-script
/// language Frontdoor detects.
const ENGLISH_WORDS: &[&str] = &[
    "i", "im", "i'm", "need", "needs", "help", "my", "the", "and", "is", "are", "to", "for", "with", "can", "you", "u",
    "pls", "plz", "please", "food", "rent", "hi", "hello", "hey", "dont", "don't", "have", "has", "money", "get",
    "want", "where", "how", "what", "am", "of", "it", "this", "that", "we", "our", "he", "she", "they", "job", "work",
    "place", "sleep", "tonight", "bank", "house", "pay", "bill", "bills", "thanks", "thank", "yes", "ok", "okay",
    "near", "me", "someone", "talk", "person", "kids", "doctor", "go", "out", "of", "from", "just", "got", "was", "be",
    "been", "any", "some", "do", "does", "lost", "find", "looking", "evicted", "shelter", "nowhere", "stay", "live",
    "there", "here",
];

/// The share of a message's words that are everyday English words.
fn english_share(text: &str) -> f32 {
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < 2 {
        return 0.0;
    }
    let hits = words.iter().filter(|w| ENGLISH_WORDS.contains(&w.as_str())).count();
    hits as f32 / words.len() as f32
}

fn no_letters(conversation_lang: Option<&LanguageTag>) -> LanguageGuess {
    match conversation_lang {
        Some(conv) => LanguageGuess {
            lang: Some(conv.clone()),
            confidence: FALLBACK_FLOOR,
            source: GuessSource::ConversationFallback,
            script: None,
        },
        None => unknown(None),
    }
}

fn unknown(script: Option<Script>) -> LanguageGuess {
    LanguageGuess {
        lang: None,
        confidence: 0.0,
        source: GuessSource::Unknown,
        script,
    }
}

/// The languages a script rule can return on its own (no `lingua` needed).
pub fn script_rule_languages() -> &'static [&'static str] {
    &[
        "zh", "ja", "ko", "pa", "gu", "bn", "ta", "te", "kn", "ml", "si", "el", "he", "hy", "ka", "th", "lo", "km",
        "bo", "hi",
    ]
}

/// What a dominant script says about the language on its own, if anything.
fn script_rule(script: Script, profile: &ScriptProfile, conv: Option<&LanguageTag>) -> Option<LanguageGuess> {
    let share = profile.share(script);
    let settle = |code: &str, certainty: f32| LanguageGuess {
        lang: LanguageTag::parse(code).ok(),
        confidence: (share * certainty).clamp(0.0, 1.0),
        source: GuessSource::ScriptRule,
        script: Some(script),
    };
    let conv_code = conv.map(LanguageTag::as_str);
    let guess = match script {
        // Kana anywhere among Chinese characters means Japanese; Han alone is Chinese unless the
        // conversation is already in Japanese (kanji-only replies such as 了解).
        Script::Kana => settle("ja", 1.0),
        Script::Han if profile.count(Script::Kana) > 0 => settle("ja", 1.0),
        Script::Han if conv_code == Some("ja") => LanguageGuess {
            source: GuessSource::ConversationFallback,
            ..settle("ja", 0.9)
        },
        Script::Han => settle("zh", 0.98),
        Script::Hangul => settle("ko", 1.0),
        Script::Gurmukhi => settle("pa", 1.0),
        Script::Gujarati => settle("gu", 1.0),
        Script::Tamil => settle("ta", 1.0),
        Script::Telugu => settle("te", 1.0),
        Script::Kannada => settle("kn", 1.0),
        Script::Malayalam => settle("ml", 1.0),
        Script::Sinhala => settle("si", 1.0),
        Script::Greek => settle("el", 1.0),
        Script::Armenian => settle("hy", 1.0),
        Script::Georgian => settle("ka", 1.0),
        Script::Thai => settle("th", 1.0),
        Script::Lao => settle("lo", 1.0),
        Script::Khmer => settle("km", 1.0),
        Script::Tibetan => settle("bo", 0.95),
        // Bengali script also writes Assamese; Hebrew script also writes Yiddish.
        Script::Bengali => settle("bn", 0.95),
        Script::Hebrew => settle("he", 0.95),
        // Devanagari also writes Marathi and Nepali, which are not told apart here: keep a
        // conversation already in one of them, otherwise Hindi.
        Script::Devanagari => match conv.filter(|c| matches!(c.as_str(), "mr" | "ne")) {
            Some(c) => LanguageGuess {
                source: GuessSource::ConversationFallback,
                ..settle(c.as_str(), 0.9)
            },
            None => settle("hi", 0.9),
        },
        // Scripts whose languages cannot be told apart or served: name the script only.
        Script::Ethiopic | Script::CanadianSyllabics | Script::Myanmar => LanguageGuess {
            lang: None,
            confidence: share,
            source: GuessSource::ScriptRule,
            script: Some(script),
        },
        Script::Latin | Script::Cyrillic | Script::Arabic | Script::Other => return None,
    };
    Some(guess)
}

/// True when `lang` is written in `script`. Latin counts for every language: people type "ok",
/// "thx" and romanised messages whatever their language.
fn writes_in(lang: &LanguageTag, script: Script) -> bool {
    if script == Script::Latin {
        return true;
    }
    let code = lang.as_str();
    match script {
        Script::Cyrillic => matches!(
            code,
            "ru" | "uk" | "sr" | "bg" | "mk" | "be" | "kk" | "ky" | "tg" | "mn"
        ),
        Script::Arabic => matches!(code, "ar" | "fa" | "ur" | "ps" | "ku" | "sd" | "ug" | "pa"),
        Script::Devanagari => matches!(code, "hi" | "mr" | "ne"),
        Script::Han => matches!(code, "zh" | "ja"),
        Script::Kana => code == "ja",
        Script::Hangul => code == "ko",
        Script::Ethiopic => matches!(code, "am" | "ti" | "om"),
        Script::CanadianSyllabics => matches!(code, "cr" | "oj" | "iu"),
        Script::Myanmar => code == "my",
        _ => false,
    }
}

/// True when `lang` is normally written in Latin letters (so a Latin message is not romanised).
fn writes_in_latin(lang: &LanguageTag) -> bool {
    const OWN_SCRIPT: &[Script] = &[
        Script::Cyrillic,
        Script::Arabic,
        Script::Devanagari,
        Script::Han,
        Script::Hangul,
        Script::Ethiopic,
        Script::CanadianSyllabics,
        Script::Myanmar,
    ];
    let scripted = OWN_SCRIPT.iter().any(|&s| writes_in(lang, s));
    lang.as_str() == "sr" || !(scripted || script_rule_languages().contains(&lang.as_str()))
}

/// Counts of letters per script in one message, and its word count.
#[derive(Debug, Default)]
struct ScriptProfile {
    counts: HashMap<Script, usize>,
    weighted_total: f32,
    words: usize,
}

impl ScriptProfile {
    fn of(text: &str) -> Self {
        let mut profile = ScriptProfile {
            words: word_count(text),
            ..Default::default()
        };
        for c in text.chars().filter(|c| c.is_alphabetic()) {
            let script = script_of(c);
            *profile.counts.entry(script).or_default() += 1;
            profile.weighted_total += weight(script);
        }
        profile
    }

    fn count(&self, script: Script) -> usize {
        self.counts.get(&script).copied().unwrap_or(0)
    }

    /// The script with the most (weighted) letters; CJK characters weigh two Latin letters.
    fn dominant(&self) -> Option<Script> {
        self.counts
            .iter()
            .map(|(&s, &n)| (s, n as f32 * weight(s)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(s, _)| s)
    }

    /// The weighted share of the message's letters in `script` (Han and kana together).
    fn share(&self, script: Script) -> f32 {
        if self.weighted_total == 0.0 {
            return 0.0;
        }
        let in_script = |s: Script| self.count(s) as f32 * weight(s);
        let n = match script {
            Script::Han | Script::Kana => in_script(Script::Han) + in_script(Script::Kana),
            s => in_script(s),
        };
        n / self.weighted_total
    }
}

fn weight(script: Script) -> f32 {
    match script {
        Script::Han | Script::Kana | Script::Hangul => 2.0,
        _ => 1.0,
    }
}

/// Number of words in `text`: whitespace-separated tokens with at least one letter, where a run
/// of characters from a script written without spaces (Chinese, Japanese, Thai...) counts one
/// word per two characters. "Messages of 4+ words" in the evaluation use this count.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace()
        .map(|token| {
            let unspaced = token
                .chars()
                .filter(|&c| c.is_alphabetic() && is_unspaced(script_of(c)))
                .count();
            let spaced = token.chars().any(|c| c.is_alphabetic() && !is_unspaced(script_of(c)));
            unspaced.div_ceil(2) + usize::from(spaced)
        })
        .sum()
}

fn is_unspaced(script: Script) -> bool {
    matches!(
        script,
        Script::Han | Script::Kana | Script::Thai | Script::Lao | Script::Khmer | Script::Myanmar | Script::Tibetan
    )
}

/// The letters of `text` in `script`, words kept apart by spaces: what `lingua` is shown, so
/// that English program names in an Urdu message ("ODSP", "OW") do not pull it towards English.
fn letters_of(text: &str, script: Script) -> String {
    let keep_latin = script == Script::Latin;
    text.chars()
        .map(|c| {
            let keep = if c.is_alphabetic() {
                script_of(c) == script
            } else {
                keep_latin && matches!(c, '\'' | '’' | '-')
            };
            if keep {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// The script of one letter, by Unicode block.
pub fn script_of(c: char) -> Script {
    let u = c as u32;
    match u {
        0x0041..=0x024F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xFF21..=0xFF5A => Script::Latin,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => Script::Greek,
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x0530..=0x058F => Script::Armenian,
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Script::Hebrew,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x0900..=0x097F | 0xA8E0..=0xA8FF => Script::Devanagari,
        0x0980..=0x09FF => Script::Bengali,
        0x0A00..=0x0A7F => Script::Gurmukhi,
        0x0A80..=0x0AFF => Script::Gujarati,
        0x0B80..=0x0BFF => Script::Tamil,
        0x0C00..=0x0C7F => Script::Telugu,
        0x0C80..=0x0CFF => Script::Kannada,
        0x0D00..=0x0D7F => Script::Malayalam,
        0x0D80..=0x0DFF => Script::Sinhala,
        0x0E00..=0x0E7F => Script::Thai,
        0x0E80..=0x0EFF => Script::Lao,
        0x0F00..=0x0FFF => Script::Tibetan,
        0x1000..=0x109F | 0xA9E0..=0xA9FF | 0xAA60..=0xAA7F => Script::Myanmar,
        0x10A0..=0x10FF | 0x1C90..=0x1CBF | 0x2D00..=0x2D2F => Script::Georgian,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7FF => Script::Hangul,
        0x1200..=0x139F | 0x2D80..=0x2DDF | 0xAB00..=0xAB2F => Script::Ethiopic,
        0x1400..=0x167F | 0x18B0..=0x18FF => Script::CanadianSyllabics,
        0x1780..=0x17FF | 0x19E0..=0x19FF => Script::Khmer,
        0x3040..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => Script::Kana,
        0x3005 | 0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => Script::Han,
        _ => Script::Other,
    }
}

/// Greetings, thanks and yes/no words, by language, for a short first message. Ambiguous words
/// are listed under the language most Ontario callers who write them speak ("no" → English).
#[rustfmt::skip]
const GREETINGS: &[(&str, &[&str])] = &[
    ("en", &[
        "hi", "hello", "hey", "ok", "okay", "k", "kk", "yes", "yeah", "yep", "no", "nope", "thanks",
        "thank", "you", "thx", "ty", "pls", "please", "help", "bye", "sure", "sorry", "good",
        "morning", "evening", "hiya",
    ]),
    ("fr", &[
        "bonjour", "bonsoir", "salut", "allo", "allô", "merci", "oui", "non", "ouin", "svp", "aide",
        "aidez-moi", "bonne", "journée", "soirée", "d'accord", "daccord", "beaucoup", "coucou",
    ]),
    ("es", &[
        "hola", "gracias", "sí", "si", "ayuda", "buenos", "buenas", "días", "dias", "tardes",
        "noches", "por", "favor", "vale", "muchas",
    ]),
    ("pt", &[
        "olá", "ola", "oi", "obrigado", "obrigada", "sim", "ajuda", "bom", "dia", "boa", "tarde",
        "noite", "tchau",
    ]),
    ("it", &[
        "ciao", "grazie", "buongiorno", "buonasera", "aiuto", "prego", "sì", "mille",
    ]),
    ("de", &[
        "hallo", "danke", "ja", "nein", "guten", "tag", "hilfe", "bitte", "schön",
    ]),
    ("pl", &[
        "cześć", "czesc", "dziękuję", "dziekuje", "dzięki", "dzieki", "tak", "nie", "pomocy",
        "dzień", "dzien", "dobry",
    ]),
    ("tl", &[
        "salamat", "po", "opo", "oo", "kumusta", "kamusta", "tulong", "magandang", "umaga", "hapon",
        "gabi", "ate", "kuya",
    ]),
    ("ro", &[
        "mulțumesc", "multumesc", "mersi", "bună", "buna", "ziua", "ajutor", "da",
    ]),
    ("hu", &[
        "szia", "sziasztok", "köszönöm", "koszonom", "igen", "nem", "segítség", "segitseg", "jó",
        "napot",
    ]),
    ("tr", &[
        "merhaba", "teşekkürler", "tesekkurler", "teşekkür", "ederim", "evet", "hayır", "hayir",
        "yardım", "yardim", "selam",
    ]),
    ("so", &[
        "salaan", "mahadsanid", "haa", "maya", "caawimo", "caawi",
    ]),
    ("vi", &[
        "chào", "chao", "xin", "cảm", "ơn", "cam", "on", "vâng", "dạ", "không", "giúp",
    ]),
    ("sw", &[
        "jambo", "habari", "asante", "ndiyo", "hapana", "msaada",
    ]),
    ("sq", &[
        "përshëndetje", "pershendetje", "faleminderit", "mirëdita", "miredita",
    ]),
    ("hr", &[
        "bok", "zdravo", "hvala", "pomoć", "pomoc",
    ]),
    ("ru", &[
        "привет", "здравствуйте", "спасибо", "да", "нет", "помогите", "помощь",
    ]),
    ("uk", &[
        "привіт", "дякую", "так", "ні", "допоможіть", "допомога", "вітаю",
    ]),
    ("ar", &[
        "مرحبا", "شكرا", "نعم", "لا", "السلام", "عليكم", "مساعدة",
    ]),
    ("fa", &[
        "سلام", "ممنون", "مرسی", "بله", "نه", "کمک", "خیلی",
    ]),
    ("ur", &[
        "شکریہ", "جی", "ہاں", "نہیں", "مدد", "آداب",
    ]),
];

/// The language whose greeting list holds every word of `text`, if exactly one list (in table
/// order, so shared words go to the first language) does.
fn greeting_language(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '-'))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return None;
    }
    GREETINGS
        .iter()
        .find(|(_, list)| words.iter().all(|w| list.contains(w)))
        .map(|(code, _)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_is_send_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<LanguageIdentifier>();
    }

    #[test]
    fn every_lingua_language_has_an_iso_639_1_tag() {
        let id = LanguageIdentifier::new();
        assert_eq!(id.tags.len(), LINGUA_LANGUAGES.len());
        let all = id.languages();
        for code in [
            "en", "fr", "zh", "pa", "ko", "ta", "ur", "fa", "so", "tl", "he", "el", "gu", "bn", "ja", "hi",
        ] {
            assert!(all.iter().any(|t| t.as_str() == code), "{code} should be identifiable");
        }
    }

    #[test]
    fn word_count_counts_cjk_by_pairs_of_characters() {
        assert_eq!(word_count("i need a bed"), 4);
        assert_eq!(word_count("ok!! 👍"), 1);
        assert_eq!(word_count("我需要食物帮助"), 4);
        assert_eq!(word_count("  "), 0);
    }

    #[test]
    fn greeting_lexicon_prefers_the_first_listed_language() {
        assert_eq!(greeting_language("No"), Some("en"));
        assert_eq!(greeting_language("hola!"), Some("es"));
        assert_eq!(greeting_language("salamat po"), Some("tl"));
        assert_eq!(greeting_language("merci beaucoup"), Some("fr"));
        assert_eq!(greeting_language("rent money"), None);
    }

    #[test]
    fn dominant_script_weighs_cjk_characters_double() {
        let p = ScriptProfile::of("OW 帮助我");
        assert_eq!(p.dominant(), Some(Script::Han));
        let p = ScriptProfile::of("мне нужна помощь с ODSP");
        assert_eq!(p.dominant(), Some(Script::Cyrillic));
    }
}
