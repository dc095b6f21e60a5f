//! HSDS CSV data packages, 1.x and 3.0: one CSV per table, rows linked by ids.
//!
//! Columns are found by name (extra columns, such as Miami's `original_text`, are fine), every
//! text value is cleaned (`\n` literals, trailing spaces), and each row that cannot be linked or
//! read is reported with its file, row and field.

use super::{
    finish_record, parse_age, parse_byday, parse_coordinate, DatasetFormat, ImportError, IssueLog, IssueOutcome,
    ParsedDataset, Position,
};
use crate::hours::{opening_minutes, parse_clock, parse_weekday, OpeningInterval, WeeklyHours};
use crate::languages;
use crate::record::{Address, Location, Phone, ServiceRecord, TaxonomyTerm};
use crate::text::clean;
use frontdoor_core::ports::GeoPoint;
use frontdoor_core::types::{NeedLabel, ServiceId};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// One CSV table, loaded whole.
struct Table {
    file: String,
    headers: Vec<String>,
    rows: Vec<csv::StringRecord>,
}

impl Table {
    fn load(path: &Path, log: &mut IssueLog) -> Result<Self, ImportError> {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let io = |source| ImportError::Io {
            file: file.clone(),
            source,
        };
        let bytes = std::fs::read(path).map_err(io)?;
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes.as_slice());
        let malformed = |e: csv::Error| ImportError::Malformed {
            file: file.clone(),
            reason: e.to_string(),
        };
        let headers: Vec<String> = reader
            .byte_headers()
            .map_err(malformed)?
            .iter()
            .map(|h| {
                String::from_utf8_lossy(h)
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .to_ascii_lowercase()
            })
            .collect();
        let mut rows = Vec::new();
        for (i, record) in reader.byte_records().enumerate() {
            let record = record.map_err(malformed)?;
            let row = match csv::StringRecord::from_byte_record(record) {
                Ok(row) => row,
                Err(err) => {
                    let at = Position {
                        file: &file,
                        unit: "row",
                        row: Some(i + 2),
                    };
                    log.push(
                        &at,
                        None,
                        "is not valid UTF-8 (read with replacement characters)",
                        None,
                        IssueOutcome::ValueIgnored,
                    );
                    let bytes = err.into_byte_record();
                    bytes.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect()
                }
            };
            rows.push(row);
        }
        Ok(Self { file, headers, rows })
    }

    /// The index of the first of `names` present as a column.
    fn col(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.headers.iter().position(|h| h == n))
    }

    fn iter(&self) -> impl Iterator<Item = (Position<'_>, &csv::StringRecord)> {
        self.rows.iter().enumerate().map(|(i, r)| {
            (
                Position {
                    file: &self.file,
                    unit: "row",
                    row: Some(i + 2),
                },
                r,
            )
        })
    }
}

/// A column's cleaned value in a row.
fn value(row: &csv::StringRecord, col: Option<usize>) -> Option<String> {
    col.and_then(|c| row.get(c)).and_then(clean)
}

/// The tables a package may hold, each under its 1.x and 3.0 file names.
struct Package {
    dirs: Vec<PathBuf>,
}

impl Package {
    fn find(&self, names: &[&str]) -> Option<PathBuf> {
        self.dirs
            .iter()
            .flat_map(|d| names.iter().map(move |n| d.join(n)))
            .find(|p| p.is_file())
    }

    fn load(&self, names: &[&str], log: &mut IssueLog) -> Result<Option<Table>, ImportError> {
        self.find(names).map(|p| Table::load(&p, log)).transpose()
    }
}

