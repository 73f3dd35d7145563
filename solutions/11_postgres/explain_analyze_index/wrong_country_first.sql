-- wrong: a composite index led by country, a column the login query does not filter on
-- expect: does not use an index for
-- expect: SCAN customers
CREATE INDEX customers_country_email_idx ON customers (country, lower(email));
