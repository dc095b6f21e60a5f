//! Email threading records on SQLite, and on PostgreSQL when `FRONTDOOR_TEST_DATABASE_URL` is
//! set: Message-IDs link back to their conversation, the last inbound message is what a reply
//! answers, and a conversation whose dialogue said goodbye is closed so the next email starts a
//! new one.

use frontdoor_core::conversation::Inbound;
use frontdoor_core::ports::Store;
use frontdoor_core::types::{ChannelAddress, ChannelKind, ProviderMessageId, Timestamp};
use frontdoor_store::{EmailThreads, MailDirection, ThreadEntry};
use std::sync::Arc;

fn email(from: &str, id: &str, at: i64) -> Inbound {
    Inbound {
        from: ChannelAddress::parse(ChannelKind::Email, from).unwrap(),
        text: "I need help".into(),
        provider_id: Some(ProviderMessageId::parse(id).unwrap()),
        received_at: Timestamp(at),
    }
}

async fn exercise(store: Arc<dyn Store>, threads: EmailThreads, set_state: impl AsyncFn(&str, &str)) {
    let first = store
        .record_inbound(&email("ana@example.org", "m1@x", 1))
        .await
        .unwrap();
    let entry = |id: &str, refs: &[&str]| ThreadEntry {
        message_id: id.into(),
        conversation_id: first.conversation_id,
        subject: Some("Need food".into()),
        references: refs.iter().map(|r| (*r).to_owned()).collect(),
    };
    threads
        .record(&entry("m1@x", &[]), MailDirection::Inbound, Timestamp(1))
        .await
        .unwrap();
    threads
        .record(&entry("r1@211", &["m1@x"]), MailDirection::Outbound, Timestamp(2))
        .await
        .unwrap();
    threads
        .record(
            &entry("m2@x", &["m1@x", "r1@211"]),
            MailDirection::Inbound,
            Timestamp(3),
        )
        .await
        .unwrap();
    threads
        .record(&entry("m2@x", &[]), MailDirection::Inbound, Timestamp(4))
        .await
        .unwrap();
    assert_eq!(
        threads
            .conversation_of(&["unknown@x".into(), "r1@211".into()])
            .await
            .unwrap(),
        Some(first.conversation_id),
        "a reply to our reply is found by its References"
    );
    assert_eq!(threads.conversation_of(&["unknown@x".into()]).await.unwrap(), None);
    let last = threads.last_inbound(first.conversation_id).await.unwrap().unwrap();
    assert_eq!(last.message_id, "m2@x", "the reply answers the latest inbound");
    assert_eq!(
        last.references,
        vec!["m1@x", "r1@211"],
        "a repeated id does not overwrite"
    );

    assert!(
        !threads.close_if_ended("ana@example.org", Timestamp(5)).await.unwrap(),
        "an unprocessed message keeps the conversation open"
    );
    store.mark_processed(first.message_id).await.unwrap();
    assert!(
        !threads.close_if_ended("ana@example.org", Timestamp(5)).await.unwrap(),
        "still talking"
    );
    set_state(&first.conversation_id.to_string(), r#"{"state":"closed"}"#).await;
    assert!(
        threads.close_if_ended("ana@example.org", Timestamp(6)).await.unwrap(),
        "said goodbye"
    );
    let next = store
        .record_inbound(&email("ana@example.org", "m9@x", 7))
        .await
        .unwrap();
    assert_ne!(
        next.conversation_id, first.conversation_id,
        "a new email starts a new conversation"
    );
}

#[tokio::test]
async fn threads_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let url = format!("sqlite://{}", path.display());
    let store = frontdoor_store::connect(&url).await.unwrap();
    let threads = EmailThreads::connect(&url).await.unwrap();
    let EmailThreads::Sqlite(pool) = threads.clone() else {
        panic!("a SQLite URL")
    };
    exercise(store, threads, async |id: &str, state: &str| {
        sqlx::query("UPDATE conversations SET state = $1 WHERE id = $2")
            .bind(state)
            .bind(id)
            .execute(&pool)
            .await
            .unwrap();
    })
    .await;
}

#[tokio::test]
async fn threads_on_postgres() {
    let Ok(url) = std::env::var("FRONTDOOR_TEST_DATABASE_URL") else {
        eprintln!("SKIPPED: FRONTDOOR_TEST_DATABASE_URL is not set");
        return;
    };
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    frontdoor_store::PgStore::connect_in_schema(&url, Some(&schema))
        .await
        .unwrap()
        .close()
        .await;
    let sep = if url.contains('?') { '&' } else { '?' };
    let url = format!("{url}{sep}options=-c%20search_path%3D{schema}");
    let store = frontdoor_store::connect(&url).await.unwrap();
    let threads = EmailThreads::connect(&url).await.unwrap();
    let EmailThreads::Postgres(pool) = threads.clone() else {
        panic!("a PostgreSQL URL")
    };
    exercise(store, threads, async |id: &str, state: &str| {
        sqlx::query("UPDATE conversations SET state = $1 WHERE id = $2")
            .bind(state)
            .bind(id)
            .execute(&pool)
            .await
            .unwrap();
    })
    .await;
}
