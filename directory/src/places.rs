//! Places: the Ontario gazetteer (municipalities, neighbourhoods, communities and postal-code
//! areas with coordinates) and the lookup that finds a place named in a message, for the
//! dialogue's "where are you?" step.
//!
//! The bundled gazetteer is `data/places/ontario-places.tsv` (GeoNames data, CC BY 4.0; see
//! `data/README.md` for how it is built and the attribution it needs).
//!
//! ```
//! use frontdoor_directory::places::Gazetteer;
//! let places = Gazetteer::ontario();
//! let found = places.resolve("je cherche une banque alimentaire à Orléans").unwrap();
//! assert_eq!(found.municipality.as_deref(), Some("Ottawa"));
//! let by_code = places.resolve("my postal code is K1P 5J2").unwrap();
//! assert_eq!(by_code.fsa.unwrap().as_str(), "K1P");
//! ```
//!
//! A full postal code is used only to find its area (FSA); it is never stored.

use crate::text::fold;
use frontdoor_core::ports::GeoPoint;
use frontdoor_core::types::{Fsa, PostalCode};
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

const ONTARIO_TSV: &str = include_str!("../data/places/ontario-places.tsv");

/// Below this population a one-word place name must be written with a capital letter or after
/// "in", "near", "à"...: small places called "Forest", "King" or "Union" are also words.
const PLAIN_WORD_POPULATION: u64 = 50_000;

/// What kind of place a gazetteer row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceKind {
    /// A municipality (or a populated place not inside a larger one).
    Municipality,
    /// A named part of a larger municipality (Scarborough, Orléans).
    Neighbourhood,
    /// A Canada Post community.
    Community,
    /// A postal-code area, the first three characters of a postal code.
    Fsa,
}

/// One row of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The kind.
    pub kind: PlaceKind,
    /// The name (for FSAs, the GeoNames area name).
    pub name: String,
    /// Other names it goes by.
    pub alt_names: Vec<String>,
    /// Its coordinates.
    pub point: GeoPoint,
    /// Population, where GeoNames gives one.
    pub population: Option<u64>,
    /// The municipality it belongs to (empty for rural FSAs).
    pub municipality: Option<String>,
    /// The FSA code, for FSA rows.
    pub fsa: Option<Fsa>,
}

/// A place found in a message.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceMatch {
    /// The place's name as the gazetteer has it.
    pub name: String,
    /// Its kind.
    pub kind: PlaceKind,
    /// Its municipality, when known.
    pub municipality: Option<String>,
    /// Where to search around.
    pub point: GeoPoint,
    /// The postal-code area, when the message gave a postal code or FSA.
    pub fsa: Option<Fsa>,
    /// The words of the message that named it.
    pub matched: String,
}

/// A gazetteer that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("gazetteer: {0}")]
pub struct PlaceError(pub String);

/// Ontario places by name and postal-code area.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_name: HashMap<String, Vec<usize>>,
    by_fsa: HashMap<String, usize>,
    longest_name: usize,
}

