"""Records from web input: JSON bodies and HTML forms are turned into workbook cells and
parsed by the model's own :data:`~graphmap.model.FIELDS` parsers, so the web accepts
exactly what an imported workbook accepts (one place for each rule) and a
problem names the field it is in."""
from __future__ import annotations

import dataclasses

from flask import g

from graphmap.model import (FIELDS, RECORD_TYPES, Message, Problem, ValidationError,
                            format_value, localised, message_of, record_to_row)

#: the fields that identify a record; they cannot change by editing
KEY_FIELDS = {"units": ("id",), "roles": ("id",), "links": ("source", "target", "kind")}


def to_cell(value) -> str:
    """One JSON value as a workbook cell (lists ;-separated, ages [lo, hi] as lo-hi)."""
    if isinstance(value, list) and len(value) == 2 and all(type(v) is int for v in value):
        return format_value(tuple(value))
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        # a coordinate (issue 16); a whole-number field refuses "1.5" in its own parser
        return repr(value)
    if isinstance(value, (dict, float)):
        raise ValueError(Message("not_cell_value", value=repr(value)))
    return format_value(value)


def parse_record(sheet: str, values: dict, base=None):
    """The record of ``sheet`` described by ``values`` (field → JSON value or cell text),
    on top of ``base`` (the stored record, for a change).  Raises ValidationError with
    one problem per bad field; unknown fields are problems too (a typo must not be
    dropped silently)."""
    if not isinstance(values, dict):
        raise ValidationError([Problem(sheet, None, None, Message("not_fields_object"))])
    specs = {f.name: f for f in FIELDS[sheet]}
    cells = record_to_row(sheet, base) if base is not None else {}
    problems = []
    for name, value in values.items():
        if name not in specs:
            problems.append(Problem(sheet, None, name, Message(
                "unknown_field", name=repr(name), fields=", ".join(specs))))
            continue
        try:
            cells[name] = to_cell(value)
        except ValueError as exc:
            problems.append(Problem(sheet, None, name, message_of(exc)))
    kwargs = {}
    for name, spec in specs.items():
        text = (cells.get(name) or "").strip()
        if not text:
            if spec.required:
                problems.append(Problem(sheet, None, name, Message("required", name=name)))
            elif base is not None:
                kwargs[name] = _empty(sheet, name)
            continue
        try:
            kwargs[name] = spec.parse(text)
        except ValueError as exc:
            problems.append(Problem(sheet, None, name, message_of(exc)))
    if base is not None:
        for name in KEY_FIELDS[sheet]:
            if name in kwargs and kwargs[name] != getattr(base, name):
                problems.append(Problem(sheet, None, name, Message("key_unchangeable",
                                                                   name=name)))
    if problems:
        raise ValidationError(problems, "the record is not valid")
    return RECORD_TYPES[sheet](**kwargs)


def _empty(sheet: str, name: str):
    """The value an emptied field takes: the record type's default (None, [] …)."""
    for f in dataclasses.fields(RECORD_TYPES[sheet]):
        if f.name == name:
            if f.default is not dataclasses.MISSING:
                return f.default
            if f.default_factory is not dataclasses.MISSING:  # type: ignore[misc]
                return f.default_factory()  # type: ignore[misc]
    return None


def problems_json(exc: ValidationError) -> list[dict]:
    out = []
    for p in exc.problems:
        if isinstance(p, Problem):
            out.append({"sheet": p.entity, "key": p.key, "field": p.field,
                        "message": localised(p.message, getattr(g, "lang", None))})
        elif hasattr(p, "as_dict"):
            out.append(p.as_dict(getattr(g, "lang", None)))
        else:
            out.append({"message": str(p)})
    return out
