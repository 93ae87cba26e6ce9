-- Sign-ins per user name and per client address (docs/security.md, ADR 0023): failures, shared
-- by every server node, kept across restarts, forgotten after the window; and the attempts being
-- checked right now, so that a burst of parallel guesses cannot all be checked before the first
-- failure is counted.
CREATE TABLE login_throttle (
    subject_kind   VARCHAR(10)  NOT NULL CHECK (subject_kind IN ('user', 'address')),
    subject        VARCHAR(100) NOT NULL,
    failures       INT          NOT NULL,
    last_failure   TIMESTAMP WITH TIME ZONE,
    locked_until   TIMESTAMP WITH TIME ZONE,
    in_flight      INT          NOT NULL DEFAULT 0,
    in_flight_since TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (subject_kind, subject)
);
