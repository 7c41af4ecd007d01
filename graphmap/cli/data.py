"""Data commands: import, export, template, info, demo.

What each command and option does, as its help says it, is in the catalogue
(``cli.help.<command>``, graphmap/i18n; :mod:`.helptext`)."""
from __future__ import annotations

import os
from typing import Any

import click

from ..i18n import LANGS, label, translate
from ..importers.pipeline import Progress
from .common import (cli_lang, done, emit_json, fail, format_option, get_store, message,
                     os_failure, progress, refused, store_option)
from .helptext import argument, command

DEMO_STORE = "sqlite:///graphmap-demo.db"


def _cli_actor() -> str:
    """Who the store's history names for a command-line import: the login name."""
    import getpass
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):  # no login name (e.g. a container's unnamed uid)
        return "cli"


class _ImportBars(Progress):
    """An import on a terminal: rows read (with rate and time left), then the steps
    of the pipeline; each bar appears when its part begins, and nothing at all when
    standard error is not a terminal."""

    def __init__(self, steps: int):
        self._steps = steps
        self._rows: Any = None  # a click progress bar, or the quiet stand-in
        self._bar: Any = None

    def __enter__(self) -> "_ImportBars":
        return self

    def __exit__(self, *exc) -> None:
        for bar in (self._rows, self._bar):
            if bar is not None:
                bar.__exit__(*exc)
        self._rows = self._bar = None

    def expect_rows(self, total: int) -> None:
        if total:
            self._rows = progress("rows", total).__enter__()

    def rows(self, n: int, sheet: str) -> None:
        if self._rows is not None and n:
            self._rows.update(n, sheet)

    def step(self, name: str) -> None:
        if self._rows is not None:
            self._rows.__exit__(None, None, None)
            self._rows = None
        if self._bar is None:
            self._bar = progress("import", self._steps).__enter__()
        self._bar.update(1, name)


@command("import")
@argument("path", type=click.Path(exists=True))
@click.option("--dry-run", is_flag=True)
@click.option("--replace", is_flag=True)
# On import and export --format names the file's format (issue 6); the report's own
# rendering is --output, since --format text|json would clash with it here.
@click.option("--format", "--from", "data_format",
              type=click.Choice(["workbook", "hsds", "ptv", "survey"]), default=None)
@store_option
@click.option("--output", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--lang", type=click.Choice(LANGS), default=None, is_eager=True)
def import_cmd(path, dry_run, replace, data_format, store_url, fmt, lang):
    from ..importers.formats import detect_format, import_any, import_steps
    from ..importers.problems import WorkbookError
    lang = lang or cli_lang()
    store = get_store(store_url)
    kind = data_format or detect_format(path)
    if replace and kind != "workbook":
        raise click.UsageError(message("replace_workbook_only", kind=kind))
    try:
        with _ImportBars(import_steps(kind)) as bars:
            result = import_any(path, store, kind, dry_run=dry_run, replace=replace,
                                actor=_cli_actor(), progress=bars)
    except WorkbookError as exc:
        if fmt == "json":
            emit_json({"ok": False, "total": exc.total,
                       "problems": [p.as_dict(lang) for p in exc.problems]})
        else:
            click.echo(exc.report(lang), err=True)
        raise SystemExit(1) from None
    if fmt == "json":
        emit_json({"ok": True, "dry_run": dry_run, **result.as_dict(lang)})
    else:
        click.echo(result.summary(lang) + (done("dry_run") if dry_run else ""))


@command("export")
@argument("out", type=click.Path())
@click.option("--format", "data_format", default="workbook", show_default=True,
              type=click.Choice(["workbook", "hsds", "hsds-csv", "graphml", "gexf",
                                 "cytoscape", "neo4j-csv", "cypher"]))
@store_option
def export_cmd(out, data_format, store_url):
    from ..importers.formats import export_any
    with progress("export", 2) as bar:
        net = get_store(store_url).read()
        bar.update(1, "read")
        try:
            export_any(net, out, data_format)
            bar.update(1, data_format)
        except OSError as exc:
            raise os_failure(exc, exc.filename or out) from exc
        except ValueError as exc:
            raise refused(exc) from exc
    # a folder (the workbook's CSV form, hsds-csv, neo4j-csv): say so, and that
    # the folder's other files were left alone
    click.echo(done("wrote_folder" if os.path.isdir(out) else "wrote", path=out))


@command("template")
@argument("out", type=click.Path())
def template_cmd(out):
    from ..importers.template import write_template
    try:
        write_template(out)
    except OSError as exc:
        raise os_failure(exc, exc.filename or out) from exc
    except ValueError as exc:
        raise refused(exc) from exc
    click.echo(done("wrote", path=out))


@command("info")
@store_option
@format_option
def info_cmd(store_url, fmt):
    counts = get_store(store_url).counts()
    if fmt == "json":
        emit_json(counts)
        return
    lang = cli_lang()
    for group, values in counts.items():
        click.echo(translate(f"cli.info.{group}", lang) + ":")
        for name, n in values.items():
            kind = label("node_kind" if group == "nodes" else "kind", name, lang)
            if name == "organisation":  # not a node kind of the map, so no node_kind label
                kind = label("sheet", "organisations", lang)
            click.echo(f"  {kind:<24} {n:>8}")


@command("demo")
@click.option("--store", "store_url", envvar="GRAPHMAP_DEMO_STORE", default=DEMO_STORE,
              show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--load-only", is_flag=True)
@click.option("--reset", is_flag=True)
def demo_cmd(store_url, host, port, load_only, reset):
    from ..demo import demo_network
    store = get_store(store_url)
    with progress("demo", 3) as bar:
        net = demo_network()
        bar.update(1, "network")
        current = store.counts()
        bar.update(1, "store")
        if current != net.counts():
            if sum(current["nodes"].values()) and not reset:
                raise fail("store_not_empty", store=store_url)
            store.write(net, replace=True)
            loaded = True
        else:
            loaded = False
        bar.update(1, "write")
    if loaded:
        click.echo(done("demo_loaded", store=store_url))
    if load_only:
        return
    from ..web import create_app
    from .web import run_app
    run_app(lambda: create_app(store_url=store_url), host, port)


def register(group: click.Group) -> None:
    for cmd in (import_cmd, export_cmd, template_cmd, info_cmd, demo_cmd):
        group.add_command(cmd)
