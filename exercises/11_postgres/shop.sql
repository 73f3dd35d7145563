-- The shop of stage 11 (PostgreSQL): enough rows that the planner's choices are real.
--
-- customers: 20,000 sign-ups. Emails are stored as the customer typed them, so some have
--   capitals (every fifth one: 'Ana.5@Example.com'); the login form accepts any case.
-- events: 20,000 things that happened (page views, sign-ups, purchases, refunds), each with a
--   JSONB payload such as
--   {"kind": "refund", "country": "PT", "customer_id": 123, "amount": 41.10, "tags": ["gift"]}.
--   "tags" is always an array of strings; some events are tagged "gift", some "gift-card" and
--   "promo" (a different thing: a gift card bought in a promotion).
-- Statistics are collected at the end (ANALYZE), as autovacuum would on a live server.

CREATE TABLE customers (
    id         bigint PRIMARY KEY,
    name       text NOT NULL,
    email      text NOT NULL,
    country    text NOT NULL,
    created_at timestamptz NOT NULL
);

INSERT INTO customers (id, name, email, country, created_at)
SELECT g,
       first_name || ' ' || (ARRAY['Silva', 'Santos', 'Ferreira', 'Pereira', 'Costa', 'Martins', 'Jones', 'Smith', 'Dubois', 'Muller', 'Rossi'])[1 + (g / 10) % 11],
       CASE WHEN g % 5 = 0 THEN first_name ELSE lower(first_name) END || '.' || g || CASE WHEN g % 5 = 0 THEN '@Example.com' ELSE '@example.com' END,
       (ARRAY['PT', 'ES', 'FR', 'DE', 'GB', 'IT', 'NL'])[1 + g % 7],
       timestamptz '2023-01-01 00:00:00+00' + g * interval '37 minutes'
FROM generate_series(1, 20000) AS g,
     LATERAL (SELECT (ARRAY['Ana', 'Bruno', 'Carla', 'David', 'Eva', 'Filipe', 'Grace', 'Hugo', 'Ines', 'Joao'])[1 + g % 10] AS first_name) AS n;

CREATE TABLE events (
    id         bigint PRIMARY KEY,
    created_at timestamptz NOT NULL,
    payload    jsonb NOT NULL
);

INSERT INTO events (id, created_at, payload)
SELECT g,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '3 minutes',
       jsonb_build_object(
           'kind', (ARRAY['page_view', 'page_view', 'page_view', 'signup', 'purchase', 'purchase', 'refund'])[1 + g % 7],
           'country', (ARRAY['PT', 'ES', 'FR', 'DE', 'GB', 'IT', 'NL', 'US', 'BR', 'PL', 'SE'])[1 + (g / 7) % 11],
           'customer_id', 1 + (g * 7919) % 20000,
           'amount', round((g % 997) * 1.37, 2),
           'tags', CASE WHEN g % 13 = 0 THEN '["gift"]'::jsonb
                        WHEN g % 17 = 0 THEN '["gift-card", "promo"]'::jsonb
                        ELSE '[]'::jsonb END)
FROM generate_series(1, 20000) AS g;

-- A refund from Portugal with a note that says "gift", without the "gift" tag.
UPDATE events SET payload = payload || '{"note": "gift"}' WHERE id = 6;

ANALYZE;
