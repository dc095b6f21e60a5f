-- The navigator inbox: accounts, signed-in sessions, who owns a handoff, and the audit log.
CREATE TABLE navigators (
    id              TEXT PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL,
    languages       TEXT NOT NULL,
    needs           TEXT NOT NULL,
    capacity        INTEGER NOT NULL,
    presence        TEXT NOT NULL,
    disabled        INTEGER NOT NULL,
    password_hash   TEXT NOT NULL,
    failed_logins   INTEGER NOT NULL,
    locked_until    INTEGER
);
CREATE TABLE navigator_sessions (
    token_hash      TEXT PRIMARY KEY,
    navigator_id    TEXT NOT NULL REFERENCES navigators(id),
    csrf            TEXT NOT NULL,
    expires_at      INTEGER NOT NULL
);
ALTER TABLE handoffs ADD COLUMN navigator_id TEXT REFERENCES navigators(id);
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              INTEGER NOT NULL,
    navigator_id    TEXT NOT NULL,
    action          TEXT NOT NULL,
    conversation_id TEXT,
    handoff_id      TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);
