"""The nation on Neo4j (issue 11 item 6): import, snapshot read, analysis and web cold
start on a live Neo4j, each against a reference measured in the same run.

One run: generate the national network (benchmarks/national.py) → write it as a
workbook CSV folder → on the Neo4j server (``--store bolt://…``, else one started with
scripts/neo4j.sh for the run):

* **floor**: the same rows, already encoded, as bare batched ``UNWIND $rows CREATE``
  (``cypher/floor.cypher``, :func:`graphmap.store.neo4j.floor_plan`) in one
  transaction under the same uniqueness constraints – before and after the import,
  the faster counts (the server's caches and JIT warm up during the run);
* **import**: ``import_workbook(folder, store)`` into the wiped store – parsing,
  checking, planning, MERGE upserts and one history entry per record, one transaction;
* **snapshot read** (``store.read()``), **web cold start** (``create_app`` and the
  first ``/api/areas``, which builds the snapshot) and the **analysis** of the biggest
  family-centre area, each also on a SQLite file holding the same network.

Target: import ≤ 2× the floor (wall).  Wall seconds include the server's work (it
runs on the same machine); CPU seconds are this client's only.

    .venv/bin/python benchmarks/bench_neo4j.py                      # national scale
    .venv/bin/python benchmarks/bench_neo4j.py --store bolt://127.0.0.1:7687
    .venv/bin/python benchmarks/bench_neo4j.py --scale 0.1 --no-write
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script from anywhere

from benchmarks._results import machine, update_section  # noqa: E402
from benchmarks.national import national_network  # noqa: E402

TARGET_RATIO = 2.0


def _timed(fn):
    t, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return time.perf_counter() - t, time.process_time() - cpu, value


def _web(url: str, area: str | None) -> dict:
    """Cold start of the app on ``url``: create_app + the first /api/areas (which reads
    the store and builds the snapshot), then the analysis of ``area`` (or the biggest)."""
    from graphmap.web import create_app
    t = time.perf_counter()
    app = create_app(url, config={"TESTING": True, "SECRET_KEY": "bench-" * 8})
    status = app.test_client().get("/api/areas").status_code
    cold = time.perf_counter() - t
    if status != 200:
        raise SystemExit(f"/api/areas answered {status} on {url}")
    snap = app.extensions["graphmap.snapshots"].get()
    if area is None:
        area = max(snap.tree.family_centre_areas(), key=lambda a: len(snap.units_in(a)))
    runs = []
    for _ in range(2):  # best of two: the analysis itself, not the collector's mood
        snap._analysis.clear()
        t = time.perf_counter()
        snap.analysis(area, "fi")
        runs.append(time.perf_counter() - t)
    return {"cold_s": cold, "analysis_s": min(runs), "area": area,
            "units_in_area": len(snap.units_in(area))}


def _admin_import(net, work: Path) -> dict:
    """The ``neo4j-csv`` export loaded by Neo4j's own ``neo4j-admin database import
    full`` (scripts/neo4j-admin.sh, from the same Maven artifacts) into a new DBMS
    folder, which a second server then opens: graphmap's counts there."""
    import subprocess

    from graphmap.importers.formats import export_any
    from graphmap.store import open_store
    from tests.neo4j_server import LocalNeo4j

    out = work / "neo4j-csv"
    export_any(net, out, "neo4j-csv")
    nodes = [f"--nodes={out / f'{label}.csv'}" for label in ("Area", "Organisation", "Unit",
                                                              "Role")]
    rels = [f"--relationships={p}" for p in sorted(out.glob("*.csv"))
            if p.stem.isupper() and sum(1 for _ in p.open(encoding="utf-8")) > 1]
    home = work / "admin-home"
    t = time.perf_counter()
    done = subprocess.run(["bash", str(HERE.parent / "scripts" / "neo4j-admin.sh"), str(home),
                           "database", "import", "full", "neo4j", *nodes, *rels],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if done.returncode != 0:
        return {"error": (done.stdout + done.stderr)[-1500:]}
    server = LocalNeo4j(home)
    try:
        with open_store(server.wait_url()) as loaded:
            counts = loaded.counts()
    finally:
        server.stop()
    return {"seconds": seconds, "counts": counts, "same": counts == net.counts()}


def run(scale: float, url: str | None) -> dict:
    from graphmap.importers.export import export_workbook
    from graphmap.importers.workbook import import_workbook
    from graphmap.store import open_store
    from graphmap.store.neo4j import floor_plan

    work = Path(tempfile.mkdtemp(prefix="graphmap-bench-neo4j-"))
    server = None
    try:
        if url is None:
            from tests.neo4j_server import LocalNeo4j

            # The national import is one transaction (all or nothing): ~2 GB of
            # transaction state is more than the default 1 GB heap allows.
            os.environ.setdefault("NEO4J_JAVA_OPTS", "-Xmx8g")
            server = LocalNeo4j()
            url = server.wait_url()
        net = national_network(scale)
        folder = export_workbook(net, work / "workbook")
        store = open_store(url)
        version = store._driver.get_server_info().agent
        plan = floor_plan(net)  # encoding is not part of the floor

        # Warm-up, untimed: the server plans and compiles each statement once.
        small = national_network(min(scale, 0.01))
        small_folder = export_workbook(small, work / "small")
        store.wipe()
        store.run_plan(floor_plan(small))
        store.wipe()
        import_workbook(small_folder, store)
        _web(url, None)  # and this process imports the web app and analysis modules

        floors = []
        wipe_s = _timed(store.wipe)[0]
        floors.append(_timed(lambda: store.run_plan(plan))[:2])
        store.wipe()
        import_s, import_cpu, result = _timed(lambda: import_workbook(folder, store))
        if store.counts() != net.counts():
            raise SystemExit(f"Neo4j holds {store.counts()}, the workbook {net.counts()}")
        read_s, read_cpu, read_back = _timed(store.read)
        if read_back != net:
            raise SystemExit("the network read back from Neo4j differs from the workbook's")
        web = _web(url, None)

        sqlite_url = f"sqlite:///{work}/national.db"
        with open_store(sqlite_url) as lite:
            lite.write(net)
            sqlite_read_s = _timed(lite.read)[0]
        sqlite_web = _web(sqlite_url, web["area"])

        admin = _admin_import(net, work)
        wipe_full_s = _timed(store.wipe)[0]
        floors.append(_timed(lambda: store.run_plan(plan))[:2])
        store.wipe()
        store.close()
        floor_s, floor_cpu = min(floors)
        counts = net.counts()
        return {"scale": scale, "version": version, "units": counts["nodes"]["unit"],
                "roles": counts["nodes"]["role"], "links": sum(counts["links"].values()),
                "import_s": import_s, "import_cpu": import_cpu, "floor_s": floor_s,
                "floors": [f[0] for f in floors], "floor_cpu": floor_cpu,
                "ratio": import_s / floor_s, "read_s": read_s, "read_cpu": read_cpu,
                "sqlite_read_s": sqlite_read_s, "web": web, "sqlite_web": sqlite_web,
                "wipe_s": wipe_full_s, "wipe_empty_s": wipe_s, "admin": admin,
                "load": os.getloadavg()[0], "written": result.written}
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


def report(r: dict) -> str:
    ok = "meets target" if r["ratio"] <= TARGET_RATIO else "MISSES target"
    w, lw = r["web"], r["sqlite_web"]
    return "\n".join([
        "## The nation on Neo4j (bench_neo4j.py, issue 11 item 6)",
        "",
        f"Machine: {machine()}; load average {r['load']:.1f} at the end of the run (the "
        f"machine is shared).  Server: {r['version']} (scripts/neo4j.sh: the embedded "
        f"DBMS with Bolt on 127.0.0.1, `{os.environ.get('NEO4J_JAVA_OPTS', '-Xmx1g')}`, 256 MB "
        "page cache) on the same machine, "
        "so wall seconds include the server's work; CPU seconds are the client's.",
        "",
        f"National network at scale {r['scale']}: {r['units']:,} units, {r['roles']:,} roles, "
        f"{r['links']:,} links.",
        "",
        "| measure | Neo4j | reference | ratio / target |",
        "|---|---|---|---|",
        f"| import_workbook into the wiped store (wall; client CPU) | {r['import_s']:.1f} s; "
        f"{r['import_cpu']:.1f} s | floor: batched `UNWIND … CREATE` of the encoded rows, one "
        f"transaction, same constraints: {r['floor_s']:.1f} s (runs: "
        f"{', '.join(f'{s:.1f}' for s in r['floors'])} s) | {r['ratio']:.1f}× — "
        f"≤ {TARGET_RATIO:.0f}× {ok} |",
        f"| snapshot read, `store.read()` | {r['read_s']:.1f} s | SQLite file, same "
        f"network: {r['sqlite_read_s']:.1f} s | {r['read_s'] / r['sqlite_read_s']:.1f}× |",
        f"| web cold start: `create_app` + first `/api/areas` | {w['cold_s']:.1f} s | "
        f"SQLite: {lw['cold_s']:.1f} s | {w['cold_s'] / lw['cold_s']:.1f}× |",
        f"| analysis of the biggest area ({w['units_in_area']} units) | "
        f"{w['analysis_s'] * 1000:.0f} ms | SQLite: {lw['analysis_s'] * 1000:.0f} ms | "
        f"{w['analysis_s'] / lw['analysis_s']:.1f}× (best of 2; the same in-memory graph) |",
        f"| `Neo4jStore.wipe()` of the imported nation (history included) | "
        f"{r['wipe_s']:.1f} s | | |",
        _admin_line(r["admin"]),
        "",
        "The import does more than the floor by design: it parses and validates the whole "
        "network, plans against what the store holds (new records are created, changed "
        "ones merged, so a re-import writes only what changed) and writes one `:Change` "
        "history node per record, all in one transaction so a failed import leaves the "
        "store as it was.",
    ]) + "\n"


def _admin_line(a: dict) -> str:
    if "error" in a:
        return f"| `neo4j-csv` export → `neo4j-admin database import full` | failed: " \
               f"`{a['error'][-300:]!r}` | | |"
    return (f"| `neo4j-csv` export → `neo4j-admin database import full` (scripts/"
            f"neo4j-admin.sh) → opened by a second server | {a['seconds']:.1f} s | "
            f"graphmap's counts there {'equal' if a['same'] else 'DIFFER from'} the "
            f"network's | {'same counts' if a['same'] else a['counts']} |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--store", help="a Neo4j URL whose graphmap data may be deleted "
                                        "(default: start scripts/neo4j.sh for the run)")
    parser.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    args = parser.parse_args(argv)
    text = report(run(args.scale, args.store))
    print(text)
    if not args.no_write:
        update_section("neo4j", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
