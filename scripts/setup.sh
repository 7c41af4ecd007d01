#!/usr/bin/env bash
# Sets up everything graphmap needs on a Debian/Ubuntu machine, idempotently:
#   system packages (Chromium for browser tests, Voikko for Finnish words, Pango, HarfBuzz
#   and a font for WeasyPrint's PDF area directory),
#   a Python virtualenv in .venv with graphmap and its test tools,
#   the npm packages (Cytoscape.js for the web app, Neo4j's Cypher linter),
#   the Neo4j launcher of scripts/neo4j/ (Maven; the first build downloads Neo4j into ~/.m2).
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
APT_PACKAGES="chromium libvoikko1 voikko-fi libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"

missing=""
for pkg in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
if [ -n "$missing" ]; then
  echo "setup: installing system packages:$missing"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $missing
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.graphmap-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing Python packages"
  .venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
  touch "$stamp"
fi

for dir in . web; do
  if [ -f "$dir/package-lock.json" ]; then
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
      echo "setup: npm ci in $dir"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  fi
done
if command -v mvn >/dev/null && command -v java >/dev/null; then
  bash scripts/neo4j.sh --build-only
else
  echo "setup: no Java/Maven: the Neo4j tests will need GRAPHMAP_TEST_NEO4J (see README)" >&2
fi
echo "setup: ready"
