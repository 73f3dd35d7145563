-- wrong: indexes the expression on the wrong column (name instead of email)
-- expect: does not use an index for
-- expect: SCAN customers
CREATE INDEX customers_name_lower_idx ON customers (lower(name));
