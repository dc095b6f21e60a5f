//! Languages a service speaks, read from codes (`fr`, `yue`) or from the free text real exports
//! hold ("Spanish (limited)", "English and Spanish", "Creole with translators as needed").

use crate::text::fold;

/// Language names as written in directories (English, French and endonyms) and their codes:
/// ISO 639-1 where one exists, ISO 639-3 otherwise (`yue` Cantonese, `ase` ASL).
const NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("anglais", "en"),
    ("spanish", "es"),
    ("espanol", "es"),
    ("espagnol", "es"),
    ("french", "fr"),
    ("francais", "fr"),
    // In Florida and Ontario directories "Creole" means Haitian Creole.
    ("creole", "ht"),
    ("haitian creole", "ht"),
    ("haitian", "ht"),
    ("kreyol", "ht"),
    ("portuguese", "pt"),
    ("portugais", "pt"),
    ("hebrew", "he"),
    ("russian", "ru"),
    ("arabic", "ar"),
    ("arabe", "ar"),
    ("italian", "it"),
    ("italien", "it"),
    ("greek", "el"),
    ("yiddish", "yi"),
    ("german", "de"),
    ("allemand", "de"),
    ("japanese", "ja"),
    ("mandarin", "zh"),
    ("chinese", "zh"),
    ("chinois", "zh"),
    ("cantonese", "yue"),
    ("cantonais", "yue"),
    ("hindi", "hi"),
    ("romanian", "ro"),
    ("polish", "pl"),
    ("polonais", "pl"),
    ("punjabi", "pa"),
    ("panjabi", "pa"),
    ("pendjabi", "pa"),
    ("urdu", "ur"),
    ("ourdou", "ur"),
    ("tamil", "ta"),
    ("tamoul", "ta"),
    ("tagalog", "tl"),
    ("filipino", "tl"),
    ("somali", "so"),
    ("farsi", "fa"),
    ("persian", "fa"),
    ("persan", "fa"),
    ("dari", "fa"),
    ("tigrinya", "ti"),
    ("ojibwe", "oj"),
    ("ojibway", "oj"),
    ("cree", "cr"),
    ("gujarati", "gu"),
    ("finnish", "fi"),
    ("swahili", "sw"),
    ("lingala", "ln"),
    ("vietnamese", "vi"),
    ("korean", "ko"),
    ("ukrainian", "uk"),
    ("turkish", "tr"),
    ("bengali", "bn"),
    ("amharic", "am"),
    ("american sign language", "ase"),
    ("asl", "ase"),
    ("sign language", "sgn"),
];

/// Reads the language codes mentioned in a free-text languages field, in order of mention,
/// without duplicates. Unrecognised text yields no code (the caller keeps the text as a note).
pub fn codes_in_text(text: &str) -> Vec<String> {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut found: Vec<(usize, &str)> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        // Longest name first ("american sign language" before "sign language").
        let hit = (1..=3).rev().find_map(|n| {
            let end = i + n;
            if end > words.len() {
                return None;
            }
            let phrase = words[i..end].join(" ");
            NAMES
                .iter()
                .find(|(name, _)| *name == phrase)
                .map(|(_, code)| (n, *code))
        });
        match hit {
            Some((n, code)) => {
                found.push((i, code));
                i += n;
            }
            None => i += 1,
        }
    }
    let mut codes: Vec<String> = Vec::new();
    for (_, code) in found {
        if !codes.iter().any(|c| c == code) {
            codes.push(code.to_owned());
        }
    }
    codes
}

/// True when the text is just one language's name ("English", "Français"): nothing to keep as
/// a note beyond the code.
pub fn is_plain_name(text: &str) -> bool {
    let folded = fold(text);
    NAMES.iter().any(|(name, _)| *name == folded)
}

