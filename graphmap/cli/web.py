"""Web commands: serve."""
from __future__ import annotations

import logging

import click

from ..i18n.failure import reason
from .common import done, fail, get_store, store_option
from .helptext import command


#: requests one web process answers at once.  Writes run one at a time (web/edit.py),
#: so under a storm of writes editors waiting their turn hold threads readers could
#: use; with more threads the one writing shares the interpreter lock more thinly.
#: Measured with ``benchmarks/soak.py --seconds 30 --threads N`` (50 readers and 20
#: writers without pause, demo network): reads / writes p95 with 8 threads 94 / 148 ms, with 16 65 / 244 ms,
#: with 24 67 / 677 ms (the writing thread starved).
THREADS = 16


# help: cli.help.serve* in the catalogue (graphmap/i18n).  The worker processes share the
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


def run_app(make_app, host: str, port: int, *, processes: int = 1, threads: int = THREADS,
            debug: bool = False) -> None:
    """Serve the app made by ``make_app`` as ``graphmap serve`` and ``graphmap demo``
    both do: granian's WSGI server, ``processes`` worker processes of ``threads``
    threads each on one listening port; werkzeug's development server (with its
    reloader) only with ``debug``.

    granian rather than gunicorn (or waitress): its HTTP handling (accepting,
    parsing, writing answers) is Rust that runs beside the Python interpreter
    instead of inside it.  A Python web process computes on one core at a time (its
    interpreter lock), and in the soak (benchmarks/soak.py, RESULTS.md) gunicorn's own
    Python took more than half of a cached answer's CPU: with granian one process
    answered about twice the reads.  Each worker makes its own app after the fork
    (``make_app``): its own store connection, snapshot and background threads, none of
    them shared across a fork."""
    running = done("running", url=f"http://{host}:{port}/")
    if debug:
        click.echo(running)
        make_app().run(host=host, port=port, debug=True)
        return
    _check_free(host, port)  # said in the user's language, not as the server's log
    from granian.constants import Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    server = Server("graphmap", address=host, port=port, interface=Interfaces.WSGI,
                    workers=processes, blocking_threads=threads, websockets=False,
                    log_level=LogLevels.warning, respawn_failed_workers=True)
    # granian warns (in English, at each start) of more threads than twice the cores: ours
    # are deliberate, a thread also waits for the store (SQLite's lock, Neo4j's answers)
    logging.getLogger("_granian").addFilter(
        lambda record: not record.getMessage().startswith("Configuration allows spawning"))
    # once the port is bound (before the workers start): the address works from now on
    server.on_startup(lambda: click.echo(running))
    server.serve(target_loader=make_app, wrap_loader=False)


def _check_free(host: str, port: int) -> None:
    """Fail in the user's language when ``host:port`` cannot be listened on (another
    server has it, or the address is not this machine's); the server would log its
    own error in English."""
    import socket
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        family, _, _, _, address = infos[0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
            probe.bind(address)
    except OSError as exc:
        raise fail("port_unavailable", address=f"{host}:{port}", detail=reason(exc)) from exc


def register(group: click.Group) -> None:
    group.add_command(serve_cmd)
