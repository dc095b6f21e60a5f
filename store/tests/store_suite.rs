//! One behaviour suite, run against every store backend: SQLite in a temporary file, and
//! PostgreSQL in a fresh schema of the database `FRONTDOOR_TEST_DATABASE_URL` names (those tests
//! report themselves skipped when it is unset; `.ci/run` sets it).

use frontdoor_core::conversation::{ConversationStatus, Inbound, OutboundDraft};
use frontdoor_core::event::{CrisisKind, Event, HandoffReason, HandoffRequest};
use frontdoor_core::ports::{FailureOutcome, OutboxStatus, RetryPolicy, Store, TurnOutcome};
use frontdoor_core::types::*;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

const T0: Timestamp = Timestamp(1_800_000_000_000);

fn inbound(address: &str, text: &str, provider_id: Option<&str>) -> Inbound {
    Inbound {
        from: ChannelAddress::parse(ChannelKind::Sms, address).unwrap(),
        text: text.into(),
        provider_id: provider_id.map(|p| ProviderMessageId::parse(p).unwrap()),
        received_at: T0,
    }
}

/// Processes the next pending message of `id`, replying `reply` (and whatever `extra` adds).
async fn reply_to_next(
    store: &dyn Store,
    id: ConversationId,
    reply: &str,
    extra: impl FnOnce(&mut TurnOutcome),
) -> Option<String> {
    let turn = store.begin_turn(id).await.unwrap()?;
    let text = turn.inbound().text.clone();
    let mut outcome = TurnOutcome {
        conversation: turn.conversation().clone(),
        replies: vec![OutboundDraft::bot(reply)],
        events: vec![],
        handoff: None,
    };
    extra(&mut outcome);
    turn.commit(outcome, T0).await.unwrap();
    Some(text)
}

mod suite {
    use super::*;

    pub async fn inbound_with_same_provider_id_is_stored_once(store: Arc<dyn Store>) {
        let first = store
            .record_inbound(&inbound("+14165550101", "I need food", Some("SM1")))
            .await
            .unwrap();
        let again = store
            .record_inbound(&inbound("+14165550101", "I need food", Some("SM1")))
            .await
            .unwrap();
        assert!(!first.duplicate);
        assert!(again.duplicate, "second delivery of SM1 must be a duplicate");
        assert_eq!(first.message_id, again.message_id);
        assert_eq!(store.messages(first.conversation_id).await.unwrap().len(), 1);
    }

