-- wrong: collects statistics instead of creating an index: the planner still has nothing but the table to read
-- expect: does not use an index for
-- expect: SCAN customers
ANALYZE customers;
