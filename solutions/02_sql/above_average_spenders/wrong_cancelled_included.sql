-- wrong: forgets to leave out the cancelled orders, so their lines count as spending
-- expect: your query returns the right number of rows (57), but not the right ones
SELECT o.customer_id, sum(i.quantity * i.unit_price_cents) AS spent_cents
FROM orders AS o
JOIN order_items AS i ON i.order_id = o.id
GROUP BY o.customer_id
HAVING sum(i.quantity * i.unit_price_cents) > (
    SELECT avg(spent_cents)
    FROM (SELECT sum(i.quantity * i.unit_price_cents) AS spent_cents
          FROM orders AS o JOIN order_items AS i ON i.order_id = o.id
          GROUP BY o.customer_id)
);
