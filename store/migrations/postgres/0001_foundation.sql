-- Frontdoor foundation schema (PostgreSQL). Timestamps are Unix milliseconds; booleans are 0/1.
CREATE TABLE contacts (
    id          TEXT PRIMARY KEY,
    channel     TEXT NOT NULL,
    address     TEXT NOT NULL,
    opted_out   BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    UNIQUE (channel, address)
);

CREATE TABLE conversations (
    id          TEXT PRIMARY KEY,
    contact_id  TEXT NOT NULL REFERENCES contacts(id),
    channel     TEXT NOT NULL,
    address     TEXT NOT NULL,
    status      TEXT NOT NULL,
    lang        TEXT,
    state       TEXT NOT NULL DEFAULT 'null',
    last_seq    BIGINT NOT NULL DEFAULT 0,
    started_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX conversations_one_open ON conversations (contact_id) WHERE status <> 'closed';

CREATE TABLE messages (
    id              TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    seq             BIGINT NOT NULL,
    direction       TEXT NOT NULL,
    author          TEXT NOT NULL,
    channel         TEXT NOT NULL,
    body            TEXT NOT NULL,
    choices         TEXT,
    provider_id     TEXT,
    processed       BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    UNIQUE (conversation_id, seq)
);
CREATE UNIQUE INDEX messages_inbound_provider ON messages (channel, provider_id)
    WHERE direction = 'in' AND provider_id IS NOT NULL;
CREATE INDEX messages_pending ON messages (conversation_id, seq) WHERE processed = 0;

CREATE TABLE outbox (
    message_id      TEXT PRIMARY KEY REFERENCES messages(id),
    conversation_id TEXT NOT NULL,
    channel         TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_until     BIGINT,
    lease_token     TEXT,
    last_error      TEXT,
    provider_id     TEXT,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE handoffs (
    id              TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    reason          TEXT NOT NULL,
    urgent          BIGINT NOT NULL,
    status          TEXT NOT NULL,
    need            TEXT,
    lang            TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX handoffs_open ON handoffs (status, urgent, created_at);

CREATE TABLE events (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    at              BIGINT NOT NULL
);
CREATE INDEX events_conversation ON events (conversation_id, id);