/// Reads a CSV data package folder.
pub(super) fn read_package(folder: &Path) -> Result<ParsedDataset, ImportError> {
    let package = Package {
        dirs: vec![folder.to_path_buf(), folder.join("data")],
    };
    let Some(services_path) = package.find(&["services.csv", "service.csv"]) else {
        return Err(ImportError::Unrecognised {
            path: folder.display().to_string(),
            reason: "no services.csv here or in data/: not an HSDS data package".to_owned(),
        });
    };
    let v3 = package
        .find(&["schedules.csv", "attributes.csv", "addresses.csv", "taxonomy_terms.csv"])
        .is_some()
        && package
            .find(&["regular_schedules.csv", "physical_addresses.csv"])
            .is_none();
    let mut log = IssueLog::default();
    let mut reader = PackageReader::default();
    if let Some(t) = package.load(&["organizations.csv", "organization.csv"], &mut log)? {
        reader.organizations(&t);
    }
    let services = Table::load(&services_path, &mut log)?;
    if let Some(t) = package.load(&["locations.csv", "location.csv"], &mut log)? {
        reader.locations(&t, &mut log);
    }
    if let Some(t) = package.load(&["physical_addresses.csv", "addresses.csv", "address.csv"], &mut log)? {
        reader.addresses(&t, &mut log);
    }
    reader.services(&services, &mut log);
    if let Some(t) = package.load(
        &[
            "services_at_location.csv",
            "service_at_location.csv",
            "service_at_locations.csv",
        ],
        &mut log,
    )? {
        reader.service_at_location(&t, &mut log);
    }
    if let Some(t) = package.load(&["phones.csv", "phone.csv"], &mut log)? {
        reader.phones(&t, &mut log);
    }
    if let Some(t) = package.load(&["regular_schedules.csv", "schedules.csv", "schedule.csv"], &mut log)? {
        reader.schedules(&t, &mut log);
    }
    if let Some(t) = package.load(&["languages.csv", "language.csv"], &mut log)? {
        reader.languages(&t, &mut log);
    }
    if let Some(t) = package.load(&["eligibility.csv"], &mut log)? {
        reader.eligibility(&t, &mut log);
    }
    if let Some(t) = package.load(&["service_areas.csv", "service_area.csv"], &mut log)? {
        reader.service_areas(&t, &mut log);
    }
    if let Some(t) = package.load(&["cost_options.csv", "cost_option.csv"], &mut log)? {
        reader.cost_options(&t, &mut log);
    }
    let taxonomy = package.load(&["taxonomy.csv"], &mut log)?;
    let terms = package.load(&["taxonomy_terms.csv", "taxonomy_term.csv"], &mut log)?;
    reader.term_names(taxonomy.as_ref(), terms.as_ref());
    reader.taxonomy_ids_column(&services, &mut log);
    if let Some(t) = package.load(&["services_taxonomy.csv", "service_taxonomy.csv"], &mut log)? {
        reader.service_taxonomy(&t, &mut log);
    }
    if let Some(t) = package.load(&["attributes.csv", "attribute.csv"], &mut log)? {
        reader.attributes(&t, &mut log);
    }
    let (services, skipped_ids) = reader.finish();
    Ok(ParsedDataset {
        source: folder.display().to_string(),
        format: if v3 {
            DatasetFormat::Hsds3Csv
        } else {
            DatasetFormat::Hsds1Csv
        },
        services,
        issues: log.issues,
        skipped_ids,
    })
}

/// What a related row belongs to.
enum Owner {
    Service(usize),
    ServiceAtLocation(usize),
    Location(String),
    Organization(String),
}

/// Hours collected per owner level: the service's own, then its service-at-location's, then its
/// location's.
#[derive(Default)]
struct HoursAt {
    intervals: Vec<OpeningInterval>,
    note: Option<String>,
}

#[derive(Default)]
struct PackageReader {
    organizations: HashMap<String, (String, Option<String>)>,
    locations: HashMap<String, Location>,
    records: Vec<ServiceRecord>,
    organization_of: Vec<String>,
    by_id: HashMap<String, usize>,
    skipped: HashSet<String>,
    skipped_order: Vec<String>,
    sal: HashMap<String, (usize, String)>,
    services_at: HashMap<String, Vec<usize>>,
    location_ids_of: Vec<Vec<String>>,
    location_phones: HashMap<String, Vec<Phone>>,
    organization_phones: HashMap<String, Vec<Phone>>,
    sal_phones: HashMap<usize, Vec<Phone>>,
    service_hours: HashMap<usize, HoursAt>,
    sal_hours: HashMap<String, HoursAt>,
    location_hours: HashMap<String, HoursAt>,
    location_languages: HashMap<String, (Vec<String>, Vec<String>)>,
    term_names: HashMap<String, (String, String, Option<String>)>,
}

impl PackageReader {
    fn organizations(&mut self, t: &Table) {
        let (id, name, desc) = (t.col(&["id"]), t.col(&["name"]), t.col(&["description"]));
        for (_, row) in t.iter() {
            if let (Some(id), Some(name)) = (value(row, id), value(row, name)) {
                self.organizations.insert(id, (name, value(row, desc)));
            }
        }
    }

