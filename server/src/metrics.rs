//! Prometheus metrics, kept by hand (a few atomics; no exporter dependency). Labels are channel
//! names and outcomes only: never a message, a phone number or an address.

use frontdoor_core::ports::OutboxCounts;
use frontdoor_core::types::ChannelKind;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};

const TURN_BUCKETS_MS: [u64; 10] = [1, 2, 5, 10, 25, 50, 100, 250, 1000, 5000];

/// The server's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    inbound: [AtomicU64; 5],
    duplicates: [AtomicU64; 5],
    rejected: AtomicU64,
    turns: AtomicU64,
    turn_errors: AtomicU64,
    turn_buckets: [AtomicU64; TURN_BUCKETS_MS.len()],
    turn_ms_sum: AtomicU64,
    sent: [AtomicU64; 5],
    send_failures: [AtomicU64; 5],
    dead: [AtomicU64; 5],
}

fn idx(channel: ChannelKind) -> usize {
    ChannelKind::ALL.iter().position(|c| *c == channel).unwrap_or(0)
}

impl Metrics {
    /// An inbound message was stored (or recognised as a duplicate).
    pub fn inbound(&self, channel: ChannelKind, duplicate: bool) {
        let counter = if duplicate { &self.duplicates } else { &self.inbound };
        counter[idx(channel)].fetch_add(1, Ordering::Relaxed);
    }

    /// A request was refused (authentication, size, format).
    pub fn rejected(&self) {
        self.rejected.fetch_add(1, Ordering::Relaxed);
    }

    /// A turn finished in `ms` milliseconds.
    pub fn turn(&self, ms: u64, ok: bool) {
        self.turns.fetch_add(1, Ordering::Relaxed);
        if !ok {
            self.turn_errors.fetch_add(1, Ordering::Relaxed);
        }
        self.turn_ms_sum.fetch_add(ms, Ordering::Relaxed);
        for (bucket, le) in self.turn_buckets.iter().zip(TURN_BUCKETS_MS) {
            if ms <= le {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// An outbound message was delivered, failed, or dead-lettered.
    pub fn send(&self, channel: ChannelKind, outcome: SendOutcome) {
        let counter = match outcome {
            SendOutcome::Sent => &self.sent,
            SendOutcome::Failed => &self.send_failures,
            SendOutcome::Dead => &self.dead,
        };
        counter[idx(channel)].fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition.
    pub fn render(&self, outbox: Option<OutboxCounts>) -> String {
        let mut out = String::with_capacity(4096);
        let per_channel = |out: &mut String, name: &str, help: &str, values: &[AtomicU64; 5]| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
            for (channel, v) in ChannelKind::ALL.iter().zip(values) {
                let _ = writeln!(out, "{name}{{channel=\"{channel}\"}} {}", v.load(Ordering::Relaxed));
            }
        };
        per_channel(
            &mut out,
            "frontdoor_inbound_messages_total",
            "Inbound messages stored.",
            &self.inbound,
        );
        per_channel(
            &mut out,
            "frontdoor_inbound_duplicates_total",
            "Inbound deliveries dropped as duplicates.",
            &self.duplicates,
        );
        per_channel(
            &mut out,
            "frontdoor_outbound_sent_total",
            "Outbound messages delivered to the provider.",
            &self.sent,
        );
        per_channel(
            &mut out,
            "frontdoor_outbound_failures_total",
            "Failed send attempts.",
            &self.send_failures,
        );
        per_channel(
            &mut out,
            "frontdoor_outbound_dead_total",
            "Outbound messages dead-lettered.",
            &self.dead,
        );
        let _ = writeln!(
            out,
            "# HELP frontdoor_rejected_requests_total Requests refused.\n# TYPE frontdoor_rejected_requests_total counter\nfrontdoor_rejected_requests_total {}",
            self.rejected.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# HELP frontdoor_turn_errors_total Turns that failed to commit.\n# TYPE frontdoor_turn_errors_total counter\nfrontdoor_turn_errors_total {}",
            self.turn_errors.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# HELP frontdoor_turn_duration_ms Engine turn duration.\n# TYPE frontdoor_turn_duration_ms histogram"
        );
        for (bucket, le) in self.turn_buckets.iter().zip(TURN_BUCKETS_MS) {
            let _ = writeln!(
                out,
                "frontdoor_turn_duration_ms_bucket{{le=\"{le}\"}} {}",
                bucket.load(Ordering::Relaxed)
            );
        }
        let turns = self.turns.load(Ordering::Relaxed);
        let _ = writeln!(out, "frontdoor_turn_duration_ms_bucket{{le=\"+Inf\"}} {turns}");
        let _ = writeln!(
            out,
            "frontdoor_turn_duration_ms_sum {}",
            self.turn_ms_sum.load(Ordering::Relaxed)
        );
        let _ = writeln!(out, "frontdoor_turn_duration_ms_count {turns}");
        if let Some(c) = outbox {
            let _ = writeln!(
                out,
                "# HELP frontdoor_outbox_messages Outbox entries by status.\n# TYPE frontdoor_outbox_messages gauge"
            );
            for (status, n) in [
                ("pending", c.pending),
                ("sending", c.sending),
                ("sent", c.sent),
                ("dead", c.dead),
            ] {
                let _ = writeln!(out, "frontdoor_outbox_messages{{status=\"{status}\"}} {n}");
            }
        }
        out
    }
}

/// What happened to one send attempt.
#[derive(Debug, Clone, Copy)]
pub enum SendOutcome {
    /// Delivered.
    Sent,
    /// Failed; will retry.
    Failed,
    /// Given up.
    Dead,
}
