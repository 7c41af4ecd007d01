#!/usr/bin/env bash
# Neo4j's own admin tool (neo4j-admin) from the launcher's Maven artifacts, for the
# folder scripts/neo4j.sh serves – e.g. loading a `graphmap export --format neo4j-csv`
# folder with `database import full` while that server is stopped:
#   scripts/neo4j-admin.sh DATA_DIR database import full neo4j \
#       --nodes=out/Area.csv --nodes=out/Unit.csv … --relationships=out/REFERS.csv …
# DATA_DIR is the folder given to scripts/neo4j.sh (default .neo4j-data).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/neo4j.sh" --build-only
home="$(mkdir -p "$1" && cd "$1" && pwd)"; shift
mkdir -p "$home/conf" && touch "$home/conf/neo4j.conf"
target="$here/neo4j/target"
NEO4J_HOME="$home" NEO4J_CONF="$home/conf" exec java ${NEO4J_JAVA_OPTS:--Xmx1g} \
  -cp "$target/classes:$target/lib/*" org.neo4j.cli.AdminTool "$@"
