//! The crisis detector: is there a risk to life or safety right now, and of what kind?
//!
//! Recall comes first: a missed crisis costs far more than a false alarm, which a navigator
//! clears in seconds. Two detectors are combined, and either one is enough:
//!
//! * **The embedding head**: the need classifier's softmax ([`crate::classifier`]) has crisis
//!   rows for the needs crisis messages come with, trained on the `crisis` flag of
//!   `eval-sets/nlu/train.jsonl` (hard negatives included). Their summed, calibrated probability
//!   is compared with a threshold set on dev for recall first. It catches what no phrase list
//!   can: indirect ideation ("said bye to my cat", "I'm on the bridge"), other wordings, all
//!   languages.
//! * **A lexicon** of phrases in the twenty languages Frontdoor serves (`lexicon/crisis.tsv`,
//!   written for Frontdoor: "kill myself", "took all my pills", "can't breathe", "he's going to
//!   kill me", "kids home alone", "me tuer", "不想活", "ਸਾਹ ਨਹੀਂ"...), each naming its
//!   [`CrisisKind`]. A *strong* phrase fires on its own; a *weak* one ("suicide", "knife", "giết
//!   tôi", which calm or figurative messages use too) fires when the head gives at least a
//!   lower, weak-phrase threshold. Guards drop a phrase met inside a calm or negated mention
//!   ("survivors of suicide loss", "not suicidal").
//!
//! A figure of speech ("this rent is killing me", "my phone is dying", "dying to find a job", a
//! "lol") makes strong phrases weak and raises the head's threshold.
//!
//! The kind comes from the longest phrase that fired, else from the crisis row that won (mental
//! health: suicide; abuse or violence: violence, or a child in danger when a child is named;
//! substance use: overdose; health: medical emergency).
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

use crate::classifier::{ClassifierWeights, CrisisThresholds, NeedReading};

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
    /// A crisis phrase; `true` when strong (fires alone).
    Crisis(CrisisKind, bool),
    Guard,
    Figurative,
    Calm,
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
    /// Without the spaces between Hangul syllables, when it has any (see [`close_hangul`]).
    closed: Option<String>,
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
    /// Strong phrases fire on their own; weak ones need the head's support.
    pub strong: bool,
    /// Byte range in the folded (or accent-free) message.
    span: Range<usize>,
}

/// What the lexicon found in one message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LexiconReading {
    /// Crisis phrases that count, longest first.
    pub hits: Vec<LexiconHit>,
    /// A figure of speech was found ("is killing me", "phone is dying", "lol").
    pub figurative: bool,
    /// A calm or past mention was found ("years ago", "support group", "not urgent").
    pub calm: bool,
}

impl LexiconReading {
    /// The kind named by the longest strong phrase (see [`Self::strong`]).
    pub fn kind(&self) -> Option<CrisisKind> {
        self.strong().map(|h| h.kind)
    }

    /// The longest strong phrase, unless a figure of speech or a calm mention makes every
    /// phrase weak.
    pub fn strong(&self) -> Option<&LexiconHit> {
        self.hits.iter().find(|h| h.strong && !self.figurative && !self.calm)
    }

