// graphmap Cypher: whole-store writes.  Format: see the header of schema.cypher.

// Removes every graphmap record (areas, organisations, units, roles and, with them,
// all their relationships).  The :Meta node stays so the revision keeps growing.
// name: clear_data
MATCH (n)
WHERE n:Area OR n:Organisation OR n:Unit OR n:Role
DETACH DELETE n

// Every committed write ends with this, in the same transaction (caches key on it).
// The :Meta node exists (ensure_meta); a label scan for the reason given at lock_meta.
// It records no :Change node: last_write says so (read_revision).
// name: bump_revision
MATCH (m:Meta)
USING SCAN m:Meta
WHERE m.key = 'graphmap'
WITH m, coalesce(m.revision, 0) + 1 AS revision
SET m.revision = revision, m.last_write = [revision, 0]
RETURN revision

// Deletes every graphmap node – network, history, accounts, settings – without
// recording it (a fresh start for tests and trials; the schema stays).  In batches of
// its own transactions, so it runs as an auto-commit statement and a national network
// fits in a small heap.
// name: wipe_all
MATCH (n)
WHERE n:Area OR n:Organisation OR n:Unit OR n:Role OR n:Change OR n:User
   OR n:UnmetQuery OR n:ReviewItem OR n:ReviewCounter OR n:UsedToken
   OR (n:Meta AND n.key STARTS WITH 'setting:')
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS

