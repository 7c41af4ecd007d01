"""HTTP errors that carry the name of the offending parameter (``{"error", "param"}``)."""
from __future__ import annotations

from werkzeug.exceptions import BadRequest, HTTPException, NotFound, ServiceUnavailable


def bad(param: str | None, message: str, cls: type[HTTPException] = BadRequest):
    exc = cls(message)
    exc.param = param
    return exc


def not_found(param: str | None, message: str):
    return bad(param, message, NotFound)


def unavailable(message: str):
    return bad(None, message, ServiceUnavailable)
