-- One subscribable iCalendar feed per user (docs/calendar.md, ADR 0034). The URL carries a
-- random token; only its SHA-256 is kept, so a copy of the database opens no one's feed.
-- Revoking deletes the row; issuing a new address replaces it.
CREATE TABLE calendar_feed (
    username    VARCHAR(100) PRIMARY KEY REFERENCES app_user(username),
    token_hash  CHAR(64)     NOT NULL UNIQUE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_read_at TIMESTAMP WITH TIME ZONE
);
