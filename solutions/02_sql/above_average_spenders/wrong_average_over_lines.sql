-- wrong: compares each customer's spend with the average line (avg over order_items), not with the average customer's spend
-- expect: your query returns 127 row(s); expected 57
WITH spend AS (
    SELECT o.customer_id, sum(i.quantity * i.unit_price_cents) AS spent_cents
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    WHERE o.status <> 'cancelled'
    GROUP BY o.customer_id
)
SELECT customer_id, spent_cents
FROM spend
WHERE spent_cents > (
    SELECT avg(i.quantity * i.unit_price_cents)
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    WHERE o.status <> 'cancelled'
);
