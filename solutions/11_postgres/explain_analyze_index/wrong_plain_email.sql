-- wrong: indexes email as stored; the query compares lower(email), so the index cannot be used
-- expect: does not use an index for
-- expect: SCAN customers
CREATE INDEX customers_email_idx ON customers (email);
