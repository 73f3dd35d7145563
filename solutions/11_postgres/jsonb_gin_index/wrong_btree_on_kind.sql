-- wrong: indexes the extracted kind with a B-tree, which containment (@>) cannot use
-- expect: does not use an index for
-- expect: SCAN events
CREATE VIEW pt_gift_refunds AS
SELECT id, created_at, (payload ->> 'customer_id')::bigint AS customer_id, (payload ->> 'amount')::numeric AS amount
FROM events
WHERE payload @> '{"kind": "refund", "country": "PT", "tags": ["gift"]}';

CREATE INDEX events_kind_idx ON events ((payload ->> 'kind'));
