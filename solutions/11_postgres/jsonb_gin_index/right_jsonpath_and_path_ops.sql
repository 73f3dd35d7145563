-- right: a jsonpath predicate (@?) and a jsonb_path_ops GIN index, smaller and serving @> and @? alike
CREATE INDEX events_payload_path_idx ON events USING gin (payload jsonb_path_ops);

CREATE VIEW pt_gift_refunds (id, created_at, customer_id, amount) AS
SELECT e.id, e.created_at, (e.payload -> 'customer_id')::bigint, (e.payload -> 'amount')::numeric
FROM events AS e
WHERE e.payload @? '$ ? (@.kind == "refund" && @.country == "PT" && @.tags[*] == "gift")';