    fn locations(&mut self, t: &Table, log: &mut IssueLog) {
        let c = |n: &[&str]| t.col(n);
        let (id, name, lat, lon, kind) = (
            c(&["id"]),
            c(&["name"]),
            c(&["latitude"]),
            c(&["longitude"]),
            c(&["location_type"]),
        );
        for (at, row) in t.iter() {
            let Some(loc_id) = value(row, id) else {
                log.push(&at, Some("id"), "is empty", None, IssueOutcome::RowSkipped);
                continue;
            };
            let mut coord = |col: Option<usize>, field: &str, limit: f64| {
                let raw = value(row, col).unwrap_or_default();
                parse_coordinate(&raw, limit).unwrap_or_else(|problem| {
                    log.push(&at, Some(field), problem, Some(&raw), IssueOutcome::ValueIgnored);
                    None
                })
            };
            let latitude = coord(lat, "latitude", 90.0);
            let longitude = coord(lon, "longitude", 180.0);
            let point = match (latitude, longitude) {
                (Some(lat), Some(lon)) if !(lat == 0.0 && lon == 0.0) => Some(GeoPoint { lat, lon }),
                _ => None,
            };
            self.locations.insert(
                loc_id,
                Location {
                    name: value(row, name),
                    address: None,
                    point,
                    kind: value(row, kind),
                },
            );
        }
    }

    fn addresses(&mut self, t: &Table, log: &mut IssueLog) {
        let c = |n: &[&str]| t.col(n);
        let location = c(&["location_id"]);
        let lines = [
            c(&["address_1"]),
            c(&["address_2"]),
            c(&["address_3"]),
            c(&["address_4"]),
        ];
        let (city, region, postal, country, kind) = (
            c(&["city"]),
            c(&["state_province"]),
            c(&["postal_code"]),
            c(&["country"]),
            c(&["address_type"]),
        );
        for (at, row) in t.iter() {
            let Some(loc_id) = value(row, location) else {
                log.push(&at, Some("location_id"), "is empty", None, IssueOutcome::RowSkipped);
                continue;
            };
            let street: Vec<String> = lines.iter().filter_map(|&col| value(row, col)).collect();
            let address = Address {
                street: street.join(", "),
                city: value(row, city),
                region: value(row, region),
                postal_code: value(row, postal),
                country: value(row, country),
            };
            if address.street.is_empty() && address.city.is_none() {
                log.push(&at, Some("address_1"), "is empty", None, IssueOutcome::RowSkipped);
                continue;
            }
            let Some(location) = self.locations.get_mut(&loc_id) else {
                log.push(
                    &at,
                    Some("location_id"),
                    "matches no location",
                    Some(&loc_id),
                    IssueOutcome::RowSkipped,
                );
                continue;
            };
            // Mailing addresses are not where people go: only physical ones are kept.
            let postal = value(row, kind).is_some_and(|k| k.eq_ignore_ascii_case("postal"));
            if !postal && location.address.is_none() {
                location.address = Some(address);
            }
        }
    }

