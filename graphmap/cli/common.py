"""Shared pieces of the command line: the ``--store`` option and error reporting.

Errors a user can cause are one line in the user's language (Finnish first): the
command's ``--lang`` when it has one, else ``GRAPHMAP_LANG``, else the locale
(``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``sv_FI.UTF-8`` → sv), else Finnish.  The
strings are in :data:`MESSAGES`, like the other CLI texts (``analysis.TEXT``).
"""
from __future__ import annotations

import json
import os
import sqlite3
import sys

import click

from ..store import DEFAULT_URL, open_store

store_option = click.option(
    "--store", "store_url", envvar="GRAPHMAP_STORE", default=DEFAULT_URL, show_default=True,
    help="Store URL: sqlite:///file.db (embedded) or bolt://host:7687 (Neo4j). "
         "Environment: GRAPHMAP_STORE.")

format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]),
                             default="text", show_default=True, help="Output format.")


LANGS = ("fi", "sv", "en")

MESSAGES = {
    "not_a_store": {
        "fi": "{path} ei ole graphmapin tietokanta (SQLite-tiedosto): {detail}",
        "sv": "{path} är ingen databas för graphmap (SQLite-fil): {detail}",
        "en": "{path} is not a graphmap store (an SQLite file): {detail}"},
    "date": {
        "fi": "{param}: päivämäärän pitää olla muotoa VVVV-KK-PP (esim. 2026-01-31), "
              "saatiin {value}",
        "sv": "{param}: datumet ska skrivas ÅÅÅÅ-MM-DD (t.ex. 2026-01-31), fick {value}",
        "en": "{param}: the date must be YYYY-MM-DD (e.g. 2026-01-31), got {value}"},
    "date_time": {
        "fi": "{param}: päivämäärän pitää olla muotoa VVVV-KK-PP tai VVVV-KK-PPTHH:MM, "
              "saatiin {value}",
        "sv": "{param}: datumet ska skrivas ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DDTHH:MM, fick {value}",
        "en": "{param}: the date must be YYYY-MM-DD or YYYY-MM-DDTHH:MM, got {value}"},
    "not_text": {
        "fi": "{path}: ei ole tekstitiedosto (odotettiin UTF-8-tekstiä)",
        "sv": "{path}: är ingen textfil (väntade text i UTF-8)",
        "en": "{path}: not a text file (expected UTF-8 text)"},
    "not_text_file": {
        "fi": "tiedosto ei ole tekstiä (odotettiin UTF-8-tekstiä); tarkista annetut tiedostot",
        "sv": "filen är ingen text (väntade text i UTF-8); kontrollera de angivna filerna",
        "en": "a file is not text (expected UTF-8 text); check the files given"},
    "nul_text": {
        "fi": "tekstissä on NUL-merkki (\\0), jota ei voi käyttää",
        "sv": "texten innehåller ett NUL-tecken (\\0), som inte kan användas",
        "en": "the text contains a NUL character (\\0), which cannot be used"},
    "too_large": {
        "fi": "luku on liian suuri",
        "sv": "talet är för stort",
        "en": "a number is too large"},
    "date_range": {
        "fi": "{param}: päivämäärän pitää olla väliltä 1.1.1900–31.12.9999, saatiin {value}",
        "sv": "{param}: datumet ska ligga mellan 1.1.1900 och 31.12.9999, fick {value}",
        "en": "{param}: the date must be between 1900-01-01 and 9999-12-31, got {value}"},
    "nul": {
        "fi": "argumentissa on NUL-merkki (\\0), jota ei voi käyttää: {value}",
        "sv": "ett argument innehåller ett NUL-tecken (\\0), som inte kan användas: {value}",
        "en": "an argument contains a NUL character (\\0), which cannot be used: {value}"},
    "encoding": {
        "fi": "argumentissa on merkkejä, joita ei voi esittää UTF-8-muodossa: {value}",
        "sv": "ett argument innehåller tecken som inte kan skrivas i UTF-8: {value}",
        "en": "an argument contains characters that cannot be written as UTF-8: {value}"},
    "rounds_unknown": {
        "fi": "kyselykierrosta {value} ei ole; kierrokset: {known}",
        "sv": "enkätomgången {value} finns inte; omgångar: {known}",
        "en": "no survey round {value}; rounds: {known}"},
    "rounds_area": {
        "fi": "aluetta {value} ei ole",
        "sv": "området {value} finns inte",
        "en": "no area {value}"},
    "rounds_need_two": {
        "fi": "vertailuun tarvitaan kaksi kyselykierrosta; kierrokset: {known}",
        "sv": "jämförelsen behöver två enkätomgångar; omgångar: {known}",
        "en": "a comparison needs two survey rounds; rounds: {known}"},
    "os": {
        "fi": "{path}: tiedostoa ei voi käsitellä: {detail}",
        "sv": "{path}: filen kan inte hanteras: {detail}",
        "en": "{path}: cannot use this file: {detail}"},
}


def cli_lang() -> str:
    """The language of this command's messages (see the module docstring)."""
    ctx = click.get_current_context(silent=True)
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
    return MESSAGES[key][cli_lang()].format(**values)


def fail(key: str, **values) -> click.ClickException:
    """A one-line error in the user's language (exit code 1)."""
    return click.ClickException(message(key, **values))


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
        raise click.ClickException(shown(str(exc))[1:-1]) from exc
    except (sqlite3.DatabaseError, ValueError) as exc:
        # SQLite refuses a file that is not a database (a text file, a workbook) on
        # the first statement; a NUL in the path is a ValueError
        path = url.split(":///", 1)[-1]
        raise fail("not_a_store", path=shown(path)[1:-1], detail=str(exc)) from exc


PROGRESS_LABEL = {
    "analyze": {"fi": "Analysoidaan alueita", "sv": "Områden analyseras",
                "en": "Analysing areas"},
    "read": {"fi": "Luetaan verkostoa", "sv": "Nätverket läses", "en": "Reading the network"},
    "rows": {"fi": "Luetaan rivejä", "sv": "Rader läses", "en": "Reading rows"},
    "import": {"fi": "Tuodaan", "sv": "Importeras", "en": "Importing"},
    "export": {"fi": "Viedään", "sv": "Exporteras", "en": "Exporting"},
    "demo": {"fi": "Ladataan esimerkkiverkostoa", "sv": "Exempelnätverket laddas",
             "en": "Loading the demo network"},
}


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
    return click.progressbar(length=max(length, 1), label=PROGRESS_LABEL[key][cli_lang()],
                             file=stream, show_eta=True, show_pos=True,
                             item_show_func=lambda item: str(item) if item else None)


def emit_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, sort_keys=False, default=str)
    sys.stdout.write("\n")
