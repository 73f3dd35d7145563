-- wrong: indexes order_items.order_id, a foreign key too, but not the column the query looks orders up by
-- expect: SQLite does not use an index for
-- expect: SCAN orders
CREATE INDEX order_items_order_id_idx ON order_items (order_id);
