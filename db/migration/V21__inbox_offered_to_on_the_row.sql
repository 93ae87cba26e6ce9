-- The inbox's index keeps a task's candidate groups on its own row (ADR 0041): '|g1|g2|', each
-- group id encoded so that it holds no '|' (InboxTaskRepository.offeredTo), NULL when the task is
-- offered to no group. Visibility becomes a condition on the row instead of a correlated
-- subquery under an OR, which PostgreSQL can neither turn into a join nor cost sensibly (at
-- 100,000 open tasks it estimated 850,000 cost units and compiled the query with JIT on every
-- request). risk_rank is the sort key of "by risk" (CRITICAL 0 .. LOW 3, none 4), indexed with
-- the due date so that the first page sorted by risk stops after its rows.
--
-- The index is emptied here and rebuilt from the engine at start-up, as after a restore: it then
-- disagrees with the engine's count of open tasks (InboxIndex, ADR 0036).
DELETE FROM inbox_task_group;
DELETE FROM inbox_task;
DROP TABLE inbox_task_group;
ALTER TABLE inbox_task ADD COLUMN offered_to VARCHAR(2000);
ALTER TABLE inbox_task ADD COLUMN risk_rank SMALLINT NOT NULL DEFAULT 4;
CREATE INDEX inbox_task_customer_risk ON inbox_task(customer_id, risk_rank, due_at, created_at);

-- The four-eyes exclusion looks for the person's own CAB votes (ADR 0032).
CREATE INDEX approval_voter ON approval(decided_by, step);
