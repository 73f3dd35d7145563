-- wrong: filters with ->> equalities, which a GIN index on payload cannot serve: every event is read
-- expect: does not use an index for
-- expect: SCAN events
CREATE VIEW pt_gift_refunds AS
SELECT id, created_at, (payload ->> 'customer_id')::bigint AS customer_id, (payload ->> 'amount')::numeric AS amount
FROM events
WHERE payload ->> 'kind' = 'refund'
  AND payload ->> 'country' = 'PT'
  AND payload -> 'tags' ? 'gift';

CREATE INDEX events_payload_idx ON events USING gin (payload);
