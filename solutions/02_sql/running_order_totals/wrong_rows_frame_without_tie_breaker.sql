-- wrong: "fixes" the peers with a ROWS frame but no tie-breaker: which same-day order counts first is left to chance, not the smaller id
-- expect: when the orders are read in another order (through an index on orders (id DESC)): result
-- expect: 4           | 300      | '2024-04-19' | 2499        | 41094
WITH order_totals AS (
    SELECT o.id AS order_id, o.customer_id, o.ordered_on,
           sum(i.quantity * i.unit_price_cents) AS total_cents
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    GROUP BY o.id
)
SELECT customer_id, order_id, ordered_on, total_cents,
       sum(total_cents) OVER (
           PARTITION BY customer_id ORDER BY ordered_on
           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
       ) AS running_total_cents
FROM order_totals
ORDER BY customer_id, ordered_on DESC, order_id DESC;
