# The two commands a newcomer needs (see README.md):
#   make demo   – set everything up, load the demo network, open the web app on localhost
#   make test   – set everything up and run every test (unit, store contract, Cypher lint, browser)
.PHONY: setup demo test bench
setup:
	@bash scripts/setup.sh

demo: setup
	.venv/bin/graphmap demo

test: setup
	.venv/bin/pytest

bench: setup
	.venv/bin/python benchmarks/run_all.py
