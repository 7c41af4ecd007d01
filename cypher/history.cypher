// graphmap Cypher: history (:Change nodes), accounts (:User) and settings (:Meta).
// Format: see the header of schema.cypher.  Every write of Neo4jStore._apply runs
// lock_meta first (taking the write lock on the :Meta node, so concurrent writers
// queue and change sequence numbers never repeat), then the removals, the upserts of
// load.cypher, record_changes and finish_write: ONE transaction.
//
// A :Change holds one history entry: seq, rev, at (ISO-8601 UTC text, sorts as time),
// actor, note, sheet, key (id, or source>target:kind for links), op (add, change,
// remove) and before / after (record JSON text; an add keeps neither, see
// graphmap/store/base.py).

// A label scan (USING SCAN), not the unique index: in a writing statement Neo4j seeks
// the uniqueness index with a lock on the index entry, and writers holding that while
// waiting for the node's write lock deadlocked (Neo4j 5.26, concurrent web writes).
// :Meta holds a handful of nodes.  The SET writes a fresh value without reading the
// property first: a SET to the value a property already has takes no write lock, and
// `SET m.x = m.x + 1` reads under a shared lock and then upgrades it – two writers
// upgrading at once deadlocked (found with 6 threads × 8 writes: 8 retries → 0).
// The node is made once by ensure_meta; no row means it is missing and the store
// makes it.
// history_from as in read_changes_head: a write patching its caller's network by the
// changes since (Neo4jStore._current) needs both, and this saves it a statement.
// name: lock_meta
MATCH (m:Meta)
USING SCAN m:Meta
WHERE m.key = 'graphmap'
SET m.lock = randomUUID()
RETURN coalesce(m.revision, 0) AS revision, coalesce(m.change_seq, 0) AS seq,
       coalesce(m.history_from, 0) AS history_from

// name: ensure_meta
MERGE (m:Meta {key: 'graphmap'})
ON CREATE SET m.revision = 0

// name: delete_areas
// params: ids
UNWIND $ids AS id
MATCH (n:Area {id: id})
DETACH DELETE n

// name: delete_organisations
// params: ids
UNWIND $ids AS id
MATCH (n:Organisation {id: id})
DETACH DELETE n

// name: delete_units
// params: ids
UNWIND $ids AS id
MATCH (n:Unit {id: id})
DETACH DELETE n

// name: delete_roles
// params: ids
UNWIND $ids AS id
MATCH (n:Role {id: id})
DETACH DELETE n

// Relationship types cannot be parameters; the type is compared instead.
// name: delete_links
// params: rows
UNWIND $rows AS row
MATCH (:Actor {id: row.source})-[r]->(:Actor {id: row.target})
WHERE type(r) = row.type
DELETE r

// name: record_changes
// params: rows
UNWIND $rows AS row
CREATE (c:Change)
SET c = row

// The last statement of every write: the last batch of :Change rows (maybe none),
// the new revision and the last change sequence number, in one statement – each
// statement is a round trip, and in a busy web process each wait for the server is a
// turn at the interpreter lock behind the request threads (issue 13).  $revision is
// lock_meta's revision + 1: the write holds the :Meta lock since it read it (so
// reading change_seq here takes no lock it does not hold).  last_write = [revision,
// the number of :Change nodes it records], one value: what read_revision and
// read_changes_head check the history against before they report the revision.
// name: finish_write
// params: rows, revision, seq
MATCH (m:Meta)
USING SCAN m:Meta
WHERE m.key = 'graphmap'
WITH m, $seq - coalesce(m.change_seq, 0) AS recorded
SET m.revision = $revision, m.change_seq = $seq, m.last_write = [$revision, recorded]
WITH m
UNWIND $rows AS row
CREATE (c:Change)
SET c = row

// Filters that are null do not apply; until is exclusive, until_incl inclusive.
// name: read_history
// params: since, until, until_incl, sheet, key, actor, skip, limit
MATCH (c:Change)
WHERE ($since IS NULL OR c.at >= $since)
  AND ($until IS NULL OR c.at < $until)
  AND ($until_incl IS NULL OR c.at <= $until_incl)
  AND ($sheet IS NULL OR c.sheet = $sheet)
  AND ($key IS NULL OR c.key = $key)
  AND ($actor IS NULL OR c.actor = $actor)
RETURN c.seq AS seq, c.at AS at, c.actor AS actor, c.sheet AS sheet, c.key AS key,
       c.op AS op, c.before AS before, c.after AS after, c.note AS note
ORDER BY c.seq DESC
SKIP $skip
LIMIT $limit

