#!/usr/bin/env bash
# Builds (once) and starts the Neo4j DBMS of scripts/neo4j/ on 127.0.0.1 — for trying and
# testing graphmap without a Neo4j server (a real server or Aura: see README, "Neo4j").
#   scripts/neo4j.sh [DATA_DIR] [PORT] [URL_FILE]   foreground; prints bolt://127.0.0.1:PORT
#                                                   when ready (PORT 0: a free port)
#   scripts/neo4j.sh --build-only                   just build (scripts/setup.sh does)
# The first build downloads Neo4j's artifacts from Maven Central into ~/.m2.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
project="$here/neo4j"
build_only=""
[ "${1:-}" = "--build-only" ] && build_only=1 && shift
data="${1:-$here/../.neo4j-data}"
port="${2:-7687}"
if [ ! -f "$project/target/.built" ] || [ "$project/pom.xml" -nt "$project/target/.built" ] \
   || [ -n "$(find "$project/src" -newer "$project/target/.built" -print -quit)" ]; then
  echo "neo4j: building the launcher (first time: downloads Neo4j from Maven Central)" >&2
  rm -rf "$project/target/lib"  # a changed Neo4j version must not leave the old jars
  mvn -q -B -f "$project/pom.xml" package -DskipTests >&2
  touch "$project/target/.built"
fi
[ -n "$build_only" ] && exit 0
exec java ${NEO4J_JAVA_OPTS:--Xmx1g} -cp "$project/target/classes:$project/target/lib/*" \
  fi.graphmap.neo4j.Launcher "$data" "$port" ${3:+"$3"}
