-- How many tasks of one customer a person may approve in one bulk approval (issue 13, ADR 0037):
-- 0 turns bulk approval off for the customer; 100 is the most a request can hold at all.
-- Existing policies get the default, 20.
ALTER TABLE customer_policy ADD COLUMN bulk_approval_limit INT DEFAULT 20 NOT NULL;
ALTER TABLE customer_policy ADD CONSTRAINT customer_policy_bulk_limit CHECK (bulk_approval_limit BETWEEN 0 AND 100);
