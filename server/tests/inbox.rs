//! The navigator inbox over real HTTP, with the real model and dialogue: the queue puts crisis
//! first, pages and actions refuse anonymous users and cross-site forms, roles are enforced, two
//! simultaneous claims have one winner, the bot stays silent while a navigator owns the
//! conversation, replies go out through the person's channel, transcripts are escaped, the
//! disposition reaches the interaction record, and repeated wrong passwords lock an account.

mod common;

use common::{post_message, spawn_app, test_config, Sink};
use frontdoor_core::inbox::{Navigator, Role};
use frontdoor_core::ports::Store;
use frontdoor_core::record::{InteractionRecord, NeedOutcome};
use frontdoor_core::types::{LanguageTag, NeedLabel};
use frontdoor_server::StartOptions;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

const PASSWORD: &str = "correct horse battery staple";

async fn add(store: &Arc<dyn Store>, username: &str, role: Role) -> Navigator {
    let navigator = Navigator {
        role,
        ..common::navigator(username, username, PASSWORD)
    };
    store.save_navigator(&navigator).await.unwrap();
    navigator
}

/// A signed-in browser: its cookie and the CSRF token from its pages.
struct Browser {
    client: reqwest::Client,
    base: String,
    cookie: String,
    csrf: String,
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn try_login(base: &str, username: &str, password: &str) -> reqwest::Response {
    no_redirects()
        .post(format!("{base}/inbox/login"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("username={username}&password={}", password.replace(' ', "+")))
        .send()
        .await
        .unwrap()
}

async fn login(base: &str, username: &str) -> Browser {
    let response = try_login(base, username, PASSWORD).await;
    assert_eq!(response.status(), 303, "{username} could not sign in");
    let cookie = response.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let mut browser = Browser {
        client: no_redirects(),
        base: base.into(),
        cookie,
        csrf: String::new(),
    };
    let page = browser.get("/inbox").await.text().await.unwrap();
    let at = page.find("name=\"csrf\" value=\"").expect("pages carry the CSRF token") + 19;
    browser.csrf = page[at..at + 64].to_owned();
    browser
}

impl Browser {
    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .header("accept", "text/html")
            .send()
            .await
            .unwrap()
    }

    async fn post(&self, path: &str, form: &str) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", &self.base)
            .body(format!("csrf={}&{form}", self.csrf))
            .send()
            .await
            .unwrap()
    }
}

