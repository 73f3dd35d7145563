-- wrong: spent_cents >= the average keeps a customer who spent exactly the average; the text says strictly greater
-- expect: when a customer spent exactly the average: result
-- expect: unexpected rows (1)
WITH spend AS (
    SELECT o.customer_id, sum(i.quantity * i.unit_price_cents) AS spent_cents
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    WHERE o.status <> 'cancelled'
    GROUP BY o.customer_id
)
SELECT customer_id, spent_cents
FROM spend
WHERE spent_cents >= (SELECT avg(spent_cents) FROM spend);
