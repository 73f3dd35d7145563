-- wrong: only looks at orders that were not cancelled, though a product in any order line, whatever its status, has been ordered
-- expect: when a product was only ever ordered in an order that was cancelled: result
-- expect: 'Paper Lantern'
SELECT p.id, p.name
FROM products AS p
WHERE NOT EXISTS (
    SELECT 1
    FROM order_items AS i
    JOIN orders AS o ON o.id = i.order_id
    WHERE i.product_id = p.id AND o.status <> 'cancelled'
);
