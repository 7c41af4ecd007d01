"""Records as JSON-friendly dicts and back (the API, the stores' rows, snapshots)."""
from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from enum import StrEnum
from typing import Any, Callable

from .records import RECORD_TYPES


def record_to_dict(record) -> dict[str, Any]:
    """JSON-friendly dict of a record (enums as values, dates ISO, ages as [lo, hi])."""
    out = {}
    for name in _field_names(type(record)):
        value = getattr(record, name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, list):
            value = [str(v) for v in value]
        elif isinstance(value, StrEnum):
            value = value.value
        out[name] = value
    return out


def _field_names(cls: type) -> tuple[str, ...]:
    # dataclasses.fields() builds its answer on every call: a store writing thousands
    # of history entries asked it once per record
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def record_from_dict(sheet: str, data: dict[str, Any]):
    """Inverse of :func:`record_to_dict` (and of the stores' row decoding)."""
    cls = RECORD_TYPES[sheet]
    coerce = _COERCE[sheet]
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if value is not None and f.name in coerce:
            value = coerce[f.name](value)
        kwargs[f.name] = value
    return cls(**kwargs)


def coercer(sheet: str, name: str) -> Callable[[Any], Any] | None:
    """How a stored or JSON value (not None) of ``sheet``'s field ``name`` becomes the
    record's type (enums, dates, ages, channels), as :func:`record_from_dict` does it;
    None when the value is kept as it is.  A store decoding a whole table column by
    column calls it once per distinct value."""
    return _COERCE[sheet].get(name)


def _date(value: Any) -> Any:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _pair(value: Any) -> tuple[int, int]:
    return (int(value[0]), int(value[1]))


def _coercer(hint: Any) -> Callable[[Any], Any] | None:
    """How a JSON value becomes a field of type ``hint`` (None: as it is), read from
    the records' own annotations so the types are written down once."""
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if isinstance(hint, types.UnionType) and len(args) == 1:
        hint = args[0]  # X | None
        args = list(typing.get_args(hint))
    origin = typing.get_origin(hint) or hint
    if isinstance(origin, type) and issubclass(origin, StrEnum):
        return origin
    if origin is dt.date:
        return _date
    if origin is tuple:
        return _pair
    if origin is list and args and isinstance(args[0], type) and issubclass(args[0], StrEnum):
        enum = args[0]
        return lambda values: [enum(v) for v in values]
    return None


#: sheet → field → coercer, for the fields whose JSON form is not their type
_COERCE: dict[str, dict[str, Callable[[Any], Any]]] = {
    sheet: {name: fn for name, hint in typing.get_type_hints(cls).items()
            if (fn := _coercer(hint)) is not None}
    for sheet, cls in RECORD_TYPES.items()}
