//! HSDS 3.0 JSON, NDJSON and CSV packages, the 1.1 sample package, and row-level errors.

mod common;

use common::{demo_json, hsds_data};
use frontdoor_core::types::NeedLabel;
use frontdoor_directory::import::{read_dataset, read_json_text, DatasetFormat, IssueOutcome};

#[test]
fn the_demo_directory_imports_all_413_services() {
    let data = read_dataset(&demo_json()).expect("demo reads");
    assert_eq!(data.format, DatasetFormat::Hsds3Json);
    assert_eq!(data.services.len(), 413);
    assert!(
        data.issues.is_empty(),
        "the demo is clean: {:?}",
        data.issues.first().map(ToString::to_string)
    );
    assert!(data.services.iter().all(|s| s.demo), "every record is marked demo");
    for need in NeedLabel::ALL.iter().filter(|n| **n != NeedLabel::Other) {
        assert!(
            data.services.iter().any(|s| s.needs.first() == Some(need)),
            "explicit need {need} is first"
        );
    }
    let first = &data.services[0];
    assert_eq!(first.name, "Paniers d'épicerie d'urgence");
    assert_eq!(first.organization, "Banque alimentaire communautaire Aurore");
    assert_eq!(first.main_phone().as_deref(), Some("+1 647 555-0131"));
    assert_eq!(
        first.address_line().as_deref(),
        Some("371 Dundas Street West, Toronto, ON M5T 8A6")
    );
    assert_eq!(
        first.hours.describe().as_deref(),
        Some("Tue, Thu 10am–3pm; Sat 10am–1pm")
    );
    assert_eq!(first.languages, ["fr", "en"]);
    assert_eq!(first.taxonomy[0].code, "BD-1800.2000");
    assert_eq!(first.service_areas, ["Toronto"]);
    let aged = data
        .services
        .iter()
        .filter(|s| s.min_age.is_some() || s.max_age.is_some())
        .count();
    assert_eq!(aged, 178, "minimum and maximum ages kept");
    let confidential = data
        .services
        .iter()
        .filter(|s| s.flags.iter().any(|f| f == "confidential_address"))
        .count();
    assert_eq!(confidential, 22);
    let always = data.services.iter().filter(|s| s.hours.is_always_open()).count();
    assert!(always >= 10, "24/7 services ({always})");
}

#[test]
fn ndjson_single_objects_and_bad_lines() {
    let demo = std::fs::read_to_string(demo_json()).unwrap();
    let services: Vec<serde_json::Value> = serde_json::from_str(&demo).unwrap();
    let mut lines: Vec<String> = services[..3].iter().map(|s| s.to_string()).collect();
    lines.insert(1, "{not json".to_owned());
    let data = read_json_text("sample.ndjson", &lines.join("\n")).unwrap();
    assert_eq!(data.format, DatasetFormat::Hsds3Ndjson);
    assert_eq!(data.services.len(), 3);
    assert_eq!(data.issues.len(), 1);
    assert!(
        data.issues[0]
            .to_string()
            .starts_with("sample.ndjson line 2: is not JSON"),
        "{}",
        data.issues[0]
    );

    let single = read_json_text("one.json", &services[5].to_string()).unwrap();
    assert_eq!(single.services.len(), 1);
    let no_extension = read_json_text("dump", &lines.join("\n")).unwrap();
    assert_eq!(
        no_extension.format,
        DatasetFormat::Hsds3Ndjson,
        "several objects on lines is NDJSON"
    );
}

#[test]
fn json_errors_name_the_item_and_field() {
    let text = r#"[
        {"id": "a", "name": "Food bank", "organization": {"name": "Org"}},
        {"id": "", "name": "No id"},
        {"id": "b", "name": "   "},
        {"id": "a", "name": "Again"},
        {"id": "c", "name": "Clinic", "organization": {"name": "Org"}, "minimum_age": "twelve",
         "service_at_locations": [{"location": {"latitude": "95", "longitude": -79.4}}],
         "schedules": [{"freq": "WEEKLY", "byday": "MO", "opens_at": "9h", "closes_at": "17:00"}]}
    ]"#;
    let data = read_json_text("x.json", text).unwrap();
    assert_eq!(data.services.len(), 2);
    let lines: Vec<String> = data.issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "x.json item 2: `id` is empty (service skipped)",
            "x.json item 3: `name` is empty (service skipped)",
            "x.json item 4: `id` \"a\" repeats the id of item 1 (service skipped)",
            "x.json item 5: `minimum_age` \"twelve\" is not a number (value ignored)",
            "x.json item 5: `service_at_locations[0].location.latitude` \"95\" is out of range (value ignored)",
            "x.json item 5: `schedules[0].opens_at` \"9h\" is not a time (row skipped)",
        ]
    );
    assert_eq!(data.skipped_ids, ["b"]);
    assert_eq!(data.issues[0].outcome, IssueOutcome::ServiceSkipped);
}

