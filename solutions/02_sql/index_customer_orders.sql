-- An index on orders(customer_id) is a B-tree of (customer_id, rowid) pairs: SQLite finds the
-- first entry for a customer in a few page reads and walks along, instead of reading every order.
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
