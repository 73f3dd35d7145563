-- right: a correlated subquery counts each customer's orders; count(*) of no rows is 0
SELECT c.id,
       c.name,
       (SELECT count(*)
        FROM orders AS o
        WHERE o.customer_id = c.id AND o.status != 'cancelled') AS orders
FROM customers AS c;
