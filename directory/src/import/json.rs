//! HSDS 3.0 JSON and NDJSON: `service` objects with their organisation, locations, phones,
//! schedules, languages and attributes nested inside.
//!
//! Values are read leniently (numbers as strings and strings as numbers), and a value of the
//! wrong shape is reported with its JSON path rather than failing the whole service.

use super::tabular::{add_languages, apply_term};
use super::{
    finish_record, parse_age, parse_byday, parse_coordinate, DatasetFormat, ImportError, IssueLog, IssueOutcome,
    ParsedDataset, Position,
};
use crate::hours::{opening_minutes, parse_clock, OpeningInterval, WeeklyHours};
use crate::languages;
use crate::record::{Address, Location, Phone, ServiceRecord, TaxonomyTerm};
use crate::text::clean;
use frontdoor_core::ports::GeoPoint;
use frontdoor_core::types::ServiceId;
use serde_json::{Map, Value};
use std::collections::HashMap;

type Obj = Map<String, Value>;

/// Reads one JSON document: an array of services, one service, an organisation with nested
/// `services`, or an API page with `contents`.
pub(super) fn read_value(name: &str, value: Value) -> Result<ParsedDataset, ImportError> {
    let mut reader = JsonReader::new(name);
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                reader.item(
                    item,
                    Position {
                        file: name,
                        unit: "item",
                        row: Some(i + 1),
                    },
                );
            }
        }
        Value::Object(ref obj) if obj.get("contents").is_some_and(Value::is_array) => {
            for (i, item) in obj["contents"].as_array().into_iter().flatten().enumerate() {
                reader.item(
                    item,
                    Position {
                        file: name,
                        unit: "item",
                        row: Some(i + 1),
                    },
                );
            }
        }
        Value::Object(_) => reader.item(
            &value,
            Position {
                file: name,
                unit: "item",
                row: None,
            },
        ),
        _ => {
            return Err(ImportError::Malformed {
                file: name.to_owned(),
                reason: "expected an HSDS service object or an array of them".to_owned(),
            })
        }
    }
    Ok(reader.finish(DatasetFormat::Hsds3Json))
}

/// Reads newline-delimited JSON, one object per line.
pub(super) fn read_ndjson(name: &str, text: &str) -> Result<ParsedDataset, ImportError> {
    let mut reader = JsonReader::new(name);
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = Position {
            file: name,
            unit: "line",
            row: Some(i + 1),
        };
        match serde_json::from_str::<Value>(line) {
            Ok(value) => reader.item(&value, at),
            Err(err) => reader.log.push(
                &at,
                None,
                format!("is not JSON ({err})"),
                None,
                IssueOutcome::ServiceSkipped,
            ),
        }
    }
    Ok(reader.finish(DatasetFormat::Hsds3Ndjson))
}

struct JsonReader {
    source: String,
    log: IssueLog,
    services: Vec<ServiceRecord>,
    seen: HashMap<String, String>,
    skipped: Vec<String>,
}

impl JsonReader {
    fn new(name: &str) -> Self {
        Self {
            source: name.to_owned(),
            log: IssueLog::default(),
            services: Vec::new(),
            seen: HashMap::new(),
            skipped: Vec::new(),
        }
    }

    fn finish(self, format: DatasetFormat) -> ParsedDataset {
        ParsedDataset {
            source: self.source,
            format,
            services: self.services,
            issues: self.log.issues,
            skipped_ids: self.skipped,
        }
    }

    /// One top-level value: a service, or an organisation holding services.
    fn item(&mut self, value: &Value, at: Position<'_>) {
        let Some(obj) = value.as_object() else {
            self.log
                .push(&at, None, "is not a JSON object", None, IssueOutcome::ServiceSkipped);
            return;
        };
        let nested = obj.get("services").and_then(Value::as_array);
        match nested {
            Some(services) if !obj.contains_key("service_at_locations") => {
                for (i, service) in services.iter().enumerate() {
                    let field = format!("services[{i}]");
                    match service.as_object() {
                        Some(s) => self.service(s, Some(obj), &at, &format!("{field}.")),
                        None => self.log.push(
                            &at,
                            Some(&field),
                            "is not a JSON object",
                            None,
                            IssueOutcome::ServiceSkipped,
                        ),
                    }
                }
            }
            _ => self.service(obj, None, &at, ""),
        }
    }

