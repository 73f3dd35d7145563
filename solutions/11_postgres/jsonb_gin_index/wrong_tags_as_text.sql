-- wrong: looks for "gift" in the tags as text, so "gift-card" matches too
-- expect: unexpected rows
CREATE VIEW pt_gift_refunds AS
SELECT id, created_at, (payload ->> 'customer_id')::bigint AS customer_id, (payload ->> 'amount')::numeric AS amount
FROM events
WHERE payload @> '{"kind": "refund", "country": "PT"}'
  AND payload ->> 'tags' LIKE '%gift%';

CREATE INDEX events_payload_idx ON events USING gin (payload);
