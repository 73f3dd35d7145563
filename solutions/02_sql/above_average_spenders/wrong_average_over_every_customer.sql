-- wrong: divides the total spend by every customer, also those with no such line, which lowers the average
-- expect: your query returns 68 row(s); expected 57
WITH spend AS (
    SELECT o.customer_id, sum(i.quantity * i.unit_price_cents) AS spent_cents
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    WHERE o.status <> 'cancelled'
    GROUP BY o.customer_id
)
SELECT customer_id, spent_cents
FROM spend
WHERE spent_cents > (SELECT sum(spent_cents) * 1.0 / (SELECT count(*) FROM customers) FROM spend);
