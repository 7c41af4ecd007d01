"""A web write on Neo4j costs what it changes (issue 13): one record written while
another process writes too, at growing network sizes, against a floor measured in
the same run.

For each network (the demo, then the national generator at ``--scales``), wiped into
the Neo4j store (``--store bolt://…``, else one started with scripts/neo4j.sh):

* two connections stand for two web processes: "this" one holds the network it read
  (as a web process holds its snapshot), the "other" one writes a record before each
  of this one's writes, so every write of this one finds its network stale — the
  case that used to read the whole network inside the write transaction;
* this one writes one record of each of the web's single-record kinds (add a unit,
  change a unit, add a link, stamp a contact checked) with ``current=`` its network,
  then patches that network from ``changes_since`` (as the web's snapshot does);
* **floor**: a write transaction that does nothing but take the store's write lock
  (``lock_meta``) and bump the revision — what any write costs at least;
* **whole read**: ``store.read()``, what a stale write used to add.

Target: a single-record write stays within tens of milliseconds at every size (its
ratio to the floor does not grow with the network).

    .venv/bin/python benchmarks/bench_neo4j_write.py --store bolt://127.0.0.1:7687
    .venv/bin/python benchmarks/bench_neo4j_write.py --scales 0.05 --rounds 5 --no-write
"""
from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script from anywhere

from benchmarks._results import machine, update_section  # noqa: E402
from benchmarks.national import national_network  # noqa: E402

KINDS = ("add a unit", "change a unit", "add a link", "stamp a contact checked")


def _ms(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return f"{statistics.median(ordered) * 1000:.0f} / {p90 * 1000:.0f}"


def _one(record):
    from graphmap.model import Network
    net = Network()
    net.add(record)
    return net


def measure(url: str, name: str, net, rounds: int) -> dict:
    """The timings for one network (see the module docstring)."""
    from graphmap.model import Link, LinkKind
    from graphmap.store import open_store

    this, other = open_store(url), open_store(url)
    try:
        this.wipe()
        t = time.perf_counter()
        this.write(net, actor="bench-setup")
        load = time.perf_counter() - t
        held = this.read()  # the first read warms the server's caches up
        t = time.perf_counter()
        held = this.read()
        whole = time.perf_counter() - t
        units = sorted(held.units)
        area, org = held.units[units[0]].area, held.units[units[0]].organisation
        role = held.roles[sorted(held.roles)[0]]
        theirs = held.units[units[-1]]
        floor, writes = [], {k: [] for k in KINDS}
        today = dt.date.today()
        for i in range(rounds + 1):  # the first round warms the server's query plans up
            new_id = f"bench-write-{i}"
            records = {
                "add a unit": dataclasses.replace(held.units[units[0]], id=new_id,
                                                  name=f"Mittausyksikkö {i}", area=area,
                                                  organisation=org),
                "change a unit": dataclasses.replace(held.units[units[1]], capacity=i + 1),
                "add a link": Link(units[2], new_id, LinkKind.WORKS_WITH, volume=i + 1),
                "stamp a contact checked": dataclasses.replace(
                    role, verified=today - dt.timedelta(days=i)),
            }
            for kind in KINDS:
                other.write(_one(dataclasses.replace(theirs, capacity=1000 + i)),
                            actor="bench-other")  # this one's network is now stale
                t = time.perf_counter()
                this.write(_one(records[kind]), actor="bench-this", current=held)
                took = time.perf_counter() - t
                held = this.changes_since(held._graphmap_stamp[1]).applied_to(held)
                t2 = time.perf_counter()
                this.run_plan([("history", "lock_meta", {}), ("write", "bump_revision", {})])
                took2 = time.perf_counter() - t2
                held = this.changes_since(held._graphmap_stamp[1]).applied_to(held)
                if i:
                    writes[kind].append(took)
                    floor.append(took2)
        assert held == this.read(), "the patched network must be the stored one"
        nodes = sum(len(getattr(net, s)) for s in ("areas", "organisations", "units", "roles"))
        return {"name": name, "nodes": nodes, "links": len(net.links), "load": load,
                "whole": whole, "floor": floor, "writes": writes}
    finally:
        this.close()
        other.close()


def report(rows: list[dict], rounds: int, version: str, started: str) -> str:
    lines = [
        "## A single-record write on Neo4j (bench_neo4j_write.py, issue 13)",
        "",
        f"Machine: {started}; load average {os.getloadavg()[0]:.1f} at the end of the run "
        f"(the machine is shared). Server: {version} (scripts/neo4j.sh, 1 GB heap) on the "
        "same machine. Command: `.venv/bin/python benchmarks/bench_neo4j_write.py "
        "--store bolt://…`.",
        "",
        "Each write is one record through `store.write(…, current=network)`, made stale "
        "by a write of another connection just before (two web processes); its network is "
        f"then patched from `changes_since`. Median / p90 of {rounds} rounds, ms. Floor: a "
        "write transaction that only takes the write lock and bumps the revision.",
        "",
        "| network | nodes / links | " + " | ".join(KINDS) + " | floor | write ÷ floor "
        "(median) | whole read (what a stale write used to add) |",
        "|---|---|" + "---|" * (len(KINDS) + 3),
    ]
    for r in rows:
        med = statistics.median([x for k in KINDS for x in r["writes"][k]])
        floor = statistics.median(r["floor"])
        lines.append(f"| {r['name']} | {r['nodes']:,} / {r['links']:,} | "
                     + " | ".join(_ms(r["writes"][k]) for k in KINDS)
                     + f" | {_ms(r['floor'])} | {med / floor:.1f}× | {r['whole'] * 1000:,.0f} ms |")
    lines += ["", "A write reads, inside its transaction, only the records other writers "
              "changed since its network was read, and checks only the records it writes and "
              "their neighbours (graphmap/store/write_check.py), so its cost does not follow "
              "the network's size as a whole read does; before, a stale write read the whole "
              "network in the transaction (the last column) while every other writer waited."]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", help="a Neo4j URL whose graphmap data may be deleted "
                                    "(default: start scripts/neo4j.sh for the run)")
    ap.add_argument("--scales", default="0.05,0.2",
                    help="national generator scales after the demo network")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--no-write", action="store_true", help="print, do not touch RESULTS.md")
    args = ap.parse_args(argv)
    from graphmap.demo import demo_network
    from graphmap.store import open_store

    server, url = None, args.store
    if url is None:
        from tests.neo4j_server import LocalNeo4j
        server = LocalNeo4j()
        url = server.wait_url()
    try:
        started = machine()
        with open_store(url) as store:
            version = store._driver.get_server_info().agent
        nets = [("demo", demo_network())]
        nets += [(f"national × {s}", national_network(float(s)))
                 for s in args.scales.split(",") if s.strip()]
        rows = []
        for name, net in nets:
            rows.append(measure(url, name, net, args.rounds))
            print(f"{name}: done", file=sys.stderr)
        text = report(rows, args.rounds, version, started)
    finally:
        if server is not None:
            server.stop()
    print(text)
    if not args.no_write:
        update_section("neo4j-write", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
