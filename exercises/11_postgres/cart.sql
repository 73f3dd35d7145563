-- Shopping carts (stage 11, PostgreSQL). A cart holds each product (sku) at most once: the
-- primary key (cart_id, sku) says so.

CREATE TABLE carts (
    id       bigint PRIMARY KEY,
    customer text NOT NULL
);

CREATE TABLE cart_items (
    cart_id  bigint  NOT NULL REFERENCES carts (id),
    sku      text    NOT NULL,
    quantity integer NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (cart_id, sku)
);

INSERT INTO carts (id, customer) VALUES (1, 'ana'), (2, 'bruno');

INSERT INTO cart_items (cart_id, sku, quantity) VALUES
    (1, 'MUG-0001', 1),
    (2, 'MUG-0001', 5),
    (2, 'TEA-0042', 2);
