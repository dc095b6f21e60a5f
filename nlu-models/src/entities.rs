//! Entities the dialogue needs from a message: where the person is (postal codes, Ontario place
//! names) and what must not be stored (phone numbers, emails, street addresses, long numbers).
//!
//! * [`find_postal_codes`] finds full codes (`M5V 3L9`, `m5v3l9`) and forward sortation areas
//!   written alone (`M5V`, `k1p`), refusing SMS words that look like one (`l8r`).
//! * [`find_phone_numbers`] and [`find_emails`] find contact details; [`redact`] replaces them,
//!   full postal codes, street addresses and long digit runs (health card, SIN, card numbers)
//!   with `[phone]`, `[email]`, `[postal]`, `[address]` and `[number]`.
//! * [`PlaceMatcher`] finds Ontario place names ("Thunder Bay", "Sault-Sainte-Marie",
//!   "North York", "Grand Sudbury", "多伦多") in text, case- and accent-insensitively, preferring
//!   the longest name and refusing place names that are everyday words.
//!
//! The gazetteer (`directory/data/places/ontario-places.tsv`) is an input, not a dependency:
//! this crate does not depend on the directory crate, so the caller passes the file's text.
//!
//! ```
//! use frontdoor_nlu::entities::{find_postal_codes, redact, PlaceMatcher};
//!
//! let tsv = "kind\tcode\tname\talt_names\tlat\tlon\tpopulation\tmunicipality\n\
//!            municipality\t1\tThunder Bay\t\t48.38\t-89.25\t108359\tThunder Bay\n";
//! let places = PlaceMatcher::from_tsv(tsv).unwrap();
//! let found = places.find("i'm in thunder bay, P7B 5E1");
//! assert_eq!(found[0].place.name, "Thunder Bay");
//! assert_eq!(find_postal_codes("i'm in thunder bay, P7B 5E1")[0].fsa.as_str(), "P7B");
//! assert_eq!(redact("call me at 807-555-0123"), "call me at [phone]");
//! ```

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use frontdoor_core::types::{EmailAddress, Fsa, PhoneNumber, PostalCode};
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

// ---------------------------------------------------------------------------------------------
// Postal codes

/// A postal code or forward sortation area found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostalMention {
    /// The forward sortation area: the only part Frontdoor keeps.
    pub fsa: Fsa,
    /// The full code, when one was written; use it to derive `fsa`, never store it.
    pub full: Option<PostalCode>,
    /// Byte range in the message.
    pub span: Range<usize>,
}

static POSTAL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b([a-z][0-9][a-z])(?:[ \-]?([0-9][a-z][0-9]))?\b").expect("postal regex"));

/// Words before a code that say "this is a postal code" ("postal code", "code postal", "FSA").
static POSTAL_CUE_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)(postal|post code|postcode|code|fsa|zip|c[oó]digo)\W*$").expect("cue regex"));

/// Three-character SMS words shaped like a forward sortation area.
const SMS_LOOKALIKES: &[&str] = &["l8r", "m8s", "p2p", "b2b", "g2g", "c2c", "h8r", "k9s"];

/// Finds full postal codes and forward sortation areas written alone.
///
/// A full code (`A1A 1A1`, any province) is always taken. A forward sortation area alone is
/// taken when it is written in capitals (`M5V`), or follows a word such as "postal code", or
/// starts with an Ontario letter (K, L, M, N, P) and is not an SMS word (`l8r`).
pub fn find_postal_codes(text: &str) -> Vec<PostalMention> {
    let mut found = Vec::new();
    for caps in POSTAL_RE.captures_iter(text) {
        let (Some(whole), Some(area)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        let Ok(fsa) = Fsa::parse(area.as_str()) else {
            continue;
        };
        let full = caps.get(2).and_then(|_| PostalCode::parse(whole.as_str()).ok());
        if full.is_none() && !looks_like_fsa(text, area) {
            continue;
        }
        let span = if full.is_some() { whole.range() } else { area.range() };
        found.push(PostalMention { fsa, full, span });
    }
    found
}

fn looks_like_fsa(text: &str, area: regex::Match<'_>) -> bool {
    let raw = area.as_str();
    let lower = raw.to_ascii_lowercase();
    let capitals = raw
        .chars()
        .filter(char::is_ascii_alphabetic)
        .all(|c| c.is_ascii_uppercase());
    let cued = POSTAL_CUE_RE.is_match(&text[..area.start()]);
    let ontario = matches!(lower.as_bytes()[0], b'k' | b'l' | b'm' | b'n' | b'p');
    capitals || cued || (ontario && !SMS_LOOKALIKES.contains(&lower.as_str()))
}

// ---------------------------------------------------------------------------------------------
// Phone numbers, emails, addresses, long numbers

/// A phone number found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhoneMention {
    /// The number in E.164 form, when it has one (a 7-digit local number has none).
    pub number: Option<PhoneNumber>,
    /// Byte range in the message.
    pub span: Range<usize>,
}

