"""HTTP errors that carry the name of the offending parameter (``{"error", "param"}``)."""
from __future__ import annotations

from werkzeug.exceptions import BadRequest, HTTPException, NotFound, ServiceUnavailable


def bad(param: str | None, message: str, cls: type[HTTPException] = BadRequest):
    exc = cls(message)
    exc.param = param
    return exc


def bad_translated(param: str | None, key: str, /, cls: type[HTTPException] = BadRequest,
                   **values):
    """A 4xx whose message is the catalogue string ``key`` in the request's language
    (the error page then marks it with that language, not English)."""
    from flask import g

    from .i18n import DEFAULT_LANG, translate
    exc = bad(param, translate(key, **values), cls)
    exc.lang = getattr(g, "lang", DEFAULT_LANG)
    return exc


def not_found(param: str | None, message: str):
    return bad(param, message, NotFound)


def unavailable(message: str):
    return bad(None, message, ServiceUnavailable)