    fn services(&mut self, t: &Table, log: &mut IssueLog) {
        let c = |n: &[&str]| t.col(n);
        let (id, org, name, alt, desc) = (
            c(&["id"]),
            c(&["organization_id"]),
            c(&["name"]),
            c(&["alternate_name"]),
            c(&["description"]),
        );
        let (url, email, status, interp, apply) = (
            c(&["url"]),
            c(&["email"]),
            c(&["status"]),
            c(&["interpretation_services"]),
            c(&["application_process"]),
        );
        let (fees, eligibility, min_age, max_age) = (
            c(&["fees_description", "fees"]),
            c(&["eligibility_description", "eligibility"]),
            c(&["minimum_age"]),
            c(&["maximum_age"]),
        );
        // Some exports (Ohana) put the location on the service row.
        let location = c(&["location_id"]);
        let mut first_row: HashMap<String, usize> = HashMap::new();
        for (at, row) in t.iter() {
            let Some(raw_id) = value(row, id) else {
                log.push(&at, Some("id"), "is empty", None, IssueOutcome::ServiceSkipped);
                continue;
            };
            if let Some(first) = first_row.get(&raw_id) {
                let problem = format!("repeats the id of row {first}");
                log.push(&at, Some("id"), problem, Some(&raw_id), IssueOutcome::ServiceSkipped);
                continue;
            }
            first_row.insert(raw_id.clone(), at.row.unwrap_or_default());
            let Ok(service_id) = ServiceId::parse(&raw_id) else {
                log.push(
                    &at,
                    Some("id"),
                    "is not a usable id (1-200 printable characters)",
                    Some(&raw_id),
                    IssueOutcome::ServiceSkipped,
                );
                self.skip(&raw_id);
                continue;
            };
            let Some(service_name) = value(row, name) else {
                log.push(&at, Some("name"), "is empty", None, IssueOutcome::ServiceSkipped);
                self.skip(&raw_id);
                continue;
            };
            let org_id = value(row, org).unwrap_or_default();
            let mut record = ServiceRecord {
                id: service_id,
                name: service_name,
                alternate_name: value(row, alt),
                organization: String::new(),
                description: value(row, desc).unwrap_or_default(),
                url: value(row, url),
                email: value(row, email),
                phones: Vec::new(),
                locations: Vec::new(),
                hours: WeeklyHours::default(),
                hours_note: None,
                languages: Vec::new(),
                language_note: value(row, interp),
                eligibility: value(row, eligibility),
                min_age: None,
                max_age: None,
                fees: value(row, fees),
                application_process: value(row, apply),
                taxonomy: Vec::new(),
                needs: Vec::new(),
                service_areas: Vec::new(),
                status: value(row, status),
                demo: false,
                flags: Vec::new(),
            };
            for (col, field, slot) in [
                (min_age, "minimum_age", &mut record.min_age),
                (max_age, "maximum_age", &mut record.max_age),
            ] {
                let raw = value(row, col).unwrap_or_default();
                match parse_age(&raw) {
                    Ok(age) => *slot = age,
                    Err(problem) => log.push(&at, Some(field), problem, Some(&raw), IssueOutcome::ValueIgnored),
                }
            }
            match self.organizations.get(&org_id) {
                Some((org_name, _)) => record.organization = org_name.clone(),
                None if org_id.is_empty() => log.push(
                    &at,
                    Some("organization_id"),
                    "is empty",
                    None,
                    IssueOutcome::ValueIgnored,
                ),
                None if !self.organizations.is_empty() => log.push(
                    &at,
                    Some("organization_id"),
                    "matches no organization",
                    Some(&org_id),
                    IssueOutcome::ValueIgnored,
                ),
                None => {}
            }
            let idx = self.records.len();
            let mut location_ids = Vec::new();
            if let Some(loc_id) = value(row, location) {
                match self.locations.get(&loc_id) {
                    Some(loc) => {
                        record.locations.push(loc.clone());
                        self.services_at.entry(loc_id.clone()).or_default().push(idx);
                        location_ids.push(loc_id);
                    }
                    None => log.push(
                        &at,
                        Some("location_id"),
                        "matches no location",
                        Some(&loc_id),
                        IssueOutcome::ValueIgnored,
                    ),
                }
            }
            self.by_id.insert(raw_id, idx);
            self.records.push(record);
            self.organization_of.push(org_id);
            self.location_ids_of.push(location_ids);
        }
    }

    fn skip(&mut self, raw_id: &str) {
        if self.skipped.insert(raw_id.to_owned()) {
            self.skipped_order.push(raw_id.to_owned());
        }
    }

    /// Finds the service a related row belongs to, reporting rows that link to nothing.
    /// `None` (silently) for rows of services that were themselves skipped and reported.
    fn owner(&self, t: &Table, row: &csv::StringRecord, at: &Position<'_>, log: &mut IssueLog) -> Option<Owner> {
        if let Some(sid) = value(row, t.col(&["service_id"])) {
            if let Some(&idx) = self.by_id.get(&sid) {
                return Some(Owner::Service(idx));
            }
            if !self.skipped.contains(&sid) {
                log.push(
                    at,
                    Some("service_id"),
                    "matches no service",
                    Some(&sid),
                    IssueOutcome::RowSkipped,
                );
            }
            return None;
        }
        if let Some(sal) = value(row, t.col(&["service_at_location_id"])) {
            if self.sal.contains_key(&sal) {
                return Some(Owner::ServiceAtLocation(self.sal[&sal].0));
            }
        }
        if let Some(loc) = value(row, t.col(&["location_id"])) {
            return Some(Owner::Location(loc));
        }
        if let Some(org) = value(row, t.col(&["organization_id"])) {
            return Some(Owner::Organization(org));
        }
        log.push(at, Some("service_id"), "is empty", None, IssueOutcome::RowSkipped);
        None
    }

