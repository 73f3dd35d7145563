-- wrong: ->> filters served by a B-tree on the extracted country and kind: this query is fast, but no GIN index serves the team's other containment queries
-- expect: a GIN index on the whole payload column
CREATE VIEW pt_gift_refunds AS
SELECT id, created_at, (payload ->> 'customer_id')::bigint AS customer_id, (payload ->> 'amount')::numeric AS amount
FROM events
WHERE payload ->> 'kind' = 'refund'
  AND payload ->> 'country' = 'PT'
  AND payload -> 'tags' ? 'gift';

CREATE INDEX events_country_kind_idx ON events ((payload ->> 'country'), (payload ->> 'kind'));
