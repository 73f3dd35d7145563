-- wrong: indexes upper(email) while the query filters on lower(email): another expression
-- expect: does not use an index for
-- expect: SCAN customers
CREATE INDEX customers_email_upper_idx ON customers (upper(email));
