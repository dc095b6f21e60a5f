//! A keyword signal for ranking: Okapi BM25 over each service's name, organisation, taxonomy
//! terms, description and eligibility, built in memory when the [`Searcher`] is assembled.
//!
//! It only re-scores candidates the vector search already found; it never adds services by
//! itself, so a query in another language than the records' (where BM25 matches nothing, or
//! matches function words) cannot push out what the multilingual vectors found. The ranking
//! applies it only to queries in the languages listed in
//! [`RankingConfig::keyword_languages`](crate::search::RankingConfig::keyword_languages).
//!
//! [`Searcher`]: crate::search::Searcher

use crate::record::ServiceRecord;
use std::collections::HashMap;

/// Term-frequency saturation.
const K1: f32 = 1.2;
/// Length normalisation.
const B: f32 = 0.75;

/// An inverted index over service texts.
#[derive(Debug, Default)]
pub struct KeywordIndex {
    /// Term → (document, term frequency), documents ascending.
    postings: HashMap<String, Vec<(u32, u16)>>,
    /// Token count per document.
    lengths: Vec<u32>,
    average_length: f32,
}

impl KeywordIndex {
    /// Indexes `records` in order: document `i` is `records[i]`.
    pub fn build<'a>(records: impl IntoIterator<Item = &'a ServiceRecord>) -> Self {
        let mut postings: HashMap<String, Vec<(u32, u16)>> = HashMap::new();
        let mut lengths = Vec::new();
        for (doc, record) in records.into_iter().enumerate() {
            let mut counts: HashMap<String, u16> = HashMap::new();
            let mut length = 0u32;
            for token in document_text(record).iter().flat_map(|t| tokens(t)) {
                *counts.entry(token).or_default() += 1;
                length += 1;
            }
            for (term, tf) in counts {
                postings.entry(term).or_default().push((doc as u32, tf));
            }
            lengths.push(length);
        }
        let average_length = if lengths.is_empty() {
            0.0
        } else {
            lengths.iter().map(|&l| l as f32).sum::<f32>() / lengths.len() as f32
        };
        Self {
            postings,
            lengths,
            average_length,
        }
    }

    /// How many documents it holds.
    pub fn len(&self) -> usize {
        self.lengths.len()
    }

    /// True when it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.lengths.is_empty()
    }

    /// The query's terms as the index sees them (folded, stop words removed, stemmed), each once.
    pub fn query_terms(&self, query: &str) -> Vec<String> {
        let mut terms: Vec<String> = tokens(query).collect();
        terms.sort();
        terms.dedup();
        terms
    }

    /// BM25 scores of those of `docs` sharing at least one term with the query. Only the given
    /// documents are scored (a binary search in each term's postings), so the cost follows the
    /// candidates, not how common a term is across the directory.
    pub fn scores(&self, terms: &[String], docs: impl IntoIterator<Item = u32>) -> HashMap<u32, f32> {
        let n = self.lengths.len() as f32;
        let lists: Vec<(f32, &[(u32, u16)])> = terms
            .iter()
            .filter_map(|term| self.postings.get(term))
            .map(|list| {
                let df = list.len() as f32;
                (((n - df + 0.5) / (df + 0.5) + 1.0).ln(), list.as_slice())
            })
            .collect();
        let mut scores = HashMap::new();
        if lists.is_empty() {
            return scores;
        }
        for doc in docs {
            let Some(&length) = self.lengths.get(doc as usize) else {
                continue;
            };
            let norm = 1.0 - B + B * length as f32 / self.average_length.max(1.0);
            let score: f32 = lists
                .iter()
                .filter_map(|(idf, list)| {
                    let at = list.binary_search_by_key(&doc, |&(d, _)| d).ok()?;
                    let tf = list[at].1 as f32;
                    Some(idf * tf * (K1 + 1.0) / (tf + K1 * norm))
                })
                .sum();
            if score > 0.0 {
                scores.insert(doc, score);
            }
        }
        scores
    }
}

/// The fields searched, the name and the kinds of service (taxonomy terms) twice: they say
/// what a service is more surely than a long description.
fn document_text(record: &ServiceRecord) -> Vec<&str> {
    let mut parts: Vec<&str> = vec![&record.name, &record.name, &record.organization, &record.description];
    parts.extend(record.alternate_name.as_deref());
    parts.extend(record.eligibility.as_deref());
    for term in &record.taxonomy {
        parts.push(&term.name);
        parts.push(&term.name);
    }
    parts
}

