-- right: containment for kind and country (served by the index), the ? operator for the tag
CREATE VIEW pt_gift_refunds AS
SELECT id, created_at, (payload ->> 'customer_id')::bigint AS customer_id, (payload ->> 'amount')::numeric AS amount
FROM events
WHERE payload @> '{"kind": "refund"}'
  AND payload @> '{"country": "PT"}'
  AND payload -> 'tags' ? 'gift';

CREATE INDEX ON events USING gin (payload);
