-- right: the running total as a correlated subquery over the customer's orders placed up to this one
WITH order_totals AS (
    SELECT o.id AS order_id, o.customer_id, o.ordered_on,
           sum(i.quantity * i.unit_price_cents) AS total_cents
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    GROUP BY o.id
)
SELECT t.customer_id, t.order_id, t.ordered_on, t.total_cents,
       (SELECT sum(e.total_cents)
        FROM order_totals AS e
        WHERE e.customer_id = t.customer_id
          AND (e.ordered_on < t.ordered_on
               OR (e.ordered_on = t.ordered_on AND e.order_id <= t.order_id))) AS running_total_cents
FROM order_totals AS t
ORDER BY t.customer_id, t.ordered_on DESC, t.order_id DESC;