// A pager's total: the entries read_history would return with no skip and no limit.
// name: count_history
// params: since, until, until_incl, sheet, key, actor
MATCH (c:Change)
WHERE ($since IS NULL OR c.at >= $since)
  AND ($until IS NULL OR c.at < $until)
  AND ($until_incl IS NULL OR c.at <= $until_incl)
  AND ($sheet IS NULL OR c.sheet = $sheet)
  AND ($key IS NULL OR c.key = $key)
  AND ($actor IS NULL OR c.actor = $actor)
RETURN count(c) AS n

// The entries after the given ones for the same keys (to rebuild an add's "after").
// name: read_later_changes
// params: keys, seq
UNWIND $keys AS k
MATCH (c:Change {key: k})
WHERE c.seq > $seq AND c.op <> 'add'
RETURN c.seq AS seq, c.sheet AS sheet, c.key AS key, c.before AS before
ORDER BY seq

// Every entry recorded at or after $cutoff, newest first: what an as-of read undoes.
// name: read_changes_since
// params: cutoff
MATCH (c:Change)
WHERE c.at >= $cutoff
RETURN c.sheet AS sheet, c.key AS key, c.op AS op, c.before AS before
ORDER BY c.seq DESC

// What a reader holding an older revision needs to patch its copy instead of reading
// everything again (Neo4jStore.changes_since, issue 13), in one statement (each web
// process reads it after every write): the revision now, history_from (the revision of
// the last wipe, which deleted the history before it: no change list reaches past it)
// and up to $limit record keys written after $revision (none when the history no
// longer reaches back to it).  "Now" is the last revision whose whole history is
// visible, as read_revision says (see there): a list that missed the newest write's
// :Change nodes must not be taken for that revision's.
// name: read_changes_head
// params: revision, limit
OPTIONAL MATCH (m:Meta {key: 'graphmap'})
WITH m, m.last_write AS last
CALL (last) {
  OPTIONAL MATCH (c:Change)
  WHERE c.rev = last[0]
  RETURN count(c) AS seen
}
WITH CASE WHEN last IS NULL THEN coalesce(m.revision, 0)
          WHEN seen >= last[1] THEN last[0] ELSE last[0] - 1 END AS now,
     coalesce(m.history_from, 0) AS history_from
CALL (now, history_from) {
  OPTIONAL MATCH (c:Change)
  WHERE $revision >= history_from AND c.rev > $revision AND c.rev <= now
  WITH DISTINCT c.sheet AS sheet, c.key AS key
  WHERE key IS NOT NULL
  RETURN collect({sheet: sheet, key: key})[..$limit] AS keys
}
RETURN now AS revision, history_from, keys

// Every record key written by the revisions in ($revision, $now] (a write that read
// $now with lock_meta).
// name: read_changed_keys
// params: revision, now, limit
MATCH (c:Change)
WHERE c.rev > $revision AND c.rev <= $now
WITH DISTINCT c.sheet AS sheet, c.key AS key
RETURN sheet, key
LIMIT $limit

// After Neo4jStore.wipe: the history before this revision is gone.
// name: restart_history
MATCH (m:Meta)
USING SCAN m:Meta
WHERE m.key = 'graphmap'
SET m.history_from = m.revision

// name: put_user
// params: username, password_hash, role, areas, created, session_key
// A new password hash ends the account's web sessions: a new session key (set first,
// while u.password_hash still holds the old hash).
MERGE (u:User {username: $username})
SET u.session_key = CASE WHEN u.password_hash = $password_hash
                         THEN coalesce(u.session_key, $session_key) ELSE $session_key END
SET u.password_hash = $password_hash, u.role = $role, u.areas = $areas,
    u.created = coalesce(u.created, $created)

// name: get_user
// params: username
MATCH (u:User {username: $username})
RETURN u.username AS username, u.password_hash AS password_hash, u.role AS role,
       u.areas AS areas, u.created AS created, u.session_key AS session_key

// name: end_sessions
// params: username, session_key
OPTIONAL MATCH (u:User {username: $username})
SET u.session_key = $session_key
RETURN count(u) AS n

// name: delete_user
// params: username
OPTIONAL MATCH (u:User {username: $username})
DELETE u
RETURN count(u) AS n

// name: list_users
MATCH (u:User)
RETURN u.username AS username, u.password_hash AS password_hash, u.role AS role,
       u.areas AS areas, u.created AS created
ORDER BY username

// name: get_setting
// params: key
OPTIONAL MATCH (m:Meta {key: 'setting:' + $key})
RETURN m.value AS value

// name: set_setting
// params: key, value
MERGE (m:Meta {key: 'setting:' + $key})
SET m.value = $value
