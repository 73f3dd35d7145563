-- wrong: a GIN index on payload -> 'tags', which a containment test on the whole payload cannot use
-- expect: does not use an index for
-- expect: SCAN events
CREATE VIEW pt_gift_refunds AS
SELECT id, created_at, (payload ->> 'customer_id')::bigint AS customer_id, (payload ->> 'amount')::numeric AS amount
FROM events
WHERE payload @> '{"kind": "refund", "country": "PT", "tags": ["gift"]}';

CREATE INDEX events_tags_idx ON events USING gin ((payload -> 'tags'));
