-- wrong: indexes customers(id), the other end of the foreign key, which is already the table's rowid
-- expect: SQLite does not use an index for
-- expect: SCAN orders
CREATE INDEX customers_id_idx ON customers (id);
