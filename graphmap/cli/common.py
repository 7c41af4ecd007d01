"""Shared pieces of the command line: the ``--store`` option and error reporting."""
from __future__ import annotations

import json
import sys

import click

from ..store import DEFAULT_URL, open_store

store_option = click.option(
    "--store", "store_url", envvar="GRAPHMAP_STORE", default=DEFAULT_URL, show_default=True,
    help="Store URL: sqlite:///file.db (embedded) or bolt://host:7687 (Neo4j). "
         "Environment: GRAPHMAP_STORE.")

format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]),
                             default="text", show_default=True, help="Output format.")


def get_store(url: str):
    """Open a store or exit with a one-line error (no traceback for a bad URL)."""
    from ..store import StoreError
    try:
        return open_store(url)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def emit_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False, default=str)
    sys.stdout.write("\n")
