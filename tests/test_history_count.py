"""The pager's total (``Store.history_count``) counted without reading the history: on
SQLite from the revisions alone when only revisions are filtered (issue 13: every
history page counted 326,000 national changes through a join).  Whatever way it is
counted, it is the number of entries ``history`` returns with the same filters; and a
page of history shown to the public hides the same names whether the snapshot's
hidden names are passed in or read again.  Totals and pages a store keeps between
calls stay exact whatever is written in between, by it or another process."""
from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3
import threading

import pytest

from graphmap.model import Network
from graphmap.privacy import hidden_names, public_history
from graphmap.store import open_store
from graphmap.store import sqlite as sqlite_store
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


# ---------------------------------------------------------------------------------------
# Answers kept between calls (graphmap/store/history_cache.py): each store object keeps
# per filter a total and the newest rows up to a history position and adds what was
# written after it.  Whatever was written in between, by this store object or another
# one on the same file (another process), every filter's total and every page must be
# what the whole history, filtered and sliced by hand, says.

#: (limit, offset): first pages (kept), later ones, a page longer than the rows kept
PAGES = [(1, 0), (3, 0), (20, 0), (2, 3), (4, 9), (None, 0), (None, 5), (250, 0), (3, 199)]


def _by_hand(whole: list[dict], f: dict) -> list[dict]:
    """``whole`` (the history, newest first) filtered as ``Store.history`` documents."""
    out = whole
    if "actor" in f:
        out = [e for e in out if e["actor"] == f["actor"]]
    if "sheet" in f:
        out = [e for e in out if e["sheet"] == f["sheet"]]
    if "key" in f:
        out = [e for e in out if e["key"] == f["key"]]
    if "since" in f:  # a date: from that day on (UTC)
        out = [e for e in out if e["at"][:10] >= f["since"].isoformat()]
    if "until" in f:  # a date: up to the end of that day
        out = [e for e in out if e["at"][:10] <= f["until"].isoformat()]
    return out


def _assert_like_the_whole_history(url: str, stores: list, filters: list[dict]) -> None:
    whole = open_store(url)  # a new store object: nothing kept from earlier calls
    everything = whole.history()
    whole.close()
    assert everything, "the history is empty: nothing is tested"
    for f in filters:
        wanted = _by_hand(everything, f)
        for store in stores:
            assert store.history_count(**f) == len(wanted), f
            for limit, offset in PAGES:
                end = None if limit is None else offset + limit
                assert store.history(**f, limit=limit, offset=offset) == wanted[offset:end], \
                    (f, limit, offset)


@pytest.mark.parametrize("kept", [sqlite_store.HISTORY_ROWS_KEPT, 3])
def test_kept_history_answers_stay_exact_across_writes_of_two_store_objects(
        sqlite_url, monkeypatch, kept):
    """``kept``: the newest rows kept per filter; with 3 the kept rows are never the
    whole of a filter's history, and longer pages are read from the store."""
    monkeypatch.setattr(sqlite_store, "HISTORY_ROWS_KEPT", kept)
    net = small_network()
    ours, theirs = open_store(sqlite_url), open_store(sqlite_url)  # two "processes"
    days = iter(dt.datetime(2026, 3, d, 9, tzinfo=dt.timezone.utc) for d in range(1, 29))
    ours.clock = theirs.clock = lambda: next(days)
    ours.write(net, actor="tuoja")
    unit, other = sorted(net.units)[:2]
    # an actor named like a sheet and one named like a unit: same parameter, another filter
    filters = [{}, {"actor": "maija"}, {"actor": "matti"}, {"actor": "nobody"},
               {"actor": "units"}, {"sheet": "units"}, {"sheet": "roles"}, {"sheet": "links"},
               {"key": unit}, {"actor": unit}, {"key": "uusi"},
               {"sheet": "units", "actor": "matti"}, {"key": unit, "actor": "maija"},
               {"since": dt.date(2026, 3, 3)}, {"until": dt.date(2026, 3, 4)},
               {"since": dt.date(2026, 3, 2), "until": dt.date(2026, 3, 6), "actor": "maija"},
               {"since": dt.date(2026, 3, 5), "sheet": "units"}]
    _assert_like_the_whole_history(sqlite_url, [ours, theirs], filters)

    def rename(store, key, name, actor):
        store.write(Network(units={key: dataclasses.replace(
            store.read().units[key], name=name)}), actor=actor)

    rename(ours, unit, "Nimi 1", "maija")
    _assert_like_the_whole_history(sqlite_url, [ours, theirs], filters)
    rename(theirs, other, "Nimi 2", "matti")  # written by the other one: rows after our bound
    rename(theirs, unit, "Nimi 3", "units")
    _assert_like_the_whole_history(sqlite_url, [ours, theirs], filters)
    # an add is kept on the first pages with its "after" (the record as added); a later
    # change of the record must not change that entry, and the change comes first
    added = dataclasses.replace(net.units[unit], id="uusi", name="Uusi yksikkö")
    ours.write(Network(units={"uusi": added}), actor="maija")
    _assert_like_the_whole_history(sqlite_url, [ours, theirs], filters)
    rename(theirs, "uusi", "Uusi nimi", "matti")
    _assert_like_the_whole_history(sqlite_url, [ours, theirs], filters)
    assert [e["after"]["name"] for e in ours.history(key="uusi", limit=3)] == \
        ["Uusi nimi", "Uusi yksikkö"]
    # a removal with its cascade (roles, links), then the whole network again
    theirs.delete("units", [sorted(net.units)[-1]], actor="matti")
    ours.write(small_network(), actor="maija")
    _assert_like_the_whole_history(sqlite_url, [ours, theirs], filters)
    assert ours.history_count(actor="maija") != ours.history_count(actor="matti")
    assert ours.history_count(actor="units") != ours.history_count(sheet="units")
    ours.close()
    theirs.close()


