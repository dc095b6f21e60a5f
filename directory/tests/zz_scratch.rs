mod common;
use frontdoor_directory::store::{DirectoryStore, ImportOptions};
#[test]
fn show() {
    for name in [
        "miami_open211_2019",
        "sample_hsds_datapackage_v1.1",
        "hsds_spec_v3.0/examples/csv",
        "ohana_sanmateo_sample",
    ] {
        let Some(path) = common::hsds_data(name) else { continue };
        let dir = tempfile::tempdir().unwrap();
        let e = common::CountingEmbedder::new(32);
        let mut store = DirectoryStore::open(dir.path()).unwrap();
        match frontdoor_directory::import::read_dataset(&path) {
            Ok(d) => {
                let s = store.apply_import(d, &e, &ImportOptions::default()).unwrap();
                println!("{s}");
                for r in store.records().take(2) {
                    println!("{}", serde_json::to_string_pretty(r).unwrap());
                }
            }
            Err(e) => println!("ERR {e}"),
        }
    }
}
