//! Entities: the case table in `fixtures/entities_cases.tsv` (place names in several languages,
//! postal codes, redaction) against the real Ontario gazetteer, and the gazetteer reader's errors.

use std::path::Path;
use std::sync::OnceLock;

use frontdoor_core::types::Fsa;
use frontdoor_nlu::entities::{
    find_emails, find_phone_numbers, find_postal_codes, redact, GazetteerError, PlaceKind, PlaceMatcher,
};

fn gazetteer() -> &'static PlaceMatcher {
    static PLACES: OnceLock<PlaceMatcher> = OnceLock::new();
    PLACES.get_or_init(|| {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../directory/data/places/ontario-places.tsv");
        let tsv = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        PlaceMatcher::from_tsv(&tsv).expect("the committed gazetteer reads")
    })
}

/// (check, text, expected) rows of the case table.
fn cases() -> Vec<(String, String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/entities_cases.tsv");
    let raw = std::fs::read_to_string(&path).expect("entities_cases.tsv");
    raw.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            assert_eq!(cols.len(), 3, "entities_cases.tsv: want 3 columns in {l:?}");
            (cols[0].to_owned(), cols[1].to_owned(), cols[2].to_owned())
        })
        .collect()
}

fn describe_places(text: &str) -> String {
    let found = gazetteer().find(text);
    if found.is_empty() {
        return "-".into();
    }
    found
        .iter()
        .map(|m| format!("{}/{}", m.place.name, m.place.municipality.as_deref().unwrap_or("")))
        .collect::<Vec<_>>()
        .join(";")
}

fn describe_postal(text: &str) -> String {
    let found = find_postal_codes(text);
    if found.is_empty() {
        return "-".into();
    }
    found
        .iter()
        .map(|m| match m.full {
            Some(_) => format!("{} full", m.fsa),
            None => m.fsa.to_string(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

#[test]
fn case_table_holds() {
    let mut failures = Vec::new();
    let all = cases();
    for (check, text, want) in &all {
        let got = match check.as_str() {
            "place" => describe_places(text),
            "postal" => describe_postal(text),
            "redact" => redact(text),
            other => panic!("entities_cases.tsv: unknown check {other}"),
        };
        if &got != want {
            failures.push(format!("{check} {text:?}: want {want:?}, got {got:?}"));
        }
    }
    assert!(all.len() >= 50, "expected the whole case table, read {}", all.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn phone_numbers_and_emails_parse_into_core_types() {
    let phones = find_phone_numbers("call (416) 555-0123 or +44 20 7946 0958, or 555-0199");
    let parsed: Vec<Option<&str>> = phones.iter().map(|p| p.number.as_ref().map(|n| n.as_str())).collect();
    assert_eq!(parsed, [Some("+14165550123"), Some("+442079460958"), None]);
    let emails = find_emails("write Jo@Example.ORG or jo at gmail dot com");
    assert_eq!(emails.len(), 2);
    assert_eq!(emails[0].address.as_ref().map(|a| a.as_str()), Some("Jo@example.org"));
    assert!(
        emails[1].address.is_none(),
        "a spelled-out address is found but not parsed"
    );
}

#[test]
fn fsa_rows_give_a_centroid_and_municipality() {
    let k1p = gazetteer()
        .fsa(&Fsa::parse("K1P").unwrap())
        .expect("K1P is an Ontario FSA");
    assert_eq!(k1p.kind, PlaceKind::Fsa);
    assert_eq!(k1p.municipality.as_deref(), Some("Ottawa"));
    assert!(
        (k1p.lat - 45.42).abs() < 0.1 && (k1p.lon + 75.70).abs() < 0.1,
        "{k1p:?}"
    );
    assert!(
        gazetteer().fsa(&Fsa::parse("H2X").unwrap()).is_none(),
        "Montréal is not in the Ontario gazetteer"
    );
}

#[test]
fn a_mention_carries_coordinates_and_the_words_as_written() {
    let found = gazetteer().find("Looking for a shelter in THUNDER BAY tonight");
    assert_eq!(found.len(), 1);
    let m = &found[0];
    assert_eq!(m.matched, "THUNDER BAY");
    assert_eq!(m.place.kind, PlaceKind::Municipality);
    assert!(
        (m.place.lat - 48.4).abs() < 0.2 && (m.place.lon + 89.2).abs() < 0.3,
        "{:?}",
        m.place
    );
}

#[test]
fn gazetteer_errors_name_the_line_and_column() {
    let missing = PlaceMatcher::from_tsv("kind\tcode\tname\n").unwrap_err();
    assert_eq!(missing, GazetteerError::MissingColumn("alt_names"));
    let header = "kind\tcode\tname\talt_names\tlat\tlon\tpopulation\tmunicipality\n";
    let bad_lat = format!("{header}municipality\t1\tToronto\t\tnorth\t-79.4\t2794356\tToronto\n");
    let err = PlaceMatcher::from_tsv(&bad_lat).unwrap_err();
    assert_eq!(err.to_string(), "gazetteer line 2: `lat` is not a number");
}

/// Not a pass/fail check: lists what the matcher finds in the NLU sets, to review by eye
/// (`cargo test --test entities -- --nocapture places_found_in_the_nlu_sets`).
#[test]
fn places_found_in_the_nlu_sets() {
    let mut found = 0;
    let mut lines = Vec::new();
    for split in ["train", "dev", "test"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../eval-sets/nlu/{split}.jsonl"));
        lines.extend(
            std::fs::read_to_string(&path)
                .expect("NLU split")
                .lines()
                .map(str::to_owned),
        );
    }
    for line in lines.iter().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let text = v["text"].as_str().unwrap_or_default();
        for m in gazetteer().find(text) {
            found += 1;
            println!("{:<24} {:<16} <- {:?}", m.place.name, m.matched, text);
        }
    }
    println!("{found} place mentions");
}