    fn service(&mut self, obj: &Obj, organization: Option<&Obj>, at: &Position<'_>, path: &str) {
        let field = |name: &str| format!("{path}{name}");
        let Some(raw_id) = text(obj, "id") else {
            self.log
                .push(at, Some(&field("id")), "is empty", None, IssueOutcome::ServiceSkipped);
            return;
        };
        let here = match at.row {
            Some(row) => format!("{} {row}", at.unit),
            None => "the document".to_owned(),
        };
        if let Some(first) = self.seen.get(&raw_id) {
            let problem = format!("repeats the id of {first}");
            self.log.push(
                at,
                Some(&field("id")),
                problem,
                Some(&raw_id),
                IssueOutcome::ServiceSkipped,
            );
            return;
        }
        self.seen.insert(raw_id.clone(), here);
        let Ok(id) = ServiceId::parse(&raw_id) else {
            self.log.push(
                at,
                Some(&field("id")),
                "is not a usable id (1-200 printable characters)",
                Some(&raw_id),
                IssueOutcome::ServiceSkipped,
            );
            self.skipped.push(raw_id);
            return;
        };
        let Some(name) = text(obj, "name") else {
            self.log
                .push(at, Some(&field("name")), "is empty", None, IssueOutcome::ServiceSkipped);
            self.skipped.push(raw_id);
            return;
        };
        let org = obj.get("organization").and_then(Value::as_object).or(organization);
        let mut ctx = ServiceContext {
            log: &mut self.log,
            at,
            path,
        };
        let mut record = ServiceRecord {
            id,
            name,
            alternate_name: text(obj, "alternate_name"),
            organization: org.and_then(|o| text(o, "name")).unwrap_or_default(),
            description: text(obj, "description").unwrap_or_default(),
            url: text(obj, "url"),
            email: text(obj, "email"),
            phones: Vec::new(),
            locations: Vec::new(),
            hours: WeeklyHours::default(),
            hours_note: None,
            languages: Vec::new(),
            language_note: text(obj, "interpretation_services"),
            eligibility: text(obj, "eligibility_description"),
            min_age: ctx.age(obj, "minimum_age"),
            max_age: ctx.age(obj, "maximum_age"),
            fees: text(obj, "fees_description").or_else(|| text(obj, "fees")),
            application_process: text(obj, "application_process"),
            taxonomy: Vec::new(),
            needs: Vec::new(),
            service_areas: Vec::new(),
            status: text(obj, "status"),
            demo: false,
            flags: Vec::new(),
        };
        if record.organization.is_empty() {
            ctx.push("organization.name", "is empty", None, IssueOutcome::ValueIgnored);
        }
        ctx.fill(&mut record, obj, org);
        if record.organization.is_empty() {
            record.organization = record
                .locations
                .iter()
                .find_map(|l| l.name.clone())
                .unwrap_or_else(|| record.name.clone());
        }
        finish_record(
            &mut record,
            org.and_then(|o| o.get("description")).and_then(Value::as_str),
        );
        self.services.push(record);
    }
}

/// Reads the nested parts of one service, reporting issues with their JSON path.
struct ServiceContext<'a, 'p> {
    log: &'a mut IssueLog,
    at: &'a Position<'p>,
    path: &'a str,
}

impl ServiceContext<'_, '_> {
    fn push(&mut self, field: &str, problem: &str, value: Option<&str>, outcome: IssueOutcome) {
        let full = format!("{}{field}", self.path);
        self.log.push(self.at, Some(&full), problem, value, outcome);
    }

    fn age(&mut self, obj: &Obj, key: &str) -> Option<u32> {
        let raw = text(obj, key).unwrap_or_default();
        parse_age(&raw).unwrap_or_else(|problem| {
            self.push(key, problem, Some(&raw), IssueOutcome::ValueIgnored);
            None
        })
    }

