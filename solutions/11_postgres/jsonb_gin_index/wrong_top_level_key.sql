-- wrong: uses ? on the whole payload, which asks for a top-level key named gift, not a tag
-- expect: your query returns 0 row(s)
CREATE VIEW pt_gift_refunds AS
SELECT id, created_at, (payload ->> 'customer_id')::bigint AS customer_id, (payload ->> 'amount')::numeric AS amount
FROM events
WHERE payload @> '{"kind": "refund", "country": "PT"}'
  AND payload ? 'gift';

CREATE INDEX events_payload_idx ON events USING gin (payload);
