-- Containment (@>) says "this document includes these keys with these values"; for an array,
-- ["gift"] means "contains the element gift". A GIN index on the whole column serves it.
CREATE VIEW pt_gift_refunds AS
SELECT id,
       created_at,
       (payload ->> 'customer_id')::bigint AS customer_id,
       (payload ->> 'amount')::numeric AS amount
FROM events
WHERE payload @> '{"kind": "refund", "country": "PT", "tags": ["gift"]}';

CREATE INDEX events_payload_idx ON events USING gin (payload);
