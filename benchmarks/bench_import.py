"""Import benchmark (issue 2 item 8, issue 13 item 4): the workbook import against a floor.

The floor (issue 13): Python's ``csv.reader`` over the five workbook files and one
``executemany`` per table of the raw text cells into tables keyed like the store (links
by source, target and kind) with the reverse-lookup indexes a map needs (links by
target, roles by unit, units by area), in one transaction — the store's own schema and
pragmas (``graphmap.store.sqlite.bulk_insert_rows``).  No parsing, checking, encoding or
history: what any import must at least do.

One run: generate the national network (benchmarks/national.py) → write it as a
workbook CSV folder, and a second folder with 1 % of the units, roles and links changed
→ per round: the floor; ``import_workbook(folder, store)`` into an empty SQLite file;
``import_workbook(changed folder, store)`` into a copy of that file (a store that already
holds the nation, the 1 % re-import).  Each import runs in a child process, so its peak
memory (``ru_maxrss``) is its own.  The best of ``--rounds`` rounds of each is reported.
CPU seconds are the measure (the machine is shared: wall seconds swing with its load).
Targets: both imports ≤ 2× the floor in CPU seconds, peak memory ≤ 1 GB.  With
``--profile`` each import runs once more under cProfile and its hot spots go into
RESULTS.md too (the timed runs are never profiled).

    .venv/bin/python benchmarks/bench_import.py             # national scale
    .venv/bin/python benchmarks/bench_import.py --scale 0.1 --profile
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script from anywhere

from benchmarks._results import machine, update_section  # noqa: E402
from benchmarks.national import national_network  # noqa: E402

TARGET_RATIO = 2.0
TARGET_MEMORY_MB = 1024
#: every CHANGE_EVERY-th unit, role and link (in key order) is changed: 1 %
CHANGE_EVERY = 100


def _child(folder: str, db: str, profile: bool) -> None:
    """Runs in the child process: the import alone, then its time and peak memory."""
    from graphmap.importers.workbook import import_workbook
    from graphmap.store import open_store
    store = open_store(f"sqlite:///{db}")
    hot = None
    start, cpu = time.perf_counter(), time.process_time()
    if profile:
        import cProfile
        import pstats
        prof = cProfile.Profile()
        result = prof.runcall(import_workbook, folder, store)
        hot = _hot_spots(pstats.Stats(prof))
    else:
        result = import_workbook(folder, store)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    store.close()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak_kb / 1024,
                      "written": result.written, "totals": result.totals(), "hot": hot}))


def _hot_spots(stats, n: int = 12) -> list[dict]:
    rows = []
    for (file, line, func), (_, calls, tottime, cumtime, _) in stats.stats.items():
        rows.append({"where": f"{Path(file).name}:{line} {func}", "calls": calls,
                     "tottime": tottime, "cumtime": cumtime})
    rows.sort(key=lambda r: r["tottime"], reverse=True)
    return rows[:n]


def _run_child(folder: Path, db: Path, profile: bool = False) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), str(db)]
        + (["--profile"] if profile else []),
        capture_output=True, text=True, check=False, cwd=HERE.parent)
    if proc.returncode != 0:
        raise SystemExit(f"the import failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def floor(folder: Path, db: Path) -> tuple[float, float]:
    """The floor of issue 13 (see the module docstring): wall and CPU seconds."""
    import csv

    from graphmap.store.sqlite import _columns, bulk_insert_rows
    t, cpu = time.perf_counter(), time.process_time()
    tables = {}
    for sheet in ("areas", "organisations", "units", "roles", "links"):
        with open(folder / f"{sheet}.csv", newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            if tuple(header) != _columns(sheet):
                raise SystemExit(f"{sheet}.csv columns {header} differ from the table's")
            tables[sheet] = list(reader)
    bulk_insert_rows(db, tables)
    return time.perf_counter() - t, time.process_time() - cpu


def changed_network(net):
    """``net`` with every :data:`CHANGE_EVERY`-th unit (a new name), role (a new
    title) and link (a new volume, or a frequency for kinds without one) changed:
    what a coordinator's yearly update of the nation might look like."""
    from graphmap.model import Frequency
    out = dataclasses.replace(net, units=dict(net.units), roles=dict(net.roles),
                              links=dict(net.links))
    for sheet, change in (
            ("units", lambda u: dataclasses.replace(u, name=u.name + " (uusi)")),
            ("roles", lambda r: dataclasses.replace(r, title=r.title + " (uusi)")),
            ("links", lambda k: dataclasses.replace(
                k, volume=(k.volume or 0) + 1) if k.frequency is None
             else dataclasses.replace(k, frequency=Frequency.DAILY
                                      if k.frequency != Frequency.DAILY else Frequency.WEEKLY))):
        table = getattr(out, sheet)
        for key in sorted(table)[::CHANGE_EVERY]:
            table[key] = change(table[key])
    return out


def _size_mb(db: Path) -> float:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6


def _best(runs: list[dict]) -> dict:
    return min(runs, key=lambda r: r["cpu"])


