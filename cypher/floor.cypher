// graphmap Cypher: the import benchmark's floor (benchmarks/bench_neo4j.py) – the same
// rows the import writes, as bare batched `UNWIND $rows CREATE` under the same
// uniqueness constraints (schema.cypher), with no MERGE, no history and no checks.
// Format: see the header of schema.cypher.  $rows as in load.cypher.

// name: floor_areas
// params: rows
UNWIND $rows AS row
CREATE (n:Area)
SET n = row

// name: floor_organisations
// params: rows
UNWIND $rows AS row
CREATE (n:Organisation)
SET n = row

// name: floor_units
// params: rows
UNWIND $rows AS row
CREATE (n:Unit:Actor)
SET n = row

// name: floor_roles
// params: rows
UNWIND $rows AS row
CREATE (n:Role:Actor)
SET n = row

// Rows: areas with a parent only.
// name: floor_part_of
// params: rows
UNWIND $rows AS row
MATCH (n:Area {id: row.id})
MATCH (p:Area {id: row.parent})
CREATE (n)-[:PART_OF]->(p)

// name: floor_run_by_in_area
// params: rows
UNWIND $rows AS row
MATCH (n:Unit {id: row.id})
MATCH (o:Organisation {id: row.organisation})
MATCH (a:Area {id: row.area})
CREATE (n)-[:RUN_BY]->(o), (n)-[:IN_AREA]->(a)

// name: floor_in_unit
// params: rows
UNWIND $rows AS row
MATCH (n:Role {id: row.id})
MATCH (u:Unit {id: row.unit})
CREATE (n)-[:IN_UNIT]->(u)

// name: floor_links_refers
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:REFERS]->(t)
SET r = row.props

// name: floor_links_consults
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:CONSULTS]->(t)
SET r = row.props

// name: floor_links_works_with
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:WORKS_WITH]->(t)
SET r = row.props

// name: floor_links_co_located
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:CO_LOCATED]->(t)
SET r = row.props

// name: floor_links_outreach
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:OUTREACH]->(t)
SET r = row.props

// name: floor_links_contact
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:CONTACT]->(t)
SET r = row.props

// name: floor_links_member
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:MEMBER]->(t)
SET r = row.props

// name: floor_links_informs
// params: rows
UNWIND $rows AS row
MATCH (s:Actor {id: row.source})
MATCH (t:Actor {id: row.target})
CREATE (s)-[r:INFORMS]->(t)
SET r = row.props
