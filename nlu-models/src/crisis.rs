//! The crisis detector: is there a risk to life or safety right now, and of what kind?
//!
//! Recall comes first: a missed crisis costs far more than a false alarm, which a navigator
//! clears in seconds. Two detectors are combined, and either one is enough:
//!
//! * **A lexicon** of strong phrases in the twenty languages Frontdoor serves (`lexicon/crisis.tsv`,
//!   written for Frontdoor: "kill myself", "took all my pills", "can't breathe", "he's going to
//!   kill me", "kids home alone", "me tuer", "不想活", "ਸਾਹ ਨਹੀਂ"...). Each phrase names its
//!   [`CrisisKind`]. Guards drop a phrase met inside a calm or negated mention ("survivors of
//!   suicide loss", "not suicidal").
//! * **An embedding head**: logistic regression over the message's E5 embedding, trained on the
//!   `crisis` flag of `eval-sets/nlu/train.jsonl` (hard negatives included), with its threshold
//!   set on dev for recall first. It catches what no phrase list can: indirect ideation ("I gave
//!   my cat to my neighbour, I won't need her"), other wordings, other languages. When a figure
//!   of speech is present ("this rent is killing me", "my phone is dying", "dying to find a
//!   job") and no phrase fired, the head needs a higher probability.
//!
//! The kind comes from the longest phrase that fired, else from the need classifier's view of
//! the message (mental health: suicide; abuse or violence: violence, or a child in danger when a
//! child is named; substance use: overdose; health: medical emergency).
//!
//! What it does not do: reply, escalate or log (the dialogue does), or judge past events: "I
//! attempted five years ago" is for the embedding head, which learnt such calm mentions.
//!
//! ```
//! use frontdoor_nlu::crisis::CrisisLexicon;
//! use frontdoor_core::event::CrisisKind;
//!
//! let lexicon = CrisisLexicon::bundled();
//! assert_eq!(lexicon.read("i took all my pills").kind(), Some(CrisisKind::Overdose));
//! assert_eq!(lexicon.read("this rent is killing me").kind(), None);
//! assert!(lexicon.read("this rent is killing me").figurative);
//! ```

use std::ops::Range;
use std::sync::LazyLock;

use frontdoor_core::event::CrisisKind;
use frontdoor_core::ports::CrisisSignal;
use frontdoor_core::types::NeedLabel;
use unicode_normalization::UnicodeNormalization;

use crate::classifier::{ClassifierWeights, CrisisHeadWeights};

/// The lexicon committed with the crate.
pub const BUNDLED_LEXICON_TSV: &str = include_str!("../lexicon/crisis.tsv");

/// How sure a lexicon phrase makes the detector.
pub const LEXICON_CONFIDENCE: f32 = 0.9;

/// Why a lexicon file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("crisis lexicon line {line}: {reason}")]
pub struct LexiconError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Crisis(CrisisKind),
    Guard,
    Figurative,
}

#[derive(Debug, Clone)]
struct Phrase {
    role: Role,
    lang: String,
    /// Folded form (see [`fold`]).
    folded: String,
    /// Accent-free form, when it differs and is long enough to be unambiguous.
    bare: Option<String>,
    /// A trailing `*`: may end inside a word.
    prefix: bool,
}

/// A crisis phrase found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexiconHit {
    /// What kind of crisis the phrase names.
    pub kind: CrisisKind,
    /// The lexicon's language for the phrase.
    pub lang: String,
    /// The phrase as the lexicon writes it (folded).
    pub phrase: String,
    /// Byte range in the folded (or accent-free) message.
    span: Range<usize>,
}

/// What the lexicon found in one message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LexiconReading {
    /// Crisis phrases that count, longest first.
    pub hits: Vec<LexiconHit>,
    /// A figure of speech was found ("is killing me", "phone is dying").
    pub figurative: bool,
}

impl LexiconReading {
    /// The kind named by the longest phrase.
    pub fn kind(&self) -> Option<CrisisKind> {
        self.hits.first().map(|h| h.kind)
    }
}

/// The multilingual crisis lexicon. Build once; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct CrisisLexicon {
    phrases: Vec<Phrase>,
}

static BUNDLED: LazyLock<CrisisLexicon> =
    LazyLock::new(|| CrisisLexicon::from_tsv(BUNDLED_LEXICON_TSV).expect("the bundled crisis lexicon is valid"));