/// Normalises a language code given as data (`FR`, `fr-CA`, `yue`, `eng`) to the form records
/// keep; `None` when it is not a plausible code.
pub fn normalise_code(raw: &str) -> Option<String> {
    let primary = raw.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    if !(2..=3).contains(&primary.len()) || !primary.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let two = match primary.as_str() {
        "eng" => "en",
        "fra" | "fre" => "fr",
        "spa" => "es",
        "zho" | "chi" | "cmn" => "zh",
        "ara" => "ar",
        "hat" => "ht",
        "por" => "pt",
        "pan" => "pa",
        "urd" => "ur",
        "tam" => "ta",
        "tgl" => "tl",
        "som" => "so",
        "fas" | "per" => "fa",
        other => other,
    };
    Some(two.to_owned())
}

/// True when a service listing `service_code` can serve someone speaking `wanted` (an ISO 639-1
/// tag): Cantonese counts for Chinese, any sign language for `sgn`.
pub fn serves(service_code: &str, wanted: &str) -> bool {
    served_by(service_code).any(|w| w == wanted)
}

/// Every language a service listing `service_code` serves: the code itself, and Chinese for
/// Cantonese. Indexes that can only match exact keywords (Qdrant) store this list, so that
/// an exact match means what [`serves`] means.
pub fn served_by(service_code: &str) -> impl Iterator<Item = &str> {
    let broader = (service_code == "yue").then_some("zh");
    std::iter::once(service_code).chain(broader)
}

/// The English name of a language code, for the navigator's "why" line.
pub fn english_name(code: &str) -> String {
    let name = match code {
        "en" => "English",
        "fr" => "French",
        "es" => "Spanish",
        "ht" => "Haitian Creole",
        "pt" => "Portuguese",
        "ar" => "Arabic",
        "zh" => "Chinese",
        "yue" => "Cantonese",
        "pa" => "Punjabi",
        "ur" => "Urdu",
        "ta" => "Tamil",
        "tl" => "Tagalog",
        "so" => "Somali",
        "fa" => "Farsi",
        "ti" => "Tigrinya",
        "oj" => "Ojibwe",
        "cr" => "Cree",
        "hi" => "Hindi",
        "gu" => "Gujarati",
        "it" => "Italian",
        "pl" => "Polish",
        "ru" => "Russian",
        "he" => "Hebrew",
        "de" => "German",
        "el" => "Greek",
        "yi" => "Yiddish",
        "ja" => "Japanese",
        "ko" => "Korean",
        "vi" => "Vietnamese",
        "uk" => "Ukrainian",
        "sw" => "Swahili",
        "ln" => "Lingala",
        "fi" => "Finnish",
        "ro" => "Romanian",
        "ase" => "American Sign Language",
        "sgn" => "sign language",
        other => return other.to_owned(),
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_languages_from_a_real_export() {
        assert_eq!(codes_in_text("Spanish (limited)"), ["es"]);
        assert_eq!(codes_in_text("English and Spanish"), ["en", "es"]);
        assert_eq!(codes_in_text("Creole with translators as needed"), ["ht"]);
        assert_eq!(codes_in_text("Haitian-Creole"), ["ht"]);
        assert_eq!(
            codes_in_text(
                "English\nBi-lingual volunteers available to translate Spanish\nCreole - not always available"
            ),
            ["en", "es", "ht"]
        );
        assert_eq!(codes_in_text("American Sign Language"), ["ase"]);
        assert!(codes_in_text("other languages available upon request").is_empty());
        assert_eq!(codes_in_text("Français"), ["fr"]);
    }

    #[test]
    fn codes_given_as_data() {
        assert_eq!(normalise_code("FR").as_deref(), Some("fr"));
        assert_eq!(normalise_code("fr-CA").as_deref(), Some("fr"));
        assert_eq!(normalise_code("yue").as_deref(), Some("yue"));
        assert_eq!(normalise_code("eng").as_deref(), Some("en"));
        assert_eq!(normalise_code("English"), None);
        assert!(serves("yue", "zh"));
        assert!(!serves("en", "fr"));
        assert_eq!(served_by("yue").collect::<Vec<_>>(), ["yue", "zh"]);
        assert_eq!(served_by("fr").collect::<Vec<_>>(), ["fr"]);
    }
}
