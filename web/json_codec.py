"""JSON answers encoded by orjson: the one encoder of the app's JSON.

Under load a large share of the web process's one core went to encoding answers that
could not be kept (a map after each write, the change log, searches): Python's
``json`` took 1.7 ms for a 117 kB area map that orjson encodes in 0.1 ms, to the same
bytes (benchmarks/soak.py, RESULTS.md).  Flask's own behaviour is kept: dates become
HTTP dates and dataclasses dicts (Flask's ``default``), non-string keys strings, the
output compact UTF-8; anything orjson refuses (an integer beyond 64 bits, a key it
cannot turn into a string) is encoded by ``json`` as before.
"""
from __future__ import annotations

import json

import orjson
from flask.json.provider import DefaultJSONProvider

#: dates and dataclasses go to Flask's ``default`` (HTTP dates, ``asdict``), as with json
OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | \
    orjson.OPT_PASSTHROUGH_DATACLASS
_default = DefaultJSONProvider.default


def encode(value) -> bytes:
    """``value`` as compact UTF-8 JSON, as :func:`flask.jsonify` writes it."""
    try:
        return orjson.dumps(value, default=_default, option=OPTIONS)
    except TypeError:  # orjson.JSONEncodeError: what only json encodes
        return json.dumps(value, default=_default, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON provider with :func:`encode` for every answer it writes compactly
    (``jsonify`` and :func:`.response_cache.json_body`); indented output (debug) and
    sorted keys still go through ``json``."""

    ensure_ascii = False
    sort_keys = False

    def dumps(self, obj, **kwargs) -> str:
        if kwargs.get("indent") is not None or kwargs.get("sort_keys") or \
                kwargs.get("ensure_ascii") or kwargs.get("cls") is not None:
            return super().dumps(obj, **kwargs)
        return encode(obj).decode("utf-8")