impl CrisisLexicon {
    /// The lexicon committed with the crate (`lexicon/crisis.tsv`).
    pub fn bundled() -> &'static CrisisLexicon {
        &BUNDLED
    }

    /// Reads a lexicon: `lang<TAB>kind<TAB>phrase` lines, `#` comments.
    pub fn from_tsv(tsv: &str) -> Result<Self, LexiconError> {
        let mut phrases = Vec::new();
        for (i, line) in tsv.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |reason: &str| LexiconError {
                line: i + 1,
                reason: reason.to_owned(),
            };
            let mut cols = line.split('\t');
            let (Some(lang), Some(kind), Some(raw), None) = (cols.next(), cols.next(), cols.next(), cols.next()) else {
                return Err(err("expected three tab-separated columns"));
            };
            let role = match kind {
                "guard" => Role::Guard,
                "figurative" => Role::Figurative,
                other => Role::Crisis(parse_kind(other).ok_or_else(|| err("unknown kind"))?),
            };
            let prefix = raw.ends_with('*');
            let folded = fold(raw.trim_end_matches('*').trim());
            if folded.is_empty() {
                return Err(err("empty phrase"));
            }
            let bare = Some(strip_accents(&folded)).filter(|b| *b != folded && b.chars().count() >= 8);
            phrases.push(Phrase {
                role,
                lang: lang.to_owned(),
                folded,
                bare,
                prefix,
            });
        }
        Ok(Self { phrases })
    }

    /// How many phrases (crisis, guard and figurative).
    pub fn len(&self) -> usize {
        self.phrases.len()
    }

    /// True when the lexicon has no phrase.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// The languages the lexicon has crisis phrases for.
    pub fn languages(&self) -> Vec<String> {
        let mut langs: Vec<String> = self
            .phrases
            .iter()
            .filter(|p| matches!(p.role, Role::Crisis(_)))
            .map(|p| p.lang.clone())
            .collect();
        langs.sort();
        langs.dedup();
        langs
    }

    /// Finds the crisis phrases (outside guards) and figures of speech in `text`.
    pub fn read(&self, text: &str) -> LexiconReading {
        let folded = fold(text);
        let bare = strip_accents(&folded);
        let mut reading = LexiconReading::default();
        let mut hits = self.scan(&folded, |p| Some(p.folded.as_str()), &mut reading.figurative);
        if bare != folded {
            hits.extend(self.scan(&bare, |p| p.bare.as_deref(), &mut reading.figurative));
        }
        hits.sort_by(|a, b| (b.span.len(), a.span.start, &a.phrase).cmp(&(a.span.len(), b.span.start, &b.phrase)));
        hits.dedup_by(|a, b| a.phrase == b.phrase);
        reading.hits = hits;
        reading
    }

    /// Matches every phrase form `form` gives against `text`; drops crisis hits inside a guard.
    fn scan<'a>(
        &'a self,
        text: &str,
        form: impl Fn(&'a Phrase) -> Option<&'a str>,
        figurative: &mut bool,
    ) -> Vec<LexiconHit> {
        let mut crisis = Vec::new();
        let mut guards: Vec<Range<usize>> = Vec::new();
        for phrase in &self.phrases {
            let Some(needle) = form(phrase) else { continue };
            for span in find_phrase(text, needle, phrase.prefix) {
                match phrase.role {
                    Role::Crisis(kind) => crisis.push(LexiconHit {
                        kind,
                        lang: phrase.lang.clone(),
                        phrase: phrase.folded.clone(),
                        span,
                    }),
                    Role::Guard => guards.push(span),
                    Role::Figurative => *figurative = true,
                }
            }
        }
        crisis.retain(|h| !guards.iter().any(|g| overlaps(g, &h.span)));
        crisis
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Occurrences of `needle` in `text`; phrases in Latin or Cyrillic letters must start at a word
/// boundary and (unless `prefix`) end at one. Other scripts attach particles to words, so they
/// match anywhere.
fn find_phrase(text: &str, needle: &str, prefix: bool) -> Vec<Range<usize>> {
    let bounded = needle.chars().next().is_some_and(is_spaced_letter);
    text.match_indices(needle)
        .map(|(at, m)| at..at + m.len())
        .filter(|span| {
            if !bounded {
                return true;
            }
            let before = text[..span.start].chars().next_back();
            let after = text[span.end..].chars().next();
            let starts = before.is_none_or(|c| !c.is_alphanumeric());
            let ends = prefix || after.is_none_or(|c| !c.is_alphanumeric());
            starts && ends
        })
        .collect()
}

fn is_spaced_letter(c: char) -> bool {
    c.is_alphanumeric()
        && ((c as u32) < 0x0250 || (0x0400..0x0530).contains(&(c as u32)) || (0x1E00..0x1F00).contains(&(c as u32)))
}

/// Lower case, composed, one kind of apostrophe, one space; Arabic-script letter variants,
/// vowel marks and joiners folded; Indic nuktas and candrabindu folded.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfc().flat_map(char::to_lowercase) {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '`' | '\u{00B4}' | '\u{02BC}' | '\u{02BB}' => '\'',
            '\u{0623}' | '\u{0625}' | '\u{0622}' | '\u{0671}' => '\u{0627}',
            '\u{0649}' | '\u{064A}' => '\u{06CC}',
            '\u{0643}' => '\u{06A9}',
            '\u{0629}' => '\u{0647}',
            '\u{0901}' => '\u{0902}',
            '\u{200C}' | '\u{200D}' | '\u{0640}' | '\u{093C}' | '\u{0A3C}' | '\u{0670}' => continue,
            '\u{064B}'..='\u{065F}' => continue,
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// `fold`ed text without Latin/Cyrillic combining accents (people often type without them).
fn strip_accents(folded: &str) -> String {
    folded
        .nfd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .nfc()
        .collect()
}

fn parse_kind(s: &str) -> Option<CrisisKind> {
    [
        CrisisKind::Suicide,
        CrisisKind::Violence,
        CrisisKind::Overdose,
        CrisisKind::MedicalEmergency,
        CrisisKind::ChildInDanger,
    ]
    .into_iter()
    .find(|k| k.as_str() == s)
}

/// Words for a child, across Frontdoor's languages (folded): a violence crisis naming one is a
/// child in danger.
const CHILD_WORDS: &[&str] = &[
    "child",
    "children",
    "kid",
    "kids",
    "baby",
    "toddler",
    "son",
    "daughter",
    "infant",
    "enfant",
    "enfants",
    "bébé",
    "fils",
    "fille",
    "niño",
    "niños",
    "niña",
    "bebé",
    "hijo",
    "hija",
    "criança",
    "crianças",
    "bebê",
    "filho",
    "filha",
    "bambino",
    "bambini",
    "figlio",
    "figlia",
    "dziecko",
    "dzieci",
    "syn",
    "córka",
    "çocuk",
    "bebek",
    "oğlum",
    "kızım",
    "anak",
    "bata",
    "ilmaha",
    "carruurta",
    "caruurta",
    "ребёнок",
    "ребенок",
    "дети",
    "сын",
    "дочь",
    "малыш",
    "дитина",
    "діти",
    "син",
    "донька",
    "bé",
    "con tôi",
    "孩子",
    "小孩",
    "宝宝",
    "寶寶",
    "儿子",
    "兒子",
    "女儿",
    "女兒",
    "아이",
    "아기",
    "애들",
    "아들",
    "딸",
    "طفل",
    "اطفال",
    "ابني",
    "بنتي",
    "اولاد",
    "بچه",
    "پسرم",
    "دخترم",
    "بچہ",
    "بچے",
    "بیٹا",
    "بیٹی",
    "बच्चा",
    "बच्चे",
    "बेटा",
    "बेटी",
    "ਬੱਚਾ",
    "ਬੱਚੇ",
    "ਪੁੱਤ",
    "ਧੀ",
    "குழந்தை",
    "பிள்ளை",
    "மகன்",
    "மகள்",
];

static CHILD_LEXICON: LazyLock<Vec<(String, bool)>> = LazyLock::new(|| {
    CHILD_WORDS
        .iter()
        .map(|w| {
            let f = fold(w);
            let bounded = f.chars().next().is_some_and(is_spaced_letter);
            (f, bounded)
        })
        .collect()
});

/// True when the message names a child.
pub fn names_a_child(text: &str) -> bool {
    let folded = fold(text);
    CHILD_LEXICON
        .iter()
        .any(|(w, _)| !find_phrase(&folded, w, false).is_empty())
}

/// What the detector made of one message, with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct CrisisAssessment {
    /// The verdict.
    pub signal: Option<CrisisSignal>,
    /// The embedding head's probability of a crisis.
    pub head_probability: f32,
    /// What the lexicon found.
    pub lexicon: LexiconReading,
}

