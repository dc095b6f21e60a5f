//! [`NluUnderstanding`]: the real [`Understanding`] port. One call embeds the message once (E5
//! `query: `) and reads from that embedding the need ([`NeedClassifier`]) and the crisis head
//! ([`CrisisDetector`], with its lexicon); language comes from [`LanguageIdentifier`], the
//! person's area from [`crate::entities`] (postal codes, then Ontario place names).
//!
//! [`NluUnderstanding::report`] gives the same reading with its evidence, as the plain data
//! `frontdoor understand TEXT --json` prints ([`UnderstandReport`]).
//!
//! What it keeps: nothing. It is `Send + Sync` and stateless per call; the caller passes the
//! conversation's language for short messages.
//!
//! ```no_run
//! use frontdoor_core::ports::Understanding;
//! use frontdoor_nlu::classifier::BUNDLED_WEIGHTS_JSON;
//! use frontdoor_nlu::NluUnderstanding;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let gazetteer = std::fs::read_to_string("directory/data/places/ontario-places.tsv")?;
//! let nlu = NluUnderstanding::load(
//!     std::path::Path::new("frontdoor-data/models/e5-small-q4.bin"),
//!     BUNDLED_WEIGHTS_JSON,
//!     &gazetteer,
//! )?;
//! let understood = nlu.understand("we got no food left, im in scarborough", None);
//! println!("{:?} {:?}", understood.needs.first(), understood.location);
//! # Ok(()) }
//! ```

use std::path::Path;
use std::sync::Arc;

use frontdoor_core::event::CrisisKind;
use frontdoor_core::ports::{GeoPoint, Located, NeedScore, Understanding, Understood};
use frontdoor_core::types::{Fsa, LanguageTag, NeedLabel};
use serde::Serialize;

use crate::classifier::{clauses, ClassifierWeights, NeedClassifier, WeightsError};
use crate::crisis::{CrisisDetector, CrisisLexicon};
use crate::e5::adapter::EncoderAdapter;
use crate::e5::embedder::{AdaptedLayers, E5Embedder, EmbedKind};
use crate::entities::{find_postal_codes, GazetteerError, PlaceMatcher};
use crate::error::NluError;
use crate::langid::{GuessSource, LanguageIdentifier};
use crate::memory::ExemplarMemory;

/// Needs below this calibrated probability are not listed as alternatives.
const ALTERNATIVE_FLOOR: f32 = 0.05;
/// At most this many needs are listed (first need included), plus a second named need.
const MAX_NEEDS: usize = 3;

/// Why understanding could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The embedding model is missing or bad.
    #[error(transparent)]
    Model(#[from] NluError),
    /// The classifier weights are bad.
    #[error(transparent)]
    Weights(#[from] WeightsError),
    /// The gazetteer could not be read.
    #[error("Ontario gazetteer: {0}")]
    Gazetteer(#[from] GazetteerError),
}

/// Language, need, crisis and place of a message, from the local models.
pub struct NluUnderstanding {
    embedder: Arc<E5Embedder>,
    /// The need encoder the classifier reads, when its weights were trained on an adapter.
    adapted: Option<AdaptedLayers>,
    classifier: NeedClassifier,
    crisis: CrisisDetector,
    langid: LanguageIdentifier,
    places: PlaceMatcher,
}

impl std::fmt::Debug for NluUnderstanding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NluUnderstanding")
            .field("embedder", &self.embedder)
            .field("labels", &self.classifier.labels().len())
            .field("places", &self.places.len())
            .finish()
    }
}

impl NluUnderstanding {
    /// Loads the embedding model at `model_path` (checked against its pinned SHA-256), the
    /// classifier weights (`weights_json`: the text of a weights file, e.g.
    /// [`crate::classifier::BUNDLED_WEIGHTS_JSON`]) and the Ontario gazetteer (`gazetteer_tsv`:
    /// the text of `ontario-places.tsv`).
    pub fn load(model_path: &Path, weights_json: &str, gazetteer_tsv: &str) -> Result<Self, LoadError> {
        let embedder = Arc::new(E5Embedder::load(model_path)?);
        let weights = ClassifierWeights::from_json(weights_json)?;
        let places = PlaceMatcher::from_tsv(gazetteer_tsv)?;
        Self::from_parts(embedder, &weights, places)
    }

    /// Builds from an already loaded embedder (to share one model with the directory search).
    /// Weights trained on an encoder adapter get the bundled adapter when it is theirs; other
    /// adapters are passed with [`Self::with_adapter`].
    pub fn from_parts(
        embedder: Arc<E5Embedder>,
        weights: &ClassifierWeights,
        places: PlaceMatcher,
    ) -> Result<Self, LoadError> {
        Self::with_adapter(embedder, weights, None, places)
    }

    /// [`Self::from_parts`] with the encoder adapter the weights were trained on.
    pub fn with_adapter(
        embedder: Arc<E5Embedder>,
        weights: &ClassifierWeights,
        adapter: Option<&EncoderAdapter>,
        places: PlaceMatcher,
    ) -> Result<Self, LoadError> {
        Self::with_files(embedder, weights, adapter, None, places)
    }

