-- right: no CTE: the spend is a derived table inside the HAVING's subquery
SELECT o.customer_id, sum(i.quantity * i.unit_price_cents)
FROM orders AS o
JOIN order_items AS i ON i.order_id = o.id
WHERE o.status != 'cancelled'
GROUP BY o.customer_id
HAVING sum(i.quantity * i.unit_price_cents) > (
    SELECT avg(total)
    FROM (
        SELECT sum(i2.quantity * i2.unit_price_cents) AS total
        FROM orders AS o2
        JOIN order_items AS i2 ON i2.order_id = o2.id
        WHERE o2.status != 'cancelled'
        GROUP BY o2.customer_id
    )
);