    fn service_at_location(&mut self, t: &Table, log: &mut IssueLog) {
        let (id, service, location) = (t.col(&["id"]), t.col(&["service_id"]), t.col(&["location_id"]));
        for (at, row) in t.iter() {
            let Some(sid) = value(row, service) else {
                log.push(&at, Some("service_id"), "is empty", None, IssueOutcome::RowSkipped);
                continue;
            };
            let Some(&idx) = self.by_id.get(&sid) else {
                if !self.skipped.contains(&sid) {
                    log.push(
                        &at,
                        Some("service_id"),
                        "matches no service",
                        Some(&sid),
                        IssueOutcome::RowSkipped,
                    );
                }
                continue;
            };
            let Some(loc_id) = value(row, location) else {
                log.push(&at, Some("location_id"), "is empty", None, IssueOutcome::RowSkipped);
                continue;
            };
            let Some(loc) = self.locations.get(&loc_id) else {
                log.push(
                    &at,
                    Some("location_id"),
                    "matches no location",
                    Some(&loc_id),
                    IssueOutcome::RowSkipped,
                );
                continue;
            };
            if !self.location_ids_of[idx].contains(&loc_id) {
                self.records[idx].locations.push(loc.clone());
                self.location_ids_of[idx].push(loc_id.clone());
                self.services_at.entry(loc_id.clone()).or_default().push(idx);
            }
            if let Some(sal_id) = value(row, id) {
                self.sal.insert(sal_id, (idx, loc_id));
            }
        }
    }

    fn phones(&mut self, t: &Table, log: &mut IssueLog) {
        let c = |n: &[&str]| t.col(n);
        let (number, ext, kind, desc) = (c(&["number"]), c(&["extension"]), c(&["type"]), c(&["description"]));
        for (at, row) in t.iter() {
            let Some(owner) = self.owner(t, row, &at, log) else {
                continue;
            };
            let Some(num) = value(row, number) else {
                log.push(&at, Some("number"), "is empty", None, IssueOutcome::RowSkipped);
                continue;
            };
            let phone = Phone {
                number: num.trim_matches('"').trim().to_owned(),
                extension: value(row, ext),
                kind: value(row, kind),
                description: value(row, desc),
            };
            match owner {
                Owner::Service(idx) => self.records[idx].phones.push(phone),
                Owner::ServiceAtLocation(idx) => self.sal_phones.entry(idx).or_default().push(phone),
                Owner::Location(loc) => self.location_phones.entry(loc).or_default().push(phone),
                Owner::Organization(org) => self.organization_phones.entry(org).or_default().push(phone),
            }
        }
    }

    fn schedules(&mut self, t: &Table, log: &mut IssueLog) {
        let c = |n: &[&str]| t.col(n);
        let (weekday, byday, freq, opens, closes) = (
            c(&["weekday"]),
            c(&["byday"]),
            c(&["freq"]),
            c(&["opens_at"]),
            c(&["closes_at"]),
        );
        let note_col = c(&["original_text", "description"]);
        let sal_col = c(&["service_at_location_id"]);
        for (at, row) in t.iter() {
            let Some(owner) = self.owner(t, row, &at, log) else {
                continue;
            };
            let note = value(row, note_col);
            let slot = match owner {
                Owner::Service(idx) => self.service_hours.entry(idx).or_default(),
                Owner::ServiceAtLocation(_) => {
                    let sal = value(row, sal_col).unwrap_or_default();
                    self.sal_hours.entry(sal).or_default()
                }
                Owner::Location(loc) => self.location_hours.entry(loc).or_default(),
                Owner::Organization(_) => continue,
            };
            if slot.note.is_none() {
                slot.note = note;
            }
            let weekly = value(row, freq).is_none_or(|f| f.eq_ignore_ascii_case("weekly"));
            if !weekly {
                continue; // Monthly and other rules stay in the note: not weekly opening hours.
            }
            let days = if let Some(raw) = value(row, weekday) {
                match parse_weekday(&raw) {
                    Some(d) => vec![d],
                    None => {
                        log.push(
                            &at,
                            Some("weekday"),
                            "is not a day of the week",
                            Some(&raw),
                            IssueOutcome::RowSkipped,
                        );
                        continue;
                    }
                }
            } else if let Some(raw) = value(row, byday) {
                match parse_byday(&raw) {
                    Some(days) => days,
                    None => {
                        log.push(
                            &at,
                            Some("byday"),
                            "is not a list of weekdays",
                            Some(&raw),
                            IssueOutcome::RowSkipped,
                        );
                        continue;
                    }
                }
            } else {
                log.push(&at, Some("weekday"), "is empty", None, IssueOutcome::RowSkipped);
                continue;
            };
            let Some((o, cl)) = read_opening(row, opens, closes, &at, log) else {
                continue;
            };
            slot.intervals.extend(days.into_iter().map(|day| OpeningInterval {
                day,
                opens: o,
                closes: cl,
            }));
        }
    }

