# The two commands a newcomer needs (see README.md):
#   make demo   – set everything up, load the demo network, open the web app on localhost
#   make test   – set everything up, lint (ruff) and type-check (mypy), then run every test
#                 (unit, store contract on SQLite and on a Neo4j the tests start themselves,
#                 Cypher lint, ESLint over the JavaScript, wheel, browser)
#   make neo4j  – start a local Neo4j 5.26 for trying graphmap on Neo4j (see README, "Neo4j")
.PHONY: setup demo test bench neo4j
setup:
	@bash scripts/setup.sh

demo: setup
	.venv/bin/graphmap demo

test: setup
	.venv/bin/ruff check .
	.venv/bin/mypy
	.venv/bin/pytest

bench: setup
	.venv/bin/python benchmarks/run_all.py

neo4j: setup
	bash scripts/neo4j.sh
