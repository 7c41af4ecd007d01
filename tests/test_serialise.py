"""record_to_dict (graphmap/model/serialise.py): the per-class converters made from the
records' field types give exactly the dict of asking every value what it is — the
JSON the API, the stores and the graph's node attributes are made of."""
from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from enum import StrEnum

from hypothesis import given, settings, strategies as st

from benchmarks.national import national_network
from graphmap.demo import demo_network
from graphmap.model import RECORD_TYPES, record_to_dict


def reference(record) -> dict:
    """The rule, value by value: dates ISO, pairs and lists as lists (list items as
    text), enum members as their values, anything else as it is."""
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


def same(a: dict, b: dict) -> bool:
    """Equal, with the same keys in the same order and values of the same types."""
    return a == b and list(a) == list(b) and all(
        type(a[k]) is type(b[k]) for k in a)


def test_demo_and_national_records_convert_as_the_rule_says():
    for net in (demo_network(), national_network(0.02)):
        for sheet in RECORD_TYPES:
            for record in getattr(net, sheet).values():
                assert same(record_to_dict(record), reference(record)), (sheet, record)


def _values(hint) -> st.SearchStrategy:
    """Values a field typed ``hint`` may hold: None, its own type's, and for an enum
    field the plain text of a member (as a record made from a row may hold it)."""
    options = [st.none()]
    for arg in typing.get_args(hint) or (hint,):
        origin = typing.get_origin(arg) or arg
        if isinstance(origin, type) and issubclass(origin, StrEnum):
            options += [st.sampled_from(list(origin)), st.sampled_from([m.value for m in origin])]
        elif origin is list:
            (item,) = typing.get_args(arg)
            items = st.sampled_from(list(item)) if issubclass(item, StrEnum) else st.text(max_size=5)
            options.append(st.lists(items, max_size=3))
        elif origin is tuple:
            options.append(st.tuples(st.integers(0, 99), st.integers(0, 99)))
        elif origin is dt.date:
            options.append(st.dates())
        elif origin in (str, int, float, bool):
            options.append(st.from_type(origin))
    return st.one_of(options)


@st.composite
def records(draw):
    sheet = draw(st.sampled_from(list(RECORD_TYPES)))
    cls = RECORD_TYPES[sheet]
    hints = typing.get_type_hints(cls)
    # every field drawn (a default or not): each one's converter is exercised
    return cls(**{f.name: draw(_values(hints[f.name])) for f in dataclasses.fields(cls)})


@settings(max_examples=400, deadline=None)
@given(records())
def test_any_field_of_any_record_converts_as_the_rule_says(record):
    assert same(record_to_dict(record), reference(record))
