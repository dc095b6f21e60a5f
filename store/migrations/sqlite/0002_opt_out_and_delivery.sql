-- Opt-out enforced at the outbox, delivery status from providers, and a log of opt-out changes
-- for staff (who changed: the person, by keyword, or the provider, by error code).
ALTER TABLE contacts ADD COLUMN opted_out_at INTEGER;
ALTER TABLE outbox ADD COLUMN delivery_status TEXT;
ALTER TABLE outbox ADD COLUMN delivery_error TEXT;
CREATE INDEX outbox_provider ON outbox (channel, provider_id);
CREATE TABLE contact_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    contact_id  TEXT NOT NULL REFERENCES contacts(id),
    kind        TEXT NOT NULL,
    at          INTEGER NOT NULL
);
