-- wrong: CREATE UNIQUE INDEX: a customer has many orders, so the index cannot be built
-- expect: UNIQUE constraint failed: orders.customer_id
CREATE UNIQUE INDEX orders_customer_id_idx ON orders (customer_id);
