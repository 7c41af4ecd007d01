"""Web commands: serve."""
from __future__ import annotations

import click

from .common import done, get_store, store_option
from .helptext import command


# help: cli.help.serve* in the catalogue (graphmap/i18n).  The processes share the
# store: each keys its caches by the store's revision and patches them from the
# store's history after another process's write (README, "Running in production").
@command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--debug", is_flag=True)
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256))
@click.option("--processes", default=1, show_default=True, type=click.IntRange(1, 64))
@store_option
def serve_cmd(host, port, debug, threads, processes, store_url):
    get_store(store_url).close()  # a bad URL fails here with a one-line error
    from ..web import create_app
    if processes > 1 and not debug:
        click.echo(done("running", url=f"http://{host}:{port}/"))
        run_processes(lambda: create_app(store_url=store_url), host, port,
                      processes=processes, threads=threads)
        return
    app = create_app(store_url=store_url)
    run_app(app, host, port, threads=threads, debug=debug)


def run_processes(make_app, host: str, port: int, *, processes: int, threads: int) -> None:
    """Serve the app made by ``make_app`` in ``processes`` gunicorn worker processes
    (threads each, one listening port).  Each worker makes its own app after the fork:
    its own store connection, snapshot and background threads (none is shared)."""
    from gunicorn.app.base import BaseApplication

    class _Server(BaseApplication):
        def load_config(self):
            for key, value in {"bind": f"{host}:{port}", "workers": processes,
                               "worker_class": "gthread", "threads": threads,
                               "proc_name": "graphmap", "accesslog": None,
                               "loglevel": "warning"}.items():
                self.cfg.set(key, value)

        def load(self):
            return make_app()

    _Server().run()


def run_app(app, host: str, port: int, *, threads: int = 8, debug: bool = False) -> None:
    """Serve ``app`` as ``graphmap serve`` and ``graphmap demo`` both do: waitress, a
    production WSGI server; werkzeug's development server only with ``debug``."""
    click.echo(done("running", url=f"http://{host}:{port}/"))
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    import waitress
    waitress.serve(app, host=host, port=port, threads=threads, ident="graphmap",
                   _quiet=True)


def register(group: click.Group) -> None:
    group.add_command(serve_cmd)