    /// The longest phrase, strong or weak.
    pub fn any(&self) -> Option<&LexiconHit> {
        self.hits.first()
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
                "calm" => Role::Calm,
                other => {
                    let (weak, name) = match other.strip_prefix('~') {
                        Some(rest) => (true, rest),
                        None => (false, other),
                    };
                    Role::Crisis(parse_kind(name).ok_or_else(|| err("unknown kind"))?, !weak)
                }
            };
            let prefix = raw.ends_with('*');
            let folded = fold(raw.trim_end_matches('*').trim());
            if folded.is_empty() {
                return Err(err("empty phrase"));
            }
            // Short accent-free crisis phrases are too ambiguous ("tu tu"); markers may be short.
            let min_bare = if matches!(role, Role::Crisis(..)) { 8 } else { 1 };
            let bare = Some(strip_accents(&folded)).filter(|b| *b != folded && b.chars().count() >= min_bare);
            let closed = Some(close_hangul(&folded)).filter(|c| *c != folded);
            phrases.push(Phrase {
                role,
                lang: lang.to_owned(),
                folded,
                bare,
                prefix,
                closed,
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
            .filter(|p| matches!(p.role, Role::Crisis(..)))
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
        let mut hits = self.scan(&folded, |p| Some(p.folded.as_str()), &mut reading);
        // Accent-free forms of accented crisis phrases against the accent-free message, with
        // every guard and marker (accent-free too) in force.
        let more = self.scan(
            &bare,
            |p| match p.role {
                Role::Crisis(..) => p.bare.as_deref(),
                _ => Some(p.bare.as_deref().unwrap_or(&p.folded)),
            },
            &mut reading,
        );
        hits.extend(more);
        // Korean texters space words loosely ("안깨어나요", "숨을못쉬어"): Hangul phrases also
        // match with the spaces between syllables closed, in the message and in the phrase.
        if folded.chars().any(is_hangul) {
            let closed = close_hangul(&folded);
            let more = self.scan(
                &closed,
                |p| Some(p.closed.as_deref().unwrap_or(&p.folded)),
                &mut reading,
            );
            hits.extend(more);
        }
        hits.sort_by(|a, b| (b.span.len(), a.span.start, &a.phrase).cmp(&(a.span.len(), b.span.start, &b.phrase)));
        // One hit per phrase (the longest span first), however many forms of the text it was
        // found in.
        let mut seen = std::collections::HashSet::new();
        hits.retain(|h| seen.insert(h.phrase.clone()));
        reading.hits = hits;
        reading
    }

    /// Matches every phrase form `form` gives against `text`; drops crisis hits inside a guard.
    fn scan<'a>(
        &'a self,
        text: &str,
        form: impl Fn(&'a Phrase) -> Option<&'a str>,
        reading: &mut LexiconReading,
    ) -> Vec<LexiconHit> {
        let mut crisis = Vec::new();
        let mut guards: Vec<Range<usize>> = Vec::new();
        for phrase in &self.phrases {
            let Some(needle) = form(phrase) else { continue };
            for span in find_phrase(text, needle, phrase.prefix) {
                match phrase.role {
                    Role::Crisis(kind, strong) => crisis.push(LexiconHit {
                        kind,
                        lang: phrase.lang.clone(),
                        phrase: phrase.folded.clone(),
                        strong,
                        span,
                    }),
                    Role::Guard => guards.push(span),
                    Role::Figurative => reading.figurative = true,
                    Role::Calm => reading.calm = true,
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

fn is_hangul(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// `fold`ed text without the spaces that stand between two Hangul syllables.
fn close_hangul(folded: &str) -> String {
    let chars: Vec<char> = folded.chars().collect();
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            !(c == ' ' && i > 0 && is_hangul(chars[i - 1]) && chars.get(i + 1).is_some_and(|&n| is_hangul(n)))
        })
        .map(|(_, &c)| c)
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

/// `fold`ed text without Latin/Cyrillic accents (people often type without them): combining
/// marks dropped, and the letters that do not decompose (đ, ł, ı) replaced by their base.
fn strip_accents(folded: &str) -> String {
    folded
        .nfd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .map(|c| match c {
            'đ' => 'd',
            'ł' => 'l',
            'ı' => 'i',
            c => c,
        })
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
    /// The head's (calibrated) crisis probability.
    pub head_probability: f32,
    /// What the lexicon found.
    pub lexicon: LexiconReading,
}

/// Lexicon + the need classifier's crisis rows. `Send + Sync`.
#[derive(Debug, Clone)]
pub struct CrisisDetector {
    lexicon: CrisisLexicon,
    thresholds: CrisisThresholds,
}

impl CrisisDetector {
    /// Builds the detector from the weights file's thresholds and a lexicon.
    pub fn new(weights: &ClassifierWeights, lexicon: CrisisLexicon) -> Self {
        Self {
            lexicon,
            thresholds: weights.crisis,
        }
    }

    /// The lexicon in use.
    pub fn lexicon(&self) -> &CrisisLexicon {
        &self.lexicon
    }

    /// The thresholds in use.
    pub fn thresholds(&self) -> CrisisThresholds {
        self.thresholds
    }

    /// The verdict on a message: `text` as written and the need classifier's reading of its
    /// embedding ([`crate::classifier::NeedClassifier::read`]).
    pub fn assess(&self, text: &str, reading: &NeedReading) -> CrisisAssessment {
        let lexicon = self.lexicon.read(text);
        let p = reading.crisis;
        let t = &self.thresholds;
        let signal = if let Some(hit) = lexicon.strong() {
            Some(CrisisSignal {
                kind: hit.kind,
                confidence: p.max(LEXICON_CONFIDENCE),
            })
        } else if let Some(hit) = lexicon.any().filter(|_| p >= t.weak_phrase_threshold) {
            Some(CrisisSignal {
                kind: hit.kind,
                confidence: p,
            })
        } else {
            let threshold = if lexicon.figurative {
                t.figurative_threshold.max(t.threshold)
            } else {
                t.threshold
            };
            (p >= threshold).then(|| CrisisSignal {
                kind: kind_of_need(reading.crisis_need, text),
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
    pub fn detect(&self, text: &str, reading: &NeedReading) -> Option<CrisisSignal> {
        self.assess(text, reading).signal
    }
}

/// The kind of crisis a crisis row's need points to.
fn kind_of_need(need: Option<NeedLabel>, text: &str) -> CrisisKind {
    match need {
        Some(NeedLabel::AbuseViolence) if names_a_child(text) => CrisisKind::ChildInDanger,
        Some(NeedLabel::AbuseViolence | NeedLabel::Legal) => CrisisKind::Violence,
        Some(NeedLabel::SubstanceUse) => CrisisKind::Overdose,
        Some(NeedLabel::Health | NeedLabel::Disability | NeedLabel::Seniors) => CrisisKind::MedicalEmergency,
        Some(NeedLabel::FamilyChildren) => CrisisKind::ChildInDanger,
        _ => CrisisKind::Suicide,
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
            kind("khong tho duoc"),
            Some(CrisisKind::MedicalEmergency),
            "long enough without accents"
        );
        let weak = CrisisLexicon::bundled().read("muon chet");
        assert_eq!(
            weak.any().map(|h| (h.kind, h.strong)),
            Some((CrisisKind::Suicide, false))
        );
        assert!(
            CrisisLexicon::bundled().read("tu tu").any().is_none(),
            "too short to match without accents"
        );
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
    fn jokes_and_calm_mentions_make_phrases_weak() {
        let joke = CrisisLexicon::bundled().read("my kids are gonna kill me lol");
        assert!(joke.figurative && joke.kind().is_none() && joke.any().is_some());
        let calm = CrisisLexicon::bundled().read("i tried to kill myself 5 years ago, doing ok now");
        assert!(calm.calm && calm.kind().is_none());
    }

    #[test]
    fn hangul_phrases_match_however_the_words_are_spaced() {
        // The lexicon has "안 깨어나" and "숨을 못 쉬"; texters close or move the spaces.
        assert_eq!(kind("친구가 숨을 이상하게 쉬고 안깨어나요"), Some(CrisisKind::Overdose));
        assert_eq!(kind("아기가 숨을못쉬어요"), Some(CrisisKind::MedicalEmergency));
        assert_eq!(kind("숨을 못 쉬 겠 어 요"), Some(CrisisKind::MedicalEmergency));
        assert_eq!(kind("심심해서 연락했어요"), None);
        // Found both as written and with the spaces closed, a phrase is one hit.
        let reading = CrisisLexicon::bundled().read("숨을 못 쉬어요");
        let mut phrases: Vec<&str> = reading.hits.iter().map(|h| h.phrase.as_str()).collect();
        let n = phrases.len();
        phrases.sort_unstable();
        phrases.dedup();
        assert!(n >= 1 && phrases.len() == n, "{:?}", reading.hits);
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
