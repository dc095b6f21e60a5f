-- Email threading: every Message-ID seen or sent, with the conversation it belongs to, so a reply
-- carries In-Reply-To/References/Re: and a person's answer is linked back to its conversation.
CREATE TABLE email_threads (
    message_id      TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations(id),
    direction       TEXT NOT NULL,
    subject         TEXT,
    refs            TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL
);
CREATE INDEX email_threads_conversation ON email_threads (conversation_id, direction, created_at);
