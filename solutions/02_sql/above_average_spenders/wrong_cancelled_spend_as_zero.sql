-- wrong: counts cancelled lines as 0 instead of leaving them out, so a customer whose only orders were cancelled spends 0 and pulls the average down
-- expect: when a customer's only order was cancelled: result
-- expect: unexpected rows (1)
WITH spend AS (
    SELECT o.customer_id,
           sum(CASE WHEN o.status = 'cancelled' THEN 0 ELSE i.quantity * i.unit_price_cents END) AS spent_cents
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    GROUP BY o.customer_id
)
SELECT customer_id, spent_cents
FROM spend
WHERE spent_cents > (SELECT avg(spent_cents) FROM spend);