    /// [`Self::with_adapter`] with the exemplar memory the weights were trained with (when it is
    /// not the bundled one; see [`crate::memory`]).
    pub fn with_files(
        embedder: Arc<E5Embedder>,
        weights: &ClassifierWeights,
        adapter: Option<&EncoderAdapter>,
        memory: Option<ExemplarMemory>,
        places: PlaceMatcher,
    ) -> Result<Self, LoadError> {
        let adapted = match (&weights.encoder_adapter_sha256, adapter) {
            (None, None) => None,
            (None, Some(_)) => {
                return Err(WeightsError::Invalid(
                    "an encoder adapter was given, but the weights were trained on the original encoder".into(),
                )
                .into())
            }
            (Some(want), Some(a)) if a.sha256() == want => Some(embedder.adapt(a)?),
            (Some(want), given) => {
                let bundled = EncoderAdapter::parse(crate::classifier::BUNDLED_ENCODER_ADAPTER)?;
                if given.is_some() || bundled.sha256() != want {
                    return Err(WeightsError::Invalid(format!(
                        "the weights were trained on encoder adapter {want}, which is neither the one given nor \
                         the bundled one; put the adapter written with them beside them"
                    ))
                    .into());
                }
                Some(embedder.adapt(&bundled)?)
            }
        };
        if embedder.dim() != weights.dim {
            return Err(WeightsError::Invalid(format!(
                "weights are {} wide, the embedder gives {}",
                weights.dim,
                embedder.dim()
            ))
            .into());
        }
        Ok(Self {
            adapted,
            classifier: NeedClassifier::with_memory(weights, memory)?,
            crisis: CrisisDetector::new(weights, CrisisLexicon::bundled().clone()),
            langid: LanguageIdentifier::new(),
            places,
            embedder,
        })
    }

    /// The adapted need encoder, when the classifier reads one.
    pub fn adapted_layers(&self) -> Option<&AdaptedLayers> {
        self.adapted.as_ref()
    }

    /// The embedder, to share with the directory search.
    pub fn embedder(&self) -> &Arc<E5Embedder> {
        &self.embedder
    }

    /// The need classifier.
    pub fn classifier(&self) -> &NeedClassifier {
        &self.classifier
    }

    /// The crisis detector.
    pub fn crisis_detector(&self) -> &CrisisDetector {
        &self.crisis
    }

    /// Understands `text` and keeps the evidence: what `frontdoor understand --json` prints.
    pub fn report(&self, text: &str, conversation_lang: Option<&LanguageTag>) -> UnderstandReport {
        let guess = self.langid.identify(text, conversation_lang);

        // One embedding call for the message and, when it has several clauses, each clause.
        // Messages in a language the model does not know are read with English glosses.
        let parts = clauses(text);
        let mut glossed = vec![frontdoor_core::gloss::glossed(text)];
        if parts.len() > 1 {
            glossed.extend(parts.iter().map(|p| frontdoor_core::gloss::glossed(p)));
        }
        let inputs: Vec<&str> = glossed.iter().map(|t| t.as_ref()).collect();
        let embeddings = self
            .embedder
            .embed_with(&inputs, EmbedKind::Query, self.adapted.as_ref());
        let reading = self.classifier.read(&embeddings[0]);
        let whole = &reading.needs;
        let per_clause: Vec<Vec<f32>> = embeddings[1..]
            .iter()
            .map(|e| self.classifier.probabilities(e))
            .collect();
        let ranked = crate::classifier::rank(self.classifier.labels(), whole);
        let named = self.classifier.named_needs(whole, &per_clause);
        let assessment = self.crisis.assess(text, &reading);

        let postal = find_postal_codes(text).into_iter().next();
        let location = match &postal {
            Some(p) => self.places.fsa(&p.fsa).map(|place| Located {
                name: p.fsa.as_str().to_owned(),
                fsa: Some(p.fsa.clone()),
                point: GeoPoint {
                    lat: place.lat,
                    lon: place.lon,
                },
            }),
            None => None,
        }
        .or_else(|| {
            let (lat, lon) = crate::entities::find_coordinates(text)?;
            let place = self.places.nearest_fsa(lat, lon)?;
            let code = place.code.as_deref().and_then(|c| Fsa::parse(c).ok())?;
            Some(Located {
                name: place.municipality.clone().unwrap_or_else(|| code.as_str().to_owned()),
                fsa: Some(code),
                point: GeoPoint { lat, lon },
            })
        })
        .or_else(|| {
            self.places.find(text).into_iter().next().map(|m| Located {
                fsa: m.place.code.as_deref().and_then(|c| Fsa::parse(c).ok()),
                name: m.place.name,
                point: GeoPoint {
                    lat: m.place.lat,
                    lon: m.place.lon,
                },
            })
        });

        UnderstandReport {
            lang: guess.lang.clone(),
            lang_confidence: guess.confidence,
            lang_source: match guess.source {
                GuessSource::Detected => "detected",
                GuessSource::ScriptRule => "script",
                GuessSource::ConversationFallback => "conversation",
                GuessSource::Unknown => "unknown",
            },
            needs_interpreter: guess.needs_interpreter(),
            need: ranked.first().map(ScoreView::from),
            alternatives: ranked
                .iter()
                .skip(1)
                .take_while(|s| s.confidence >= ALTERNATIVE_FLOOR)
                .take(MAX_NEEDS - 1)
                .map(ScoreView::from)
                .collect(),
            needs_named: named.iter().map(ScoreView::from).collect(),
            crisis: assessment.signal.is_some(),
            crisis_kind: assessment.signal.map(|s| s.kind),
            crisis_confidence: assessment.signal.map(|s| s.confidence),
            crisis_evidence: CrisisEvidence {
                lexicon: assessment.lexicon.hits.iter().map(|h| h.phrase.clone()).collect(),
                figurative: assessment.lexicon.figurative,
                head_probability: assessment.head_probability,
                head_threshold: self.crisis.thresholds().threshold,
            },
            fsa: postal
                .map(|p| p.fsa)
                .or_else(|| location.as_ref().and_then(|l| l.fsa.clone())),
            location,
            ranked,
            named,
            signal: assessment.signal,
        }
    }
}