    fn fill(&mut self, record: &mut ServiceRecord, obj: &Obj, org: Option<&Obj>) {
        let sals = array(obj, "service_at_locations");
        let mut location_objs: Vec<(String, &Obj)> = Vec::new();
        for (i, sal) in sals.iter().enumerate() {
            let Some(loc) = sal
                .as_object()
                .and_then(|s| s.get("location"))
                .and_then(Value::as_object)
            else {
                self.push(
                    &format!("service_at_locations[{i}].location"),
                    "is missing",
                    None,
                    IssueOutcome::ValueIgnored,
                );
                continue;
            };
            let loc_path = format!("service_at_locations[{i}].location");
            record.locations.push(self.location(loc, &loc_path));
            location_objs.push((loc_path, loc));
        }
        // Phones: the service's own, else a service-at-location's, else a location's, else the
        // organisation's.
        record.phones = self.phones(obj, "phones");
        for (i, sal) in sals.iter().enumerate() {
            if record.phones.is_empty() {
                if let Some(s) = sal.as_object() {
                    record.phones = self.phones(s, &format!("service_at_locations[{i}].phones"));
                }
            }
        }
        for (p, loc) in &location_objs {
            if record.phones.is_empty() {
                record.phones = self.phones(loc, &format!("{p}.phones"));
            }
        }
        if record.phones.is_empty() {
            if let Some(o) = org {
                record.phones = self.phones(o, "organization.phones");
            }
        }
        // Hours, with the same precedence.
        let mut sources: Vec<(String, &Obj)> = vec![(String::new(), obj)];
        for (i, sal) in sals.iter().enumerate() {
            if let Some(s) = sal.as_object() {
                sources.push((format!("service_at_locations[{i}]."), s));
            }
        }
        sources.extend(location_objs.iter().map(|(p, l)| (format!("{p}."), *l)));
        for (prefix, source) in &sources {
            let (hours, note) = self.schedules(source, prefix);
            if record.hours_note.is_none() {
                record.hours_note = note;
            }
            if record.hours.is_unknown() && !hours.is_empty() {
                record.hours = WeeklyHours::new(hours);
            }
        }
        // Languages: the service's, else its locations'.
        self.languages(record, obj, "languages");
        for (p, loc) in &location_objs {
            if record.languages.is_empty() {
                self.languages(record, loc, &format!("{p}.languages"));
            }
        }
        for (i, area) in array(obj, "service_areas").iter().enumerate() {
            match area
                .as_object()
                .and_then(|a| text(a, "name").or_else(|| text(a, "description")))
            {
                Some(name) => record.service_areas.push(name),
                None => self.push(
                    &format!("service_areas[{i}].name"),
                    "is empty",
                    None,
                    IssueOutcome::RowSkipped,
                ),
            }
        }
        if record.fees.is_none() {
            record.fees = cost_options(obj);
        }
        for (i, attr) in array(obj, "attributes").iter().enumerate() {
            let term = attr.as_object().and_then(|a| {
                let t = a.get("taxonomy_term").and_then(Value::as_object);
                let code = t
                    .and_then(|t| text(t, "code"))
                    .or_else(|| t.and_then(|t| text(t, "id")))
                    .or_else(|| text(a, "taxonomy_term_id"))?;
                Some(TaxonomyTerm {
                    code,
                    name: t.and_then(|t| text(t, "name")).unwrap_or_default(),
                    vocabulary: t.and_then(|t| text(t, "taxonomy")),
                })
            });
            match term {
                Some(term) => {
                    let here = format!("{}attributes[{i}].taxonomy_term", self.path);
                    let at = *self.at;
                    let mut sub = IssueLog::default();
                    apply_term(record, term, &at, &mut sub);
                    for mut issue in sub.issues {
                        issue.field = Some(format!("{here}.code"));
                        self.log.issues.push(issue);
                    }
                }
                None => self.push(
                    &format!("attributes[{i}].taxonomy_term"),
                    "is missing",
                    None,
                    IssueOutcome::RowSkipped,
                ),
            }
        }
    }

    fn location(&mut self, loc: &Obj, path: &str) -> Location {
        let mut coord = |key: &str, limit: f64| {
            let raw = text(loc, key).unwrap_or_default();
            parse_coordinate(&raw, limit).unwrap_or_else(|problem| {
                self.push(
                    &format!("{path}.{key}"),
                    problem,
                    Some(&raw),
                    IssueOutcome::ValueIgnored,
                );
                None
            })
        };
        let point = match (coord("latitude", 90.0), coord("longitude", 180.0)) {
            (Some(lat), Some(lon)) => Some(GeoPoint { lat, lon }),
            _ => None,
        };
        let address = array(loc, "addresses")
            .iter()
            .filter_map(Value::as_object)
            .find(|a| !text(a, "address_type").is_some_and(|t| t.eq_ignore_ascii_case("postal")))
            .and_then(address);
        Location {
            name: text(loc, "name"),
            address,
            point,
            kind: text(loc, "location_type"),
        }
    }

