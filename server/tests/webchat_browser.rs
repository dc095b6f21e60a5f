//! The web chat widget in a real browser: Debian's `chromium` driven by `playwright-core`
//! (`server/tests/browser/webchat.mjs`), against two servers on loopback running the real model
//! and dialogue: one with the bundled demo directory, one whose only service has HTML in its
//! name and description. Screenshots and axe reports land in `test-artifacts/webchat/`.
//! `.ci/run` (through `scripts/test-env`) installs chromium and the npm packages.

mod common;

use common::{spawn_app, test_config};
use frontdoor_server::StartOptions;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A one-service HSDS 3.0 file: the first demo service with hostile markup in its texts.
fn hostile_dataset(dir: &Path) -> PathBuf {
    let demo = std::fs::read_to_string(repo().join("directory/data/demo/ontario-demo.hsds.json")).unwrap();
    let services: Vec<serde_json::Value> = serde_json::from_str(&demo).unwrap();
    let mut service = services
        .into_iter()
        .find(|s| s["name"].as_str().is_some_and(|n| n.contains("picerie")))
        .expect("the demo directory's Toronto grocery service");
    service["name"] = "<img src=x onerror=\"window.__pwned=1\">Food bank <b>bold</b>".into();
    service["description"] = "Groceries and food hampers. <script>window.__pwned=2</script>".into();
    let file = dir.join("hostile.json");
    std::fs::write(&file, serde_json::to_string(&vec![service]).unwrap()).unwrap();
    file
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_widget_works_in_a_real_browser() {
    let browser_dir = repo().join("server/tests/browser");
    assert!(
        browser_dir.join("node_modules/playwright-core").exists(),
        "run `npm ci` in server/tests/browser (scripts/test-env does)"
    );
    assert!(
        Path::new("/usr/bin/chromium").exists() || std::env::var("CHROMIUM_PATH").is_ok(),
        "chromium is not installed (scripts/test-env installs it)"
    );

    let demo_dir = tempfile::tempdir().unwrap();
    let mut config = test_config(demo_dir.path(), "http://127.0.0.1:9/unused", None);
    config.models.path = std::env::var_os("FRONTDOOR_MODEL_PATH").map(PathBuf::from);
    let demo = spawn_app(config.clone(), StartOptions::default()).await;

    let hostile_dir = tempfile::tempdir().unwrap();
    let mut hostile_config = config.clone();
    hostile_config.data_dir = hostile_dir.path().to_owned();
    let dataset = hostile_dataset(hostile_dir.path());
    let model = frontdoor_server::models::load(&hostile_config).unwrap();
    let embedder = frontdoor_server::directory::E5Passages::new(model);
    frontdoor_directory::import_hsds(
        &dataset,
        &frontdoor_server::directory::directory_dir(&hostile_config),
        &embedder,
        &Default::default(),
    )
    .unwrap();
    let hostile = spawn_app(hostile_config, StartOptions::default()).await;

    let artifacts = repo().join("test-artifacts/webchat");
    let output = tokio::process::Command::new("node")
        .arg(browser_dir.join("webchat.mjs"))
        .arg(format!("http://{}", demo.addr()))
        .arg(format!("http://{}", hostile.addr()))
        .arg(&artifacts)
        .output()
        .await
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "browser checks failed:\n{stdout}");
    demo.shutdown().await.unwrap();
    hostile.shutdown().await.unwrap();
}
