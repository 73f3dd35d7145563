-- wrong: reads customer_id and amount out with ->> and no cast, so the view's columns are text, not bigint and numeric
-- expect: the view's columns, with the types asked for
CREATE VIEW pt_gift_refunds AS
SELECT id, created_at, payload ->> 'customer_id' AS customer_id, payload ->> 'amount' AS amount
FROM events
WHERE payload @> '{"kind": "refund", "country": "PT", "tags": ["gift"]}';

CREATE INDEX events_payload_idx ON events USING gin (payload);
