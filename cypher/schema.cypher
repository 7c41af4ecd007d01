// graphmap Cypher: schema (run once per store open, each statement on its own).
//
// Format of every file in cypher/: a statement starts at a line `// name: <identifier>`
// and runs to the next such line.  An optional `// params: a, b` line right after the
// name declares the statement's parameters ($a, $b); the linter
// (scripts/lint_cypher.mjs) declares exactly those, and the Neo4j store refuses to run
// a statement with any other parameter set.  Other `//` lines are comments.
// Statements are looked up by name via graphmap/store/cypher_files.py.
//
// Graph model: (:Area)-[:PART_OF]->(:Area), (:Unit)-[:RUN_BY]->(:Organisation),
// (:Unit)-[:IN_AREA]->(:Area), (:Role)-[:IN_UNIT]->(:Unit), and one relationship type
// per link kind between :Actor nodes (every Unit and Role is also an :Actor, so one
// lookup by id finds either; ids are unique across both, see model.check_network).

// name: area_id
CREATE CONSTRAINT graphmap_area_id IF NOT EXISTS FOR (n:Area) REQUIRE n.id IS UNIQUE

// name: organisation_id
CREATE CONSTRAINT graphmap_organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE

// name: unit_id
CREATE CONSTRAINT graphmap_unit_id IF NOT EXISTS FOR (n:Unit) REQUIRE n.id IS UNIQUE

// name: role_id
CREATE CONSTRAINT graphmap_role_id IF NOT EXISTS FOR (n:Role) REQUIRE n.id IS UNIQUE

// name: actor_id
CREATE CONSTRAINT graphmap_actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE

// name: meta_key
CREATE CONSTRAINT graphmap_meta_key IF NOT EXISTS FOR (n:Meta) REQUIRE n.key IS UNIQUE

// name: unit_area
CREATE INDEX graphmap_unit_area IF NOT EXISTS FOR (n:Unit) ON (n.area)

// name: role_unit
CREATE INDEX graphmap_role_unit IF NOT EXISTS FOR (n:Role) ON (n.unit)

// name: area_parent
CREATE INDEX graphmap_area_parent IF NOT EXISTS FOR (n:Area) ON (n.parent)

// name: user_username
CREATE CONSTRAINT graphmap_user_username IF NOT EXISTS FOR (n:User) REQUIRE n.username IS UNIQUE

// name: change_seq
CREATE INDEX graphmap_change_seq IF NOT EXISTS FOR (n:Change) ON (n.seq)

// name: change_key
CREATE INDEX graphmap_change_key IF NOT EXISTS FOR (n:Change) ON (n.key)

// name: change_at
CREATE INDEX graphmap_change_at IF NOT EXISTS FOR (n:Change) ON (n.at)

// name: change_rev
CREATE INDEX graphmap_change_rev IF NOT EXISTS FOR (n:Change) ON (n.rev)
