-- wrong: an index on (status, customer_id): it is sorted by status first, so it cannot be searched by customer_id alone
-- expect: SQLite does not use an index for
-- expect: SCAN orders
CREATE INDEX orders_status_customer_idx ON orders (status, customer_id);
