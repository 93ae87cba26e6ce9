-- Milestone notes on linked tickets become a transactional outbox (ADR 0042). A note is recorded
-- in the transaction that reached the milestone, once per ticket and note key (the change and the
-- milestone, unique), and delivered after it, in order per ticket, by whichever node claims it
-- first. The built-in register is its own ticketing system: its notes are delivered when written.
ALTER TABLE ticket_note ADD COLUMN note_key VARCHAR(160);
ALTER TABLE ticket_note ADD COLUMN status VARCHAR(20) DEFAULT 'DELIVERED' NOT NULL;
ALTER TABLE ticket_note ADD COLUMN attempts INT DEFAULT 0 NOT NULL;
ALTER TABLE ticket_note ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE ticket_note ADD COLUMN claimed_by VARCHAR(64);
ALTER TABLE ticket_note ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE ticket_note ADD COLUMN last_error VARCHAR(1000);
ALTER TABLE ticket_note ADD COLUMN last_attempt_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE ticket_note ADD COLUMN delivered_at TIMESTAMP WITH TIME ZONE;
-- notes written before the outbox were posted when they were written
UPDATE ticket_note SET note_key = CONCAT('before-outbox-', CAST(id AS VARCHAR(20))), delivered_at = created_at;
ALTER TABLE ticket_note ALTER COLUMN note_key SET NOT NULL;
ALTER TABLE ticket_note ADD CONSTRAINT ticket_note_once UNIQUE (ticket_id, note_key);
ALTER TABLE ticket_note ADD CONSTRAINT ticket_note_status CHECK (status IN ('PENDING', 'SENDING', 'DELIVERED'));
CREATE INDEX ticket_note_due ON ticket_note(status, next_attempt_at);

-- The last status Patchflow read from the ticket's system, and when.
ALTER TABLE ticket ADD COLUMN status_read_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE ticket ALTER COLUMN status SET DATA TYPE VARCHAR(100);
