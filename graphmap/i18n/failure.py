"""Why a file, a folder or the store could not be used, in the reader's language.

Why: the system says what went wrong in English ("[Errno 2] No such file or
directory", SQLite's "unable to open database file", zipfile's "File is not a zip
file"), and a worker reading Finnish or Swedish got that text as it was.  This is the
one place that turns such an exception into a catalogue :class:`~.message.Text`
(``failure.*`` keys): the command line, the importers, the store and the web upload
all ask :func:`reason` (or :func:`file_failure` for "<file>: <reason>"), so a refusal
reads the same wherever it is met.  An error without a key of its own is named by
its code (``ENOTEMPTY``, ``SQLITE_IOERR_WRITE``) in a sentence of the reader's
language, never by the system's English text.
"""
from __future__ import annotations

import csv
import errno
import json
import os
import socket
import sqlite3
import zipfile
from pathlib import Path
from xml.parsers import expat

from .message import Text

PREFIX = "failure."

#: errno → the key of its reason (``failure.<key>``); others: ``failure.os_other``
ERRNO_KEYS = {
    errno.ENOENT: "not_found",
    errno.EACCES: "permission_denied",
    errno.EPERM: "permission_denied",
    errno.EISDIR: "is_directory",
    errno.ENOTDIR: "not_directory",
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.EFBIG: "too_big",
    errno.EROFS: "read_only",
    errno.ENAMETOOLONG: "name_too_long",
    errno.EEXIST: "exists",
    errno.EIO: "io_error",
    errno.EADDRINUSE: "address_in_use",
    errno.EADDRNOTAVAIL: "address_not_here",
}

#: SQLite's primary result code → the key of its reason; others: ``failure.sqlite_other``
SQLITE_KEYS = {
    sqlite3.SQLITE_NOTADB: "not_a_database",
    sqlite3.SQLITE_CORRUPT: "corrupt",
    sqlite3.SQLITE_READONLY: "read_only",
    sqlite3.SQLITE_FULL: "disk_full",
    sqlite3.SQLITE_IOERR: "io_error",
    sqlite3.SQLITE_PERM: "permission_denied",
    sqlite3.SQLITE_TOOBIG: "too_big",
}


#: the start of :mod:`json`'s English message → the key of its reason (line and
#: column are the caller's: they are said in the reader's words too)
JSON_KEYS = {
    "Expecting value": "json_value",
    "Expecting property name": "json_name",
    "Expecting ':'": "json_colon",
    "Expecting ','": "json_comma",
    "Extra data": "json_extra",
    "Unterminated string": "json_string",
    "Invalid control character": "json_control",
    "Invalid \\": "json_escape",
    "Illegal trailing comma": "json_trailing_comma",
}


def reason(exc: BaseException, path=None) -> Text:
    """What went wrong in ``exc`` (an :class:`OSError`, an :class:`sqlite3.Error`, a
    :class:`zipfile.BadZipFile`, a :class:`json.JSONDecodeError`, a byte that is not
    UTF-8, a :class:`csv.Error`, XML that is not well-formed), as a message without
    the file's name.  ``path``: the file SQLite was opening, to find out why
    it could not (SQLite does not say)."""
    if isinstance(exc, json.JSONDecodeError):
        found = next((k for start, k in JSON_KEYS.items() if exc.msg.startswith(start)), "json_other")
        return Text(PREFIX + found)
    if isinstance(exc, socket.gaierror):  # a host name that does not resolve
        return Text(PREFIX + "host_unknown")
    if isinstance(exc, OSError):
        key = ERRNO_KEYS.get(exc.errno or 0)
        if key:
            return Text(PREFIX + key)
        code = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
        return Text(PREFIX + "os_other", code=code)
    if isinstance(exc, sqlite3.Error):
        return _sqlite_reason(exc, path)
    if isinstance(exc, zipfile.BadZipFile):
        return Text(PREFIX + "not_zip")
    if isinstance(exc, UnicodeDecodeError):
        return Text(PREFIX + "not_utf8", byte=f"0x{exc.object[exc.start]:02x}", position=exc.start)
    if isinstance(exc, csv.Error):
        too_long = str(exc).startswith("field larger than field limit")
        return Text(PREFIX + ("csv_field_too_long" if too_long else "csv_other"))
    if isinstance(exc, expat.ExpatError):
        return Text(PREFIX + "xml", line=exc.lineno, column=exc.offset + 1)
    return Text(PREFIX + "other", code=type(exc).__name__)


def file_failure(path, exc: BaseException) -> Text:
    """"<path>: <reason>" — the file named and what went wrong with it."""
    return Text(PREFIX + "file", path=str(path), reason=reason(exc, path))


def _sqlite_reason(exc: sqlite3.Error, path) -> Text:
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == sqlite3.SQLITE_CANTOPEN and path is not None:
        return _why_not_open(Path(path))
    key = SQLITE_KEYS.get(primary) if primary is not None else None
    if key:
        return Text(PREFIX + key)
    return Text(PREFIX + "sqlite_other",
                code=getattr(exc, "sqlite_errorname", None) or type(exc).__name__)


def _why_not_open(path: Path) -> Text:
    """SQLite's CANTOPEN hides the system's reason: ask the system the same question
    (read the file, or create it where SQLite would have) to name it."""
    if path.is_dir():
        return Text(PREFIX + "is_directory")
    try:
        if path.exists():
            with open(path, "rb"):
                pass
        else:  # created and removed again: SQLite would have created it here
            os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL))
            path.unlink()
    except OSError as exc:
        return reason(exc)
    return Text(PREFIX + "cannot_open")
