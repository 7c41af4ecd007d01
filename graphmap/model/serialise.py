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
    cls = type(record)
    convert = _TO_DICT.get(cls)
    if convert is None:
        convert = _TO_DICT[cls] = _to_dict_for(cls)
    return convert(record)


def _json_value(value: Any) -> Any:
    """One field's value as JSON has it (see :func:`record_to_dict`)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    return value


def _to_dict_for(cls: type) -> Callable[[Any], dict[str, Any]]:
    """:func:`record_to_dict` for records of ``cls``, made once from its field types.

    Why: building a national graph converts 300,000 records; asking each field's
    value what it is cost 70 % of the build.  The converter is one dict display
    (written out as dataclasses writes ``__init__``): a field whose declared type
    cannot hold a date, a pair, a list or an enum (``str``, numbers) is copied as it
    is, an enum field's member gives its value, and every other value goes through
    :func:`_json_value` — the same dict as asking each value what it is."""
    names = _field_names(cls)
    hints = typing.get_type_hints(cls)
    # the converter's source, as dataclasses writes __init__: one dict display reading
    # each attribute once (names are Python identifiers: they are dataclass fields)
    scope: dict[str, Any] = {"_json_value": _json_value}
    items = []
    for i, name in enumerate(names):
        hint = hints.get(name, Any)
        enum = _enum_of(hint)
        if enum is not None:  # most often a member of the field's own enum
            scope[f"E{i}"] = enum
            value = f"(v.value if (v := r.{name}).__class__ is E{i} else _json_value(v))"
        elif _may_change(hint):
            value = f"(_json_value(v) if (v := r.{name}) is not None else None)"
        else:
            value = f"r.{name}"
        items.append(f"{name!r}: {value}")
    source = "def convert(r):\n    return {" + ", ".join(items) + "}\n"
    exec(source, scope)  # noqa: S102 - code made from the record class's own field names
    return scope["convert"]


def _enum_of(hint: Any) -> type | None:
    """The enum of a field typed ``E`` or ``E | None``, else None."""
    if typing.get_origin(hint) not in (None, types.UnionType, typing.Union):
        return None  # list[E], tuple[...]: not a member itself
    args = [a for a in (typing.get_args(hint) or (hint,)) if a is not type(None)]
    if len(args) == 1 and isinstance(args[0], type) and issubclass(args[0], StrEnum):
        return args[0]
    return None


def _may_change(hint: Any) -> bool:
    """Whether a value of type ``hint`` can be one :func:`_json_value` changes."""
    if hint is Any:
        return True
    for arg in (hint, *typing.get_args(hint)):
        origin = typing.get_origin(arg) or arg
        if origin in (list, tuple) or not isinstance(origin, type):
            return True
        if issubclass(origin, (dt.date, StrEnum)) or origin is object:
            return True
    return False


def _field_names(cls: type) -> tuple[str, ...]:
    # dataclasses.fields() builds its answer on every call: a store writing thousands
    # of history entries asked it once per record
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_TO_DICT: dict[type, Callable[[Any], dict[str, Any]]] = {}


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
