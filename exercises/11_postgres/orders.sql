-- The orders of a shop that sells in four countries (stage 11, PostgreSQL): 6,000 of them.
-- Until now every price was in the shop's local currency, implicitly: euros for the 'pt',
-- 'es' and 'fr' shops, pounds for the 'uk' shop.

CREATE TABLE orders (
    id          bigint      PRIMARY KEY,
    shop        text        NOT NULL,
    customer_id bigint      NOT NULL,
    total_cents bigint      NOT NULL,
    created_at  timestamptz NOT NULL
);

INSERT INTO orders (id, shop, customer_id, total_cents, created_at)
SELECT g,
       (ARRAY['pt', 'es', 'fr', 'uk'])[1 + g % 4],
       1 + (g * 37) % 900,
       500 + (g * 7919) % 20000,
       timestamptz '2024-01-01 00:00:00+00' + g * interval '41 minutes'
FROM generate_series(1, 6000) AS g;

ANALYZE orders;
