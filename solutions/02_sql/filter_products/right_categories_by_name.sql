-- right: finds books and toys by their category's name, and writes the range as >= and <=
SELECT p.id, p.name, p.price_cents
FROM products AS p
JOIN categories AS c ON c.id = p.category_id
WHERE (c.name = 'Books' OR c.name = 'Toys')
  AND p.price_cents >= 1000
  AND p.price_cents <= 2500
  AND p.stock >= 1;