impl Gazetteer {
    /// The bundled Ontario gazetteer, parsed once.
    pub fn ontario() -> &'static Gazetteer {
        static ONTARIO: OnceLock<Gazetteer> = OnceLock::new();
        ONTARIO.get_or_init(|| Gazetteer::parse_tsv(ONTARIO_TSV).unwrap_or_else(|_| Gazetteer::from_places(Vec::new())))
    }

    /// Reads a gazetteer file in the bundled TSV format.
    pub fn load(path: &Path) -> Result<Self, PlaceError> {
        let text = std::fs::read_to_string(path).map_err(|e| PlaceError(format!("{}: {e}", path.display())))?;
        Self::parse_tsv(&text)
    }

    /// Parses the TSV format: `kind, code, name, alt_names, lat, lon, population, municipality`.
    pub fn parse_tsv(text: &str) -> Result<Self, PlaceError> {
        let mut places = Vec::new();
        for (i, line) in text.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let bad = |what: &str| PlaceError(format!("line {}: {what}", i + 1));
            if cols.len() < 8 {
                return Err(bad("fewer than 8 columns"));
            }
            let kind = match cols[0] {
                "municipality" => PlaceKind::Municipality,
                "neighbourhood" => PlaceKind::Neighbourhood,
                "community" => PlaceKind::Community,
                "fsa" => PlaceKind::Fsa,
                _ => return Err(bad("unknown kind")),
            };
            let lat: f64 = cols[4].parse().map_err(|_| bad("lat is not a number"))?;
            let lon: f64 = cols[5].parse().map_err(|_| bad("lon is not a number"))?;
            let fsa = if kind == PlaceKind::Fsa {
                Some(Fsa::parse(cols[1]).map_err(|_| bad("code is not an FSA"))?)
            } else {
                None
            };
            places.push(Place {
                kind,
                name: cols[2].to_owned(),
                alt_names: cols[3]
                    .split('|')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
                point: GeoPoint { lat, lon },
                population: cols[6].parse().ok(),
                municipality: Some(cols[7].trim()).filter(|m| !m.is_empty()).map(str::to_owned),
                fsa,
            });
        }
        Ok(Self::from_places(places))
    }

    fn from_places(places: Vec<Place>) -> Self {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_fsa = HashMap::new();
        let mut longest_name = 1;
        for (i, p) in places.iter().enumerate() {
            if let Some(fsa) = &p.fsa {
                by_fsa.insert(fsa.as_str().to_owned(), i);
                continue; // FSA area names ("Ottawa (Vanier)") are not how people name places.
            }
            for name in std::iter::once(&p.name).chain(&p.alt_names) {
                let key = name_key(name);
                if key.is_empty() {
                    continue;
                }
                longest_name = longest_name.max(key.split(' ').count());
                let entry = by_name.entry(key).or_default();
                if !entry.contains(&i) {
                    entry.push(i);
                }
            }
        }
        Self {
            places,
            by_name,
            by_fsa,
            longest_name,
        }
    }

    /// How many places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// The postal-code area's row.
    pub fn fsa(&self, fsa: &Fsa) -> Option<&Place> {
        self.by_fsa.get(fsa.as_str()).map(|&i| &self.places[i])
    }

    /// The best place of that exact name (any case, accents optional).
    pub fn named(&self, name: &str) -> Option<&Place> {
        self.by_name
            .get(&name_key(name))
            .and_then(|c| self.best(c))
            .map(|i| &self.places[i])
    }

    /// Finds where a message says the person is: a full postal code, a postal-code area, or the
    /// longest place name in it.
    pub fn resolve(&self, message: &str) -> Option<PlaceMatch> {
        self.resolve_postal(message).or_else(|| self.resolve_name(message))
    }

    fn resolve_postal(&self, message: &str) -> Option<PlaceMatch> {
        let words: Vec<&str> = message
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        for (i, w) in words.iter().enumerate() {
            let candidates = [
                (w.len() == 6)
                    .then(|| PostalCode::parse(w).ok().map(|p| (p.fsa(), w.to_string())))
                    .flatten(),
                words.get(i + 1).and_then(|next| {
                    let joined = format!("{w} {next}");
                    PostalCode::parse(&joined)
                        .ok()
                        .filter(|_| w.len() == 3 && next.len() == 3)
                        .map(|p| (p.fsa(), joined))
                }),
                (w.len() == 3)
                    .then(|| Fsa::parse(w).ok().map(|f| (f, w.to_string())))
                    .flatten(),
            ];
            for (fsa, matched) in candidates.into_iter().flatten() {
                if let Some(&idx) = self.by_fsa.get(fsa.as_str()) {
                    let place = &self.places[idx];
                    return Some(PlaceMatch {
                        name: place.name.clone(),
                        kind: PlaceKind::Fsa,
                        municipality: place.municipality.clone(),
                        point: place.point,
                        fsa: Some(fsa),
                        matched,
                    });
                }
            }
        }
        None
    }

    fn resolve_name(&self, message: &str) -> Option<PlaceMatch> {
        let raw_words: Vec<&str> = message.split_whitespace().collect();
        // Folded words, each remembering the raw word it came from.
        let mut words: Vec<(String, usize)> = Vec::new();
        for (i, raw) in raw_words.iter().enumerate() {
            for part in name_key(raw).split(' ').filter(|p| !p.is_empty()) {
                words.push((part.to_owned(), i));
            }
        }
        for n in (1..=self.longest_name.min(words.len())).rev() {
            for start in 0..=words.len() - n {
                let key: Vec<&str> = words[start..start + n].iter().map(|(w, _)| w.as_str()).collect();
                let Some(candidates) = self.by_name.get(&key.join(" ")) else {
                    continue;
                };
                let Some(idx) = self.best(candidates) else { continue };
                let place = &self.places[idx];
                let (first_raw, last_raw) = (words[start].1, words[start + n - 1].1);
                if n == 1 && !plainly_named(place, &raw_words, first_raw) {
                    continue;
                }
                return Some(PlaceMatch {
                    name: place.name.clone(),
                    kind: place.kind,
                    municipality: place.municipality.clone().or_else(|| Some(place.name.clone())),
                    point: place.point,
                    fsa: None,
                    matched: raw_words[first_raw..=last_raw].join(" "),
                });
            }
        }
        None
    }

    /// Among same-named places: municipalities first, then neighbourhoods, then communities;
    /// the most populous first.
    fn best(&self, candidates: &[usize]) -> Option<usize> {
        candidates.iter().copied().min_by_key(|&i| {
            let p = &self.places[i];
            (p.kind, std::cmp::Reverse(p.population.unwrap_or(0)))
        })
    }
}

