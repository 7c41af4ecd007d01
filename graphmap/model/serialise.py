"""Records as JSON-friendly dicts and back (the API, the stores' rows, snapshots)."""
from __future__ import annotations

import dataclasses
import datetime as dt
from enum import StrEnum
from typing import Any

from .enums import AreaKind, Channel, Cooperation, DataSource, Frequency, Level, LinkKind, Sector, UnitType
from .records import RECORD_TYPES


def record_to_dict(record) -> dict[str, Any]:
    """JSON-friendly dict of a record (enums as values, dates ISO, ages as [lo, hi])."""
    out = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, list):
            value = [str(v) for v in value]
        elif isinstance(value, StrEnum):
            value = value.value
        out[f.name] = value
    return out


def record_from_dict(sheet: str, data: dict[str, Any]):
    """Inverse of :func:`record_to_dict` (and of the stores' row decoding)."""
    cls = RECORD_TYPES[sheet]
    kwargs = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if value is not None:
            value = _coerce(sheet, f.name, value)
        kwargs[f.name] = value
    return cls(**kwargs)


_ENUM_FIELDS = {
    ("areas", "kind"): AreaKind, ("organisations", "sector"): Sector,
    ("units", "type"): UnitType, ("units", "level"): Level, ("links", "kind"): LinkKind,
    ("links", "frequency"): Frequency, ("links", "data_source"): DataSource,
    ("links", "cooperation"): Cooperation,
}
_DATE_FIELDS = {("roles", "verified"), ("links", "valid_from"), ("links", "valid_to"),
                ("links", "survey_date"),
                ("units", "valid_from"), ("units", "valid_to"),
                ("roles", "valid_from"), ("roles", "valid_to")}


def _coerce(sheet: str, name: str, value: Any) -> Any:
    if (sheet, name) in _ENUM_FIELDS:
        return _ENUM_FIELDS[(sheet, name)](value)
    if (sheet, name) in _DATE_FIELDS and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if (sheet, name) == ("units", "ages"):
        return (int(value[0]), int(value[1]))
    if (sheet, name) == ("units", "channels"):
        return [Channel(v) for v in value]
    return value
