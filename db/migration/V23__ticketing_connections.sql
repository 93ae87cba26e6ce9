-- How each customer's ticketing systems are reached (ADR 0043): one row per customer and system,
-- at most one of them active (the system new tickets are linked in; enforced by the service).
-- Secrets are sealed with AES-256-GCM under a key that is never in the database.
CREATE TABLE ticketing_connection (
    customer_id            VARCHAR(40)   NOT NULL REFERENCES customer(id),
    system                 VARCHAR(30)   NOT NULL,
    base_url               VARCHAR(500)  NOT NULL,
    username               VARCHAR(200),
    secret_sealed          VARCHAR(4000),
    settings               VARCHAR(4000) NOT NULL,
    webhook_secret_sealed  VARCHAR(4000),
    active                 BOOLEAN       NOT NULL,
    updated_by             VARCHAR(100)  NOT NULL,
    updated_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (customer_id, system)
);
