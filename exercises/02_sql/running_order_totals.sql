-- # Window functions: running totals
--
-- The customer account page lists each customer's orders with the running total of their
-- spending: for each order, the sum of that order and all of the customer's earlier orders.
-- "Earlier" means placed before: by ordered_on, and for two orders of the same day, the one with
-- the smaller id first.
--
-- The CTE below computes order_totals(order_id, customer_id, ordered_on, total_cents) for every
-- order that has lines. Replace the final SELECT so it returns five columns: customer_id,
-- order_id, ordered_on, total_cents and the running total. List the rows as the page shows them:
-- by customer_id, and within a customer the newest order first (ordered_on descending, then
-- order_id descending).
--
-- Why it matters: running totals, balances and moving averages are window functions with an
-- ORDER BY inside OVER (...). That inner ORDER BY decides what gets added up; only the final
-- ORDER BY decides the order of the output rows.

WITH order_totals AS (
    SELECT o.id AS order_id, o.customer_id, o.ordered_on,
           sum(i.quantity * i.unit_price_cents) AS total_cents
    FROM orders AS o
    JOIN order_items AS i ON i.order_id = o.id
    GROUP BY o.id
)
-- TODO: replace this SELECT: add the running total with sum(...) OVER (...), and order the rows.
SELECT customer_id, order_id, ordered_on, total_cents
FROM order_totals;
