// graphmap Cypher: batched upserts, all run inside ONE write transaction by
// Neo4jStore._write.  Format: see the header of schema.cypher.
//
// $rows is a list of property maps made by graphmap.store.neo4j.network_rows: every
// field of the record (null fields left out, lists as lists, dates as ISO strings).
// `SET n = row` replaces all properties, so a field cleared by an upsert disappears.
// Reference fields (parent, organisation, area, unit) are kept as properties too, so a
// node reads back as exactly its record; the relationships mirror them for traversal
// and are rebuilt by the link_* statements after all nodes of a batch exist.

// name: load_areas
// params: rows
UNWIND $rows AS row
MERGE (n:Area {id: row.id})
SET n = row

// name: load_organisations
// params: rows
UNWIND $rows AS row
MERGE (n:Organisation {id: row.id})
SET n = row

// name: load_units
// params: rows
UNWIND $rows AS row
MERGE (n:Unit:Actor {id: row.id})
SET n = row

// name: load_roles
// params: rows
UNWIND $rows AS row
MERGE (n:Role:Actor {id: row.id})
SET n = row

// name: link_areas
// params: rows
UNWIND $rows AS row
MATCH (n:Area {id: row.id})
OPTIONAL MATCH (n)-[old:PART_OF]->()
DELETE old
WITH DISTINCT n, row
WHERE row.parent IS NOT NULL
MATCH (p:Area {id: row.parent})
MERGE (n)-[:PART_OF]->(p)

// name: link_units
// params: rows
UNWIND $rows AS row
MATCH (n:Unit {id: row.id})
OPTIONAL MATCH (n)-[old:RUN_BY|IN_AREA]->()
DELETE old
WITH DISTINCT n, row
MATCH (o:Organisation {id: row.organisation})
MATCH (a:Area {id: row.area})
MERGE (n)-[:RUN_BY]->(o)
MERGE (n)-[:IN_AREA]->(a)

// name: link_roles
// params: rows
UNWIND $rows AS row
MATCH (n:Role {id: row.id})
OPTIONAL MATCH (n)-[old:IN_UNIT]->()
DELETE old
WITH DISTINCT n, row
MATCH (u:Unit {id: row.unit})
MERGE (n)-[:IN_UNIT]->(u)

// Links: Cypher cannot take a relationship type as a parameter, so there is one
// statement per link kind; the store picks it from a fixed LinkKind whitelist.
// $rows maps hold source, target and props (the link's other fields).

// name: load_links_refers
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
MERGE (s)-[r:REFERS]->(t)
SET r = row.props

// name: load_links_consults
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
MERGE (s)-[r:CONSULTS]->(t)
SET r = row.props

// name: load_links_works_with
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
MERGE (s)-[r:WORKS_WITH]->(t)
SET r = row.props

// name: load_links_co_located
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
MERGE (s)-[r:CO_LOCATED]->(t)
SET r = row.props

// name: load_links_outreach
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
MERGE (s)-[r:OUTREACH]->(t)
SET r = row.props

// name: load_links_contact
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
MERGE (s)-[r:CONTACT]->(t)
SET r = row.props

// name: load_links_member
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
MERGE (s)-[r:MEMBER]->(t)
SET r = row.props

// name: load_links_informs
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
MERGE (s)-[r:INFORMS]->(t)
SET r = row.props

// Records the write plan ADDS (not in the store when the write took the :Meta lock
// – every graphmap write takes it first, so none can appear meanwhile): CREATE, not
// MERGE, as a first import is almost all adds.  The uniqueness constraints still
// guard every id.  Their reference relationships are created with them below.

// name: create_areas
// params: rows
UNWIND $rows AS row
CREATE (n:Area)
SET n = row

// name: create_organisations
// params: rows
UNWIND $rows AS row
CREATE (n:Organisation)
SET n = row

// name: create_units
// params: rows
UNWIND $rows AS row
CREATE (n:Unit:Actor)
SET n = row

// name: create_roles
// params: rows
UNWIND $rows AS row
CREATE (n:Role:Actor)
SET n = row

// Rows: added areas that have a parent.
// name: create_part_of
// params: rows
UNWIND $rows AS row
MATCH (n:Area {id: row.id})
MATCH (p:Area {id: row.parent})
CREATE (n)-[:PART_OF]->(p)

// name: create_run_by_in_area
// params: rows
UNWIND $rows AS row
MATCH (n:Unit {id: row.id})
MATCH (o:Organisation {id: row.organisation})
MATCH (a:Area {id: row.area})
CREATE (n)-[:RUN_BY]->(o), (n)-[:IN_AREA]->(a)

// name: create_in_unit
// params: rows
UNWIND $rows AS row
MATCH (n:Role {id: row.id})
MATCH (u:Unit {id: row.unit})
CREATE (n)-[:IN_UNIT]->(u)

// name: create_links_refers
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:REFERS]->(t)
SET r = row.props

// name: create_links_consults
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:CONSULTS]->(t)
SET r = row.props

// name: create_links_works_with
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:WORKS_WITH]->(t)
SET r = row.props

// name: create_links_co_located
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:CO_LOCATED]->(t)
SET r = row.props

// name: create_links_outreach
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:OUTREACH]->(t)
SET r = row.props

// name: create_links_contact
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:CONTACT]->(t)
SET r = row.props

// name: create_links_member
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:MEMBER]->(t)
SET r = row.props

// name: create_links_informs
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:INFORMS]->(t)
SET r = row.props
