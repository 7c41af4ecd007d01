"""Web commands: serve."""
from __future__ import annotations

import click

from .common import get_store, store_option


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on (0.0.0.0 makes it reachable from other machines).")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--debug", is_flag=True, help="Reload on code changes; never in production.")
@store_option
def serve_cmd(host, port, debug, store_url):
    """Start the web explorer (map, who-do-I-call, findings, profiles, what-if) on the
    store.  A development server: put a WSGI server such as gunicorn in front of
    ``graphmap.web:create_app()`` for production."""
    get_store(store_url).close()  # a bad URL fails here with a one-line error
    from ..web import create_app
    click.echo(f"graphmap is running at http://{host}:{port}/  (Ctrl+C stops it)")
    create_app(store_url=store_url).run(host=host, port=port, debug=debug)


def register(group: click.Group) -> None:
    group.add_command(serve_cmd)
