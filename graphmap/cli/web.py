"""Web commands: serve."""
from __future__ import annotations

import click

from ..i18n.failure import reason
from .common import done, fail, get_store, store_option
from .helptext import command


#: requests one web process answers at once: more threads than this only share one
#: interpreter lock more thinly (a write's critical section runs slower among them)
THREADS = 8


# help: cli.help.serve* in the catalogue (graphmap/i18n).  The gunicorn processes share the
# store: each keys its caches by the store's revision and patches them from the
# store's history after another process's write (README, "Running in production").
@command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--debug", is_flag=True)
@click.option("--threads", default=THREADS, show_default=True, type=click.IntRange(1, 256))
@click.option("--processes", default=1, show_default=True, type=click.IntRange(1, 64))
@store_option
def serve_cmd(host, port, debug, threads, processes, store_url):
    get_store(store_url).close()  # a bad URL fails here with a one-line error
    from ..web import create_app
    run_app(lambda: create_app(store_url=store_url), host, port,
            processes=processes, threads=threads, debug=debug)


#: seconds a worker may go without telling gunicorn it is alive before it is restarted:
#: a national store's first snapshot is built in the worker, and on a loaded machine
#: one step of that holds the interpreter for longer than gunicorn's default 30 s
WORKER_TIMEOUT = 300


def run_app(make_app, host: str, port: int, *, processes: int = 1, threads: int = THREADS,
            debug: bool = False) -> None:
    """Serve the app made by ``make_app`` as ``graphmap serve`` and ``graphmap demo``
    both do: gunicorn's threaded workers (``gthread``), ``processes`` of them with
    ``threads`` threads each, on one listening port; werkzeug's development server
    (with its reloader) only with ``debug``.

    gunicorn rather than a pure-Python server loop such as waitress: in the soak
    (benchmarks/soak.py, RESULTS.md) waitress's loop polled every open connection on each
    event and took a quarter of the one interpreter, and one gunicorn worker answered
    ~1.5x the requests at a lower p95.  Each worker makes its own app after the fork
    (``make_app``): its own store connection, snapshot and background threads, none of
    them shared across a fork."""
    running = done("running", url=f"http://{host}:{port}/")
    if debug:
        click.echo(running)
        make_app().run(host=host, port=port, debug=True)
        return
    _check_free(host, port)  # said in the user's language, not as gunicorn's retry log
    from gunicorn.app.base import BaseApplication

    class _Server(BaseApplication):
        def load_config(self):
            for key, value in {"bind": f"{host}:{port}", "workers": processes,
                               "worker_class": "gthread", "threads": threads,
                               "timeout": WORKER_TIMEOUT, "proc_name": "graphmap",
                               "accesslog": None, "loglevel": "warning",
                               # once the port is bound: the address works from now on
                               "when_ready": lambda _arbiter: click.echo(running)}.items():
                self.cfg.set(key, value)

        def load(self):
            return make_app()

    _Server().run()


def _check_free(host: str, port: int) -> None:
    """Fail in the user's language when ``host:port`` cannot be listened on (another
    server has it, or the address is not this machine's); gunicorn would retry five
    times and log each attempt in English."""
    import socket
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, _, _, _, address = infos[0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
            probe.bind(address)
    except OSError as exc:
        raise fail("port_unavailable", address=f"{host}:{port}", detail=reason(exc)) from exc


def register(group: click.Group) -> None:
    group.add_command(serve_cmd)
