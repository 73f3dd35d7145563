WITH order_totals AS (
    SELECT o.id AS order_id, o.customer_id, o.ordered_on,
           sum(i.quantity * i.unit_price_cents) AS total_cents
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    GROUP BY o.id
)
-- The window restarts for each customer (PARTITION BY) and adds up the orders in the order
-- they were placed. The id makes that order total: with ORDER BY ordered_on alone, two orders
-- of the same day would be "peers" and share one running total. The window's ORDER BY only
-- says how to add up; the order of the output rows is the job of the final ORDER BY.
SELECT
    customer_id,
    order_id,
    ordered_on,
    total_cents,
    sum(total_cents) OVER (
        PARTITION BY customer_id
        ORDER BY ordered_on, order_id
    ) AS running_total_cents
FROM order_totals
ORDER BY customer_id, ordered_on DESC, order_id DESC;
