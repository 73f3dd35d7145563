-- A job queue in a table (stage 11, PostgreSQL). A job is due once its run_at has come; workers
-- take due jobs earliest run_at first. Job 1 is done, job 4 is scheduled far in the future.
-- The rows are stored neither in id nor in run_at order.

CREATE TABLE jobs (
    id      bigint      PRIMARY KEY,
    kind    text        NOT NULL,
    payload text        NOT NULL,
    run_at  timestamptz NOT NULL,
    status  text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done')),
    done_by text
);

INSERT INTO jobs (id, kind, payload, run_at, status, done_by) VALUES
    (1, 'send_email', 'welcome ana',       '2024-03-01 08:00:00+00', 'done',   'worker-0'),
    (4, 'send_email', 'happy new year',    '2999-01-01 00:00:00+00', 'queued', NULL),
    (2, 'resize',     'photo 17',          '2024-03-01 09:30:00+00', 'queued', NULL),
    (5, 'send_email', 'receipt order 12',  '2024-03-01 10:00:00+00', 'queued', NULL),
    (3, 'resize',     'photo 12',          '2024-03-01 09:00:00+00', 'queued', NULL);
