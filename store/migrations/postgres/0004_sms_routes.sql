-- Which helpline number or Messaging Service each SMS sender last wrote to (and on which
-- account), so that replies come from it after a restart too. One row per person's number;
-- `sender` is the helpline number (E.164) or the Messaging Service SID.
CREATE TABLE sms_routes (
    address     TEXT PRIMARY KEY,
    account_sid TEXT NOT NULL,
    sender      TEXT NOT NULL,
    updated_at  BIGINT NOT NULL
);
