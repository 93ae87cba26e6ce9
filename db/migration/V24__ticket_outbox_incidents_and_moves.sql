-- The ticket outbox carries three kinds of work (ADR 0047): a NOTE posted on a ticket, OPEN which
-- opens the incident ticket itself in an external system (the ticket row waits under a
-- placeholder reference until the system names it), and MOVE which drives the ticket to a stage
-- (implementing, closed) through the system's transitions. A MOVE the system refused or ignored is
-- FAILED: reported on the change page and in the audit trail, not retried, not taken as done.
ALTER TABLE ticket_note ADD COLUMN kind VARCHAR(10) DEFAULT 'NOTE' NOT NULL;
ALTER TABLE ticket_note ADD CONSTRAINT ticket_note_kind CHECK (kind IN ('NOTE', 'OPEN', 'MOVE'));
ALTER TABLE ticket_note DROP CONSTRAINT ticket_note_status;
ALTER TABLE ticket_note ADD CONSTRAINT ticket_note_status CHECK (status IN ('PENDING', 'SENDING', 'DELIVERED', 'FAILED'));