    fn languages(&mut self, t: &Table, log: &mut IssueLog) {
        let c = |n: &[&str]| t.col(n);
        let (free, name, code, note) = (c(&["language"]), c(&["name"]), c(&["code"]), c(&["note"]));
        for (at, row) in t.iter() {
            let Some(owner) = self.owner(t, row, &at, log) else {
                continue;
            };
            let (codes, notes) = if let Some(raw) = value(row, code) {
                match languages::normalise_code(&raw) {
                    Some(code) => (vec![code], value(row, note).into_iter().collect()),
                    None => {
                        log.push(
                            &at,
                            Some("code"),
                            "is not a language code",
                            Some(&raw),
                            IssueOutcome::RowSkipped,
                        );
                        continue;
                    }
                }
            } else if let Some(text) = value(row, free).or_else(|| value(row, name)) {
                let codes = languages::codes_in_text(&text);
                let plain = codes.len() == 1 && languages::is_plain_name(&text);
                (codes, if plain { Vec::new() } else { vec![text] })
            } else {
                log.push(
                    &at,
                    Some(if free.is_some() { "language" } else { "name" }),
                    "is empty",
                    None,
                    IssueOutcome::RowSkipped,
                );
                continue;
            };
            match owner {
                Owner::Service(idx) | Owner::ServiceAtLocation(idx) => {
                    add_languages(&mut self.records[idx], codes, notes)
                }
                Owner::Location(loc) => {
                    let entry = self.location_languages.entry(loc).or_default();
                    entry.0.extend(codes);
                    entry.1.extend(notes);
                }
                Owner::Organization(_) => {}
            }
        }
    }

    fn eligibility(&mut self, t: &Table, log: &mut IssueLog) {
        let text = t.col(&["eligibility"]);
        for (at, row) in t.iter() {
            let Some(owner) = self.owner(t, row, &at, log) else {
                continue;
            };
            let Owner::Service(idx) = owner else {
                log.push(&at, Some("service_id"), "is empty", None, IssueOutcome::RowSkipped);
                continue;
            };
            let Some(text) = value(row, text) else {
                log.push(&at, Some("eligibility"), "is empty", None, IssueOutcome::RowSkipped);
                continue;
            };
            append_line(&mut self.records[idx].eligibility, text);
        }
    }

    fn service_areas(&mut self, t: &Table, log: &mut IssueLog) {
        let (area, desc) = (t.col(&["service_area", "name"]), t.col(&["description"]));
        for (at, row) in t.iter() {
            let Some(Owner::Service(idx)) = self.owner(t, row, &at, log) else {
                continue;
            };
            match value(row, area).or_else(|| value(row, desc)) {
                Some(name) => self.records[idx].service_areas.push(name),
                None => log.push(&at, Some("service_area"), "is empty", None, IssueOutcome::RowSkipped),
            }
        }
    }

    fn cost_options(&mut self, t: &Table, log: &mut IssueLog) {
        let c = |n: &[&str]| t.col(n);
        let (option, amount, currency, desc) = (
            c(&["option"]),
            c(&["amount"]),
            c(&["currency"]),
            c(&["amount_description"]),
        );
        for (at, row) in t.iter() {
            let Some(Owner::Service(idx)) = self.owner(t, row, &at, log) else {
                continue;
            };
            let parts: Vec<String> = [
                value(row, option),
                value(row, amount).map(|a| {
                    format!("{a} {}", value(row, currency).unwrap_or_default().to_uppercase())
                        .trim()
                        .to_owned()
                }),
                value(row, desc),
            ]
            .into_iter()
            .flatten()
            .collect();
            if parts.is_empty() {
                log.push(&at, Some("amount"), "is empty", None, IssueOutcome::RowSkipped);
                continue;
            }
            if self.records[idx].fees.is_none() {
                self.records[idx].fees = Some(parts.join(": "));
            }
        }
    }