/// A one-word place name counts when the place is large, when it is capitalised as a name, or
/// when a word like "in", "near", "à" comes before it.
fn plainly_named(place: &Place, raw_words: &[&str], at: usize) -> bool {
    if place.population.unwrap_or(0) >= PLAIN_WORD_POPULATION {
        return true;
    }
    let capitalised = raw_words[at]
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    let all_caps = raw_words.iter().all(|w| !w.chars().any(char::is_lowercase));
    if capitalised && !all_caps && at > 0 {
        return true;
    }
    const CUES: &[&str] = &[
        "in", "near", "at", "from", "around", "à", "au", "aux", "en", "près", "pres", "cerca", "desde", "nan",
    ];
    at > 0 && CUES.contains(&raw_words[at - 1].to_lowercase().as_str())
}

/// The lookup key of a name: folded, with "saint/sainte" written as "st/ste".
fn name_key(name: &str) -> String {
    fold(name)
        .split(' ')
        .map(|w| match w {
            "saint" => "st",
            "sainte" => "ste",
            other => other,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str) -> Option<PlaceMatch> {
        Gazetteer::ontario().resolve(text)
    }

    #[test]
    fn the_bundled_gazetteer_loads() {
        let g = Gazetteer::ontario();
        assert!(g.len() > 2000, "{} places", g.len());
        assert!(g.fsa(&Fsa::parse("M5V").unwrap()).is_some());
    }

    #[test]
    fn municipalities_in_any_case_and_with_or_without_accents() {
        for text in ["food bank in toronto", "FOOD BANK TORONTO", "Toronto"] {
            assert_eq!(resolve(text).map(|m| m.name), Some("Toronto".to_owned()), "{text}");
        }
        assert_eq!(
            resolve("je suis à Orleans").unwrap().municipality.as_deref(),
            Some("Ottawa")
        );
        assert_eq!(
            resolve("je suis à Orléans").unwrap().municipality.as_deref(),
            Some("Ottawa")
        );
        assert_eq!(resolve("i live in thunder bay").unwrap().name, "Thunder Bay");
        assert_eq!(
            resolve("Sault Sainte Marie").unwrap().municipality.as_deref(),
            Some("Sault Ste. Marie")
        );
        assert_eq!(
            resolve("near scarborough please").unwrap().municipality.as_deref(),
            Some("Toronto")
        );
    }

    #[test]
    fn french_names_resolve() {
        let m = resolve("j'habite au Grand Sudbury").unwrap();
        assert_eq!(m.municipality.as_deref(), Some("Greater Sudbury"));
    }

    #[test]
    fn postal_codes_and_areas_resolve_to_their_fsa() {
        let m = resolve("my postal code is m5v3l9").unwrap();
        assert_eq!(m.fsa.as_ref().map(Fsa::as_str), Some("M5V"));
        assert_eq!(m.municipality.as_deref(), Some("Toronto"));
        assert_eq!(resolve("K1P 5J2").unwrap().fsa.unwrap().as_str(), "K1P");
        assert_eq!(
            resolve("near P3A").unwrap().municipality.as_deref(),
            Some("Greater Sudbury")
        );
    }

    #[test]
    fn small_places_that_are_also_words_need_a_cue() {
        assert_eq!(resolve("i need food, forest of problems"), None);
        assert!(resolve("I live in Forest").is_some());
        assert_eq!(resolve("hello i need help"), None);
    }
}
