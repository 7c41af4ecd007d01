// Statement templates for graphmap's Cypher *script* export (importers/graph_formats.py).
//
// Format: each statement starts with a line `// name: <statement name>` and ends with `;`.
// A `// params: a, b` line after the name declares its parameters for scripts/lint_cypher.mjs.
// The templates are ordinary parameterised Cypher (so the Cypher lint checks them like every
// other file here).  The exporter writes a parameter-free script that `cypher-shell -f` or
// Neo4j Browser can run as it is: it copies a template and replaces each `$parameter` with a
// literal produced by one escaping function (importers.graph_formats.cypher_literal).  No
// Cypher is ever built from user text: relationship types come from a fixed whitelist of
// statement names, one per link kind.
//
// Graph model (same labels and relationship types as the Neo4j store): Area, Organisation,
// Unit, Role; (:Area)-[:PART_OF]->(:Area), (:Unit)-[:RUN_BY]->(:Organisation),
// (:Unit)-[:IN_AREA]->(:Area), (:Role)-[:IN_UNIT]->(:Unit); one relationship type per link
// kind between units and roles, which both also carry the label Actor so one MATCH finds either.

// name: constraint_area
CREATE CONSTRAINT graphmap_area_id IF NOT EXISTS FOR (n:Area) REQUIRE n.id IS UNIQUE;

// name: constraint_organisation
CREATE CONSTRAINT graphmap_organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE;

// name: constraint_actor
CREATE CONSTRAINT graphmap_actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE;

// name: area
// params: id, props
MERGE (n:Area {id: $id}) SET n += $props;

// name: organisation
// params: id, props
MERGE (n:Organisation {id: $id}) SET n += $props;

// name: unit
// params: id, props
MERGE (n:Actor {id: $id}) SET n:Unit SET n += $props;

// name: role
// params: id, props
MERGE (n:Actor {id: $id}) SET n:Role SET n += $props;

// name: area_part_of
// params: child, parent
MATCH (a:Area {id: $child}), (b:Area {id: $parent}) MERGE (a)-[:PART_OF]->(b);

// name: unit_run_by
// params: unit, organisation
MATCH (u:Unit {id: $unit}), (o:Organisation {id: $organisation}) MERGE (u)-[:RUN_BY]->(o);

// name: unit_in_area
// params: unit, area
MATCH (u:Unit {id: $unit}), (a:Area {id: $area}) MERGE (u)-[:IN_AREA]->(a);

// name: role_in_unit
// params: role, unit
MATCH (r:Role {id: $role}), (u:Unit {id: $unit}) MERGE (r)-[:IN_UNIT]->(u);

// name: link_refers
// params: source, target, props
MATCH (a:Actor {id: $source}), (b:Actor {id: $target}) MERGE (a)-[r:REFERS]->(b) SET r += $props;

// name: link_consults
// params: source, target, props
MATCH (a:Actor {id: $source}), (b:Actor {id: $target}) MERGE (a)-[r:CONSULTS]->(b) SET r += $props;

// name: link_works_with
// params: source, target, props
MATCH (a:Actor {id: $source}), (b:Actor {id: $target}) MERGE (a)-[r:WORKS_WITH]->(b) SET r += $props;

// name: link_co_located
// params: source, target, props
MATCH (a:Actor {id: $source}), (b:Actor {id: $target}) MERGE (a)-[r:CO_LOCATED]->(b) SET r += $props;

// name: link_outreach
// params: source, target, props
MATCH (a:Actor {id: $source}), (b:Actor {id: $target}) MERGE (a)-[r:OUTREACH]->(b) SET r += $props;

// name: link_contact
// params: source, target, props
MATCH (a:Actor {id: $source}), (b:Actor {id: $target}) MERGE (a)-[r:CONTACT]->(b) SET r += $props;

// name: link_member
// params: source, target, props
MATCH (a:Actor {id: $source}), (b:Actor {id: $target}) MERGE (a)-[r:MEMBER]->(b) SET r += $props;

// name: link_informs
// params: source, target, props
MATCH (a:Actor {id: $source}), (b:Actor {id: $target}) MERGE (a)-[r:INFORMS]->(b) SET r += $props;