/// An email address found in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailMention {
    /// The address, when it is well-formed (a spelled-out "jo at gmail dot com" is not).
    pub address: Option<EmailAddress>,
    /// Byte range in the message.
    pub span: Range<usize>,
}

/// Digit runs: international (`+44 20 7946 0958`), North American (`(416) 555-0123`,
/// `1-800-555-0199`, `4165550123`), local (`555-0123`) and long runs of 9+ digits.
static NUMBER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<intl>\+[1-9][0-9]{0,2}[\ .\-]?\(?[0-9]{1,4}\)?(?:[\ .\-]?[0-9]{2,4}){2,4})
        |(?P<nanp>(?:1[\ .\-]?)?(?:\([2-9][0-9]{2}\)|[2-9][0-9]{2})[\ .\-]?[0-9]{3}[\ .\-]?[0-9]{4})
        |(?P<long>[0-9](?:[\ \-]?[0-9]){8,}(?:[\ \-]?[A-Za-z]{2}\b)?)
        |(?P<local>[0-9]{3}[\ .\-][0-9]{4})
        ",
    )
    .expect("number regex")
});

static EMAIL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        (?P<plain>[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[a-z]{2,})
        |(?P<spelled>\b[\w.\-]+\s*(?:\(at\)|\[at\]|\sat\s)\s*
            (?:gmail|hotmail|yahoo|outlook|icloud|live|msn|rogers|bell|sympatico|protonmail|videotron)
            \s*(?:\.|\sdot\s|\(dot\)|\[dot\])\s*(?:com|ca|net|org)\b)
        ",
    )
    .expect("email regex")
});

