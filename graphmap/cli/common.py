"""Shared pieces of the command line: the ``--store`` option and error reporting.

Errors a user can cause are one line in the user's language (Finnish first): the
command's ``--lang`` when it has one, else ``GRAPHMAP_LANG``, else the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``sv_FI.UTF-8`` → sv), else Finnish.  The
strings are in the one catalogue (:mod:`graphmap.i18n`, ``cli.*`` keys), shared with the
web, so a word reads the same in the terminal and on the page.
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys

import click

from ..i18n import LANGS, translate
from ..i18n.failure import file_failure, reason
from ..i18n.message import Text, localised
from ..model import message_of
from ..store import DEFAULT_URL, open_store

# The options' help texts are in the catalogue (cli.help.option.*, graphmap.cli.helptext).
store_option = click.option("--store", "store_url", envvar="GRAPHMAP_STORE", default=DEFAULT_URL,
                            show_default=True)


def _lang_given_or_chosen(ctx: click.Context, param, value: str | None) -> str:
    """``--lang`` when given, else the language the user chose for every command
    (``GRAPHMAP_LANG``, the locale; Finnish first): a fixed default "fi" here would
    answer a Swedish user in Finnish."""
    return value or cli_lang(ctx)


# eager: parsed first, so errors in the other options are already in this language
lang_option = click.option("--lang", type=click.Choice(LANGS), default=None, is_eager=True,
                           callback=_lang_given_or_chosen)

format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]),
                             default="text", show_default=True)


def cli_lang(ctx: click.Context | None = None) -> str:
    """The language of this command's messages (see the module docstring); ``ctx``:
    the context to ask (default: the current one)."""
    ctx = ctx or click.get_current_context(silent=True)
    while ctx is not None:
        if ctx.params.get("lang") in LANGS:
            return ctx.params["lang"]
        ctx = ctx.parent
    for var in ("GRAPHMAP_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = (os.environ.get(var) or "")[:2].lower()
        if value in LANGS:
            return value
    return "fi"


def message(key: str, **values) -> str:
    """The error line ``cli.error.<key>`` of the catalogue in the user's language (a
    value that is a catalogue message, e.g. a :func:`~graphmap.i18n.failure.reason`,
    in that language too)."""
    lang = cli_lang()
    return translate(f"cli.error.{key}", lang, **{k: localised(v, lang) for k, v in values.items()})


def done(key: str, **values) -> str:
    """The report line ``cli.done.<key>`` (what a command did) in the user's language."""
    return translate(f"cli.done.{key}", cli_lang(), **values)


class CliError(click.ClickException):
    """A one-line error shown whole in the user's language: click's own
    :class:`click.ClickException` puts an English "Error:" before it."""

    def show(self, file=None) -> None:
        click.echo(translate("cli.usage.error", cli_lang(), message=self.format_message()),
                   file=file or click.get_text_stream("stderr"))


def fail(key: str, **values) -> click.ClickException:
    """A one-line error in the user's language (exit code 1)."""
    return CliError(message(key, **values))


def refused(exc: Exception) -> click.ClickException:
    """The refusal ``exc`` carries as a one-line error, in the user's language when it
    is a catalogue :class:`~graphmap.model.Message` (English text otherwise), escaped so
    that printing it cannot fail."""
    text = localised(message_of(exc), cli_lang()).replace("\x00", "\\x00")
    return CliError(text.encode("utf-8", "backslashreplace").decode("utf-8"))


def os_failure(exc: BaseException, path=None) -> click.ClickException:
    """A file the system (or SQLite, or zipfile) refused, as one line in the user's
    language: the file — ``path``, else the one ``exc`` names — and what went wrong
    (:mod:`graphmap.i18n.failure`, never the system's English text)."""
    name = str(path if path is not None else getattr(exc, "filename", None) or "")
    if len(name) > 160:  # keep the end: it names the file
        name = "…" + name[-159:]
    name = repr(name)[1:-1].encode("utf-8", "backslashreplace").decode("utf-8")
    return refused(ValueError(file_failure(name, exc)))


def shown(value) -> str:
    """A user's value quoted for an error line: short, with NULs and unencodable
    characters escaped so that printing it cannot fail."""
    text = str(value)
    text = text if len(text) <= 80 else text[:77] + "…"
    return repr(text).encode("utf-8", "backslashreplace").decode("utf-8")


def get_store(url: str):
    """Open a store or exit with a one-line error (no traceback for a bad URL or a
    file that is not a store: the store is touched once here so that "file is not a
    database" is said before any work starts)."""
    from ..store import StoreError
    try:
        store = open_store(url)
        store.revision()
        return store
    except StoreError as exc:
        raise refused(exc) from exc  # whole: it names the URL and the reason
    except (sqlite3.Error, ValueError) as exc:
        # SQLite refuses a file that is not a database (a text file, a workbook) on
        # the first statement, and a read-only one on the first write; a NUL in the
        # path is a ValueError
        path = url.split(":///", 1)[-1]
        why = reason(exc, path)
        if why.key in ("failure.not_a_database", "failure.corrupt"):
            raise fail("not_a_store", path=shown(path)[1:-1], detail=why) from exc
        raise refused(ValueError(Text("store.error.cannot_open", url=shown(url),
                                      detail=why))) from exc


class _Quiet:
    """A progress bar that shows nothing (output is not a terminal)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, n_steps: int, current_item=None) -> None:
        return None


def progress(key: str, length: int, *, stream=None):
    """A progress bar on standard error for long work (issue 13 item 5): steps done,
    rate and time left, in the user's language — only when standard error is a
    terminal; a pipe, a log file or a test gets nothing."""
    stream = stream if stream is not None else sys.stderr
    if not (hasattr(stream, "isatty") and stream.isatty()):
        return _Quiet()
    return click.progressbar(length=max(length, 1), label=translate(f"cli.progress.{key}", cli_lang()),
                             file=stream, show_eta=True, show_pos=True,
                             item_show_func=lambda item: str(item) if item else None)


def emit_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False, default=str)
    sys.stdout.write("\n")
