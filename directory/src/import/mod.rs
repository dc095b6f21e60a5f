//! HSDS import: reads a dataset into [`ServiceRecord`]s, reporting every row it cannot use.
//!
//! Formats:
//! - a folder holding an HSDS 1.x data package (`services.csv`, `regular_schedules.csv`,
//!   `physical_addresses.csv`, `services_taxonomy.csv` + `taxonomy.csv`...), with or without
//!   `datapackage.json`, the CSVs directly inside or in `data/`;
//! - a folder holding an HSDS 3.0 data package (`schedules.csv`, `addresses.csv`,
//!   `attributes.csv` + `taxonomy_terms.csv`...);
//! - an HSDS 3.0 JSON file: an array of `service` objects, one `service` object, or
//!   `organization` objects with nested `services`;
//! - an HSDS 3.0 NDJSON file: one `service` object per line.
//!
//! A bad row is reported ([`ImportIssue`]: file, row, field, problem) and skipped, never
//! silently dropped. Merging the records into the data dir, with re-embedding of changed
//! records only, is [`crate::store::DirectoryStore::apply_import`].

mod json;
mod tabular;

use crate::record::ServiceRecord;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Which kind of dataset was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetFormat {
    /// HSDS 1.x CSV data package.
    Hsds1Csv,
    /// HSDS 3.0 CSV data package.
    Hsds3Csv,
    /// HSDS 3.0 JSON (array or single object).
    Hsds3Json,
    /// HSDS 3.0 newline-delimited JSON.
    Hsds3Ndjson,
}

impl fmt::Display for DatasetFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DatasetFormat::Hsds1Csv => "HSDS 1.x CSV package",
            DatasetFormat::Hsds3Csv => "HSDS 3.0 CSV package",
            DatasetFormat::Hsds3Json => "HSDS 3.0 JSON",
            DatasetFormat::Hsds3Ndjson => "HSDS 3.0 NDJSON",
        })
    }
}

/// What happened to the data an issue is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueOutcome {
    /// The whole service was left out.
    ServiceSkipped,
    /// One row of a related table (a schedule, a phone...) was left out.
    RowSkipped,
    /// One value was ignored; the rest of the row was used.
    ValueIgnored,
}

/// One problem found in the dataset, precise enough to fix it in the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportIssue {
    /// The file, as named in the dataset (`services.csv`).
    pub file: String,
    /// How rows are counted in that file: `row` (CSV, header = row 1), `line` (NDJSON) or
    /// `item` (position in a JSON array, from 1).
    pub unit: &'static str,
    /// Which row, line or item.
    pub row: Option<usize>,
    /// The field, when one is at fault (`id`, `service_at_locations[0].location.latitude`).
    pub field: Option<String>,
    /// What is wrong, without the value ("is empty", "matches no service").
    pub problem: String,
    /// The offending value, when showing it helps (ids, unreadable times).
    pub value: Option<String>,
    /// What the importer did about it.
    pub outcome: IssueOutcome,
}

impl ImportIssue {
    /// The grouping key for counts: file, field and problem without row or value.
    pub fn reason(&self) -> String {
        match &self.field {
            Some(field) => format!("{}: `{field}` {}", self.file, self.problem),
            None => format!("{}: {}", self.file, self.problem),
        }
    }
}

impl fmt::Display for ImportIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = self.row {
            write!(f, " {} {row}", self.unit)?;
        }
        f.write_str(": ")?;
        if let Some(field) = &self.field {
            write!(f, "`{field}` ")?;
        }
        if let Some(value) = &self.value {
            write!(f, "{value:?} ")?;
        }
        f.write_str(&self.problem)?;
        let outcome = match self.outcome {
            IssueOutcome::ServiceSkipped => "service skipped",
            IssueOutcome::RowSkipped => "row skipped",
            IssueOutcome::ValueIgnored => "value ignored",
        };
        write!(f, " ({outcome})")
    }
}

/// The records read from a dataset and the problems met on the way.
#[derive(Debug, Clone)]
pub struct ParsedDataset {
    /// Where it came from (path or name).
    pub source: String,
    /// What kind of dataset it was.
    pub format: DatasetFormat,
    /// The services that could be read, in source order.
    pub services: Vec<ServiceRecord>,
    /// Every problem, in source order.
    pub issues: Vec<ImportIssue>,
    /// Ids of services that were skipped (when their id was readable): a re-import keeps their
    /// previous version instead of deleting it.
    pub skipped_ids: Vec<String>,
}