    /// Taxonomy names by term id: 1.x `taxonomy.csv` (the id is the code) and 3.0
    /// `taxonomy_terms.csv` (with a separate `code`).
    fn term_names(&mut self, taxonomy: Option<&Table>, terms: Option<&Table>) {
        for t in [taxonomy, terms].into_iter().flatten() {
            let (id, code, name, vocab) = (
                t.col(&["id"]),
                t.col(&["code"]),
                t.col(&["name"]),
                t.col(&["taxonomy", "vocabulary"]),
            );
            for (_, row) in t.iter() {
                let Some(term_id) = value(row, id) else { continue };
                let code = value(row, code).unwrap_or_else(|| term_id.clone());
                self.term_names
                    .insert(term_id, (code, value(row, name).unwrap_or_default(), value(row, vocab)));
            }
        }
    }

    fn term(&self, term_id: &str) -> TaxonomyTerm {
        match self.term_names.get(term_id) {
            Some((code, name, vocabulary)) => TaxonomyTerm {
                code: code.clone(),
                name: name.clone(),
                vocabulary: vocabulary.clone(),
            },
            None => TaxonomyTerm {
                code: term_id.to_owned(),
                name: String::new(),
                vocabulary: None,
            },
        }
    }

    /// HSDS 1.x allowed the term ids in a `taxonomy_ids` column of `services.csv`.
    fn taxonomy_ids_column(&mut self, services: &Table, _log: &mut IssueLog) {
        let (id, ids) = (services.col(&["id"]), services.col(&["taxonomy_ids"]));
        if ids.is_none() {
            return;
        }
        for (_, row) in services.iter() {
            let (Some(sid), Some(list)) = (value(row, id), value(row, ids)) else {
                continue;
            };
            let Some(&idx) = self.by_id.get(&sid) else { continue };
            for term_id in list.split([',', ';']).map(str::trim).filter(|s| !s.is_empty()) {
                let term = self.term(term_id);
                add_term(&mut self.records[idx], term);
            }
        }
    }

    fn service_taxonomy(&mut self, t: &Table, log: &mut IssueLog) {
        let term_col = t.col(&["taxonomy_id", "taxonomy_term_id"]);
        for (at, row) in t.iter() {
            let Some(Owner::Service(idx)) = self.owner(t, row, &at, log) else {
                continue;
            };
            let Some(term_id) = value(row, term_col) else {
                log.push(&at, Some("taxonomy_id"), "is empty", None, IssueOutcome::RowSkipped);
                continue;
            };
            if !self.term_names.is_empty() && !self.term_names.contains_key(&term_id) {
                log.push(
                    &at,
                    Some("taxonomy_id"),
                    "matches no taxonomy term (code kept)",
                    Some(&term_id),
                    IssueOutcome::ValueIgnored,
                );
            }
            let term = self.term(&term_id);
            add_term(&mut self.records[idx], term);
        }
    }

    /// HSDS 3.0 attributes: taxonomy terms linked to services; Frontdoor's own vocabularies
    /// carry need labels and flags.
    fn attributes(&mut self, t: &Table, log: &mut IssueLog) {
        let (link, entity, term_col) = (
            t.col(&["link_id"]),
            t.col(&["link_entity"]),
            t.col(&["taxonomy_term_id"]),
        );
        for (at, row) in t.iter() {
            let for_service = value(row, entity).is_none_or(|e| e.eq_ignore_ascii_case("service"));
            let Some(link_id) = value(row, link) else {
                log.push(&at, Some("link_id"), "is empty", None, IssueOutcome::RowSkipped);
                continue;
            };
            let Some(&idx) = self.by_id.get(&link_id) else {
                if for_service && value(row, entity).is_some() && !self.skipped.contains(&link_id) {
                    log.push(
                        &at,
                        Some("link_id"),
                        "matches no service",
                        Some(&link_id),
                        IssueOutcome::RowSkipped,
                    );
                }
                continue; // Attributes of locations or organisations are not service data.
            };
            let Some(term_id) = value(row, term_col) else {
                log.push(
                    &at,
                    Some("taxonomy_term_id"),
                    "is empty",
                    None,
                    IssueOutcome::RowSkipped,
                );
                continue;
            };
            let term = self.term(&term_id);
            apply_term(&mut self.records[idx], term, &at, log);
        }
    }