    fn phones(&mut self, obj: &Obj, key: &str) -> Vec<Phone> {
        let mut phones = Vec::new();
        for (i, p) in array(obj, key).iter().enumerate() {
            let Some(p) = p.as_object() else { continue };
            match text(p, "number") {
                Some(number) => phones.push(Phone {
                    number: number.trim_matches('"').to_owned(),
                    extension: text(p, "extension"),
                    kind: text(p, "type"),
                    description: text(p, "description"),
                }),
                None => self.push(
                    &format!("{key}[{i}].number"),
                    "is empty",
                    None,
                    IssueOutcome::RowSkipped,
                ),
            }
        }
        phones
    }

    fn schedules(&mut self, obj: &Obj, prefix: &str) -> (Vec<OpeningInterval>, Option<String>) {
        let mut intervals = Vec::new();
        let mut note = None;
        for (i, s) in array(obj, "schedules").iter().enumerate() {
            let Some(s) = s.as_object() else { continue };
            let field = |name: &str| format!("{prefix}schedules[{i}].{name}");
            if note.is_none() {
                note = text(s, "description");
            }
            if !text(s, "freq").is_none_or(|f| f.eq_ignore_ascii_case("weekly")) {
                continue; // Not weekly opening hours: the description stays as the note.
            }
            let Some(byday) = text(s, "byday") else {
                if text(s, "opens_at").is_some() {
                    self.push(&field("byday"), "is empty", None, IssueOutcome::RowSkipped);
                }
                continue;
            };
            let Some(days) = parse_byday(&byday) else {
                self.push(
                    &field("byday"),
                    "is not a list of weekdays",
                    Some(&byday),
                    IssueOutcome::RowSkipped,
                );
                continue;
            };
            let mut read = |key: &str| {
                let Some(raw) = text(s, key) else {
                    self.push(&field(key), "is empty", None, IssueOutcome::RowSkipped);
                    return None;
                };
                let time = parse_clock(&raw);
                if time.is_none() {
                    self.push(&field(key), "is not a time", Some(&raw), IssueOutcome::RowSkipped);
                }
                time
            };
            let Some(opens) = read("opens_at") else { continue };
            let Some(closes) = read("closes_at") else { continue };
            let (o, c) = opening_minutes(opens, closes);
            intervals.extend(days.into_iter().map(|day| OpeningInterval {
                day,
                opens: o,
                closes: c,
            }));
        }
        (intervals, note)
    }

    fn languages(&mut self, record: &mut ServiceRecord, obj: &Obj, key: &str) {
        for (i, l) in array(obj, key).iter().enumerate() {
            let Some(l) = l.as_object() else { continue };
            let notes: Vec<String> = text(l, "note").into_iter().collect();
            if let Some(code) = text(l, "code") {
                match languages::normalise_code(&code) {
                    Some(code) => add_languages(record, vec![code], notes),
                    None => self.push(
                        &format!("{key}[{i}].code"),
                        "is not a language code",
                        Some(&code),
                        IssueOutcome::RowSkipped,
                    ),
                }
            } else if let Some(name) = text(l, "name") {
                let codes = languages::codes_in_text(&name);
                let extra = if codes.is_empty() { vec![name] } else { notes };
                add_languages(record, codes, extra);
            } else {
                self.push(
                    &format!("{key}[{i}]"),
                    "has neither `code` nor `name`",
                    None,
                    IssueOutcome::RowSkipped,
                );
            }
        }
    }
}

/// A string field, cleaned; numbers are read as their text.
fn text(obj: &Obj, key: &str) -> Option<String> {
    match obj.get(key)? {
        Value::String(s) => clean(s),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn array<'v>(obj: &'v Obj, key: &str) -> &'v [Value] {
    obj.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

fn address(a: &Obj) -> Option<Address> {
    let street: Vec<String> = ["address_1", "address_2", "address_3", "address_4"]
        .iter()
        .filter_map(|k| text(a, k))
        .collect();
    let address = Address {
        street: street.join(", "),
        city: text(a, "city"),
        region: text(a, "state_province"),
        postal_code: text(a, "postal_code"),
        country: text(a, "country"),
    };
    (!address.street.is_empty() || address.city.is_some()).then_some(address)
}

fn cost_options(obj: &Obj) -> Option<String> {
    let parts: Vec<String> = array(obj, "cost_options")
        .iter()
        .filter_map(Value::as_object)
        .filter_map(|c| {
            let amount = text(c, "amount").map(|a| {
                format!("{a} {}", text(c, "currency").unwrap_or_default().to_uppercase())
                    .trim()
                    .to_owned()
            });
            let bits: Vec<String> = [text(c, "option"), amount, text(c, "amount_description")]
                .into_iter()
                .flatten()
                .collect();
            (!bits.is_empty()).then(|| bits.join(": "))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}
