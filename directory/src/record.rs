//! The service record: what a navigator reads out about one service, whatever HSDS version or
//! file layout it came from.

use crate::hours::WeeklyHours;
use crate::taxonomy;
use frontdoor_core::ports::GeoPoint;
use frontdoor_core::types::{NeedLabel, ServiceId};
use serde::{Deserialize, Serialize};

/// One service of the directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceRecord {
    /// The dataset's own service id, kept as given.
    pub id: ServiceId,
    /// Service name.
    pub name: String,
    /// Another name the service goes by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternate_name: Option<String>,
    /// The organisation that runs it.
    pub organization: String,
    /// What the service does.
    #[serde(default)]
    pub description: String,
    /// Web page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Contact e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone numbers, main number first.
    #[serde(default)]
    pub phones: Vec<Phone>,
    /// Where it is delivered, main location first.
    #[serde(default)]
    pub locations: Vec<Location>,
    /// Regular weekly hours (empty when unknown).
    #[serde(default)]
    pub hours: WeeklyHours,
    /// The source's own words about hours, when it gave any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours_note: Option<String>,
    /// Languages spoken, as codes (ISO 639-1, or 639-3 where there is none).
    #[serde(default)]
    pub languages: Vec<String>,
    /// What the source said about languages beyond codes ("interpreters on request").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language_note: Option<String>,
    /// Who can use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<String>,
    /// Youngest age served, when the source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_age: Option<u32>,
    /// Oldest age served, when the source says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_age: Option<u32>,
    /// What it costs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fees: Option<String>,
    /// How to apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_process: Option<String>,
    /// Taxonomy terms (AIRS/211 codes kept as given).
    #[serde(default)]
    pub taxonomy: Vec<TaxonomyTerm>,
    /// Need labels: the source's explicit ones first, then those its taxonomy codes map to.
    #[serde(default)]
    pub needs: Vec<NeedLabel>,
    /// Areas served (municipalities, counties), as written.
    #[serde(default)]
    pub service_areas: Vec<String>,
    /// HSDS status (`active`, `inactive`...), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Fictional demo data: never refer a real person to it.
    #[serde(default)]
    pub demo: bool,
    /// Other flags the source set (`confidential_address`, `phone_only`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}

/// A phone number as the record gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone {
    /// The number, as written.
    pub number: String,
    /// Extension.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    /// `voice`, `text`, `fax`, `tty`...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// What the line is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl Phone {
    /// The number with its extension, as read out.
    pub fn display(&self) -> String {
        match &self.extension {
            Some(ext) => format!("{} ext. {ext}", self.number),
            None => self.number.clone(),
        }
    }
}

/// A place where the service is delivered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Location name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Street address, when public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    /// Coordinates, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point: Option<GeoPoint>,
    /// `physical`, `virtual` or `postal`, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// A street address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// Street line(s).
    pub street: String,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Province or state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Postal code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    /// Country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

impl Address {
    /// The address on one line: "371 Dundas Street West, Toronto, ON M5T 8A6".
    pub fn one_line(&self) -> String {
        let mut parts = vec![self.street.clone()];
        if let Some(city) = &self.city {
            parts.push(city.clone());
        }
        let tail: Vec<&str> = [self.region.as_deref(), self.postal_code.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !tail.is_empty() {
            parts.push(tail.join(" "));
        }
        parts.retain(|p| !p.is_empty());
        parts.join(", ")
    }
}

/// A taxonomy term attached to a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaxonomyTerm {
    /// The code (an AIRS code such as `BD-1800.2000`, or the term id of another vocabulary).
    pub code: String,
    /// The term's name.
    #[serde(default)]
    pub name: String,
    /// Which vocabulary (`AIRS`, `Open211 Miami - AIRS`...), when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocabulary: Option<String>,
}

impl ServiceRecord {
    /// The first location with coordinates.
    pub fn point(&self) -> Option<GeoPoint> {
        self.locations.iter().find_map(|l| l.point)
    }

    /// The first public street address, on one line.
    pub fn address_line(&self) -> Option<String> {
        self.locations
            .iter()
            .find_map(|l| l.address.as_ref())
            .map(Address::one_line)
            .filter(|a| !a.is_empty())
    }

    /// The main phone number, as read out.
    pub fn main_phone(&self) -> Option<String> {
        self.phones.first().map(Phone::display)
    }

    /// The hours as read out: structured hours when known, else the source's note.
    pub fn hours_text(&self) -> Option<String> {
        self.hours.describe().or_else(|| self.hours_note.clone())
    }

    /// True when the service serves a person of `age` (unknown bounds never exclude).
    pub fn serves_age(&self, age: u32) -> bool {
        self.min_age.is_none_or(|min| age >= min) && self.max_age.is_none_or(|max| age <= max)
    }

    /// The taxonomy term through which the service meets `need`, if a code maps to it.
    pub fn term_for_need(&self, need: NeedLabel) -> Option<&TaxonomyTerm> {
        self.taxonomy
            .iter()
            .find(|t| taxonomy::needs_for_code(&t.code).contains(&need))
    }

    /// Adds the needs the taxonomy codes map to after the explicit ones, without duplicates.
    pub fn derive_needs(&mut self) {
        for term in &self.taxonomy {
            for need in taxonomy::needs_for_code(&term.code) {
                if !self.needs.contains(need) {
                    self.needs.push(*need);
                }
            }
        }
    }
}
