"""HTTP errors that carry the name of the offending parameter (``{"error", "param"}``),
and the store's "busy, try again" as 503 with ``Retry-After``."""
from __future__ import annotations

from werkzeug.exceptions import BadRequest, HTTPException, NotFound, ServiceUnavailable

from graphmap.store import StoreBusy


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


def store_busy(exc: StoreBusy) -> ServiceUnavailable:
    """The store was busy with another write (:class:`graphmap.store.StoreBusy`):
    503 with ``Retry-After`` and the catalogue's message in the request's language.
    Nothing was written, so the same request may be sent again."""
    from flask import g

    from .i18n import DEFAULT_LANG, translate
    out = ServiceUnavailable(translate("error.store_busy"), retry_after=exc.retry_after)
    out.lang = getattr(g, "lang", DEFAULT_LANG)
    return out
