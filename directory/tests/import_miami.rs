//! The real 211 Miami HSDS 1.x export, quirks included.

mod common;

use common::{hsds_data, CountingEmbedder};
use frontdoor_core::types::{NeedLabel, ServiceId};
use frontdoor_directory::import::{read_dataset, DatasetFormat, IssueOutcome};
use frontdoor_directory::store::{DirectoryStore, ImportOptions};

#[test]
fn miami_package_reads_every_service_and_reports_bad_rows() {
    let Some(path) = hsds_data("miami_open211_2019") else {
        return;
    };
    let data = read_dataset(&path).expect("the Miami package reads");
    assert_eq!(data.format, DatasetFormat::Hsds1Csv);
    assert_eq!(data.services.len(), 4089, "every service row has an id and a name");

    // Eligibility rows carry no service id: each is reported and skipped, none silently lost.
    let eligibility: Vec<_> = data.issues.iter().filter(|i| i.file == "eligibility.csv").collect();
    assert_eq!(eligibility.len(), 2244, "one issue per eligibility row");
    let first = eligibility[0];
    assert_eq!(first.row, Some(2));
    assert_eq!(first.field.as_deref(), Some("service_id"));
    assert_eq!(first.outcome, IssueOutcome::RowSkipped);
    assert_eq!(
        first.to_string(),
        "eligibility.csv row 2: `service_id` is empty (row skipped)"
    );

    // Schedules with empty times are reported by row and field.
    assert!(data
        .issues
        .iter()
        .any(|i| i.file == "regular_schedules.csv" && i.field.as_deref() == Some("opens_at")));
}

#[test]
fn miami_records_keep_what_a_navigator_reads_out() {
    let Some(path) = hsds_data("miami_open211_2019") else {
        return;
    };
    let data = read_dataset(&path).expect("reads");
    let girl_scouts = data
        .services
        .iter()
        .find(|s| s.id.as_str() == "136")
        .expect("service 136");
    assert_eq!(
        girl_scouts.organization,
        "GIRL SCOUTS COUNCIL OF TROPICAL FLORIDA, INC."
    );
    assert_eq!(girl_scouts.main_phone().as_deref(), Some("305-253-4841"));
    let address = girl_scouts.address_line().expect("an address");
    assert!(address.starts_with("11347 SW 160th Street, Miami, FL"), "{address}");
    assert!(!address.contains("FL ,"), "trailing spaces trimmed: {address}");
    assert_eq!(girl_scouts.hours.describe().as_deref(), Some("Mon–Fri 9am–5pm"));
    assert_eq!(girl_scouts.languages, ["en", "es", "ht"]);
    assert!(
        girl_scouts.point().is_none(),
        "this location has no coordinates in the export"
    );

    let no_literal_newlines = data.services.iter().all(|s| !s.description.contains("\\n"));
    assert!(no_literal_newlines, "literal \\n sequences become line breaks");
    let without_coordinates = data.services.iter().filter(|s| s.point().is_none()).count();
    assert!(
        without_coordinates > 1000,
        "missing coordinates are kept as unknown ({without_coordinates})"
    );
    let creole = data
        .services
        .iter()
        .filter(|s| s.languages.iter().any(|l| l == "ht"))
        .count();
    assert!(creole > 1000, "free-text Creole is read as Haitian Creole ({creole})");
    let food = data
        .services
        .iter()
        .filter(|s| s.needs.contains(&NeedLabel::Food))
        .count();
    assert!(food > 50, "BD codes map to food ({food})");
    let taxonomy_kept = data
        .services
        .iter()
        .flat_map(|s| &s.taxonomy)
        .any(|t| t.code == "BD-1800.2000" || t.code.starts_with("BD-"));
    assert!(taxonomy_kept, "AIRS codes kept as given");
}

#[test]
fn miami_import_is_idempotent() {
    let Some(path) = hsds_data("miami_open211_2019") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let embedder = CountingEmbedder::new(64);
    let mut store = DirectoryStore::open(dir.path()).unwrap();
    let first = store
        .apply_import(read_dataset(&path).unwrap(), &embedder, &ImportOptions::default())
        .unwrap();
    assert_eq!(first.imported, 4089);
    assert_eq!(first.embedded, 4089);
    assert!(first.skipped_rows >= 2244, "{first}");
    assert!(
        first.to_string().contains("eligibility.csv: `service_id` is empty"),
        "{first}"
    );

    embedder.reset();
    let mut reopened = DirectoryStore::open(dir.path()).unwrap();
    assert_eq!(reopened.len(), 4089);
    let second = reopened
        .apply_import(read_dataset(&path).unwrap(), &embedder, &ImportOptions::default())
        .unwrap();
    assert_eq!(
        (second.imported, second.updated, second.deleted, second.unchanged),
        (0, 0, 0, 4089),
        "{second}"
    );
    assert_eq!(embedder.embedded(), 0, "nothing re-embedded");
    assert!(reopened.records().any(|r| r.id == ServiceId::parse("136").unwrap()));
}