/// A civic number, a street name of one to three words and a street type
/// ("45 Bay Street", "1200 sheppard ave e apt 4"), or a French or Spanish street type then the
/// name ("45 rue Rideau", "123, boul. Saint-Joseph", "12 calle Mayor").
static ADDRESS_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?ix)
        \b[0-9]{1,6}[a-z]?(?:-[0-9]{1,6})?,?\s+
        (?:
          (?P<words>(?:[\p{L}0-9'.\-]+\s+){1,3})
          (?P<stype>street|st|avenue|ave|av|road|rd|drive|dr|boulevard|blvd|crescent|cres|court|ct
             |lane|ln|way|place|pl|terrace|terr|trail|trl|parkway|pkwy|circle|cir|square|sq|line
             |highway|hwy|gate|grove|heights|hts|sideroad|path|gardens|gdns|close|row|mews|landing)\b\.?
          (?:\s+(?:n|s|e|w|north|south|east|west)\b\.?)?
        |
          (?:rue|avenue|av\.?|boulevard|boul\.?|blvd\.?|chemin|ch\.|promenade|prom\.|croissant|place
             |all[ée]e|impasse|route|rang|calle|avenida)\s+
          [\p{L}0-9'.\-]+
          (?:\s+(?:(?-i:\p{Lu})[\p{L}'.\-]*|de|du|des|la|le|del|l'|d')){0,3}
        )
        (?:,?\s+(?:apt|apartment|unit|suite|app|\#)\.?\s*[0-9]+[a-z]?)?
        ",
    )
    .expect("address regex")
});

/// Words that cannot be part of a street name: they show "2 kids on the way" is not an address.
#[rustfmt::skip]
const NOT_STREET_WORDS: &[&str] = &[
    "the", "a", "an", "my", "on", "in", "at", "to", "of", "for", "and", "or", "is", "are", "was",
    "with", "by", "your", "our", "their", "his", "her", "this", "that", "kids", "children",
    "people", "days", "weeks", "months", "years", "hours", "minutes", "times", "dollars", "more",
    "all", "way", "i", "we", "they", "it", "bed", "beds", "bedroom", "bedrooms", "bdrm", "room",
    "rooms", "month", "nights",
];

/// Street types that are also everyday words: the street name before them must be Capitalised.
#[rustfmt::skip]
const EVERYDAY_STREET_TYPES: &[&str] = &[
    "way", "place", "pl", "line", "row", "close", "path", "landing", "gate", "grove", "heights",
    "gardens", "terrace", "square", "circle", "court", "trail",
];

/// A message that is only a latitude and longitude in Ontario ("43.65, -79.38"), as the web
/// widget's location button sends it.
pub fn find_coordinates(text: &str) -> Option<(f64, f64)> {
    let (lat, lon) = text.trim().split_once(',')?;
    let lat: f64 = lat.trim().parse().ok()?;
    let lon: f64 = lon.trim().parse().ok()?;
    let in_ontario = (41.6..=57.0).contains(&lat) && (-95.2..=-74.3).contains(&lon);
    in_ontario.then_some((lat, lon))
}

/// Finds phone numbers: North American numbers in any usual writing, international numbers
/// with a `+`, and 7-digit local numbers.
pub fn find_phone_numbers(text: &str) -> Vec<PhoneMention> {
    digit_runs(text)
        .into_iter()
        .filter(|(kind, _)| *kind != DigitRun::Long)
        .map(|(_, span)| PhoneMention {
            number: PhoneNumber::parse(&text[span.clone()]).ok(),
            span,
        })
        .collect()
}

/// Finds email addresses, including spelled-out ones ("jo.doe at gmail dot com").
pub fn find_emails(text: &str) -> Vec<EmailMention> {
    EMAIL_RE
        .captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            let address = caps.name("plain").and_then(|m| EmailAddress::parse(m.as_str()).ok());
            Some(EmailMention {
                address,
                span: whole.range(),
            })
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DigitRun {
    Phone,
    Long,
}

/// Digit runs that stand alone (no letter or digit glued to either end), classified.
fn digit_runs(text: &str) -> Vec<(DigitRun, Range<usize>)> {
    NUMBER_RE
        .captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            if glued(text, whole.range()) {
                return None;
            }
            let kind = if caps.name("long").is_some() {
                DigitRun::Long
            } else {
                DigitRun::Phone
            };
            Some((kind, whole.range()))
        })
        .collect()
}

/// True when a letter or digit touches the range: it is part of a longer token.
fn glued(text: &str, span: Range<usize>) -> bool {
    let before = text[..span.start].chars().next_back();
    let after = text[span.end..].chars().next();
    before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
}

fn find_addresses(text: &str) -> Vec<Range<usize>> {
    ADDRESS_RE
        .captures_iter(text)
        .filter_map(|caps| {
            let whole = caps.get(0)?;
            if let (Some(words), Some(stype)) = (caps.name("words"), caps.name("stype")) {
                let words: Vec<&str> = words.as_str().split_whitespace().collect();
                let blocked = words
                    .iter()
                    .any(|w| NOT_STREET_WORDS.contains(&w.to_lowercase().as_str()));
                // "a 2 bedroom place", "the 3 of us way": everyday words unless Capitalised.
                let everyday_type = EVERYDAY_STREET_TYPES.contains(&stype.as_str().to_lowercase().as_str());
                let capitalised = words
                    .iter()
                    .all(|w| w.chars().next().is_some_and(|c| !c.is_lowercase()));
                if blocked || (everyday_type && !capitalised) {
                    return None;
                }
            }
            Some(whole.range())
        })
        .collect()
}

/// Replaces personal details with placeholders before a message is stored or logged: emails
/// `[email]`, street addresses `[address]`, full postal codes `[postal]` (a forward sortation
/// area alone is kept: it is the one location detail Frontdoor stores), phone numbers `[phone]`
/// and runs of 9 or more digits such as health card, SIN or card numbers `[number]`.
pub fn redact(text: &str) -> String {
    // Earlier kinds win where spans overlap.
    let mut spans: Vec<(Range<usize>, &str)> = Vec::new();
    let mut add = |found: Vec<Range<usize>>, label: &'static str| {
        for span in found {
            if !spans.iter().any(|(s, _)| s.start < span.end && span.start < s.end) {
                spans.push((span, label));
            }
        }
    };
    add(find_emails(text).into_iter().map(|m| m.span).collect(), "[email]");
    add(
        find_postal_codes(text)
            .into_iter()
            .filter(|m| m.full.is_some())
            .map(|m| m.span)
            .collect(),
        "[postal]",
    );
    add(find_addresses(text), "[address]");
    let runs = digit_runs(text);
    add(
        runs.iter()
            .filter(|r| r.0 == DigitRun::Phone)
            .map(|r| r.1.clone())
            .collect(),
        "[phone]",
    );
    add(
        runs.iter()
            .filter(|r| r.0 == DigitRun::Long)
            .map(|r| r.1.clone())
            .collect(),
        "[number]",
    );
    spans.sort_by_key(|(s, _)| s.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, label) in spans {
        out.push_str(&text[at..span.start]);
        out.push_str(label);
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

// ---------------------------------------------------------------------------------------------
// Ontario place names

/// The kind of a gazetteer row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlaceKind {
    /// A city, town or township, or a populated place not found to be part of a larger one.
    Municipality,
    /// A named part of a larger municipality (Scarborough → Toronto, Orléans → Ottawa).
    Neighbourhood,
    /// A Canada Post community name.
    Community,
    /// A forward sortation area.
    Fsa,
}

impl PlaceKind {
    fn parse(raw: &str) -> Option<Self> {
        match raw {
            "municipality" => Some(Self::Municipality),
            "neighbourhood" => Some(Self::Neighbourhood),
            "community" => Some(Self::Community),
            "fsa" => Some(Self::Fsa),
            _ => None,
        }
    }

    /// Which of several places with the same name a mention most likely means.
    fn rank(self) -> u8 {
        match self {
            Self::Municipality => 0,
            Self::Neighbourhood => 1,
            Self::Community => 2,
            Self::Fsa => 3,
        }
    }
}

/// One gazetteer row.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The place's name as the gazetteer writes it ("Sault Ste. Marie").
    pub name: String,
    pub kind: PlaceKind,
    /// The municipality it belongs to; `None` for rural forward sortation areas.
    pub municipality: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// Rough size, for ranking (GeoNames figures, mixed census years).
    pub population: Option<u64>,
    /// The GeoNames id, or the FSA itself for `fsa` rows.
    pub code: Option<String>,
}

/// A place name found in a message.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMention {
    /// The place the name most likely means.
    pub place: Place,
    /// The words as written in the message.
    pub matched: String,
    /// Byte range in the message.
    pub span: Range<usize>,
}

/// Why the gazetteer could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GazetteerError {
    /// The header lacks a required column.
    #[error("gazetteer header: column `{0}` is missing")]
    MissingColumn(&'static str),
    /// A row cannot be read.
    #[error("gazetteer line {line}: {reason}")]
    BadRow { line: usize, reason: String },
}

/// Finds Ontario place names in messages. Built once from the gazetteer TSV; `Send + Sync`.
#[derive(Debug)]
pub struct PlaceMatcher {
    places: Vec<Place>,
    /// Folded token sequence → (place index, strength of that name), best place first.
    names: HashMap<Vec<String>, Vec<(usize, NameStrength)>>,
    longest_name: usize,
    fsas: HashMap<String, usize>,
    /// Names in scripts without spaces or with attached prefixes, matched as substrings.
    exonyms: Vec<(String, usize)>,
}

/// How much evidence a one-word name needs before it counts as a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NameStrength {
    /// Several words, or a well-known one-word place: matched in any case.
    Strong,
    /// A small place, or one that is also a first name: matched only when Capitalised,
    /// mid-sentence, after a word such as "in" or "à", and not beside "and" ("Jane and Finch").
    Weak,
}

/// Place names that are everyday words (in English, French, Spanish...) or parts of street and
/// institution names: never matched as one word. Checked against the words of the NLU sets.
#[rustfmt::skip]
const NEVER_ALONE: &[&str] = &[
    "hay", "union", "university", "central", "field", "mar", "delta", "golden", "enterprise",
    "conservation", "von", "alma", "oro", "cardinal", "eden", "sombra", "maple", "tiny", "king",
    "bath", "carp", "rouge", "rama", "emo", "hope", "orange", "temple", "church", "castle", "home",
    "mono", "ware", "conn", "lisle", "field", "harbour", "center", "centre", "north", "south",
    "east", "west", "downtown", "village", "park", "hill", "lake", "bay", "river", "falls",
    "station", "point", "corner", "corners", "mills", "island", "beach", "heights", "york",
    "victoria", "wellington", "nation", "welcome", "success", "sunshine", "bright", "long",
    "hanover", "oxford", "cambridge", "richmond", "wales", "scotland", "ireland", "england",
    "dublin", "athens", "moscow", "lucknow", "delhi", "belfast", "vienna", "zurich", "warsaw",
    "florence", "troy", "tara", "baden", "apple", "goodwood", "fair", "plum", "paradise", "echo",
];

/// One-word place names that are also common first names, surnames or Toronto street names:
/// weak even when the place is large (see [`NameStrength::Weak`]).
#[rustfmt::skip]
const WEAK_ALONE: &[&str] = &[
    "alfred", "douglas", "graham", "warren", "alison", "clinton", "jarvis", "edwards", "angus",
    "ethel", "erin", "keene", "elgin", "paris", "perth", "durham", "dundas", "finch", "jane",
    "kennedy", "lawrence", "sheppard", "eglinton", "bloor", "keele", "bathurst", "victoria",
    "albert", "arthur", "chester", "florence", "hastings", "milton", "morris", "norwood", "stanley",
];

/// Multi-word names that are ordinary phrases.
const NEVER_PHRASES: &[&str] = &["east end", "west end", "north end", "south end", "the village"];

/// Words after a name that make it a street or an institution ("Finch Ave", "York University").
#[rustfmt::skip]
const STREET_AFTER: &[&str] = &[
    "st", "street", "ave", "avenue", "av", "rd", "road", "blvd", "boulevard", "dr", "drive", "cres",
    "crescent", "ct", "court", "lane", "ln", "way", "pkwy", "parkway", "hwy", "highway", "station",
    "mall", "square", "sq", "plaza", "line", "gate", "trail", "hospital", "college", "university",
    "school", "library", "region", "county", "centre", "center", "subway",
];

/// Words before a name that make it a street ("rue Rideau", "avenue Victoria").
const STREET_BEFORE: &[&str] = &["rue", "avenue", "boulevard", "boul", "chemin", "calle", "avenida"];

/// Words that put a place after them ("in Perth", "à Alfred", "cerca de Paris"): a weak name
/// needs one, so "my son Alfred" is not a place.
#[rustfmt::skip]
const LOCATIVE: &[&str] = &[
    "in", "at", "near", "from", "to", "around", "outside", "into", "a", "au", "aux", "en", "dans",
    "de", "pres", "vers", "cerca", "desde", "sa", "em", "no", "na", "w", "vicino", "bei", "nach",
    "of", "by",
];

/// Conjunctions of an intersection ("Jane and Finch", "Yonge & Eglinton").
const INTERSECTION: &[&str] = &["and", "et", "y", "at"];

/// Names of the largest places in scripts the gazetteer (Latin only) does not carry, with the
/// gazetteer name they stand for. Matched as substrings: Chinese has no spaces, and Arabic
/// script attaches prepositions ("بتورنتو").
#[rustfmt::skip]
const EXONYMS: &[(&str, &str)] = &[
    ("多伦多", "Toronto"), ("多倫多", "Toronto"), ("토론토", "Toronto"), ("Торонто", "Toronto"),
    ("تورنتو", "Toronto"), ("تورونتو", "Toronto"), ("ٹورنٹو", "Toronto"), ("ਟੋਰਾਂਟੋ", "Toronto"),
    ("ਟਰਾਂਟੋ", "Toronto"), ("டொராண்டோ", "Toronto"), ("टोरंटो", "Toronto"), ("トロント", "Toronto"),
    ("渥太华", "Ottawa"), ("渥太華", "Ottawa"), ("오타와", "Ottawa"), ("Оттава", "Ottawa"),
    ("أوتاوا", "Ottawa"), ("اوتاوا", "Ottawa"), ("اتاوا", "Ottawa"), ("ਓਟਾਵਾ", "Ottawa"),
    ("ஒட்டாவா", "Ottawa"), ("ओटावा", "Ottawa"), ("密西沙加", "Mississauga"), ("미시소가", "Mississauga"),
    ("Миссиссога", "Mississauga"), ("Миссисага", "Mississauga"), ("ميسيساجا", "Mississauga"),
    ("میسیساگا", "Mississauga"), ("ਮਿਸੀਸਾਗਾ", "Mississauga"), ("மிசிசாகா", "Mississauga"),
    ("布兰普顿", "Brampton"), ("布蘭普頓", "Brampton"), ("브램턴", "Brampton"), ("브램튼", "Brampton"),
    ("Брамптон", "Brampton"), ("برامبتون", "Brampton"), ("برامپتون", "Brampton"),
    ("ਬਰੈਂਪਟਨ", "Brampton"), ("ਬਰੈਮਪਟਨ", "Brampton"), ("பிராம்ப்டன்", "Brampton"),
    ("士嘉堡", "Scarborough"), ("스카보로", "Scarborough"), ("Скарборо", "Scarborough"),
    ("اسکاربرو", "Scarborough"), ("سكاربورو", "Scarborough"), ("ਸਕਾਰਬਰੋ", "Scarborough"),
    ("汉密尔顿", "Hamilton"), ("漢密爾頓", "Hamilton"), ("해밀턴", "Hamilton"), ("Гамильтон", "Hamilton"),
    ("هاملتون", "Hamilton"), ("ਹੈਮਿਲਟਨ", "Hamilton"), ("万锦", "Markham"), ("萬錦", "Markham"),
    ("列治文山", "Richmond Hill"), ("北约克", "North York"), ("北約克", "North York"), ("怡陶碧谷", "Etobicoke"),
    ("旺市", "Vaughan"), ("基奇纳", "Kitchener"), ("滑铁卢", "Waterloo"), ("萨德伯里", "Greater Sudbury"),
    ("桑德贝", "Thunder Bay"), ("奥克维尔", "Oakville"), ("伯灵顿", "Burlington"), ("奥沙瓦", "Oshawa"),
];

/// What people call a place, when the gazetteer's row of that name means something else:
/// "niagara" is the Niagara Falls area, not the Toronto neighbourhood named Niagara.
const ALIASES: &[(&str, &str)] = &[
    ("niagara", "Niagara Falls"),
    ("niagara region", "Niagara Falls"),
    ("sault", "Sault Ste. Marie"),
    ("the soo", "Sault Ste. Marie"),
];

/// Column positions of the gazetteer TSV, found by header name.
struct Columns {
    kind: usize,
    code: usize,
    name: usize,
    alt_names: usize,
    lat: usize,
    lon: usize,
    population: usize,
    municipality: usize,
}

impl Columns {
    fn from_header(header: &str) -> Result<Self, GazetteerError> {
        let cols: Vec<&str> = header.split('\t').map(str::trim).collect();
        let find = |name: &'static str| {
            cols.iter()
                .position(|c| *c == name)
                .ok_or(GazetteerError::MissingColumn(name))
        };
        Ok(Self {
            kind: find("kind")?,
            code: find("code")?,
            name: find("name")?,
            alt_names: find("alt_names")?,
            lat: find("lat")?,
            lon: find("lon")?,
            population: find("population")?,
            municipality: find("municipality")?,
        })
    }

    fn place(&self, line_no: usize, line: &str) -> Result<(Place, Vec<String>), GazetteerError> {
        let fields: Vec<&str> = line.split('\t').collect();
        let bad = |reason: String| GazetteerError::BadRow { line: line_no, reason };
        let field = |i: usize, name: &str| {
            fields
                .get(i)
                .map(|f| f.trim())
                .ok_or_else(|| bad(format!("column `{name}` is missing")))
        };
        let kind_raw = field(self.kind, "kind")?;
        let kind = PlaceKind::parse(kind_raw).ok_or_else(|| bad(format!("unknown kind `{kind_raw}`")))?;
        let name = field(self.name, "name")?;
        if name.is_empty() {
            return Err(bad("`name` is empty".into()));
        }
        let number = |i: usize, col: &str| -> Result<f64, GazetteerError> {
            field(i, col)?
                .parse::<f64>()
                .map_err(|_| bad(format!("`{col}` is not a number")))
        };
        let optional = |i: usize| fields.get(i).map(|f| f.trim()).filter(|f| !f.is_empty());
        let population = optional(self.population)
            .map(|p| {
                p.parse::<u64>()
                    .map_err(|_| bad("`population` is not a whole number".into()))
            })
            .transpose()?;
        let alt_names = optional(self.alt_names)
            .map(|a| a.split('|').map(str::to_owned).collect())
            .unwrap_or_default();
        let place = Place {
            name: name.to_owned(),
            kind,
            municipality: optional(self.municipality).map(str::to_owned),
            lat: number(self.lat, "lat")?,
            lon: number(self.lon, "lon")?,
            population,
            code: optional(self.code).map(str::to_owned),
        };
        Ok((place, alt_names))
    }
}

impl PlaceMatcher {
    /// Reads the gazetteer (`ontario-places.tsv`: kind, code, name, alt_names, lat, lon,
    /// population, municipality; one header line).
    pub fn from_tsv(tsv: &str) -> Result<Self, GazetteerError> {
        let mut lines = tsv.lines().enumerate();
        let header = lines
            .next()
            .map(|(_, h)| h)
            .ok_or(GazetteerError::MissingColumn("kind"))?;
        let columns = Columns::from_header(header)?;
        let mut matcher = PlaceMatcher {
            places: Vec::new(),
            names: HashMap::new(),
            longest_name: 1,
            fsas: HashMap::new(),
            exonyms: Vec::new(),
        };
        for (i, line) in lines.filter(|(_, l)| !l.trim().is_empty()) {
            let (place, alt_names) = columns.place(i + 1, line)?;
            matcher.add(place, &alt_names);
        }
        matcher.rank_names();
        matcher.add_exonyms();
        matcher.add_aliases();
        Ok(matcher)
    }

    /// The likeliest place called `name` (after ranking).
    fn place_named(&self, name: &str) -> Option<usize> {
        self.names.get(&fold_tokens(name))?.first().map(|&(id, _)| id)
    }

    fn add_aliases(&mut self) {
        for (alias, name) in ALIASES {
            if let Some(id) = self.place_named(name) {
                let key = fold_tokens(alias);
                self.longest_name = self.longest_name.max(key.len());
                self.names.insert(key, vec![(id, NameStrength::Strong)]);
            }
        }
    }

    fn add(&mut self, place: Place, alt_names: &[String]) {
        let id = self.places.len();
        if place.kind == PlaceKind::Fsa {
            self.fsas.insert(place.fsa_key(), id);
            self.places.push(place);
            return;
        }
        let own = fold_tokens(&place.name);
        let mut keys = vec![own.clone()];
        keys.extend(
            alt_names
                .iter()
                .map(|a| fold_tokens(a))
                .filter(|t| useful_alt_name(t, &own)),
        );
        keys.sort();
        keys.dedup();
        for key in keys {
            let Some(strength) = name_strength(&key, &place) else {
                continue;
            };
            self.longest_name = self.longest_name.max(key.len());
            self.names.entry(key).or_default().push((id, strength));
        }
        self.places.push(place);
    }

    fn add_exonyms(&mut self) {
        for (exonym, name) in EXONYMS {
            if let Some(id) = self.place_named(name) {
                self.exonyms.push(((*exonym).to_owned(), id));
            }
        }
    }

    /// Puts the likeliest place first for each name: municipalities before neighbourhoods
    /// before communities, then the larger population.
    fn rank_names(&mut self) {
        let places = &self.places;
        for candidates in self.names.values_mut() {
            candidates.sort_by_key(|(id, _)| {
                let p = &places[*id];
                (p.kind.rank(), std::cmp::Reverse(p.population.unwrap_or(0)))
            });
        }
    }

    /// How many gazetteer rows were read.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// True when the gazetteer had no rows.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The gazetteer row of a forward sortation area: its centroid and municipality.
    pub fn fsa(&self, fsa: &Fsa) -> Option<&Place> {
        self.fsas.get(fsa.as_str()).map(|&id| &self.places[id])
    }

    /// The forward sortation area whose centre is nearest a point (for a browser's "use my
    /// location"): only the FSA is kept, never the point itself.
    pub fn nearest_fsa(&self, lat: f64, lon: f64) -> Option<&Place> {
        let scale = lat.to_radians().cos();
        self.places.iter().filter(|p| p.kind == PlaceKind::Fsa).min_by(|a, b| {
            let d = |p: &Place| (p.lat - lat).powi(2) + ((p.lon - lon) * scale).powi(2);
            d(a).total_cmp(&d(b))
        })
    }

    /// Finds place names in `text`, longest name first, in text order.
    pub fn find(&self, text: &str) -> Vec<PlaceMention> {
        let tokens = tokenize(text);
        let mut found = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.match_at(text, &tokens, i) {
                Some((len, id)) => {
                    let span = tokens[i].span.start..tokens[i + len - 1].span.end;
                    found.push(PlaceMention {
                        place: self.places[id].clone(),
                        matched: text[span.clone()].to_owned(),
                        span,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        self.find_exonyms(text, &mut found);
        found.sort_by_key(|m| m.span.start);
        found
    }

    /// The longest acceptable name starting at token `i`: (its length in tokens, place).
    fn match_at(&self, text: &str, tokens: &[Token], i: usize) -> Option<(usize, usize)> {
        let longest = self.longest_name.min(tokens.len() - i);
        (1..=longest).rev().find_map(|len| {
            let key: Vec<String> = tokens[i..i + len].iter().map(|t| t.folded.clone()).collect();
            let &(id, strength) = self.names.get(&key)?.first()?;
            accept(text, tokens, i, len, strength).then_some((len, id))
        })
    }

    fn find_exonyms(&self, text: &str, found: &mut Vec<PlaceMention>) {
        for (exonym, id) in &self.exonyms {
            let lower = exonym.to_lowercase();
            let forms = [Some(exonym.as_str()), (lower != *exonym).then_some(lower.as_str())];
            for form in forms.into_iter().flatten() {
                for (start, _) in text.match_indices(form) {
                    let span = start..start + form.len();
                    if found.iter().any(|m| m.span.start < span.end && span.start < m.span.end) {
                        continue;
                    }
                    found.push(PlaceMention {
                        place: self.places[*id].clone(),
                        matched: text[span.clone()].to_owned(),
                        span,
                    });
                }
            }
        }
    }
}

impl Place {
    fn fsa_key(&self) -> String {
        self.code.clone().unwrap_or_default().to_ascii_uppercase()
    }
}

/// Whether an alternate name is worth matching: several words (`Grand Sudbury`), or one word
/// of five letters or more that is not a transliteration far from the name (`Sudbury`,
/// `Orleans`; not `Von` for Vaughan).
fn useful_alt_name(alt: &[String], own: &[String]) -> bool {
    match alt {
        [] => false,
        [word] => word.chars().count() >= 5 && own.iter().any(|o| o == word || similar(o, word)),
        _ => true,
    }
}

/// Same first three letters and lengths within two: `torontu` ~ `toronto`, `orleans` ~ `orleans`.
fn similar(a: &str, b: &str) -> bool {
    let prefix = |s: &str| s.chars().take(3).collect::<String>();
    prefix(a) == prefix(b) && a.chars().count().abs_diff(b.chars().count()) <= 2
}

/// The strength of one name of a place, or `None` if the name must never match.
fn name_strength(key: &[String], place: &Place) -> Option<NameStrength> {
    match key {
        [] => None,
        [word] => {
            if NEVER_ALONE.contains(&word.as_str()) || word.chars().count() < 3 {
                return None;
            }
            let populous = place.population.is_some_and(|p| p >= 1000);
            // Neighbourhoods without a population are Canada Post communities of amalgamated
            // cities (Scarborough, Kanata): well known.
            let known = match place.kind {
                PlaceKind::Municipality => populous,
                PlaceKind::Neighbourhood => populous || place.population.is_none(),
                PlaceKind::Community | PlaceKind::Fsa => false,
            };
            let weak = !known || WEAK_ALONE.contains(&word.as_str()) || word.chars().count() < 5;
            Some(if weak { NameStrength::Weak } else { NameStrength::Strong })
        }
        words => {
            let phrase = words.join(" ");
            (!NEVER_PHRASES.contains(&phrase.as_str())).then_some(NameStrength::Strong)
        }
    }
}

/// Whether the name at tokens `i..i+len` is a place here, not a street, a person or a word.
fn accept(text: &str, tokens: &[Token], i: usize, len: usize, strength: NameStrength) -> bool {
    let next = tokens.get(i + len).map(|t| t.folded.as_str());
    let prev = i.checked_sub(1).map(|p| tokens[p].folded.as_str());
    if next.is_some_and(|n| STREET_AFTER.contains(&n)) || prev.is_some_and(|p| STREET_BEFORE.contains(&p)) {
        return false;
    }
    if len > 1 {
        return true;
    }
    let intersection = next.is_some_and(|n| INTERSECTION.contains(&n))
        || prev.is_some_and(|p| INTERSECTION[..2].contains(&p))
        || text[tokens[i].span.end..].trim_start().starts_with('&')
        || text[..tokens[i].span.start].trim_end().ends_with('&');
    match strength {
        NameStrength::Strong => true,
        NameStrength::Weak => {
            let located = prev.is_some_and(|p| LOCATIVE.contains(&p));
            tokens[i].capitalised && !tokens[i].sentence_start && located && !intersection
        }
    }
}

/// A word of the message, folded for matching, with where it was and how it was written.
#[derive(Debug)]
struct Token {
    folded: String,
    span: Range<usize>,
    capitalised: bool,
    sentence_start: bool,
}

/// Splits `text` into words (letters and digits), folding each for matching.
fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut start: Option<usize> = None;
    let mut sentence_start = true;
    let push = |tokens: &mut Vec<Token>, span: Range<usize>, sentence_start: bool| {
        let word = &text[span.clone()];
        tokens.push(Token {
            folded: fold_word(word),
            capitalised: word.chars().next().is_some_and(char::is_uppercase),
            span,
            sentence_start,
        });
    };
    for (at, c) in text.char_indices() {
        let in_word = c.is_alphanumeric() || is_combining_mark(c);
        match (in_word, start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                push(&mut tokens, s..at, sentence_start);
                sentence_start = false;
                start = None;
            }
            _ => {}
        }
        if !in_word && matches!(c, '.' | '!' | '?' | '\n' | '。' | '！' | '？') {
            // "Ste." and "St." inside a name do not end a sentence.
            let abbreviation = c == '.'
                && tokens
                    .last()
                    .is_some_and(|t| t.span.end == at && matches!(t.folded.as_str(), "st" | "ste" | "mt"));
            if !abbreviation {
                sentence_start = true;
            }
        }
    }
    if let Some(s) = start {
        push(&mut tokens, s..text.len(), sentence_start);
    }
    tokens
}

fn is_combining_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// Folds a name into matching tokens: lower case, accents dropped, punctuation as spaces,
/// "Saint"/"Sainte"/"Mount" as "st"/"ste"/"mt".
fn fold_tokens(name: &str) -> Vec<String> {
    tokenize(name).into_iter().map(|t| t.folded).collect()
}

fn fold_word(word: &str) -> String {
    let folded: String = word
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    match folded.as_str() {
        "saint" => "st".to_owned(),
        "sainte" => "ste".to_owned(),
        "mount" => "mt".to_owned(),
        _ => folded,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn coordinates_are_read_only_inside_ontario() {
        assert_eq!(super::find_coordinates("43.65, -79.38"), Some((43.65, -79.38)));
        assert_eq!(super::find_coordinates(" 45.42,-75.70 "), Some((45.42, -75.70)));
        assert_eq!(
            super::find_coordinates("25.77, -80.19"),
            None,
            "Miami is not in Ontario"
        );
        assert_eq!(super::find_coordinates("I need 2, maybe 3 beds"), None);
    }

    use super::*;

    #[test]
    fn matcher_is_send_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<PlaceMatcher>();
    }

    #[test]
    fn folding_drops_accents_case_and_saint() {
        assert_eq!(fold_tokens("Sault-Sainte-Marie"), ["sault", "ste", "marie"]);
        assert_eq!(fold_tokens("Sault Ste. Marie"), ["sault", "ste", "marie"]);
        assert_eq!(fold_tokens("Orléans"), ["orleans"]);
        assert_eq!(fold_tokens("L'Orignal"), ["l", "orignal"]);
    }

    #[test]
    fn abbreviations_do_not_start_a_sentence() {
        let t = tokenize("in Sault Ste. Marie today. Paris");
        let marie = t.iter().find(|t| t.folded == "marie").unwrap();
        assert!(!marie.sentence_start);
        assert!(t.last().unwrap().sentence_start);
    }

    #[test]
    fn alt_names_keep_spellings_not_transliterations() {
        let own = fold_tokens("Vaughan");
        assert!(!useful_alt_name(&fold_tokens("Von"), &own));
        let own = fold_tokens("Greater Sudbury");
        assert!(useful_alt_name(&fold_tokens("Sudbury"), &own));
        assert!(useful_alt_name(&fold_tokens("Grand Sudbury"), &own));
    }
}