#[test]
fn organisation_objects_with_nested_services() {
    let text = r#"{"id": "o1", "name": "Riverside Org", "services": [{"id": "s1", "name": "Pantry"}, {"id": "s2", "name": "Meals"}]}"#;
    let data = read_json_text("org.json", text).unwrap();
    assert_eq!(data.services.len(), 2);
    assert!(data.services.iter().all(|s| s.organization == "Riverside Org"));
}

#[test]
fn the_open_referral_1_1_sample_package() {
    let Some(path) = hsds_data("sample_hsds_datapackage_v1.1") else {
        return;
    };
    let data = read_dataset(&path).unwrap();
    assert_eq!(data.format, DatasetFormat::Hsds1Csv);
    assert_eq!(data.services.len(), 13);
    let helpline = data
        .services
        .iter()
        .find(|s| s.name == "Never Homeless Helpline")
        .unwrap();
    assert_eq!(helpline.organization, "Sanctuary Example City");
    assert_eq!(
        helpline.hours.describe().as_deref(),
        Some("Mon–Wed 9am–5pm"),
        "numbered weekdays, 24-hour times"
    );
    assert_eq!(helpline.eligibility.as_deref(), Some("adult"));
    assert_eq!(helpline.languages, ["en", "es"]);
    assert!(data.issues.is_empty(), "{:?}", data.issues);
}

#[test]
fn the_hsds_3_csv_example_package() {
    let Some(path) = hsds_data("hsds_spec_v3.0/examples/csv") else {
        return;
    };
    let data = read_dataset(&path).unwrap();
    assert_eq!(data.format, DatasetFormat::Hsds3Csv);
    assert_eq!(data.services.len(), 1);
    let s = &data.services[0];
    assert_eq!(s.name, "Community Counselling");
    assert_eq!((s.min_age, s.max_age), (Some(12), Some(100)));
    assert_eq!(s.languages, ["ur"]);
    assert_eq!(s.main_phone().as_deref(), Some("+44 1234 234567 ext. 100"));
    assert_eq!(s.hours.describe().as_deref(), Some("Thu, Fri 10am–6pm"));
    let lat = data
        .issues
        .iter()
        .find(|i| i.field.as_deref() == Some("latitude"))
        .expect("latitude 100 reported");
    assert_eq!(
        lat.to_string(),
        "locations.csv row 2: `latitude` \"100\" is out of range (value ignored)"
    );
}

#[test]
fn the_hsds_3_json_example_service() {
    let Some(path) = hsds_data("hsds_spec_v3.0/examples/service_full.json") else {
        return;
    };
    let data = read_dataset(&path).unwrap();
    assert_eq!(data.services.len(), 1);
    assert_eq!(data.services[0].organization, "Example Organization Inc.");
}

#[test]
fn a_folder_without_services_is_refused_with_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let err = read_dataset(dir.path()).unwrap_err().to_string();
    assert!(err.contains("no services.csv"), "{err}");
}

#[test]
fn csv_rows_are_reported_by_file_row_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write("organizations.csv", "id,name\no1,Org One\n");
    write(
        "services.csv",
        "id,organization_id,name,description\ns1,o1,Pantry,Food \\n for all \n,o1,No id,x\ns2,o1,,x\ns1,o1,Again,x\n",
    );
    write("regular_schedules.csv", "id,service_id,weekday,opens_at,closes_at\nr1,s1,Monday,9:00am,5:00pm\nr2,s1,Funday,9,5\nr3,zz,Monday,9,5\nr4,s2,Monday,9,5\n");
    let data = read_dataset(dir.path()).unwrap();
    assert_eq!(data.services.len(), 1);
    assert_eq!(data.services[0].description, "Food\nfor all");
    let lines: Vec<String> = data.issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "services.csv row 3: `id` is empty (service skipped)",
            "services.csv row 4: `name` is empty (service skipped)",
            "services.csv row 5: `id` \"s1\" repeats the id of row 2 (service skipped)",
            "regular_schedules.csv row 3: `weekday` \"Funday\" is not a day of the week (row skipped)",
            "regular_schedules.csv row 4: `service_id` \"zz\" matches no service (row skipped)",
        ],
        "rows of the skipped service s2 are covered by its own issue"
    );
}