    /// Fills what comes from locations and organisations, then derives needs.
    fn finish(mut self) -> (Vec<ServiceRecord>, Vec<String>) {
        let mut records = std::mem::take(&mut self.records);
        let mut sal_of: HashMap<usize, Vec<String>> = HashMap::new();
        for (sal_id, (idx, _)) in &self.sal {
            sal_of.entry(*idx).or_default().push(sal_id.clone());
        }
        for (idx, record) in records.iter_mut().enumerate() {
            let loc_ids = &self.location_ids_of[idx];
            let org_id = &self.organization_of[idx];
            if record.phones.is_empty() {
                record.phones = self.sal_phones.get(&idx).cloned().unwrap_or_default();
            }
            for loc in loc_ids {
                if record.phones.is_empty() {
                    record.phones = self.location_phones.get(loc).cloned().unwrap_or_default();
                }
            }
            if record.phones.is_empty() {
                record.phones = self.organization_phones.get(org_id).cloned().unwrap_or_default();
            }
            // Hours: the service's own, else its service-at-location's, else its location's.
            let mut levels: Vec<HoursAt> = self.service_hours.remove(&idx).into_iter().collect();
            for sal_id in sal_of.get(&idx).into_iter().flatten() {
                levels.extend(self.sal_hours.remove(sal_id));
            }
            for loc in loc_ids {
                if let Some(h) = self.location_hours.get(loc) {
                    levels.push(HoursAt {
                        intervals: h.intervals.clone(),
                        note: h.note.clone(),
                    });
                }
            }
            for hours in levels {
                if record.hours_note.is_none() {
                    record.hours_note = hours.note.clone();
                }
                if record.hours.is_unknown() && !hours.intervals.is_empty() {
                    record.hours = WeeklyHours::new(hours.intervals);
                }
            }
            if record.languages.is_empty() {
                for loc in loc_ids {
                    if let Some((codes, notes)) = self.location_languages.get(loc) {
                        add_languages(record, codes.clone(), notes.clone());
                    }
                }
            }
            let org = self.organizations.get(org_id);
            if record.organization.is_empty() {
                record.organization = record
                    .locations
                    .iter()
                    .find_map(|l| l.name.clone())
                    .unwrap_or_else(|| record.name.clone());
            }
            finish_record(record, org.and_then(|(_, d)| d.as_deref()));
        }
        (records, self.skipped_order)
    }
}

/// Reads `opens_at`/`closes_at` of a schedule row, reporting what cannot be read.
fn read_opening(
    row: &csv::StringRecord,
    opens: Option<usize>,
    closes: Option<usize>,
    at: &Position<'_>,
    log: &mut IssueLog,
) -> Option<(u16, u16)> {
    let mut read = |col: Option<usize>, field: &str| {
        let Some(raw) = value(row, col) else {
            log.push(at, Some(field), "is empty", None, IssueOutcome::RowSkipped);
            return None;
        };
        let time = parse_clock(&raw);
        if time.is_none() {
            log.push(at, Some(field), "is not a time", Some(&raw), IssueOutcome::RowSkipped);
        }
        time
    };
    let o = read(opens, "opens_at")?;
    let c = read(closes, "closes_at")?;
    Some(opening_minutes(o, c))
}

fn append_line(slot: &mut Option<String>, text: String) {
    match slot {
        Some(existing) if !existing.contains(&text) => {
            existing.push('\n');
            existing.push_str(&text);
        }
        Some(_) => {}
        None => *slot = Some(text),
    }
}

pub(super) fn add_languages(record: &mut ServiceRecord, codes: Vec<String>, notes: Vec<String>) {
    record.languages.extend(codes);
    for note in notes {
        append_line(&mut record.language_note, note);
    }
}

pub(super) fn add_term(record: &mut ServiceRecord, term: TaxonomyTerm) {
    if !record.taxonomy.iter().any(|t| t.code == term.code) {
        record.taxonomy.push(term);
    }
}

/// Applies one taxonomy term: Frontdoor need labels and flags, or a plain term.
pub(super) fn apply_term(record: &mut ServiceRecord, term: TaxonomyTerm, at: &Position<'_>, log: &mut IssueLog) {
    match term.vocabulary.as_deref() {
        Some("frontdoor-need") => match term.code.parse::<NeedLabel>() {
            Ok(need) if !record.needs.contains(&need) => record.needs.insert(0, need),
            Ok(_) => {}
            Err(_) => log.push(
                at,
                Some("code"),
                "is not a need label",
                Some(&term.code),
                IssueOutcome::ValueIgnored,
            ),
        },
        Some("frontdoor-flag") => {
            if term.code == "demo" {
                record.demo = true;
            } else if !record.flags.contains(&term.code) {
                record.flags.push(term.code);
            }
        }
        _ => add_term(record, term),
    }
}