def run(scale: float, rounds: int, profile: bool, keep: bool) -> dict:
    from graphmap.importers.export import export_workbook

    work = Path(tempfile.mkdtemp(prefix="graphmap-bench-import-"))
    try:
        t = time.perf_counter()
        net = national_network(scale)
        gen_s = time.perf_counter() - t
        t = time.perf_counter()
        folder = export_workbook(net, work / "workbook")
        export_s = time.perf_counter() - t
        csv_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        changed_folder = export_workbook(changed_network(net), work / "changed")
        counts = net.counts()
        del net

        floors, imports, reimports = [], [], []
        for i in range(rounds):  # interleaved, so a busy spell hits all three alike
            floors.append(floor(folder, work / f"floor{i}.db"))
            db = work / f"import{i}.db"
            imports.append(_run_child(folder, db))
            full = work / f"full{i}.db"
            shutil.copyfile(db, full)  # the child closed its store: no -wal file left
            reimports.append(_run_child(changed_folder, full))
        size_mb = _size_mb(work / "import0.db")
        floor_s, floor_cpu = min(floors, key=lambda f: f[1])
        first, again = _best(imports), _best(reimports)
        if profile:  # extra runs under cProfile, so the timed ones are undisturbed
            first["hot"] = _run_child(folder, work / "profiled.db", profile=True)["hot"]
            shutil.copyfile(work / "import0.db", work / "profiled-full.db")
            again["hot"] = _run_child(changed_folder, work / "profiled-full.db",
                                      profile=True)["hot"]
        return {
            "scale": scale, "rounds": rounds, "units": counts["nodes"]["unit"],
            "roles": counts["nodes"]["role"], "links": sum(counts["links"].values()),
            "generate_s": gen_s, "export_s": export_s, "csv_mb": csv_mb,
            "floor_s": floor_s, "floor_cpu": floor_cpu, "import": first, "reimport": again,
            "load": os.getloadavg()[0], "store_mb": size_mb, "profiled": profile,
        }
    finally:
        if keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def report(r: dict, command: str) -> str:
    ok = lambda good: "meets target" if good else "MISSES target"  # noqa: E731
    first, again, fcpu = r["import"], r["reimport"], r["floor_cpu"]
    t = again["totals"]
    lines = [
        "## Import (bench_import.py)",
        "",
        f"Machine: {machine()}; load average {r['load']:.1f} at the end of the run "
        "(the machine is shared: CPU seconds are steadier than wall seconds)",
        "",
        f"`{command}`: national network at scale {r['scale']}: {r['units']:,} units, "
        f"{r['roles']:,} roles, {r['links']:,} links (generated in {r['generate_s']:.1f} s, "
        f"written as a {r['csv_mb']:.0f} MB CSV workbook in {r['export_s']:.1f} s); best "
        f"of {r['rounds']} interleaved rounds by CPU seconds.",
        "",
        "Floor: `csv.reader` over the five files + one `executemany` per table of the raw "
        "cells into the store's tables (links keyed by source, target and kind; indexes "
        "links by target, roles by unit, units by area), one transaction.",
        "",
        "| measure | wall | CPU | CPU / floor | target | peak memory |",
        "|---|---|---|---|---|---|",
        f"| floor | {r['floor_s']:.1f} s | {fcpu:.1f} s | 1× | | |",
        f"| `import_workbook` into an empty SQLite file | {first['seconds']:.1f} s | "
        f"{first['cpu']:.1f} s | {first['cpu'] / fcpu:.2f}× | ≤ {TARGET_RATIO:.0f}× — "
        f"{ok(first['cpu'] / fcpu <= TARGET_RATIO)} | {first['peak_mb']:.0f} MB — "
        f"{ok(first['peak_mb'] <= TARGET_MEMORY_MB)} |",
        f"| `import_workbook` of the nation with 1 % changed into a store holding it "
        f"({t['changed']:,} changed, {t['added']:,} added) | {again['seconds']:.1f} s | "
        f"{again['cpu']:.1f} s | {again['cpu'] / fcpu:.2f}× | ≤ {TARGET_RATIO:.0f}× — "
        f"{ok(again['cpu'] / fcpu <= TARGET_RATIO)} | {again['peak_mb']:.0f} MB — "
        f"{ok(again['peak_mb'] <= TARGET_MEMORY_MB)} |",
        "",
        f"Peak memory target ≤ {TARGET_MEMORY_MB} MB (child `ru_maxrss`); store file "
        f"{r['store_mb']:.0f} MB.",
    ]
    for name, run_ in (("the first import", first), ("the 1 % re-import", again)):
        if run_.get("hot"):
            lines += ["", f"Hot spots of {name} (a separate cProfile'd run; by own time):",
                      "", "| function | calls | own s | cumulative s |", "|---|---|---|---|"]
            lines += [f"| `{h['where']}` | {h['calls']:,} | {h['tottime']:.2f} | "
                      f"{h['cumtime']:.2f} |" for h in run_["hot"]]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="network size relative to national (default 1.0)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="rounds of floor, import and re-import; the best is kept")
    parser.add_argument("--profile", action="store_true", help="also profile each import")
    parser.add_argument("--keep", action="store_true", help="keep the temporary files")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    parser.add_argument("--child", nargs=2, metavar=("FOLDER", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child, profile=args.profile)
        return 0
    result = run(args.scale, max(1, args.rounds), args.profile, args.keep)
    command = " ".join(["benchmarks/bench_import.py"] + (argv if argv is not None
                                                          else sys.argv[1:]))
    text = report(result, command)
    print(text)
    if not args.no_write:
        update_section("import", text)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
