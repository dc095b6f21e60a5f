//! The warm handoff end to end in a real browser (`server/tests/browser/inbox.mjs`): a person in
//! the web widget is handed off, a navigator signs in, claims, replies (the reply reaches the
//! widget) and resolves; then the interaction record holds the navigator's disposition.
//! Screenshots of the queue and the card land in `test-artifacts/inbox/`.

mod common;

use common::{spawn_app, test_config};
use frontdoor_core::event::Event;
use frontdoor_core::types::Timestamp;
use frontdoor_server::StartOptions;
use std::path::{Path, PathBuf};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_navigator_takes_over_from_the_widget_in_a_real_browser() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let browser_dir = repo.join("server/tests/browser");
    assert!(
        browser_dir.join("node_modules/playwright-core").exists(),
        "run `npm ci` in server/tests/browser (scripts/test-env does)"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(dir.path(), "http://127.0.0.1:9/unused", None);
    config.models.path = std::env::var_os("FRONTDOOR_MODEL_PATH").map(PathBuf::from);
    config.inbox.auto_assign = false; // navigators claim by hand here; the store suite tests assignment
    let store = frontdoor_store::connect(&config.database_url()).await.unwrap();
    let password = "a long navigator password";
    store
        .save_navigator(&common::navigator("maya", "Maya R.", password))
        .await
        .unwrap();
    let app = spawn_app(config, StartOptions::default()).await;

    let output = tokio::process::Command::new("node")
        .arg(browser_dir.join("inbox.mjs"))
        .arg(format!("http://{}", app.addr()))
        .arg("maya")
        .arg(password)
        .arg(repo.join("test-artifacts/inbox"))
        .output()
        .await
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    eprintln!("{stdout}{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "browser steps failed:\n{stdout}");

    let conversations = store.conversations_since(Timestamp(0), 10).await.unwrap();
    let mut resolved = false;
    for c in &conversations {
        let events = store.events(c.id).await.unwrap();
        resolved |= events.iter().any(|e| matches!(e.event, Event::HandoffResolved { .. }));
    }
    assert!(
        resolved,
        "the navigator's disposition must be in the conversation's events"
    );
    app.shutdown().await.unwrap();
}
