-- The inbox's own index of open user tasks (ADR 0036), kept in the engine's transaction by a
-- task listener that Patchflow adds to every user task, so that the inbox filters, sorts, pages
-- and counts in one SQL statement instead of asking the engine for every task and each task's
-- variables. The engine stays the authority: the task page and every completion ask it.
-- Change attributes are copied when the task is created: they do not change while it waits.
CREATE TABLE inbox_task (
    task_id          VARCHAR(64)  PRIMARY KEY,
    change_id        BIGINT       NOT NULL REFERENCES change_request(id),
    customer_id      VARCHAR(40)  NOT NULL,
    task_key         VARCHAR(100) NOT NULL,
    name             VARCHAR(255) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    due_at           TIMESTAMP WITH TIME ZONE,
    assignee         VARCHAR(100),
    four_eyes        BOOLEAN      NOT NULL,
    decision_step    VARCHAR(40),
    approval_round   INT          NOT NULL,
    title            VARCHAR(200) NOT NULL,
    requester        VARCHAR(100) NOT NULL,
    change_type      VARCHAR(20),
    risk_level       VARCHAR(20),
    sla_due_at       TIMESTAMP WITH TIME ZONE,
    known_exploited  BOOLEAN      NOT NULL
);
CREATE INDEX inbox_task_customer_due ON inbox_task(customer_id, due_at, created_at);
CREATE INDEX inbox_task_assignee ON inbox_task(assignee);
CREATE INDEX inbox_task_change ON inbox_task(change_id);

CREATE TABLE inbox_task_group (
    task_id   VARCHAR(64) NOT NULL REFERENCES inbox_task(task_id) ON DELETE CASCADE,
    group_id  VARCHAR(64) NOT NULL,
    PRIMARY KEY (task_id, group_id)
);
CREATE INDEX inbox_task_group_group ON inbox_task_group(group_id, task_id);

-- A person's saved inbox filters: a name and the query string of the inbox page.
CREATE TABLE inbox_saved_filter (
    username  VARCHAR(100) NOT NULL REFERENCES app_user(username),
    name      VARCHAR(80)  NOT NULL,
    query     VARCHAR(1000) NOT NULL,
    PRIMARY KEY (username, name)
);
