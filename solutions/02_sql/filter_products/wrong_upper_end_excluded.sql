-- wrong: "up to 25.00" written as price_cents < 2500: the upper end is left out, though the text says both ends are included
-- expect: when a toy costs exactly 25.00 (the upper end, included)
-- expect: missing rows (1)
SELECT id, name, price_cents
FROM products
WHERE category_id IN (1, 5)
  AND price_cents >= 1000 AND price_cents < 2500
  AND stock > 0;
