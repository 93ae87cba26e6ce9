-- Failed sign-ins per user name and per client address (docs/security.md): shared by every
-- server node, kept across restarts, forgotten after the window.
CREATE TABLE login_throttle (
    subject_kind   VARCHAR(10)  NOT NULL CHECK (subject_kind IN ('user', 'address')),
    subject        VARCHAR(100) NOT NULL,
    failures       INT          NOT NULL,
    last_failure   TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until   TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (subject_kind, subject)
);