    pub async fn concurrent_duplicates_store_one_message(store: Arc<dyn Store>) {
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .record_inbound(&inbound("+14165550102", "help", Some("SMdup")))
                        .await
                        .unwrap()
                })
            })
            .collect();
        let receipts: Vec<_> = futures::future::join_all(tasks)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        assert_eq!(
            receipts.iter().filter(|r| !r.duplicate).count(),
            1,
            "exactly one delivery is new"
        );
        assert_eq!(store.messages(receipts[0].conversation_id).await.unwrap().len(), 1);
    }

    pub async fn one_open_conversation_per_contact_under_concurrency(store: Arc<dyn Store>) {
        let tasks: Vec<_> = (0..20)
            .map(|i| {
                let store = store.clone();
                tokio::spawn(async move {
                    store
                        .record_inbound(&inbound("+14165550103", &format!("m{i}"), Some(&format!("SMc{i}"))))
                        .await
                        .unwrap()
                })
            })
            .collect();
        let receipts: Vec<_> = futures::future::join_all(tasks)
            .await
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let conversations: HashSet<_> = receipts.iter().map(|r| r.conversation_id).collect();
        assert_eq!(conversations.len(), 1, "one contact, one open conversation");
        let seqs: Vec<i64> = store
            .messages(receipts[0].conversation_id)
            .await
            .unwrap()
            .iter()
            .map(|m| m.seq)
            .collect();
        assert_eq!(
            seqs,
            (1..=20).collect::<Vec<_>>(),
            "sequence numbers are dense and unique"
        );
    }

    pub async fn turns_take_inbound_messages_in_order(store: Arc<dyn Store>) {
        let mut id = None;
        for text in ["one", "two", "three"] {
            id = Some(
                store
                    .record_inbound(&inbound("+14165550104", text, None))
                    .await
                    .unwrap()
                    .conversation_id,
            );
        }
        let id = id.unwrap();
        let mut seen = Vec::new();
        while let Some(text) = reply_to_next(store.as_ref(), id, "ok", |_| {}).await {
            seen.push(text);
        }
        assert_eq!(seen, ["one", "two", "three"]);
        let messages = store.messages(id).await.unwrap();
        assert_eq!(messages.len(), 6, "three in, three replies");
        assert!(store.begin_turn(id).await.unwrap().is_none());
    }

    pub async fn a_turn_sees_its_history(store: Arc<dyn Store>) {
        let id = store
            .record_inbound(&inbound("+14165550105", "first", None))
            .await
            .unwrap()
            .conversation_id;
        reply_to_next(store.as_ref(), id, "reply", |_| {}).await.unwrap();
        store
            .record_inbound(&inbound("+14165550105", "second", None))
            .await
            .unwrap();
        let turn = store.begin_turn(id).await.unwrap().unwrap();
        let history: Vec<&str> = turn.history().iter().map(|m| m.text.as_str()).collect();
        assert_eq!(history, ["first", "reply"]);
    }

    pub async fn a_second_worker_waits_for_the_conversation(store: Arc<dyn Store>) {
        let id = store
            .record_inbound(&inbound("+14165550106", "a", None))
            .await
            .unwrap()
            .conversation_id;
        store.record_inbound(&inbound("+14165550106", "b", None)).await.unwrap();
        let turn = store.begin_turn(id).await.unwrap().unwrap();
        assert_eq!(turn.inbound().text, "a");
        let other = {
            let store = store.clone();
            tokio::spawn(async move {
                let t = store.begin_turn(id).await.unwrap().unwrap();
                t.inbound().text.clone()
            })
        };
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(
            !other.is_finished(),
            "the second worker must wait while the first holds the conversation"
        );
        let outcome = TurnOutcome {
            conversation: turn.conversation().clone(),
            replies: vec![],
            events: vec![],
            handoff: None,
        };
        turn.commit(outcome, T0).await.unwrap();
        assert_eq!(
            other.await.unwrap(),
            "b",
            "after the first commits, the second gets the next message"
        );
    }

    pub async fn replies_go_through_the_outbox_once(store: Arc<dyn Store>) {
        let id = store
            .record_inbound(&inbound("+14165550107", "hi", None))
            .await
            .unwrap()
            .conversation_id;
        reply_to_next(store.as_ref(), id, "welcome", |_| {}).await.unwrap();
        let lease = Duration::from_secs(30);
        let claimed = store.claim_outbox(&[ChannelKind::Sms], T0, lease, 10).await.unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(claimed[0].draft.text, "welcome");
        assert_eq!(claimed[0].to.address(), "+14165550107");
        assert_eq!(claimed[0].attempt, 1);
        assert!(
            store
                .claim_outbox(&[ChannelKind::Sms], T0, lease, 10)
                .await
                .unwrap()
                .is_empty(),
            "claimed entries are not claimed twice"
        );
        assert!(
            store
                .claim_outbox(&[ChannelKind::Email], T0, lease, 10)
                .await
                .unwrap()
                .is_empty(),
            "other channels do not see it"
        );
        assert!(store.complete_outbox(&claimed[0], Some("SMout"), T0).await.unwrap());
        assert_eq!(
            store.outbox_status(claimed[0].message_id).await.unwrap(),
            Some((OutboxStatus::Sent, 1))
        );
        assert!(store
            .claim_outbox(&[ChannelKind::Sms], T0.plus_millis(3_600_000), lease, 10)
            .await
            .unwrap()
            .is_empty());
    }

    pub async fn an_expired_lease_is_reclaimed_and_the_stale_sender_cannot_complete(store: Arc<dyn Store>) {
        let id = store
            .record_inbound(&inbound("+14165550108", "hi", None))
            .await
            .unwrap()
            .conversation_id;
        reply_to_next(store.as_ref(), id, "welcome", |_| {}).await.unwrap();
        let lease = Duration::from_secs(30);
        let first = store
            .claim_outbox(&[ChannelKind::Sms], T0, lease, 10)
            .await
            .unwrap()
            .remove(0);
        // The first sender dies mid-send; its lease runs out.
        assert!(store
            .claim_outbox(&[ChannelKind::Sms], T0.plus_millis(29_000), lease, 10)
            .await
            .unwrap()
            .is_empty());
        let second = store
            .claim_outbox(&[ChannelKind::Sms], T0.plus_millis(31_000), lease, 10)
            .await
            .unwrap()
            .remove(0);
        assert_eq!(second.message_id, first.message_id);
        assert_eq!(second.attempt, 2);
        assert!(
            !store.complete_outbox(&first, None, T0).await.unwrap(),
            "a stale lease must not complete"
        );
        assert_eq!(
            store
                .fail_outbox(&first, "late", false, None, &RetryPolicy::default(), T0)
                .await
                .unwrap(),
            FailureOutcome::LeaseLost
        );
        assert!(store.complete_outbox(&second, None, T0).await.unwrap());
        assert!(
            !store.complete_outbox(&second, None, T0).await.unwrap(),
            "completing twice does nothing"
        );
    }

    pub async fn failures_back_off_then_dead_letter(store: Arc<dyn Store>) {
        let id = store
            .record_inbound(&inbound("+14165550109", "hi", None))
            .await
            .unwrap()
            .conversation_id;
        reply_to_next(store.as_ref(), id, "welcome", |_| {}).await.unwrap();
        let policy = RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_secs(10),
            max_delay: Duration::from_secs(60),
        };
        let lease = Duration::from_secs(30);
        let mut now = T0;
        for attempt in 1..=3u32 {
            let item = store
                .claim_outbox(&[ChannelKind::Sms], now, lease, 10)
                .await
                .unwrap()
                .remove(0);
            assert_eq!(item.attempt, attempt);
            match store
                .fail_outbox(&item, "503 from provider", false, None, &policy, now)
                .await
                .unwrap()
            {
                FailureOutcome::Retrying { next_attempt_at } => {
                    let expected = 10_000i64 << (attempt - 1);
                    assert_eq!(
                        next_attempt_at.0 - now.0,
                        expected,
                        "exponential backoff after attempt {attempt}"
                    );
                    assert!(
                        store
                            .claim_outbox(&[ChannelKind::Sms], next_attempt_at.plus_millis(-1), lease, 10)
                            .await
                            .unwrap()
                            .is_empty(),
                        "not due before its time"
                    );
                    now = next_attempt_at;
                }
                FailureOutcome::Dead => assert_eq!(attempt, 3, "dead only after the last attempt"),
                FailureOutcome::LeaseLost => panic!("lease lost"),
            }
        }
        assert_eq!(store.outbox_counts().await.unwrap().dead, 1);
        assert!(store
            .claim_outbox(&[ChannelKind::Sms], now.plus_millis(10_000_000), lease, 10)
            .await
            .unwrap()
            .is_empty());
    }

    pub async fn a_permanent_error_dead_letters_at_once(store: Arc<dyn Store>) {
        let id = store
            .record_inbound(&inbound("+14165550110", "hi", None))
            .await
            .unwrap()
            .conversation_id;
        reply_to_next(store.as_ref(), id, "welcome", |_| {}).await.unwrap();
        let item = store
            .claim_outbox(&[ChannelKind::Sms], T0, Duration::from_secs(30), 10)
            .await
            .unwrap()
            .remove(0);
        let outcome = store
            .fail_outbox(&item, "21610 unsubscribed", true, None, &RetryPolicy::default(), T0)
            .await
            .unwrap();
        assert_eq!(outcome, FailureOutcome::Dead);
        assert_eq!(
            store.outbox_status(item.message_id).await.unwrap(),
            Some((OutboxStatus::Dead, 1))
        );
    }

    pub async fn released_entries_are_due_again_without_losing_an_attempt(store: Arc<dyn Store>) {
        let id = store
            .record_inbound(&inbound("+14165550111", "hi", None))
            .await
            .unwrap()
            .conversation_id;
        reply_to_next(store.as_ref(), id, "welcome", |_| {}).await.unwrap();
        let items = store
            .claim_outbox(&[ChannelKind::Sms], T0, Duration::from_secs(300), 10)
            .await
            .unwrap();
        store.release_outbox(&items).await.unwrap();
        let again = store
            .claim_outbox(&[ChannelKind::Sms], T0, Duration::from_secs(300), 10)
            .await
            .unwrap();
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].attempt, 1);
    }

    pub async fn concurrent_senders_never_share_an_entry(store: Arc<dyn Store>) {
        for i in 0..40 {
            let id = store
                .record_inbound(&inbound(&format!("+1416555{:04}", 2000 + i), "hi", None))
                .await
                .unwrap()
                .conversation_id;
            reply_to_next(store.as_ref(), id, "welcome", |_| {}).await.unwrap();
        }
        let tasks: Vec<_> = (0..4)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move {
                    let mut mine = Vec::new();
                    loop {
                        let batch = store
                            .claim_outbox(&[ChannelKind::Sms], T0, Duration::from_secs(60), 3)
                            .await
                            .unwrap();
                        if batch.is_empty() {
                            break mine;
                        }
                        mine.extend(batch.into_iter().map(|i| i.message_id));
                    }
                })
            })
            .collect();
        let all: Vec<MessageId> = futures::future::join_all(tasks)
            .await
            .into_iter()
            .flat_map(Result::unwrap)
            .collect();
        let unique: HashSet<_> = all.iter().collect();
        assert_eq!(all.len(), 40, "every entry claimed");
        assert_eq!(unique.len(), 40, "no entry claimed twice");
    }

    pub async fn handoffs_and_events_are_recorded_with_crisis_first(store: Arc<dyn Store>) {
        let calm = store
            .record_inbound(&inbound("+14165550112", "need a person", None))
            .await
            .unwrap()
            .conversation_id;
        reply_to_next(store.as_ref(), calm, "connecting you", |o| {
            o.conversation.status = ConversationStatus::Handoff;
            o.handoff = Some(HandoffRequest {
                reason: HandoffReason::Requested,
                urgent: false,
                need: None,
                lang: None,
            });
        })
        .await
        .unwrap();
        let urgent = store
            .record_inbound(&inbound("+14165550113", "…", None))
            .await
            .unwrap()
            .conversation_id;
        reply_to_next(store.as_ref(), urgent, "call 911", |o| {
            o.conversation.status = ConversationStatus::Handoff;
            o.conversation.lang = Some(LanguageTag::parse("fr").unwrap());
            o.events.push(Event::CrisisDetected {
                crisis: CrisisKind::Suicide,
            });
            o.handoff = Some(HandoffRequest {
                reason: HandoffReason::Crisis,
                urgent: true,
                need: Some(NeedLabel::MentalHealth),
                lang: Some(LanguageTag::parse("fr").unwrap()),
            });
        })
        .await
        .unwrap();
        let queue = store.open_handoffs().await.unwrap();
        assert_eq!(queue.len(), 2);
        assert_eq!(
            queue[0].conversation_id, urgent,
            "crisis goes first though it came later"
        );
        assert_eq!(queue[0].need, Some(NeedLabel::MentalHealth));
        let events = store.events(urgent).await.unwrap();
        assert_eq!(
            events[0].event,
            Event::CrisisDetected {
                crisis: CrisisKind::Suicide
            }
        );
        let conv = store.conversation(urgent).await.unwrap().unwrap();
        assert_eq!(conv.status, ConversationStatus::Handoff);
        assert_eq!(conv.lang.as_ref().map(|l| l.as_str()), Some("fr"));
    }

    pub async fn an_opted_out_contact_never_receives_a_message(store: Arc<dyn Store>) {
        let id = store
            .record_inbound(&inbound("+14165550120", "hi", None))
            .await
            .unwrap()
            .conversation_id;
        reply_to_next(store.as_ref(), id, "welcome", |_| {}).await.unwrap();
        let who = ChannelAddress::parse(ChannelKind::Sms, "+14165550120").unwrap();
        assert!(store.set_opted_out(&who, true, "keyword", T0).await.unwrap());
        assert!(
            !store.set_opted_out(&who, true, "keyword", T0).await.unwrap(),
            "no change the second time"
        );
        assert!(store.is_opted_out(&who).await.unwrap());
        assert!(store
            .claim_outbox(&[ChannelKind::Sms], T0, Duration::from_secs(30), 10)
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            store.outbox_counts().await.unwrap().dead,
            1,
            "the reply is dead-lettered, visibly"
        );
        assert!(store.set_opted_out(&who, false, "keyword_resume", T0).await.unwrap());
        store
            .record_inbound(&inbound("+14165550120", "start", None))
            .await
            .unwrap();
        reply_to_next(store.as_ref(), id, "welcome back", |_| {}).await.unwrap();
        let items = store
            .claim_outbox(&[ChannelKind::Sms], T0, Duration::from_secs(30), 10)
            .await
            .unwrap();
        assert_eq!(items.len(), 1, "after opting back in, replies flow again");
        assert_eq!(items[0].draft.text, "welcome back");
    }

    pub async fn delivery_reports_update_the_sent_message(store: Arc<dyn Store>) {
        let id = store
            .record_inbound(&inbound("+14165550121", "hi", None))
            .await
            .unwrap()
            .conversation_id;
        reply_to_next(store.as_ref(), id, "welcome", |_| {}).await.unwrap();
        let item = store
            .claim_outbox(&[ChannelKind::Sms], T0, Duration::from_secs(30), 10)
            .await
            .unwrap()
            .remove(0);
        store.complete_outbox(&item, Some("SM123"), T0).await.unwrap();
        assert!(store
            .record_delivery(ChannelKind::Sms, "SM123", "undelivered", Some("30003"))
            .await
            .unwrap());
        assert!(!store
            .record_delivery(ChannelKind::Sms, "SMnope", "delivered", None)
            .await
            .unwrap());
        assert_eq!(
            store.delivery(item.message_id).await.unwrap(),
            Some(("undelivered".to_owned(), Some("30003".to_owned())))
        );
    }

    pub async fn a_message_marked_processed_gets_no_turn(store: Arc<dyn Store>) {
        let receipt = store
            .record_inbound(&inbound("+14165550122", "STOP", None))
            .await
            .unwrap();
        assert!(store.mark_processed(receipt.message_id).await.unwrap());
        assert!(!store.mark_processed(receipt.message_id).await.unwrap(), "only once");
        assert!(store.begin_turn(receipt.conversation_id).await.unwrap().is_none());
        assert!(
            store.conversations_with_pending(10).await.unwrap().is_empty(),
            "the recovery sweep skips it"
        );
    }

    pub async fn pending_conversations_are_found_after_a_crash(store: Arc<dyn Store>) {
        let a = store
            .record_inbound(&inbound("+14165550114", "a", None))
            .await
            .unwrap()
            .conversation_id;
        let b = store
            .record_inbound(&inbound("+14165550115", "b", None))
            .await
            .unwrap()
            .conversation_id;
        reply_to_next(store.as_ref(), a, "ok", |_| {}).await.unwrap();
        assert_eq!(store.conversations_with_pending(10).await.unwrap(), vec![b]);
    }

    fn navigator(name: &str) -> frontdoor_core::inbox::Navigator {
        use frontdoor_core::inbox::*;
        Navigator {
            id: NavigatorId::new(),
            username: name.into(),
            display_name: name.into(),
            role: Role::Navigator,
            languages: vec![LanguageTag::parse("en").unwrap(), LanguageTag::parse("fr").unwrap()],
            needs: vec![NeedLabel::Food],
            capacity: 3,
            presence: Presence::Available,
            disabled: false,
            password_hash: "$argon2id$test".into(),
            failed_logins: 0,
            locked_until: None,
        }
    }

    pub async fn one_navigator_wins_a_claim_and_only_the_owner_replies_and_resolves(store: Arc<dyn Store>) {
        use frontdoor_core::inbox::{HandoffEnd, NeedDisposition};
        let (ana, ben) = (navigator("ana"), navigator("ben"));
        store.save_navigator(&ana).await.unwrap();
        store.save_navigator(&ben).await.unwrap();
        assert_eq!(store.navigator_named("ana").await.unwrap().unwrap(), ana);
        assert_eq!(store.navigators().await.unwrap().len(), 2);

        let id = store
            .record_inbound(&inbound("+14165550117", "help", None))
            .await
            .unwrap()
            .conversation_id;
        reply_to_next(store.as_ref(), id, "connecting you", |o| {
            o.handoff = Some(HandoffRequest {
                reason: HandoffReason::Requested,
                urgent: false,
                need: Some(NeedLabel::Food),
                lang: None,
            });
        })
        .await
        .unwrap();
        let handoff = store.open_handoffs().await.unwrap()[0].id;
        let (a, b) = tokio::join!(
            store.claim_handoff(handoff, ana.id, T0),
            store.claim_handoff(handoff, ben.id, T0)
        );
        assert!(
            a.unwrap() ^ b.unwrap(),
            "exactly one of two simultaneous claims must win"
        );
        let owner = store.handoff(handoff).await.unwrap().unwrap().navigator_id.unwrap();
        let other = if owner == ana.id { ben.id } else { ana.id };
        assert!(
            store.navigator_reply(handoff, other, "hi", T0).await.unwrap().is_none(),
            "only the owner replies"
        );
        let sent = store
            .navigator_reply(handoff, owner, "Hi, I'm here to help.", T0)
            .await
            .unwrap()
            .unwrap();
        let messages = store.messages(id).await.unwrap();
        let last = messages.last().unwrap();
        assert_eq!(
            (last.id, last.author),
            (sent, frontdoor_core::conversation::Author::Navigator)
        );
        assert_eq!(store.handoff(handoff).await.unwrap().unwrap().status, "active");
        let due = store
            .claim_outbox(&[ChannelKind::Sms], T0, Duration::from_secs(60), 10)
            .await
            .unwrap();
        assert_eq!(
            due.len(),
            2,
            "the bot's reply and the navigator's, both through the outbox"
        );

        let end = HandoffEnd::Resolved(vec![NeedDisposition {
            need: NeedLabel::Food,
            met: false,
            reason: Some("waitlist".into()),
            referrals: vec![],
        }]);
        assert!(!store.finish_handoff(handoff, other, &end, T0).await.unwrap());
        assert!(store.finish_handoff(handoff, owner, &end, T0).await.unwrap());
        assert!(store.open_handoffs().await.unwrap().is_empty());
        let events = store.events(id).await.unwrap();
        assert!(events.iter().any(|e| matches!(e.event, Event::HandoffResolved { .. })));
        assert_eq!(
            store.conversation(id).await.unwrap().unwrap().status,
            ConversationStatus::Closed
        );
    }

    pub async fn queued_handoffs_are_assigned_once_crisis_first_within_capacity(store: Arc<dyn Store>) {
        let (mut ana, mut ben) = (navigator("ana"), navigator("ben"));
        ana.capacity = 1;
        ben.capacity = 1;
        store.save_navigator(&ana).await.unwrap();
        store.save_navigator(&ben).await.unwrap();
        // Only navigators signed in now are assigned anything.
        let mut carl = navigator("carl");
        carl.capacity = 5;
        store.save_navigator(&carl).await.unwrap();
        for (n, expires) in [
            (&ana, T0.plus_millis(60_000)),
            (&ben, T0.plus_millis(60_000)),
            (&carl, T0),
        ] {
            let session = frontdoor_core::inbox::NavigatorSession {
                token_hash: format!("hash-{}", n.username),
                navigator_id: n.id,
                csrf: "csrf".into(),
                expires_at: expires,
            };
            store.create_session(&session).await.unwrap();
        }
        for (i, urgent) in [false, false, true].into_iter().enumerate() {
            let id = store
                .record_inbound(&inbound(&format!("+1416555012{i}"), "help", None))
                .await
                .unwrap()
                .conversation_id;
            reply_to_next(store.as_ref(), id, "connecting", |o| {
                o.handoff = Some(HandoffRequest {
                    reason: if urgent {
                        HandoffReason::Crisis
                    } else {
                        HandoffReason::Requested
                    },
                    urgent,
                    need: None,
                    lang: Some(LanguageTag::parse("en").unwrap()),
                });
            })
            .await
            .unwrap();
        }
        let route = frontdoor_core::inbox::route;
        let (a, b) = tokio::join!(store.assign_queued(T0, &route), store.assign_queued(T0, &route));
        let mut assigned: Vec<_> = a.unwrap().into_iter().chain(b.unwrap()).collect();
        assert_eq!(
            assigned.len(),
            2,
            "two navigators of capacity 1 take two conversations: {assigned:?}"
        );
        assigned.sort();
        assigned.dedup_by_key(|(h, _)| *h);
        assert_eq!(assigned.len(), 2, "no handoff may be assigned twice");
        let open = store.open_handoffs().await.unwrap();
        let urgent = open.iter().find(|h| h.urgent).unwrap();
        assert_eq!(
            urgent.status, "assigned",
            "the crisis is assigned first even though it is the newest"
        );
        let navigators: HashSet<_> = open.iter().filter_map(|h| h.navigator_id).collect();
        assert_eq!(navigators.len(), 2, "each navigator within capacity");
        // Each assignment carries its audit entry, written in the same transaction.
        let log = store.audit_log(10).await.unwrap();
        let mut audited: Vec<_> = log
            .iter()
            .filter(|e| e.action == "assigned_automatically")
            .map(|e| (e.handoff_id.unwrap(), e.navigator_id))
            .collect();
        audited.sort();
        assert_eq!(audited, assigned, "one audit entry per assignment: {log:?}");
        for e in log.iter().filter(|e| e.action == "assigned_automatically") {
            let h = open.iter().find(|h| Some(h.id) == e.handoff_id).unwrap();
            assert_eq!(e.conversation_id, Some(h.conversation_id));
        }
        assert!(
            !navigators.contains(&carl.id),
            "a navigator whose session expired gets nothing"
        );
        // Housekeeping deletes expired sessions only.
        assert_eq!(store.purge_expired_sessions(T0).await.unwrap(), 1, "Carl's");
        assert!(store.session("hash-carl", T0.plus_millis(-1)).await.unwrap().is_none());
        assert!(store.session("hash-ana", T0).await.unwrap().is_some());
        assert_eq!(store.purge_expired_sessions(T0).await.unwrap(), 0);
    }

    pub async fn unanswered_handoffs_return_to_the_queue(store: Arc<dyn Store>) {
        let (mut ana, mut ben) = (navigator("ana"), navigator("ben"));
        ana.capacity = 1;
        ben.capacity = 1;
        for n in [&ana, &ben] {
            store.save_navigator(n).await.unwrap();
            let session = frontdoor_core::inbox::NavigatorSession {
                token_hash: format!("hash-{}", n.username),
                navigator_id: n.id,
                csrf: "csrf".into(),
                expires_at: T0.plus_millis(3_600_000),
            };
            store.create_session(&session).await.unwrap();
        }
        for i in 0..2 {
            let id = store
                .record_inbound(&inbound(&format!("+1416555013{i}"), "help", None))
                .await
                .unwrap()
                .conversation_id;
            reply_to_next(store.as_ref(), id, "connecting", |o| {
                o.handoff = Some(HandoffRequest {
                    reason: HandoffReason::Requested,
                    urgent: false,
                    need: None,
                    lang: Some(LanguageTag::parse("en").unwrap()),
                });
            })
            .await
            .unwrap();
        }
        let assigned = store.assign_queued(T0, &frontdoor_core::inbox::route).await.unwrap();
        assert_eq!(assigned.len(), 2);
        let owned_by = |n: &frontdoor_core::inbox::Navigator| assigned.iter().find(|(_, o)| *o == n.id).unwrap().0;
        let (ana_h, ben_h) = (owned_by(&ana), owned_by(&ben));
        // Ben answers; Ana does not.
        assert!(store
            .navigator_reply(ben_h, ben.id, "hi, I'm Ben", T0.plus_millis(1_000))
            .await
            .unwrap()
            .is_some());
        // Not yet late: nothing moves.
        let none = store.requeue_unanswered(T0.plus_millis(60_000), T0).await.unwrap();
        assert!(none.is_empty(), "{none:?}");
        let cutoff = T0.plus_millis(120_000);
        let (a, b) = tokio::join!(
            store.requeue_unanswered(T0.plus_millis(180_000), cutoff),
            store.requeue_unanswered(T0.plus_millis(180_000), cutoff)
        );
        let requeued: Vec<_> = a.unwrap().into_iter().chain(b.unwrap()).collect();
        assert_eq!(requeued, vec![(ana_h, ana.id)], "only Ana's unanswered handoff, once");
        let handoff = store.handoff(ana_h).await.unwrap().unwrap();
        let log = store.audit_log(10).await.unwrap();
        let requeue_entries: Vec<_> = log.iter().filter(|e| e.action == "requeued_unanswered").collect();
        assert_eq!(requeue_entries.len(), 1, "{log:?}");
        let entry = requeue_entries[0];
        assert_eq!(
            (entry.navigator_id, entry.handoff_id, entry.conversation_id),
            (ana.id, Some(ana_h), Some(handoff.conversation_id))
        );
        assert_eq!((handoff.status.as_str(), handoff.navigator_id), ("queued", None));
        assert_eq!(store.handoff(ben_h).await.unwrap().unwrap().status, "active");
        let presence = |id| {
            let store = store.clone();
            async move { store.navigator(id).await.unwrap().unwrap().presence }
        };
        use frontdoor_core::inbox::Presence;
        assert_eq!(presence(ana.id).await, Presence::Away, "Ana is not offered it again");
        assert_eq!(presence(ben.id).await, Presence::Available);
        // Away, Ana gets nothing; the conversation waits for someone available.
        let again = store
            .assign_queued(T0.plus_millis(181_000), &frontdoor_core::inbox::route)
            .await
            .unwrap();
        assert!(again.iter().all(|(_, n)| *n != ana.id), "{again:?}");
    }

    pub async fn closed_conversations_lose_their_text_after_retention(store: Arc<dyn Store>) {
        use frontdoor_core::inbox::HandoffEnd;
        let ana = navigator("ana");
        store.save_navigator(&ana).await.unwrap();
        let closed = store
            .record_inbound(&inbound("+14165550140", "my landlord hit me", None))
            .await
            .unwrap()
            .conversation_id;
        reply_to_next(store.as_ref(), closed, "connecting you", |o| {
            o.handoff = Some(HandoffRequest {
                reason: HandoffReason::Requested,
                urgent: false,
                need: Some(NeedLabel::Housing),
                lang: None,
            });
        })
        .await
        .unwrap();
        let handoff = store.open_handoffs().await.unwrap()[0].id;
        assert!(store.claim_handoff(handoff, ana.id, T0).await.unwrap());
        assert!(store
            .finish_handoff(handoff, ana.id, &HandoffEnd::Resolved(vec![]), T0)
            .await
            .unwrap());
        let open = store
            .record_inbound(&inbound("+14165550141", "still talking", None))
            .await
            .unwrap()
            .conversation_id;

        assert_eq!(
            store.erase_closed_before(T0).await.unwrap(),
            0,
            "closed at T0, not before"
        );
        let erased = store.erase_closed_before(T0.plus_millis(1)).await.unwrap();
        assert_eq!(erased, 2, "the person's message and the bot's reply");
        assert!(store.messages(closed).await.unwrap().iter().all(|m| m.text.is_empty()));
        let events = store.events(closed).await.unwrap();
        assert!(
            events.iter().any(|e| matches!(e.event, Event::HandoffResolved { .. })),
            "the anonymised record stays"
        );
        assert_eq!(store.messages(open).await.unwrap()[0].text, "still talking");
        assert_eq!(store.erase_closed_before(T0.plus_millis(1)).await.unwrap(), 0);
    }

    pub async fn a_session_resumes_its_latest_conversation(store: Arc<dyn Store>) {
        let web = |session: &str| Inbound {
            from: ChannelAddress::parse(ChannelKind::WebChat, session).unwrap(),
            text: "hello".into(),
            provider_id: None,
            received_at: T0,
        };
        assert_eq!(store.latest_conversation(&web("w-a").from).await.unwrap(), None);
        let a = store.record_inbound(&web("w-a")).await.unwrap().conversation_id;
        let b = store.record_inbound(&web("w-b")).await.unwrap().conversation_id;
        assert_ne!(a, b);
        let found = store.latest_conversation(&web("w-a").from).await.unwrap().unwrap();
        assert_eq!(
            found.id, a,
            "a session must find its own conversation, not another session's"
        );
        let sms = inbound("+14165550116", "x", None).from;
        assert_eq!(store.latest_conversation(&sms).await.unwrap(), None);
    }
}

