-- The navigator inbox: accounts, signed-in sessions, who owns a handoff, and the audit log.
CREATE TABLE navigators (
    id              TEXT PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL,
    languages       TEXT NOT NULL,
    needs           TEXT NOT NULL,
    capacity        BIGINT NOT NULL,
    presence        TEXT NOT NULL,
    disabled        BIGINT NOT NULL,
    password_hash   TEXT NOT NULL,
    failed_logins   BIGINT NOT NULL,
    locked_until    BIGINT
);
CREATE TABLE navigator_sessions (
    token_hash      TEXT PRIMARY KEY,
    navigator_id    TEXT NOT NULL REFERENCES navigators(id),
    csrf            TEXT NOT NULL,
    expires_at      BIGINT NOT NULL
);
ALTER TABLE handoffs ADD COLUMN navigator_id TEXT REFERENCES navigators(id);
CREATE TABLE audit_log (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at              BIGINT NOT NULL,
    navigator_id    TEXT NOT NULL,
    action          TEXT NOT NULL,
    conversation_id TEXT,
    handoff_id      TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