impl Understanding for NluUnderstanding {
    fn understand(&self, text: &str, conversation_lang: Option<&LanguageTag>) -> Understood {
        self.report(text, conversation_lang).into_understood()
    }
}

/// A need and its calibrated confidence, as printed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScoreView {
    /// The label (`mental_health`).
    pub label: NeedLabel,
    /// Calibrated probability.
    pub confidence: f32,
}

impl From<&NeedScore> for ScoreView {
    fn from(s: &NeedScore) -> Self {
        Self {
            label: s.need,
            confidence: s.confidence,
        }
    }
}

/// Why the crisis detector decided as it did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrisisEvidence {
    /// Lexicon phrases found (folded).
    pub lexicon: Vec<String>,
    /// A figure of speech was found.
    pub figurative: bool,
    /// The embedding head's probability.
    pub head_probability: f32,
    /// The head's threshold.
    pub head_threshold: f32,
}

/// Everything understanding made of one message, for `frontdoor understand TEXT --json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnderstandReport {
    /// Detected language.
    pub lang: Option<LanguageTag>,
    /// Its confidence (0..1).
    pub lang_confidence: f32,
    /// How it was decided: `detected`, `script`, `conversation`, `unknown`.
    pub lang_source: &'static str,
    /// A script Frontdoor cannot serve (offer an interpreter).
    pub needs_interpreter: bool,
    /// The most likely need.
    pub need: Option<ScoreView>,
    /// The next most likely needs (at most two, each at least 0.05).
    pub alternatives: Vec<ScoreView>,
    /// The needs the message names: the first, and a second one for a message such as "no food
    /// and the hydro is cut off".
    pub needs_named: Vec<ScoreView>,
    /// A risk to life now.
    pub crisis: bool,
    /// What kind.
    pub crisis_kind: Option<CrisisKind>,
    /// How sure.
    pub crisis_confidence: Option<f32>,
    /// Why.
    pub crisis_evidence: CrisisEvidence,
    /// A postal-code area named (or the named place's).
    pub fsa: Option<Fsa>,
    /// A place named, resolved.
    pub location: Option<Located>,
    #[serde(skip)]
    ranked: Vec<NeedScore>,
    #[serde(skip)]
    named: Vec<NeedScore>,
    #[serde(skip)]
    signal: Option<frontdoor_core::ports::CrisisSignal>,
}

impl UnderstandReport {
    /// Every label with its calibrated probability, most likely first.
    pub fn ranked(&self) -> &[NeedScore] {
        &self.ranked
    }

    /// The port's view: needs most likely first (the top ones, plus a second named need),
    /// crisis, language and place.
    pub fn into_understood(self) -> Understood {
        let mut needs: Vec<NeedScore> = self
            .ranked
            .iter()
            .enumerate()
            .filter(|(i, s)| *i == 0 || s.confidence >= ALTERNATIVE_FLOOR)
            .take(MAX_NEEDS)
            .map(|(_, s)| *s)
            .collect();
        for n in &self.named {
            if !needs.iter().any(|s| s.need == n.need) {
                needs.push(*n);
            }
        }
        needs.sort_by(|a, b| b.confidence.total_cmp(&a.confidence));
        Understood {
            lang: self.lang,
            lang_confidence: self.lang_confidence,
            needs_interpreter: self.needs_interpreter,
            needs,
            crisis: self.signal,
            fsa: self.fsa,
            location: self.location,
        }
    }
}

#[cfg(test)]
mod tests {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn understanding_is_send_sync() {
        assert_send_sync::<super::NluUnderstanding>();
    }
}
