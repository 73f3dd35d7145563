-- right: customer_id first, then the newest orders first, as a "my orders" page lists them
CREATE INDEX orders_customer_recent_idx ON orders (customer_id, ordered_on DESC);
