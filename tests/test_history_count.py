"""The pager's total (``Store.history_count``) counted without reading the history: on
SQLite from the revisions alone when only revisions are filtered (issue 13: every
history page counted 326,000 national changes through a join).  Whatever way it is
counted, it is the number of entries ``history`` returns with the same filters; and a
page of history shown to the public hides the same names whether the snapshot's
hidden names are passed in or read again."""
from __future__ import annotations

import dataclasses
import datetime as dt

from graphmap.model import Network
from graphmap.privacy import hidden_names, public_history
from graphmap.store import open_store
from tests.data import small_network


def test_history_count_matches_the_history_for_every_filter(sqlite_url):
    store = open_store(sqlite_url)
    times = iter(dt.datetime(2026, 3, d, 12, tzinfo=dt.timezone.utc) for d in range(1, 20))
    store.clock = lambda: next(times)
    net = small_network()
    store.write(net, actor="tuoja")
    unit = sorted(net.units)[0]
    for i, actor in enumerate(["maija", "matti", "maija", "maija", "matti"]):
        store.write(Network(units={unit: dataclasses.replace(net.units[unit], name=f"Nimi {i}")}),
                    actor=actor)
    store.delete("units", [sorted(net.units)[-1]], actor="matti")  # with its roles and links
    filters = [{}, {"actor": "maija"}, {"actor": "matti"}, {"actor": "nobody"},
               {"since": dt.date(2026, 3, 3)}, {"until": dt.date(2026, 3, 4)},
               {"since": "2026-03-02", "until": dt.date(2026, 3, 5), "actor": "maija"},
               {"sheet": "units"}, {"sheet": "units", "actor": "matti"},
               {"key": unit, "since": dt.date(2026, 3, 4)}]
    for f in filters:
        assert store.history_count(**f) == len(store.history(**f)), f
    assert store.history_count(actor="matti") > 2  # the removal's cascade is counted
    store.close()


def test_public_history_with_the_snapshots_hidden_names_hides_the_same():
    net = small_network()  # psy-liisa is not public now
    entry = {"sheet": "roles", "key": "psy-liisa", "op": "change",
             "before": {"id": "psy-liisa", "person": "Liisa Vanhanimi", "public": True},
             "after": {"id": "psy-liisa", "person": "Liisa Kuvitteellinen", "public": False}}
    unit = {"sheet": "units", "key": "perheneuvola", "op": "change",
            "before": {"id": "perheneuvola", "email": "liisa.vanhanimi@example.invalid"},
            "after": {"id": "perheneuvola", "email": "perheneuvola@example.invalid"}}
    kept = hidden_names(net.roles.values())
    persons = set(kept.persons)
    assert public_history([entry, unit], net, None, kept) == public_history([entry, unit], net)
    assert public_history([entry, unit], net, None, kept)[1]["before"]["email"] is None
    assert kept.persons == persons  # the earlier name was added to a copy only
    assert not kept.spells("Liisa Vanhanimi")