/// Lower-cased, accent-folded word tokens, without stop words, lightly stemmed.
fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(fold)
        .filter(|w| w.chars().count() > 1 && !STOP_WORDS.contains(&w.as_str()))
        .map(stem)
}

fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            other => other,
        })
        .collect()
}

/// Plural and a few common suffixes, so "shelters" meets "shelter" and "counselling" meets
/// "counseling"; deliberately timid (no stemmer mangles names less than none).
fn stem(word: String) -> String {
    let w = word.as_str();
    let cut = |suffix: &str, keep: usize| -> Option<String> {
        w.strip_suffix(suffix)
            .filter(|stem| stem.chars().count() >= keep)
            .map(str::to_owned)
    };
    cut("ies", 3)
        .map(|s| s + "y")
        .or_else(|| cut("lling", 3).map(|s| s + "l"))
        .or_else(|| cut("ing", 4))
        .or_else(|| cut("sses", 2).map(|s| s + "ss"))
        .or_else(|| {
            (!w.ends_with("ss") && !w.ends_with("us"))
                .then(|| cut("s", 3))
                .flatten()
        })
        .unwrap_or(word)
}

/// Function words of the languages the keyword signal may run for (English, French, Spanish):
/// they match everything and say nothing.
const STOP_WORDS: &[&str] = &[
    // English
    "a", "an", "and", "any", "are", "as", "at", "be", "but", "by", "can", "do", "for", "from", "get", "have", "he",
    "her", "how", "if", "in", "is", "it", "me", "my", "need", "of", "on", "or", "our", "she", "so", "that", "the",
    "their", "them", "there", "they", "this", "to", "up", "us", "was", "we", "what", "where", "who", "will", "with",
    "you", "your", "im", "dont", "please", "help", "want", "looking", "find", "some", "am", "just", "know", "got",
    "no", "not", "all", "about", "would", "could", "anyone", "someone", "place", "service", "services", "near",
    // French
    "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "elle", "en", "et", "il", "je", "la", "le", "les",
    "leur", "mais", "mes", "moi", "mon", "ne", "nous", "ou", "par", "pas", "pour", "qui", "que", "sa", "se", "ses",
    "son", "sur", "ta", "te", "tu", "un", "une", "vous", "besoin", "aide", "cherche", "est", "ai",
    // Spanish
    "al", "como", "con", "del", "el", "es", "esta", "lo", "los", "las", "mi", "necesito", "para", "por", "que", "se",
    "su", "una", "uno", "yo", "ayuda", "donde", "hay", "tengo",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, name: &str, description: &str) -> ServiceRecord {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": name, "organization": "Org", "description": description
        }))
        .unwrap()
    }

    #[test]
    fn tokens_fold_stem_and_drop_stop_words() {
        let t: Vec<String> = tokens("The Shelters for FAMILIES, counselling & café").collect();
        assert_eq!(t, ["shelter", "family", "counsel", "cafe"]);
        assert_eq!(stem("counseling".into()), "counsel");
        assert_eq!(stem("address".into()), "address", "double s is not a plural");
        assert_eq!(stem("bus".into()), "bus");
    }

    #[test]
    fn rarer_and_repeated_terms_score_higher() {
        let records = [
            record("1", "Food Pantry", "Free groceries for families."),
            record("2", "Family Counselling", "Counselling for families and couples."),
            record("3", "Legal Clinic", "Free legal advice for tenants."),
        ];
        let index = KeywordIndex::build(&records);
        assert_eq!(index.len(), 3);
        let all = 0..index.len() as u32;
        let scores = index.scores(&index.query_terms("free legal help for my eviction"), all.clone());
        assert!(scores[&2] > scores[&0], "legal is rarer than free: {scores:?}");
        assert!(!scores.contains_key(&1), "nothing shared with the counselling service");
        let only = index.scores(&index.query_terms("free legal help for my eviction"), [2, 7]);
        assert_eq!(
            only.keys().copied().collect::<Vec<_>>(),
            [2],
            "only the given, known documents"
        );
        assert_eq!(
            only[&2], scores[&2],
            "a document scores the same whatever else is scored"
        );
        let scores = index.scores(&index.query_terms("counselling"), all.clone());
        assert_eq!(scores.keys().copied().collect::<Vec<_>>(), [1]);
        assert!(
            index.scores(&index.query_terms("the and for"), all).is_empty(),
            "stop words only"
        );
    }
}
