// graphmap Cypher: the review queue (providers' corrections, "report a problem") and
// spent one-use confirmation links (issue 14).  Format: see the header of schema.cypher.
// Outside the network: no revision, no history (an accepted correction is written
// through the ordinary network write, which records it).

// Unmet queries older than the retention period.
// name: forget_unmet_before
// params: day
OPTIONAL MATCH (q:UnmetQuery) WHERE q.day < $day
WITH collect(q) AS old
FOREACH (q IN old | DELETE q)
RETURN size(old) AS n

// The next id comes from one counter node, so ids never repeat.
// name: add_review_item
// params: area, unit, kind, payload, at
MERGE (c:ReviewCounter {name: 'review'})
ON CREATE SET c.next = 1
ON MATCH SET c.next = c.next + 1
WITH c
CREATE (r:ReviewItem {id: c.next, area: $area, unit: $unit, kind: $kind, payload: $payload,
                      at: $at, status: 'open'})
RETURN r.id AS id

// name: review_items
// params: area, status, id
MATCH (r:ReviewItem)
WHERE ($area IS NULL OR r.area = $area) AND ($status IS NULL OR r.status = $status)
  AND ($id IS NULL OR r.id = $id)
RETURN r.id AS id, r.area AS area, r.unit AS unit, r.kind AS kind, r.payload AS payload,
       r.at AS at, r.status AS status, r.decided_by AS decided_by,
       r.decided_at AS decided_at, r.decision AS decision
ORDER BY id DESC

// name: decide_review_item
// params: id, status, actor, at, decision
OPTIONAL MATCH (r:ReviewItem {id: $id, status: 'open'})
FOREACH (x IN CASE WHEN r IS NULL THEN [] ELSE [r] END |
  SET x.status = $status, x.decided_by = $actor, x.decided_at = $at, x.decision = $decision)
RETURN count(r) AS n

// name: use_token
// params: nonce, at
OPTIONAL MATCH (old:UsedToken {nonce: $nonce})
WITH old
FOREACH (x IN CASE WHEN old IS NULL THEN [1] ELSE [] END |
  CREATE (:UsedToken {nonce: $nonce, at: $at}))
RETURN old IS NULL AS fresh

// name: token_unused
// params: nonce
OPTIONAL MATCH (old:UsedToken {nonce: $nonce})
RETURN old IS NULL AS fresh
