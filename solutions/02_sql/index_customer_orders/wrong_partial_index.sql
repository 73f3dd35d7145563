-- wrong: a partial index of the orders that are not cancelled: the query asks for all of a customer's orders, so SQLite cannot use it
-- expect: SQLite does not use an index for
-- expect: SCAN orders
CREATE INDEX orders_open_customer_idx ON orders (customer_id) WHERE status <> 'cancelled';
