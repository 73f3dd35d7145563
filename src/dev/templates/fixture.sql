-- The data every SQL check of this stage starts from, loaded into a fresh database each time.
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0)
);
INSERT INTO items (name, price_cents) VALUES ('pen', 150), ('notebook', 400), ('backpack', 2500);
