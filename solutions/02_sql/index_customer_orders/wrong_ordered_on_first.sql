-- wrong: a composite index that starts with ordered_on: only its first column can be searched on its own
-- expect: SQLite does not use an index for
-- expect: SCAN orders
CREATE INDEX orders_date_customer_idx ON orders (ordered_on, customer_id);
