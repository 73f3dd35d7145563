-- right: a unique index on the same expression (it also forbids two accounts that differ only in case)
EXPLAIN (ANALYZE, BUFFERS) SELECT id, name FROM customers WHERE lower(email) = lower('Ines.1008@Example.com');

CREATE UNIQUE INDEX customers_email_ci_key ON customers ((lower(email)));

EXPLAIN (ANALYZE, BUFFERS) SELECT id, name FROM customers WHERE lower(email) = lower('Ines.1008@Example.com');
