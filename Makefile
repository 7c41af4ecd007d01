# The two commands a newcomer needs (see README.md):
#   make demo   – set everything up, load the demo network, open the web app on localhost
#   make test   – set everything up, lint (ruff) and type-check (mypy), then run every test
#                 (unit, store contract, Cypher lint, wheel, browser)
.PHONY: setup demo test bench
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
