-- right: a composite index that starts with customer_id and also holds the columns the page reads (a covering index)
CREATE INDEX IF NOT EXISTS orders_by_customer ON orders (customer_id, ordered_on, status);
