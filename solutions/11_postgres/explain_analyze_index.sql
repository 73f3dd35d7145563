-- The plan filters on lower(email): an index on that expression (not on email) serves it.
CREATE INDEX customers_email_lower_idx ON customers (lower(email));

-- Statistics for the new expression, so the planner estimates 1 row instead of 100.
ANALYZE customers;
