// graphmap Cypher: reads.  Neo4jStore runs the statements of one read() inside ONE
// read transaction, so the parts form a consistent snapshot.  Format: see the header
// of schema.cypher.  Nodes come back as property maps (`props`) that
// graphmap.store.neo4j decodes with model.record_from_dict.

// name: read_areas
MATCH (n:Area)
RETURN properties(n) AS props

// name: read_organisations
MATCH (n:Organisation)
RETURN properties(n) AS props

// name: read_units
MATCH (n:Unit)
RETURN properties(n) AS props

// name: read_roles
MATCH (n:Role)
RETURN properties(n) AS props

// name: read_links
MATCH (s:Actor)-[r:REFERS|CONSULTS|WORKS_WITH|CO_LOCATED|OUTREACH|CONTACT|MEMBER|INFORMS]->(t:Actor)
RETURN s.id AS source, t.id AS target, type(r) AS type, properties(r) AS props

// The area slice (Store.read(area=...)), step 1: the area, every area below it
// (PART_OF*0.. includes the area itself), their units and those units' roles.
// A missing area gives one row of empty lists.
// name: read_area_scope
// params: area
MATCH (:Area {id: $area})<-[:PART_OF*0..]-(a:Area)
OPTIONAL MATCH (a)<-[:IN_AREA]-(u:Unit)
OPTIONAL MATCH (u)<-[:IN_UNIT]-(r:Role)
RETURN collect(DISTINCT a.id) AS areas, collect(DISTINCT u.id) AS units,
       collect(DISTINCT r.id) AS roles

// Step 2: every link with at least one end among $ids (units and roles in scope).
// name: read_links_touching
// params: ids
UNWIND $ids AS id
MATCH (:Actor {id: id})-[r:REFERS|CONSULTS|WORKS_WITH|CO_LOCATED|OUTREACH|CONTACT|MEMBER|INFORMS]-(:Actor)
WITH DISTINCT r
RETURN startNode(r).id AS source, endNode(r).id AS target, type(r) AS type,
       properties(r) AS props

// Step 3: the records themselves, by id (ids that are not of this label are skipped).
// name: read_areas_by_id
// params: ids
UNWIND $ids AS id
MATCH (n:Area {id: id})
RETURN properties(n) AS props

// name: read_organisations_by_id
// params: ids
UNWIND $ids AS id
MATCH (n:Organisation {id: id})
RETURN properties(n) AS props

// name: read_units_by_id
// params: ids
UNWIND $ids AS id
MATCH (n:Unit {id: id})
RETURN properties(n) AS props

// name: read_roles_by_id
// params: ids
UNWIND $ids AS id
MATCH (n:Role {id: id})
RETURN properties(n) AS props

// Links by key (the records a change list names); the type is compared, as in
// delete_links, and checked against the link whitelist when decoded.
// name: read_links_by_key
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})-[r]->(t:Actor {id: row.target})
WHERE type(r) = row.type
RETURN s.id AS source, t.id AS target, type(r) AS type, properties(r) AS props

// name: count_nodes
OPTIONAL MATCH (a:Area)
WITH count(a) AS areas
OPTIONAL MATCH (o:Organisation)
WITH areas, count(o) AS organisations
OPTIONAL MATCH (u:Unit)
WITH areas, organisations, count(u) AS units
OPTIONAL MATCH (r:Role)
RETURN areas, organisations, units, count(r) AS roles

// name: count_links
MATCH (:Actor)-[r:REFERS|CONSULTS|WORKS_WITH|CO_LOCATED|OUTREACH|CONTACT|MEMBER|INFORMS]->(:Actor)
RETURN type(r) AS type, count(r) AS n

// The last revision whose write is wholly visible.  Neo4j reads are read-committed
// and a commit is applied piece by piece: a reader may see the :Meta node's new
// revision while that write's :Change nodes are not yet in the index on Change.rev
// (index entries are applied after the records).  A change list read then lacks
// the write, and a web process that took it for that revision kept the old records
// for good (issue 13: the Neo4j soak's lost write).  So the revision counts only
// once all the :Change nodes its write recorded (finish_write's last_write) are
// found; until then the one before it, whose write had finished before this one
// could take the :Meta lock.  A store written before last_write existed: the revision.
// name: read_revision
OPTIONAL MATCH (m:Meta {key: 'graphmap'})
WITH m, m.last_write AS last
CALL (last) {
  OPTIONAL MATCH (c:Change)
  WHERE c.rev = last[0]
  RETURN count(c) AS seen
}
RETURN CASE WHEN last IS NULL THEN coalesce(m.revision, 0)
            WHEN seen >= last[1] THEN last[0] ELSE last[0] - 1 END AS revision