def test_history_of_a_file_whose_revisions_lack_first_seq_is_still_exact(sqlite_url):
    """Files from before ``first_seq`` have revisions without it: filters on the
    revisions then read the changes through the join, and the answers are the same."""
    store = open_store(sqlite_url)
    times = iter(dt.datetime(2026, 3, d, 12, tzinfo=dt.timezone.utc) for d in range(1, 20))
    store.clock = lambda: next(times)
    net = small_network()
    store.write(net, actor="tuoja")
    for i, actor in enumerate(["maija", "matti", "maija"]):
        unit = sorted(net.units)[i]
        store.write(Network(units={unit: dataclasses.replace(net.units[unit], name=f"N{i}")}),
                    actor=actor)
    filters = [{}, {"actor": "maija"}, {"actor": "matti", "sheet": "units"},
               {"since": dt.date(2026, 3, 3)}]
    _assert_like_the_whole_history(sqlite_url, [store], filters)
    store.close()
    with sqlite3.connect(sqlite_url.split("///", 1)[1]) as db:
        db.execute("UPDATE revisions SET first_seq = NULL WHERE rev <= 2")
    old = open_store(sqlite_url)
    _assert_like_the_whole_history(sqlite_url, [old], filters)
    old.close()


def test_kept_history_answers_notice_a_backup_restored_into_the_file(sqlite_url, tmp_path):
    """A backup restored into the store file in place (SQLite's backup API, as the
    ``.restore`` command does) while a store object stays open holds another history
    — here as long as the one kept from, with other writers at other times: nothing
    kept from the replaced history is served."""
    def clock_from(day):
        days = iter(dt.datetime(2026, 3, d, 9, tzinfo=dt.timezone.utc) for d in range(day, 29))
        return lambda: next(days)

    def rename(store, name, actor):
        key = sorted(store.read().units)[0]
        store.write(Network(units={key: dataclasses.replace(
            store.read().units[key], name=name)}), actor=actor)

    store = open_store(sqlite_url)
    store.clock = clock_from(1)
    store.write(small_network(), actor="tuoja")
    rename(store, "Nimi 1", "maija")
    earlier = tmp_path / "earlier.db"
    store.backup(earlier)
    rename(store, "Nimi 2", "matti")
    rename(store, "Nimi 3", "matti")
    filters = [{}, {"actor": "matti"}, {"actor": "units"}, {"sheet": "units"},
               {"since": dt.date(2026, 3, 3)}]
    _assert_like_the_whole_history(sqlite_url, [store], filters)

    def restore(writes: int, day: int) -> None:
        """The earlier backup with ``writes`` other writes, restored into the file."""
        copy = tmp_path / f"restored-{writes}.db"
        shutil.copy(earlier, copy)
        other = open_store(f"sqlite:///{copy}")
        other.clock = clock_from(day)
        for i in range(writes):
            rename(other, f"Toinen {i}", "units")
        other.close()
        with sqlite3.connect(copy) as source, \
                sqlite3.connect(sqlite_url.split("///", 1)[1]) as live:
            source.backup(live)

    restore(2, 20)  # as long as the history kept from
    assert store.history_count(actor="matti") == 0
    _assert_like_the_whole_history(sqlite_url, [store], filters)
    restore(3, 24)  # longer, the change at the kept bound another one
    _assert_like_the_whole_history(sqlite_url, [store], filters)
    restore(0, 28)  # shorter
    _assert_like_the_whole_history(sqlite_url, [store], filters)
    store.close()


def test_history_read_on_threads_while_another_writes_is_always_a_true_answer(sqlite_url):
    """The web reads the change log on several threads (one connection each) sharing
    one store object's kept answers while writes go on: every page read is the newest
    entries of the history as it stood at some moment (the final history's entries
    from the page's first one on, none missing or doubled), no thread's answers go
    back in time, and afterwards every answer is exact."""
    net = small_network()
    store, writer = open_store(sqlite_url), open_store(sqlite_url)
    store.write(net, actor="tuoja")
    unit = sorted(net.units)[0]
    filters = [{}, {"actor": "maija"}, {"sheet": "units"}, {"key": unit}]
    seen: list[tuple[dict, list, int]] = []
    failures: list[BaseException] = []
    done = threading.Event()

    def read() -> None:
        last: dict[int, tuple[int, int]] = {}
        try:
            while not done.is_set():
                for i, f in enumerate(filters):
                    total = store.history_count(**f)
                    page = store.history(**f, limit=5)
                    newest = page[0]["seq"] if page else 0
                    assert (total, newest) >= last.get(i, (0, 0)), f  # never back in time
                    last[i] = (total, newest)
                    seen.append((f, page, total))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            failures.append(exc)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for i in range(15):
        writer.write(Network(units={unit: dataclasses.replace(net.units[unit], name=f"N{i}")}),
                     actor="maija" if i % 2 else "matti")
    done.set()
    for t in threads:
        t.join()
    assert not failures, failures
    everything = open_store(sqlite_url).history()
    for f, page, total in seen:
        wanted = _by_hand(everything, f)
        if page:
            start = next(i for i, e in enumerate(wanted) if e["seq"] == page[0]["seq"])
            assert page == wanted[start:start + 5], f
            assert total <= len(wanted) - start, f  # counted before the page was read
    assert any(f == {"actor": "maija"} and p for f, p, _ in seen)
    _assert_like_the_whole_history(sqlite_url, [store], filters)
    store.close()
    writer.close()
