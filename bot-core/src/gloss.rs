//! English glosses for messages in languages the embedding model was not trained on.
//!
//! multilingual-e5 learnt about a hundred languages, not Haitian Creole; yet Haitian Creole is
//! one of the main languages of 211 callers in Miami, Montréal and Ottawa. Embedded as is, "mwen
//! pa ka peye lwaye a" lands near nothing useful. [`gloss`] appends English glosses of the
//! human-services words it finds ("… (rent)"), so the message's embedding, the need classifier
//! and the keyword signal all have something to hold. The message itself is never changed: the
//! gloss is only what is embedded or scored.
//!
//! The glossary is `bot-core/data/gloss-ht.tsv`. Words match whole, case- and accent-blind
//! (people often type `dokte` for `doktè`), and multi-word entries match as phrases. Because a
//! few Creole words are also words of French or English, a message is glossed only when it
//! carries a Creole marker word (`mwen`, `bezwen`, `pou`...) or two glossary entries.

use std::borrow::Cow;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

const HAITIAN_CREOLE: &str = include_str!("../data/gloss-ht.tsv");

struct Glossary {
    markers: Vec<Vec<String>>,
    entries: Vec<(Vec<String>, String)>,
}

fn glossary() -> &'static Glossary {
    static GLOSSARY: OnceLock<Glossary> = OnceLock::new();
    GLOSSARY.get_or_init(|| {
        let mut g = Glossary {
            markers: Vec::new(),
            entries: Vec::new(),
        };
        for line in HAITIAN_CREOLE.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let (key, value) = line.split_once('\t').expect("gloss-ht.tsv: a line without a tab");
            if key == "@marker" {
                g.markers.push(words(value));
            } else {
                g.entries.push((words(key), value.trim().to_owned()));
            }
        }
        g
    })
}

/// Lower-case, accent-free words (apostrophes split words: `m'ap` is `m ap`).
fn words(text: &str) -> Vec<String> {
    let folded: String = text
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .flat_map(char::to_lowercase)
        .collect();
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn contains(haystack: &[String], phrase: &[String]) -> bool {
    !phrase.is_empty() && haystack.windows(phrase.len()).any(|w| w == phrase)
}

/// What to embed or score for `text`: [`gloss`]'s glossed text when there is one, else `text`.
pub fn glossed(text: &str) -> Cow<'_, str> {
    gloss(text).map_or(Cow::Borrowed(text), Cow::Owned)
}

/// `text` with English glosses appended, when it reads as Haitian Creole and has words the
/// glossary knows; `None` otherwise.
///
/// ```
/// use frontdoor_core::gloss::gloss;
/// assert_eq!(
///     gloss("mwen pa ka peye lwaye a").as_deref(),
///     Some("mwen pa ka peye lwaye a (rent pay assistance)")
/// );
/// assert_eq!(gloss("I can't pay my rent"), None);
/// ```
pub fn gloss(text: &str) -> Option<String> {
    let g = glossary();
    let w = words(text);
    let matched: Vec<&str> = g
        .entries
        .iter()
        .filter(|(phrase, _)| contains(&w, phrase))
        .map(|(_, gloss)| gloss.as_str())
        .collect();
    let marked = g.markers.iter().any(|m| contains(&w, m));
    if matched.is_empty() || !(marked || matched.len() >= 2) {
        return None;
    }
    let mut glosses: Vec<&str> = Vec::new();
    for word in matched.iter().flat_map(|m| m.split_whitespace()) {
        if !glosses.contains(&word) {
            glosses.push(word);
        }
    }
    Some(format!("{text} ({})", glosses.join(" ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glossary_parses() {
        let g = glossary();
        assert!(g.markers.len() >= 20 && g.entries.len() >= 120);
        assert!(g.entries.iter().all(|(k, v)| !k.is_empty() && !v.is_empty()));
    }

    #[test]
    fn glosses_creole_with_or_without_accents_and_phrases() {
        let g = gloss("M pa gen kote pou m domi aswe a").unwrap();
        assert!(g.ends_with("(sleep shelter place to)"), "{g}");
        let g = gloss("mari m bat mwen, m pè").unwrap();
        assert!(g.contains("domestic violence") && g.contains("afraid"), "{g}");
        // Two entries are enough without a marker word.
        assert!(gloss("doktè lopital").is_some());
    }

    #[test]
    fn leaves_other_languages_alone() {
        for text in [
            "I need a doctor",
            "je cherche un logement à Ottawa",
            "necesito ayuda con la renta",
            "let me know",
            "bat",
            // Tagalog: "bat" (why), "kay" (to), "iyon/yon" (that) are not Creole here.
            "bat ganon, wala pa rin yon sa kay nanay",
            "",
        ] {
            assert_eq!(gloss(text), None, "{text}");
        }
    }
}
