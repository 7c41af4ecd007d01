"""Change-log reads under a stream of writes, SQLite (issue 13): ``/api/history``'s store calls.

The soak's costliest reads were the change log's: the pager's total
(``history_count``) and the newest page (``history``), unfiltered and for one writer
(``actor=soak-w01``), each at a new store revision because every write is one — so the
web's per-revision response cache never answers them and every call reaches the store.

One run: generate the national network (benchmarks/national.py) → write it to a
fresh SQLite store (326,000 change rows) and ``--writers-before`` small writes by
soak-like writers → per code version (``--before``, a git ref, default the commit
before the store kept history answers; and this working copy), in a child process on
its own copy of that file: each call once on a new store object (cold), then
``--rounds`` rounds of one write (a unit renamed, untimed) followed by each call
once.  Per call the median CPU time over the rounds is compared with a floor timed in
the same rounds: one read transaction asking ``SELECT max(seq) FROM changes`` (what
any answer that knows the history's end must at least do).  CPU seconds of the
calling thread are the measure (the machine is shared).

    .venv/bin/python benchmarks/bench_history.py              # national scale
    .venv/bin/python benchmarks/bench_history.py --scale 0.1 --no-write
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if "--code" in sys.argv:  # a child measuring another version of graphmap
    sys.path.insert(0, sys.argv[sys.argv.index("--code") + 1])
sys.path.insert(1 if "--code" in sys.argv else 0, str(HERE.parent))

#: the last commit before the SQLite store kept history answers (issue 13)
BEFORE = "711b90e"
#: a call's CPU at most this many floors (a few key lookups and one page's JSON); not
#: for the web's 200-entry page, whose cost is decoding 200 entries' JSON
TARGET_RATIO = 20
UNTARGETED = {"newest 200 (the web's page)"}
ACTOR = "soak-w01"
#: (label, keyword arguments of history_count or history)
CALLS = [
    ("total", "history_count", {}),
    ("newest 20", "history", {"limit": 20}),
    (f"total, actor={ACTOR}", "history_count", {"actor": ACTOR}),
    (f"newest 1, actor={ACTOR}", "history", {"actor": ACTOR, "limit": 1}),
    (f"newest 20, actor={ACTOR}", "history", {"actor": ACTOR, "limit": 20}),
    ("total, sheet=units", "history_count", {"sheet": "units"}),
    ("newest 20, sheet=units", "history", {"sheet": "units", "limit": 20}),
    ("newest 200 (the web's page)", "history", {"limit": 200}),
]


def _cpu() -> float:
    return time.thread_time()


def _drop_indexes_unknown_to(db_path: str, schema: str) -> None:
    """An index the measured version's schema does not name is dropped (the file was
    made by this version), so each version reads the file as it would its own."""
    with sqlite3.connect(db_path) as db:
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                                  "AND sql IS NOT NULL").fetchall():
            if name not in schema:
                db.execute(f"DROP INDEX {name}")


def _child(db_path: str, rounds: int) -> dict:
    """Runs in the child: the calls cold, then under writes; medians in ms."""
    from graphmap.model import Network
    from graphmap.store import open_store
    from graphmap.store import sqlite as sqlite_module
    _drop_indexes_unknown_to(db_path, sqlite_module.SCHEMA)
    url = f"sqlite:///{db_path}"
    floor_db = sqlite3.connect(db_path, isolation_level=None)

    def floor() -> None:
        floor_db.execute("BEGIN")
        floor_db.execute("SELECT max(seq) FROM changes").fetchone()
        floor_db.execute("COMMIT")

    def timed(fn, **kwargs) -> float:
        start = _cpu()
        fn(**kwargs)
        return (_cpu() - start) * 1000

    cold = {}
    for label, method, kwargs in CALLS:  # each on a store object that has kept nothing
        fresh = open_store(url)
        cold[label] = timed(getattr(fresh, method), **kwargs)
        fresh.close()
    store = open_store(url)
    net = store.read()
    units = sorted(net.units)[:rounds]
    samples: dict[str, list[float]] = {label: [] for label, _, _ in CALLS}
    samples["floor"] = []
    for i, key in enumerate(units):
        # a writer other than the one asked about, as in the soak (20 writers)
        store.write(Network(units={key: dataclasses.replace(net.units[key], name=f"H {i}")}),
                    actor=f"soak-w{2 + i % 19:02d}", current=net)
        samples["floor"].append(timed(floor))
        for label, method, kwargs in CALLS:
            samples[label].append(timed(getattr(store, method), **kwargs))
    store.close()
    floor_db.close()
    import graphmap
    return {"cold": cold, "warm": {k: statistics.median(v) for k, v in samples.items()},
            "code": str(Path(graphmap.__file__).parent)}


def _make_store(scale: float, writers: int, path: Path) -> int:
    """The national network and ``writers`` small writes; the number of change rows."""
    from benchmarks.national import national_network
    from graphmap.model import Network
    from graphmap.store import open_store
    net = national_network(scale)
    store = open_store(f"sqlite:///{path}")
    store.write(net, actor="tuoja")
    units = sorted(net.units)
    current = store.read()
    for i in range(writers):
        key = units[-1 - i % len(units)]
        store.write(Network(units={key: dataclasses.replace(current.units[key],
                                                            name=f"W {i}")}),
                    actor=f"soak-w{2 + i % 19:02d}", current=current)
    rows = store.history_count()
    store.close()
    return rows


def _run_child(code: Path | None, db: Path, rounds: int) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(db),
           "--rounds", str(rounds)]
    if code is not None:
        cmd += ["--code", str(code)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def _checkout(ref: str, into: Path) -> str:
    """``graphmap/`` as it was at ``ref`` (git archive), and the commit it names."""
    repo = HERE.parent
    commit = subprocess.run(["git", "rev-parse", "--short", ref], cwd=repo, check=True,
                            capture_output=True, text=True).stdout.strip()
    archive = subprocess.run(["git", "archive", ref, "graphmap"], cwd=repo, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return commit


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="network size relative to national (default 1.0)")
    parser.add_argument("--rounds", type=int, default=30, help="writes, each then every call")
    parser.add_argument("--writers-before", type=int, default=200,
                        help="small writes made before measuring (the soak's writers)")
    parser.add_argument("--before", default=BEFORE,
                        help=f"git ref of the version to compare with (default {BEFORE})")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    parser.add_argument("--child", metavar="DB", help=argparse.SUPPRESS)
    parser.add_argument("--code", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child, args.rounds)))
        return 0

    from benchmarks._results import machine, update_section
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        base_db = Path(tmp) / "history.db"
        start = time.perf_counter()
        rows = _make_store(args.scale, args.writers_before, base_db)
        print(f"store: {rows:,} change rows in {time.perf_counter() - start:.0f} s", flush=True)
        old_code = Path(tmp) / "before"
        old_code.mkdir()
        commit = _checkout(args.before, old_code)
        results = {}
        for name, code in (("before", old_code), ("after", None)):
            copy = Path(tmp) / f"{name}.db"
            shutil.copy(base_db, copy)
            results[name] = _run_child(code, copy, args.rounds)
            print(name, json.dumps(results[name], indent=1), flush=True)
    load = os.getloadavg()
    md = _report(results, rows, commit, args, load)
    print(md)
    if not args.no_write:
        update_section("history", md + f"\n{machine()}\n")
    return 0 if all(results["after"]["warm"][label] / results["after"]["warm"]["floor"]
                    <= TARGET_RATIO for label, _, _ in CALLS if label not in UNTARGETED) else 1


def _report(results: dict, rows: int, commit: str, args, load) -> str:
    before, after = results["before"], results["after"]
    fb, fa = before["warm"]["floor"], after["warm"]["floor"]
    lines = [
        "## Change-log reads under writes, SQLite (`bench_history.py`, issue 13)", "",
        f"`.venv/bin/python benchmarks/bench_history.py --scale {args.scale} --rounds "
        f"{args.rounds}`.  Scale {args.scale}: {rows:,} change rows, {args.writers_before} soak-like writes "
        f"before; {args.rounds} rounds of one write then each call once; median CPU ms of "
        f"the calling thread.  Floor: one read transaction asking `SELECT max(seq)` "
        f"({fb:.3f} ms before, {fa:.3f} ms after).  *Before*: graphmap at `{commit}`; "
        f"*after*: this working copy.  Cold: the call on a store object that has kept "
        f"nothing.  Target: under writes ≤ {TARGET_RATIO}× the floor.  Load average "
        f"{load[0]:.1f}.", "",
        "| call | cold before | cold after | under writes before | under writes after "
        "| × floor before | × floor after | target met |",
        "|---|---|---|---|---|---|---|---|"]
    for label, _, _ in CALLS:
        wb, wa = before["warm"][label], after["warm"][label]
        met = "—" if label in UNTARGETED else "yes" if wa / fa <= TARGET_RATIO else "no"
        lines.append(f"| `{label}` | {before['cold'][label]:.2f} | {after['cold'][label]:.2f} "
                     f"| {wb:.3f} | {wa:.3f} | {wb / fb:.0f}× | {wa / fa:.1f}× "
                     f"| {met} |")
    lines += ["", "After: the store keeps per filter the total and the newest rows up to a "
              "change seq and reads only the rows written since (graphmap/store/"
              "history_cache.py); filters on revisions read only the changes between the "
              "first and last matching revision (index on revisions.actor).  What is left "
              "of a page's cost is decoding its entries' JSON (the 200-entry page)."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
