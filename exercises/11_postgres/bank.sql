-- A tiny bank (stage 11, PostgreSQL). The balance is in cents. Nothing in the schema stops a
-- balance from going below zero: the application's checks are all there is, which is what the
-- exercises on this table put to the test.
--
-- The rows are stored out of id order (account 2 before account 1), as they are in any table
-- that has seen updates: a query that does not say ORDER BY meets them in that order.

CREATE TABLE accounts (
    id            bigint PRIMARY KEY,
    owner         text   NOT NULL,
    balance_cents bigint NOT NULL
);

INSERT INTO accounts (id, owner, balance_cents) VALUES
    (2, 'bruno', 10000),
    (1, 'ana', 10000),
    (3, 'carla', 2500);
