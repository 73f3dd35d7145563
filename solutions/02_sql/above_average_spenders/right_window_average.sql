-- right: the average over the customers as a window, avg() OVER (), next to each spend
WITH spend AS (
    SELECT o.customer_id, sum(i.quantity * i.unit_price_cents) AS spent_cents
    FROM order_items AS i
    JOIN orders AS o ON o.id = i.order_id
    WHERE o.status IN ('pending', 'paid', 'shipped', 'delivered')
    GROUP BY o.customer_id
),
compared AS (
    SELECT customer_id, spent_cents, avg(spent_cents) OVER () AS average_cents
    FROM spend
)
SELECT customer_id, spent_cents
FROM compared
WHERE spent_cents > average_cents;