/// Runs each suite function against each backend.
macro_rules! backend_tests {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let dir = tempfile::tempdir().unwrap();
                    let store = frontdoor_store::SqliteStore::open(&dir.path().join("t.db")).await.unwrap();
                    suite::$name(Arc::new(store)).await;
                }
            )*
        }
        mod postgres {
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Ok(url) = std::env::var("FRONTDOOR_TEST_DATABASE_URL") else {
                        eprintln!("skipped: FRONTDOOR_TEST_DATABASE_URL is not set");
                        return;
                    };
                    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
                    let store = frontdoor_store::PgStore::connect_in_schema(&url, Some(&schema)).await.unwrap();
                    suite::$name(Arc::new(store.clone())).await;
                    store.close().await;
                    drop_schema(&url, &schema).await;
                }
            )*
        }
    };
}

async fn drop_schema(url: &str, schema: &str) {
    use sqlx::Connection;
    if let Ok(mut conn) = sqlx::PgConnection::connect(url).await {
        let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
            .execute(&mut conn)
            .await;
    }
}

backend_tests!(
    inbound_with_same_provider_id_is_stored_once,
    concurrent_duplicates_store_one_message,
    one_open_conversation_per_contact_under_concurrency,
    turns_take_inbound_messages_in_order,
    a_turn_sees_its_history,
    a_second_worker_waits_for_the_conversation,
    replies_go_through_the_outbox_once,
    an_expired_lease_is_reclaimed_and_the_stale_sender_cannot_complete,
    failures_back_off_then_dead_letter,
    a_permanent_error_dead_letters_at_once,
    released_entries_are_due_again_without_losing_an_attempt,
    concurrent_senders_never_share_an_entry,
    handoffs_and_events_are_recorded_with_crisis_first,
    pending_conversations_are_found_after_a_crash,
    an_opted_out_contact_never_receives_a_message,
    delivery_reports_update_the_sent_message,
    a_message_marked_processed_gets_no_turn,
    a_session_resumes_its_latest_conversation,
    one_navigator_wins_a_claim_and_only_the_owner_replies_and_resolves,
    queued_handoffs_are_assigned_once_crisis_first_within_capacity,
    unanswered_handoffs_return_to_the_queue,
    closed_conversations_lose_their_text_after_retention,
);

