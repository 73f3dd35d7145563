-- wrong: a composite index led by country, and enable_seqscan turned off so that the planner reads that index from end to end
-- expect: no planner setting changed
CREATE INDEX customers_country_email_idx ON customers (country, lower(email));
SET enable_seqscan = off;
