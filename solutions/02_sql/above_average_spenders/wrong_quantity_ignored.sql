-- wrong: sums unit_price_cents alone: a line of 3 units costs three times its unit price
-- expect: your query returns 58 row(s); expected 57
-- expect: missing rows
WITH spend AS (
    SELECT o.customer_id, sum(i.unit_price_cents) AS spent_cents
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    WHERE o.status <> 'cancelled'
    GROUP BY o.customer_id
)
SELECT customer_id, spent_cents
FROM spend
WHERE spent_cents > (SELECT avg(spent_cents) FROM spend);
