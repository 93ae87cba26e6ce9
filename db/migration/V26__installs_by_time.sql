-- "Changes around a ticket" (servicedesk) looks for the install jobs created in a period of up to
-- 92 days. Searching tickets by reference across systems is served by ticket_reference (V18).
CREATE INDEX agent_job_type_created ON agent_job(job_type, created_at);
