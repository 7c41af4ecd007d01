"""The Cypher statements of the Neo4j store, installed as the package ``graphmap.cypher``.

Why a Python file here: the ``.cypher`` files stay in the top-level ``cypher/`` folder
(the design card), and pyproject.toml maps that folder to ``graphmap.cypher`` so the
files ship in the wheel as package data.  A regular package (this file) is what the
editable install's import hook and ``importlib.resources`` need to find the folder;
``graphmap/store/cypher_files.py`` reads the statements through it.
"""
