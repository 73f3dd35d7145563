-- wrong: a unique constraint on email (its index holds the emails as typed, not lowered)
-- expect: does not use an index for
-- expect: SCAN customers
ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE (email);
