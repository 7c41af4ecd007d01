// graphmap Cypher: counted who-do-I-call queries that found no answer (issue 9 item 4).
// Format: see the header of schema.cypher.  One :UnmetQuery node per (day, area, age
// band, reason, text) with a count; outside the network (no revision, no history).
// Texts are cleaned of contact details before they reach here (graphmap/store/base.py
// unmet_row).

// name: record_unmet_query
// params: day, area, age_band, reason, text
MERGE (q:UnmetQuery {area: $area, day: $day, age_band: $age_band, reason: $reason,
                     text: $text})
ON CREATE SET q.count = 1
ON MATCH SET q.count = q.count + 1

// Every counted query of one area ($area null: every area) on or after $since (null: all).
// name: unmet_queries
// params: area, since
MATCH (q:UnmetQuery)
WHERE ($area IS NULL OR q.area = $area) AND ($since IS NULL OR q.day >= $since)
RETURN q.day AS day, q.area AS area, q.age_band AS age_band, q.reason AS reason,
       q.text AS text, q.count AS count
ORDER BY day DESC, count DESC, text
