-- right: an explicit ROWS frame and a named window, with the tie-breaker in the window's order
WITH order_totals AS (
    SELECT o.id AS order_id, o.customer_id, o.ordered_on,
           sum(i.quantity * i.unit_price_cents) AS total_cents
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    GROUP BY o.id
)
SELECT customer_id, order_id, ordered_on, total_cents,
       sum(total_cents) OVER placed AS running_total_cents
FROM order_totals
WINDOW placed AS (
    PARTITION BY customer_id ORDER BY ordered_on, order_id
    ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
)
ORDER BY 1, 3 DESC, 2 DESC;