/// An import that could not start or finish: the dataset is unreadable as a whole.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The path is not an HSDS dataset the importer knows.
    #[error("HSDS import: {path}: {reason}")]
    Unrecognised {
        /// The path given.
        path: String,
        /// Why.
        reason: String,
    },
    /// A file could not be read.
    #[error("HSDS import: {file}: {source}")]
    Io {
        /// The file.
        file: String,
        /// The error.
        #[source]
        source: std::io::Error,
    },
    /// A file is malformed as a whole (not one bad row).
    #[error("HSDS import: {file}: {reason}")]
    Malformed {
        /// The file.
        file: String,
        /// What is wrong, with its position.
        reason: String,
    },
    /// The embedder failed.
    #[error("HSDS import: embedding failed: {0}")]
    Embed(#[from] crate::embed::EmbedError),
    /// The data dir could not be written or read.
    #[error("HSDS import: {0}")]
    Store(#[from] crate::store::StoreError),
}

/// Reads an HSDS dataset at `path`: a data-package folder (or its `datapackage.json`), a JSON
/// file or an NDJSON file.
pub fn read_dataset(path: &Path) -> Result<ParsedDataset, ImportError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|source| ImportError::Io {
        file: shown.clone(),
        source,
    })?;
    let folder: Option<PathBuf> = if meta.is_dir() {
        Some(path.to_path_buf())
    } else if path.file_name().is_some_and(|n| n == "datapackage.json") {
        path.parent().map(Path::to_path_buf)
    } else {
        None
    };
    if let Some(folder) = folder {
        return tabular::read_package(&folder);
    }
    let text = std::fs::read_to_string(path).map_err(|source| ImportError::Io {
        file: shown.clone(),
        source,
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    let mut parsed = read_json_text(&name, &text)?;
    parsed.source = shown;
    Ok(parsed)
}

/// Reads HSDS 3.0 JSON or NDJSON held in memory (the bundled demo directory); `name` is used in
/// issues. NDJSON is recognised by a `.ndjson`/`.jsonl` name or by failing to parse as one value.
pub fn read_json_text(name: &str, text: &str) -> Result<ParsedDataset, ImportError> {
    let ndjson_name = name.ends_with(".ndjson") || name.ends_with(".jsonl");
    if ndjson_name {
        return json::read_ndjson(name, text);
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => json::read_value(name, value),
        Err(whole) => {
            // Several values, one per line, is NDJSON; anything else is reported as it was.
            let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
            if lines > 1 && text.trim_start().starts_with('{') {
                json::read_ndjson(name, text)
            } else {
                Err(ImportError::Malformed {
                    file: name.to_owned(),
                    reason: format!("not JSON: {whole}"),
                })
            }
        }
    }
}

/// Counts of issues by reason, most frequent first.
pub fn count_reasons(issues: &[ImportIssue]) -> Vec<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for issue in issues {
        *counts.entry(issue.reason()).or_default() += 1;
    }
    let mut sorted: Vec<(String, usize)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted
}

/// Collects issues while a dataset is read.
#[derive(Debug, Default)]
pub(crate) struct IssueLog {
    pub issues: Vec<ImportIssue>,
}

impl IssueLog {
    /// Records an issue.
    pub fn push(
        &mut self,
        at: &Position<'_>,
        field: Option<&str>,
        problem: impl Into<String>,
        value: Option<&str>,
        outcome: IssueOutcome,
    ) {
        self.issues.push(ImportIssue {
            file: at.file.to_owned(),
            unit: at.unit,
            row: at.row,
            field: field.map(str::to_owned),
            problem: problem.into(),
            value: value.map(|v| crate::text::truncate_chars(v, 80).to_owned()),
            outcome,
        });
    }
}

/// Where in the dataset something is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Position<'a> {
    pub file: &'a str,
    pub unit: &'static str,
    pub row: Option<usize>,
}

/// Parses an age bound ("12", "12.0", 12); `None` for empty.
pub(crate) fn parse_age(raw: &str) -> Result<Option<u32>, &'static str> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let value: f64 = t.parse().map_err(|_| "is not a number")?;
    if !(0.0..=130.0).contains(&value) {
        return Err("is not an age (0-130)");
    }
    Ok(Some(value.round() as u32))
}

/// Parses a coordinate, checking its range; `None` for empty.
pub(crate) fn parse_coordinate(raw: &str, limit: f64) -> Result<Option<f64>, &'static str> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let value: f64 = t.parse().map_err(|_| "is not a number")?;
    if !value.is_finite() || value.abs() > limit {
        return Err("is out of range");
    }
    Ok(Some(value))
}

/// Reads HSDS 3.0 `byday` ("MO,TU,WE") into weekday indexes; `None` if any part is unreadable.
pub(crate) fn parse_byday(raw: &str) -> Option<Vec<u8>> {
    let days: Option<Vec<u8>> = raw
        .split([',', ' ', ';'])
        .filter(|p| !p.trim().is_empty())
        .map(|p| crate::hours::parse_weekday(p.trim()))
        .collect();
    days.filter(|d| !d.is_empty())
}

/// Fills the fields every reader derives the same way: needs from taxonomy codes, the demo
/// flag from the organisation's marker, languages in order without duplicates.
pub(crate) fn finish_record(record: &mut ServiceRecord, organization_description: Option<&str>) {
    if organization_description.is_some_and(|d| d.trim_start().starts_with("[DEMO DATA")) {
        record.demo = true;
    }
    let mut seen = Vec::with_capacity(record.languages.len());
    record.languages.retain(|l| {
        let fresh = !seen.contains(l);
        seen.push(l.clone());
        fresh
    });
    record.derive_needs();
}