/// Lexicon + embedding head. `Send + Sync`.
#[derive(Debug, Clone)]
pub struct CrisisDetector {
    lexicon: CrisisLexicon,
    head: CrisisHeadWeights,
    labels: Vec<NeedLabel>,
}

impl CrisisDetector {
    /// Builds the detector from the weights file's crisis head and a lexicon.
    pub fn new(weights: &ClassifierWeights, lexicon: CrisisLexicon) -> Self {
        Self {
            lexicon,
            head: weights.crisis.clone(),
            labels: weights.labels.clone(),
        }
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &CrisisLexicon {
        &self.lexicon
    }

    /// The head's decision threshold.
    pub fn threshold(&self) -> f32 {
        self.head.threshold
    }

    /// The embedding head's probability that `embedding` is a crisis message.
    pub fn head_probability(&self, embedding: &[f32]) -> f32 {
        let z: f32 = self.head.weights.iter().zip(embedding).map(|(w, x)| w * x).sum::<f32>() + self.head.bias;
        1.0 / (1.0 + (-z).exp())
    }

    /// The verdict on a message: `text` as written, its E5 query embedding and the need
    /// classifier's probabilities (label order of the weights) for naming the kind.
    pub fn assess(&self, text: &str, embedding: &[f32], need_probabilities: &[f32]) -> CrisisAssessment {
        let lexicon = self.lexicon.read(text);
        let p = self.head_probability(embedding);
        let signal = if let Some(kind) = lexicon.kind() {
            Some(CrisisSignal {
                kind,
                confidence: p.max(LEXICON_CONFIDENCE),
            })
        } else {
            let threshold = if lexicon.figurative {
                self.head.figurative_threshold.max(self.head.threshold)
            } else {
                self.head.threshold
            };
            (p >= threshold).then(|| CrisisSignal {
                kind: self.kind_from_need(text, need_probabilities),
                confidence: p,
            })
        };
        CrisisAssessment {
            signal,
            head_probability: p,
            lexicon,
        }
    }

    /// Just the verdict.
    pub fn detect(&self, text: &str, embedding: &[f32], need_probabilities: &[f32]) -> Option<CrisisSignal> {
        self.assess(text, embedding, need_probabilities).signal
    }

    /// The kind of crisis the need classifier points to.
    fn kind_from_need(&self, text: &str, need_probabilities: &[f32]) -> CrisisKind {
        let p = |label: NeedLabel| {
            self.labels
                .iter()
                .position(|l| *l == label)
                .and_then(|i| need_probabilities.get(i).copied())
                .unwrap_or(0.0)
        };
        let candidates = [
            (NeedLabel::MentalHealth, CrisisKind::Suicide),
            (NeedLabel::AbuseViolence, CrisisKind::Violence),
            (NeedLabel::SubstanceUse, CrisisKind::Overdose),
            (NeedLabel::Health, CrisisKind::MedicalEmergency),
        ];
        let kind = candidates
            .iter()
            .max_by(|a, b| p(a.0).total_cmp(&p(b.0)))
            .map_or(CrisisKind::Suicide, |c| c.1);
        if kind == CrisisKind::Violence && names_a_child(text) {
            CrisisKind::ChildInDanger
        } else {
            kind
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<CrisisKind> {
        CrisisLexicon::bundled().read(text).kind()
    }

    #[test]
    fn strong_phrases_fire_with_their_kind() {
        assert_eq!(kind("i want to kill myself tonight"), Some(CrisisKind::Suicide));
        assert_eq!(kind("he's going to kill me"), Some(CrisisKind::Violence));
        assert_eq!(kind("Je vais me tuer"), Some(CrisisKind::Suicide));
        assert_eq!(kind("il va me tuer"), Some(CrisisKind::Violence));
        assert_eq!(kind("my baby is not breathing"), Some(CrisisKind::ChildInDanger));
        assert_eq!(kind("не хочу жить"), Some(CrisisKind::Suicide));
        assert_eq!(kind("我不想活了"), Some(CrisisKind::Suicide));
        assert_eq!(kind("ਮੇਰੀ ਛਾਤੀ ਵਿੱਚ ਦਰਦ ਹੈ"), Some(CrisisKind::MedicalEmergency));
        assert_eq!(kind("أريد أن أموت"), Some(CrisisKind::Suicide));
        assert_eq!(kind("no puedo respirar"), Some(CrisisKind::MedicalEmergency));
        assert_eq!(
            kind("muon chet"),
            Some(CrisisKind::Suicide),
            "long enough to match without accents"
        );
        assert_eq!(kind("tu tu"), None, "too short to match without accents");
        assert_eq!(kind("khong tho duoc"), Some(CrisisKind::MedicalEmergency));
    }

    #[test]
    fn guards_and_figures_of_speech_do_not_fire() {
        assert_eq!(kind("support group for survivors of suicide loss"), None);
        assert_eq!(kind("i'm not suicidal, just need a therapist"), None);
        assert_eq!(kind("this rent is killing me"), None);
        assert_eq!(kind("my phone is dying"), None);
        assert_eq!(kind("the ceiling collapsed in the bathroom"), None);
        assert!(CrisisLexicon::bundled().read("dying to find a job").figurative);
    }

    #[test]
    fn words_must_be_whole_in_latin_scripts() {
        assert_eq!(kind("skills training"), None);
        assert_eq!(kind("it's 5 kms away"), None);
    }

    #[test]
    fn every_language_has_phrases() {
        let langs = CrisisLexicon::bundled().languages();
        for l in [
            "en", "fr", "es", "ar", "zh", "pa", "tl", "pt", "ta", "ur", "fa", "so", "uk", "ru", "vi", "ko", "hi", "it",
            "pl", "tr",
        ] {
            assert!(langs.iter().any(|x| x == l), "no crisis phrases for {l}");
        }
    }
}
