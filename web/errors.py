"""HTTP errors that carry the name of the offending parameter (``{"error", "param"}``),
and the store's "busy, try again" as 503 with ``Retry-After``.

Finnish first: a message a user reads is a catalogue key (``error.``…) said in the
request's language (:func:`bad_translated`, :func:`not_found_translated`,
:func:`bad_message`); :func:`bad` with a literal text is left for the HSDS API, whose
clients are machines reading an English-language international spec."""
from __future__ import annotations

from werkzeug.exceptions import BadRequest, HTTPException, NotFound, ServiceUnavailable

from graphmap.i18n.message import Message, Text
from graphmap.store import StoreBusy


def bad(param: str | None, message: str, cls: type[HTTPException] = BadRequest):
    exc = cls(message)
    exc.param = param
    return exc


def bad_translated(param: str | None, key: str, /, cls: type[HTTPException] = BadRequest,
                   **values):
    """A 4xx whose message is the catalogue string ``key`` in the request's language
    (the error page then marks it with that language, not English).  A value that is a
    :class:`~graphmap.i18n.message.Message` (a refusal's reason) is said in that
    language too."""
    return bad_message(param, Text(key, **values), cls)


def bad_message(param: str | None, message: Message,
                cls: type[HTTPException] = BadRequest):
    """A 4xx saying ``message`` in the request's language (the one translation of a
    message made elsewhere, e.g. :func:`.permissions.refusal`'s reason)."""
    from flask import g

    from .i18n import DEFAULT_LANG
    lang = getattr(g, "lang", DEFAULT_LANG)
    exc = bad(param, message.text(lang), cls)
    exc.lang = lang
    return exc


def not_found_translated(param: str | None, key: str, /, **values):
    """404 saying the catalogue string ``key`` (``error.no_area`` …) in the request's
    language."""
    return bad_translated(param, key, NotFound, **values)


def not_found(param: str | None, message: str):
    return bad(param, message, NotFound)


def store_busy(exc: StoreBusy) -> ServiceUnavailable:
    """The store was busy with another write (:class:`graphmap.store.StoreBusy`):
    503 with ``Retry-After`` and the catalogue's message in the request's language.
    Nothing was written, so the same request may be sent again."""
    from flask import g

    from .i18n import DEFAULT_LANG, translate
    out = ServiceUnavailable(translate("error.store_busy"), retry_after=exc.retry_after)
    out.lang = getattr(g, "lang", DEFAULT_LANG)
    return out