/// The SMS route book (which number a person wrote to) on each backend: kept, replaced, per person.
async fn sms_routes_are_kept_and_replaced(book: &dyn frontdoor_store::SmsRouteBook) {
    use frontdoor_core::types::{PhoneNumber, Timestamp};
    let person = PhoneNumber::parse("+14165550181").unwrap();
    let other = PhoneNumber::parse("+14165550182").unwrap();
    assert_eq!(book.sms_route(&person).await.unwrap(), None);
    let account = "AC0123456789abcdef0123456789abcdef";
    book.save_sms_route(&person, account, "+16475550211", Timestamp(1))
        .await
        .unwrap();
    book.save_sms_route(&person, account, "+16475550212", Timestamp(2))
        .await
        .unwrap();
    book.save_sms_route(&other, account, "MG0123456789abcdef0123456789abcdef", Timestamp(3))
        .await
        .unwrap();
    assert_eq!(
        book.sms_route(&person).await.unwrap(),
        Some((account.to_owned(), "+16475550212".to_owned())),
        "the latest route replaces the earlier one"
    );
    assert_eq!(
        book.sms_route(&other).await.unwrap().map(|(_, sender)| sender),
        Some("MG0123456789abcdef0123456789abcdef".to_owned())
    );
}

/// Retention forgets which number a person wrote to once they have not written since the
/// cutoff and have no open or recent SMS conversation.
async fn sms_routes_go_with_retention(store: &dyn Store, book: &dyn frontdoor_store::SmsRouteBook) {
    let account = "AC0123456789abcdef0123456789abcdef";
    let [gone, open, recent] = ["+14165550183", "+14165550184", "+14165550185"].map(|n| PhoneNumber::parse(n).unwrap());
    for (person, at) in [(&gone, T0), (&open, T0), (&recent, T0.plus_millis(5))] {
        book.save_sms_route(person, account, "+16475550211", at).await.unwrap();
    }
    store
        .record_inbound(&inbound(open.as_str(), "still here", None))
        .await
        .unwrap();
    store.erase_closed_before(T0).await.unwrap();
    assert!(
        book.sms_route(&gone).await.unwrap().is_some(),
        "saved at the cutoff, not before"
    );
    store.erase_closed_before(T0.plus_millis(1)).await.unwrap();
    assert_eq!(book.sms_route(&gone).await.unwrap(), None);
    assert!(
        book.sms_route(&open).await.unwrap().is_some(),
        "an open conversation keeps it"
    );
    assert!(book.sms_route(&recent).await.unwrap().is_some(), "written to since");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_keeps_sms_routes() {
    let dir = tempfile::tempdir().unwrap();
    let store = frontdoor_store::SqliteStore::open(&dir.path().join("t.db"))
        .await
        .unwrap();
    sms_routes_are_kept_and_replaced(&store).await;
    sms_routes_go_with_retention(&store, &store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_keeps_sms_routes() {
    let Ok(url) = std::env::var("FRONTDOOR_TEST_DATABASE_URL") else {
        eprintln!("skipped: FRONTDOOR_TEST_DATABASE_URL is not set");
        return;
    };
    let schema = format!("t_{}", uuid::Uuid::new_v4().simple());
    let store = frontdoor_store::PgStore::connect_in_schema(&url, Some(&schema))
        .await
        .unwrap();
    sms_routes_are_kept_and_replaced(&store).await;
    sms_routes_go_with_retention(&store, &store).await;
    store.close().await;
    drop_schema(&url, &schema).await;
}