async fn wait_for_handoffs(store: &Arc<dyn Store>, n: usize) -> Vec<frontdoor_core::ports::Handoff> {
    for _ in 0..300 {
        let open = store.open_handoffs().await.unwrap();
        if open.len() >= n {
            return open;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("expected {n} open handoffs");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn navigators_work_the_queue_safely() {
    let sink = Sink::default();
    let callback = sink.start().await;
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(dir.path(), &callback, None);
    config.models.path = std::env::var_os("FRONTDOOR_MODEL_PATH").map(PathBuf::from);
    config.inbox.auto_assign = false; // navigators claim by hand here; the store suite tests assignment
    let store = frontdoor_store::connect(&config.database_url()).await.unwrap();
    let app = spawn_app(config, StartOptions::default()).await;
    let base = format!("http://{}", app.addr());
    let api = reqwest::Client::new();
    let (ana, ben) = (
        add(&store, "ana", Role::Navigator).await,
        add(&store, "ben", Role::Navigator).await,
    );
    add(&store, "sam", Role::Supervisor).await;
    add(&store, "ada", Role::Admin).await;

    // An older, ordinary request for a person, then a crisis.
    post_message(
        &api,
        &base,
        "person-a",
        "hi, can I talk to a real person please",
        Some("a1"),
    )
    .await;
    wait_for_handoffs(&store, 1).await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    post_message(&api, &base, "person-b", "i want to kill myself tonight", Some("b1")).await;
    let open = wait_for_handoffs(&store, 2).await;
    let crisis = open
        .iter()
        .find(|h| h.urgent)
        .expect("the crisis handoff is urgent")
        .clone();
    let ordinary = open.iter().find(|h| !h.urgent).unwrap().clone();

    // Anonymous users get nothing.
    let anonymous = no_redirects();
    let page = anonymous
        .get(format!("{base}/inbox"))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 303, "an anonymous page view goes to sign-in");
    assert_eq!(page.headers()["location"], "/inbox/login");
    for path in [
        "/inbox",
        "/inbox/events",
        "/inbox/supervisor",
        &format!("/inbox/h/{}", crisis.id),
    ] {
        assert_eq!(
            anonymous.get(format!("{base}{path}")).send().await.unwrap().status(),
            401,
            "{path}"
        );
    }
    let claim = anonymous
        .post(format!("{base}/inbox/h/{}/claim", crisis.id))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("csrf=x")
        .send()
        .await
        .unwrap();
    assert_eq!(claim.status(), 401);

    let a = login(&base, "ana").await;
    let b = login(&base, "ben").await;
    let queue = a.get("/inbox").await.text().await.unwrap();
    let (first, second) = (
        queue.find(&crisis.id.to_string()).unwrap(),
        queue.find(&ordinary.id.to_string()).unwrap(),
    );
    assert!(first < second, "a crisis jumps ahead of older conversations");

    // Roles.
    assert_eq!(a.get("/inbox/supervisor").await.status(), 403);
    assert_eq!(a.get("/inbox/admin").await.status(), 403);
    let sam = login(&base, "sam").await;
    assert_eq!(sam.get("/inbox/supervisor").await.status(), 200);
    assert_eq!(sam.get("/inbox/admin").await.status(), 403);
    assert_eq!(login(&base, "ada").await.get("/inbox/admin").await.status(), 200);

    // Forged cross-site forms.
    let path = format!("/inbox/h/{}/claim", ordinary.id);
    let forged = a
        .client
        .post(format!("{base}{path}"))
        .header("cookie", &a.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("csrf=guessed")
        .send()
        .await
        .unwrap();
    assert_eq!(
        forged.status(),
        403,
        "a form without the session's CSRF token is refused"
    );
    let cross_site = a
        .client
        .post(format!("{base}{path}"))
        .header("cookie", &a.cookie)
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf={}", a.csrf))
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), 403, "a form posted from another site is refused");

    // Two navigators claim at the same moment: one wins, the other is told.
    let (ra, rb) = tokio::join!(a.post(&path, ""), b.post(&path, ""));
    let statuses = [ra.status().as_u16(), rb.status().as_u16()];
    assert!(statuses.contains(&303) && statuses.contains(&409), "{statuses:?}");
    let (winner, winner_id) = if ra.status() == 303 { (&a, ana.id) } else { (&b, ben.id) };
    let loser_page = if ra.status() == 303 { rb } else { ra }.text().await.unwrap();
    assert!(loser_page.contains("already claimed"), "the other navigator is told");
    assert_eq!(
        store.handoff(ordinary.id).await.unwrap().unwrap().navigator_id,
        Some(winner_id)
    );

    // The person writes while the navigator has the conversation: the bot stays silent.
    let before = sink.delivered().len();
    post_message(
        &api,
        &base,
        "person-a",
        "<script>alert(1)</script> are you there?",
        Some("a2"),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        sink.delivered().len(),
        before,
        "the bot must not answer while a navigator owns the conversation"
    );
    let card = winner
        .get(&format!("/inbox/h/{}", ordinary.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        card.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "the transcript shows markup as text"
    );
    assert!(
        !card.contains("<script>alert"),
        "the transcript must never carry live markup"
    );

    // A reply goes out through the person's own channel.
    let replied = winner
        .post(
            &format!("/inbox/h/{}/reply", ordinary.id),
            "text=Hi%2C+I%27m+Maya+from+211.",
        )
        .await;
    assert_eq!(replied.status(), 303);
    let delivered = sink.wait_for(before + 1, 10).await;
    let last = &delivered.last().unwrap().body;
    assert_eq!(last["to"], "person-a", "{last}");
    assert_eq!(last["text"], "Hi, I'm Maya from 211.");

    // Resolving records the disposition in the interaction record.
    let resolved = winner
        .post(
            &format!("/inbox/h/{}/resolve", ordinary.id),
            "need_food=unmet&reason_food=waitlist&referrals=",
        )
        .await;
    assert_eq!(resolved.status(), 303);
    let conversation = store.conversation(ordinary.conversation_id).await.unwrap().unwrap();
    let events = store.events(conversation.id).await.unwrap();
    let record = InteractionRecord::from_events(&conversation, &events);
    let food = record
        .needs
        .iter()
        .find(|n| n.need == NeedLabel::Food)
        .expect("the disposition's need");
    assert_eq!(
        food.outcome,
        NeedOutcome::Unmet {
            reason: "waitlist".into()
        }
    );
    assert!(record.disposed_by_navigator);
    let log = store.audit_log(50).await.unwrap();
    for action in ["login", "claim", "open", "reply", "resolve"] {
        assert!(log.iter().any(|e| e.action == action), "the audit log lacks {action}");
    }

    // The crisis conversation: claimed, then transferred to a colleague by name.
    assert_eq!(a.post(&format!("/inbox/h/{}/claim", crisis.id), "").await.status(), 303);
    let card = a.get(&format!("/inbox/h/{}", crisis.id)).await.text().await.unwrap();
    assert!(card.contains("data-insert"), "the card offers canned responses");
    let moved = a
        .post(&format!("/inbox/h/{}/transfer", crisis.id), &format!("to={}", ben.id))
        .await;
    assert_eq!(moved.status(), 303);
    assert_eq!(
        store.handoff(crisis.id).await.unwrap().unwrap().navigator_id,
        Some(ben.id)
    );

    // Five wrong passwords lock the account, even against the right one.
    for _ in 0..5 {
        assert_eq!(try_login(&base, "ben", "wrong password!!").await.status(), 401);
    }
    assert_eq!(
        try_login(&base, "ben", PASSWORD).await.status(),
        401,
        "a locked account stays locked"
    );
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_assigned_conversation_nobody_answers_goes_back_to_the_queue() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(dir.path(), "http://127.0.0.1:9/unused", None);
    config.models.path = std::env::var_os("FRONTDOOR_MODEL_PATH").map(PathBuf::from);
    config.inbox.answer_timeout_secs = 1;
    let store = frontdoor_store::connect(&config.database_url()).await.unwrap();
    let app = spawn_app(config, StartOptions::default()).await;
    let base = format!("http://{}", app.addr());
    let ana = add(&store, "ana", Role::Navigator).await;
    login(&base, "ana").await;

    let api = reqwest::Client::new();
    post_message(
        &api,
        &base,
        "person-1",
        "can I talk to a real person please",
        Some("t1"),
    )
    .await;
    let handoff = wait_for_handoffs(&store, 1).await[0].clone();
    // Assigned to Ana, who never answers: within a few seconds it is queued again and she is away.
    let (mut was_assigned, mut requeued) = (false, None);
    for _ in 0..150 {
        let h = store.handoff(handoff.id).await.unwrap().unwrap();
        was_assigned |= h.navigator_id == Some(ana.id);
        if was_assigned && h.status == "queued" {
            requeued = Some(h);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(was_assigned, "the conversation was first assigned to Ana");
    let h = requeued.expect("the unanswered conversation went back to the queue");
    assert_eq!(h.navigator_id, None);
    let navigator = store.navigator(ana.id).await.unwrap().unwrap();
    assert_eq!(navigator.presence, frontdoor_core::inbox::Presence::Away);
    let mut audited = false;
    for _ in 0..50 {
        audited = store
            .audit_log(20)
            .await
            .unwrap()
            .iter()
            .any(|e| e.action == "requeued_unanswered" && e.navigator_id == ana.id);
        if audited {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(audited, "the audit log says why it moved");
    app.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queued_conversations_go_to_an_available_navigator_who_speaks_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(dir.path(), "http://127.0.0.1:9/unused", None);
    config.models.path = std::env::var_os("FRONTDOOR_MODEL_PATH").map(PathBuf::from);
    assert!(config.inbox.auto_assign, "automatic assignment is the default");
    let store = frontdoor_store::connect(&config.database_url()).await.unwrap();
    let app = spawn_app(config, StartOptions::default()).await;
    let base = format!("http://{}", app.addr());
    let ana = add(&store, "ana", Role::Navigator).await; // English only
    let mut claire = add(&store, "claire", Role::Navigator).await;
    claire.languages = vec![LanguageTag::parse("fr").unwrap(), LanguageTag::parse("en").unwrap()];
    store.save_navigator(&claire).await.unwrap();
    login(&base, "ana").await; // signing in makes a navigator available
    login(&base, "claire").await;

    let api = reqwest::Client::new();
    post_message(
        &api,
        &base,
        "person-fr",
        "Bonjour, je voudrais parler à une vraie personne s'il vous plaît",
        Some("f1"),
    )
    .await;
    let handoff = wait_for_handoffs(&store, 1).await[0].clone();
    let mut owner = None;
    for _ in 0..100 {
        owner = store.handoff(handoff.id).await.unwrap().unwrap().navigator_id;
        if owner.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        owner,
        Some(claire.id),
        "the French conversation goes to the navigator who speaks French"
    );
    assert_ne!(owner, Some(ana.id));
    // The audit entry is written just after the assignment: wait for it the same way.
    let mut audited = false;
    for _ in 0..100 {
        let log = store.audit_log(20).await.unwrap();
        audited = log
            .iter()
            .any(|e| e.action == "assigned_automatically" && e.navigator_id == claire.id);
        if audited {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(audited, "the automatic assignment is in the audit log");
    app.shutdown().await.unwrap();
}
