"""Soak test (issue 5 item 5): 50 readers and 20 writers against the live web app.

One run: the demo network (graphmap.demo) in a fresh SQLite store (WAL, busy timeout)
→ ``create_app`` as deployed (background snapshot rebuilds, Secure cookies off
because this is plain http on loopback) served as ``graphmap serve`` serves it
(granian, in its own process) on 127.0.0.1 → for ``--seconds`` (default 60):

* each **reader** (own session) loops over the map's graph API, an area page, unit
  profiles, who-do-I-call search, the area list and the history API;
* each **writer** logs in as an editor (own session, own CSRF token) and adds units to
  its family-centre area, changes their capacity, adds links between them and
  stamps a contact as checked — every write acknowledged with 200/201 is remembered.

At the end the writers' acknowledged writes are checked twice: in the store (a fresh
connection) and through the API once the snapshot has caught up.  An **error** is an
exception, a timeout or an unexpected status; a **lost write** is an acknowledged
write whose effect is missing or different.  Target: zero of both.  Everything is
bounded: requests time out after 30 s and threads are joined with a deadline.

    .venv/bin/python benchmarks/soak.py                 # 60 s, writes RESULTS.md section
    .venv/bin/python benchmarks/soak.py --seconds 10 --no-write
    .venv/bin/python benchmarks/soak.py --processes 2  # `graphmap serve --processes 2`
    .venv/bin/python benchmarks/soak.py --store bolt://127.0.0.1:7687 --servers 2
                                        # the same on Neo4j, two servers (issue 11)
    .venv/bin/python benchmarks/soak.py --scale 1.0 --copy-of /tmp/nat.db
                                        # national scale (issue 13): the generated nation
    .venv/bin/python benchmarks/soak.py --think 1   # at a user's pace: readers pause
                                        # 1 s on average between requests, writers 10 s

Without ``--think`` clients run closed loops with no pause: a stress whose latencies are
bounded by throughput (Little's law), far above what 70 people do.  With it the same
70 sessions act at a brisk user's pace (own RESULTS.md sections, ``…-paced``).

National mode (``--scale S``): the network of ``benchmarks/national.py`` at scale ``S``
(a copy of ``--copy-of``, an SQLite store already holding it, or written afresh) instead
of the demo; the 20 writers are editors of 20 different family-centre areas spread over
the country, readers read areas and units drawn from the whole nation; the app builds
its first snapshot (and search index) before the clock starts.  Its own RESULTS.md
section (``bench:soak-national``).
"""
from __future__ import annotations

import argparse
import http.cookiejar
import json
import random
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script from anywhere

from benchmarks._procs import cpu_seconds, free_port, wait_listening  # noqa: E402
from graphmap.cli.web import THREADS  # noqa: E402
from benchmarks._results import machine, update_section  # noqa: E402

PASSWORD = "soak-salasana-1"
NOTE = ("Writers do not pause between writes (a stress far above hand editing). Web writes "
        "run one at a time per process, so with 20 writers a write waits for the others (the "
        "write p50). Writes are checked against the writers' own network, changed in place "
        "(web/working.py); the readers' snapshot is patched at once after a write when it was "
        "patched longer than 0.25 s ago (longer where a patch costs more: at most 0.75 s), "
        "else once for all of that interval's writes "
        "(issue 13): only the written areas' views (map JSON, analysis, the area page) are "
        "recomputed, in one background thread that rests under a backlog, while reads of "
        "those areas get the "
        "previous revision's (marked updating) and never wait; repeated reads of a revision "
        "are answered from encoded bytes kept per revision and privacy audience "
        "(web/response_cache.py). Clients run closed loops with no pause, so latency is "
        "bounded by throughput (Little's law: mean latency = clients / requests per second); "
        "the CPU line says which side spends it (the web process holds one interpreter lock, "
        "so it can use at most one core).")
PACED_NOTE = ("Each reader pauses {think:g} s and each writer {write_think:g} s on average "
              "between requests (exponential, seeded): 50 people reading and 20 editing at "
              "once at a brisk pace, still many times more writes than a county's editors "
              "make by hand. A write is patched into the app's snapshot before it answers "
              "(under a stream of writes, once every 0.25–0.75 s for all of them); the "
              "views of the areas it touched that were read lately are recomputed at once in "
              "the background, and read meanwhile from the previous revision marked updating "
              "(issue 13). The stress without pauses is section bench:soak.")
TIMEOUT = 30


class Client:
    """One browser-like session: cookies kept, CSRF token sent with writes."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = None
        #: whether the last answer came (in part) from an earlier revision
        self.updating = False

    def call(self, method: str, path: str, body=None,
             timeout: float = TIMEOUT) -> tuple[int, bytes]:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if self.csrf and method != "GET":
            req.add_header("X-CSRF-Token", self.csrf)
        try:
            with self.opener.open(req, timeout=timeout) as resp:
                self.updating = resp.headers.get("X-Graphmap-Updating") == "1"
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            self.updating = exc.headers.get("X-Graphmap-Updating") == "1"
            return exc.code, exc.read()

    def login(self, username: str) -> None:
        status, raw = self.call("GET", "/api/session")
        if status != 200:
            raise RuntimeError(f"session: {status} {raw[:200]!r}")
        self.csrf = json.loads(raw)["csrf_token"]
        status, raw = self.call("POST", "/api/login", {"username": username,
                                                       "password": PASSWORD})
        if status != 200:
            raise RuntimeError(f"login {username}: {status} {raw[:200]!r}")
        self.csrf = json.loads(raw)["csrf_token"]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.updating = 0  # reads answered from an earlier revision, marked so
        self.errors: list[str] = []
        self.latency: dict[str, list[float]] = {"read": [], "write": []}
        #: read latencies by what was read (the path without ids and query): which
        #: reads make the p95
        self.by_path: dict[str, list[float]] = {}
        #: of those, how many were answered (in part) from an earlier revision
        self.updating_by_path: dict[str, int] = {}

    def add(self, kind: str, ms: float, error: str | None = None,
            updating: bool = False, path: str | None = None) -> None:
        with self.lock:
            self.requests += 1
            self.updating += updating
            self.latency[kind].append(ms)
            if kind == "read" and path is not None:
                shape = _shape(path)
                self.by_path.setdefault(shape, []).append(ms)
                self.updating_by_path[shape] = self.updating_by_path.get(shape, 0) + updating
            if error:
                self.errors.append(error)


def _shape(path: str) -> str:
    """``/api/units/x?y=1`` → ``/api/units/…``: what kind of read a path is."""
    parts = path.split("?")[0].split("/")
    known = {"", "api", "areas", "units", "search", "history", "graph"}
    return "/".join(p if p in known else "…" for p in parts)


def timed(tally, kind, client, method, path, body=None, ok=(200,)):
    start = time.perf_counter()
    try:
        status, raw = client.call(method, path, body)
    except Exception as exc:  # timeouts, resets: errors, not crashes of the soak
        tally.add(kind, (time.perf_counter() - start) * 1000, f"{method} {path}: {exc!r}")
        return None, None
    ms = (time.perf_counter() - start) * 1000
    error = None if status in ok else f"{method} {path}: {status} {raw[:160]!r}"
    tally.add(kind, ms, error, updating=kind == "read" and client.updating, path=path)
    return status, raw


def pause(stop, rng, think: float) -> None:
    """A user's pause between two requests: ``think`` seconds on average
    (exponential, as arrivals of people who act independently); none for 0."""
    if think > 0:
        stop.wait(rng.expovariate(1 / think))


def reader(base, stop, tally, net, seed, fcs, think=0.0):
    rng = random.Random(seed)
    client = Client(base)
    units = list(net.units)
    words = ["neuvola", "perheneuvola", "univaikeudet", "kotipalvelu", "erotilanne"]
    while not stop.is_set():
        choice = rng.randrange(6)
        if choice == 0:
            path = f"/api/areas/{rng.choice(fcs)}/graph?roles={rng.randrange(2)}"
        elif choice == 1:
            path = f"/areas/{rng.choice(fcs)}"
        elif choice == 2:
            path = f"/api/units/{rng.choice(units)}"
        elif choice == 3:
            path = f"/api/search?q={rng.choice(words)}"
        elif choice == 4:
            path = "/api/areas"
        else:
            path = "/api/history?limit=20"
        timed(tally, "read", client, "GET", path)
        pause(stop, rng, think)


def writer(client, stop, tally, number, area, org, acked, think=0.0):
    rng = random.Random(number)
    mine: dict[str, int | None] = {}
    links: set[tuple[str, str]] = set()
    n = 0
    last_key = _last_key = None
    while not stop.is_set():
        pause(stop, rng, think)
        op = rng.randrange(4) if len(mine) >= 2 else 0
        if op == 0:
            n += 1
            uid = f"soak-w{number:02d}-{n}"
            body = {"id": uid, "name": f"Kuormitustesti {number}/{n}", "organisation": org,
                    "area": area, "services": ["kuormitus"]}
            status, _ = timed(tally, "write", client, "POST", "/api/units", body, ok=(201,))
            if status == 201:
                mine[uid] = None
                _last_key = uid
        elif op == 1:
            uid = rng.choice(list(mine))
            cap = rng.randrange(1, 10_000)
            status, _ = timed(tally, "write", client, "PATCH", f"/api/units/{uid}",
                              {"capacity": cap})
            if status == 200:
                mine[uid] = cap
                _last_key = uid
        elif op == 2:
            a, b = rng.sample(sorted(mine), 2)
            if (a, b) in links:
                continue
            status, _ = timed(tally, "write", client, "POST", "/api/links",
                              {"source": a, "target": b, "kind": "works_with"}, ok=(201,))
            if status == 201:
                links.add((a, b))
                _last_key = f"{a}>{b}:works_with"
        else:  # read your own writes: the history (straight from the store) has the last
            status, raw = timed(tally, "read", client, "GET",
                                f"/api/history?actor=soak-w{number:02d}&limit=1")
            if status == 200 and last_key is not None:
                entries = json.loads(raw)["entries"]
                if not entries or entries[0]["key"] != last_key:
                    tally.add("read", 0.0, f"writer {number}: history does not show its "
                                           f"last write {last_key}")
            continue
        last_key = _last_key
    acked[number] = (mine, links)


def check(net, acked) -> list[str]:
    """Acknowledged writes that are missing or different in ``net``."""
    lost = []
    for number, (units, links) in acked.items():
        for uid, cap in units.items():
            unit = net.units.get(uid)
            if unit is None:
                lost.append(f"writer {number}: unit {uid} missing")
            elif cap is not None and unit.capacity != cap:
                lost.append(f"writer {number}: unit {uid} capacity {unit.capacity} != {cap}")
        for a, b in links:
            if (a, b, "works_with") not in net.links:
                lost.append(f"writer {number}: link {a}>{b} missing")
    return lost


def check_api(base, acked, revision: int) -> list[str]:
    """The same through the API, once the app's snapshot shows ``revision`` (the
    store's last; ``/api/areas`` reports the snapshot's revision).  Behind one port with
    several worker processes each answer may come from another process: one still
    catching up answers from its previous revision marked ``X-Graphmap-Updating`` and
    is asked again."""
    deadline = time.time() + 180

    def get(path: str) -> tuple[int, bytes]:
        while True:
            try:
                with urllib.request.urlopen(base + path, timeout=TIMEOUT) as resp:
                    status, updating, raw = resp.status, resp.headers.get(
                        "X-Graphmap-Updating"), resp.read()
            except urllib.error.HTTPError as exc:
                status, updating, raw = exc.code, exc.headers.get(
                    "X-Graphmap-Updating"), exc.read()
            if not updating or time.time() > deadline:
                return status, raw
            time.sleep(0.2)

    while time.time() < deadline:
        status, raw = get("/api/areas")
        if status == 200 and json.loads(raw)["revision"] >= revision:
            break
        time.sleep(0.5)
    else:
        return [f"API: the snapshot did not reach revision {revision} within 180 s"]
    lost = []
    for number, (units, _) in acked.items():
        for uid, cap in units.items():
            status, raw = get(f"/api/units/{uid}")
            if status != 200:
                lost.append(f"API: writer {number}: unit {uid} answers {status}")
            elif cap is not None and json.loads(raw)["unit"]["capacity"] != cap:
                lost.append(f"API: writer {number}: unit {uid} capacity differs")
    return lost


SERVER = """
import sys
from graphmap.cli.web import run_app
from graphmap.web import create_app
url, key, server, port, threads, workers = sys.argv[1:7]
config = {"SECURE_COOKIES": False, "SECRET_KEY": key, "LOGIN_MAX_FAILURES": 1000}
if server == "werkzeug":
    import logging
    from werkzeug.serving import make_server
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    make_server("127.0.0.1", int(port), create_app(url, config=config),
                threaded=True).serve_forever()
else:  # as `graphmap serve` runs it
    run_app(lambda: create_app(url, config=config), "127.0.0.1", int(port),
            processes=int(workers), threads=int(threads))
"""


def start_server(url: str, server: str = "granian", threads: int = THREADS,
                 workers: int = 1):
    """The app in its own process (its own interpreter lock, as deployed; with
    ``workers`` > 1 that many, as ``graphmap serve --processes``), on a free loopback
    port; returns (process, base url)."""
    import secrets
    import subprocess
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", SERVER, url, secrets.token_hex(16), server,
                             str(port), str(threads), str(workers)],
                            stdout=subprocess.DEVNULL, cwd=str(HERE.parent))
    try:
        wait_listening(port, proc)
    except RuntimeError:
        proc.kill()
        raise
    return proc, f"http://127.0.0.1:{port}"


def warm_up(proc, base: str, fcs: list[str]) -> None:
    """Before the clock starts: the app's first snapshot, its search index and area
    counts are built (the first requests wait for them, however long a national
    build takes on a loaded machine), the maps and pages of ``fcs`` are drawn once
    (a server that has been running a while), and whatever the app
    does once after its start in the background (keeping its snapshot on disk) is
    finished — waited for as the server process's CPU falling quiet."""
    client = Client(base)
    paths = ["/api/areas", "/api/search?q=neuvola"]
    for area in fcs:
        paths += [f"/api/areas/{area}/graph?roles=0", f"/api/areas/{area}/graph?roles=1",
                  f"/areas/{area}"]
    for path in paths:
        status, raw = client.call("GET", path, timeout=600)
        if status != 200:
            raise RuntimeError(f"warm-up {path}: {status} {raw[:200]!r}")
    deadline = time.time() + 300
    while time.time() < deadline and _cpu_seconds(proc.pid, 2.0) > 0.2:
        pass


def _cpu_seconds(pid: int, over: float) -> float:
    """CPU seconds process ``pid`` used per second over the next ``over`` seconds."""
    before = cpu_seconds(pid)
    time.sleep(over)
    return (cpu_seconds(pid) - before) / over


def server_text(server: str, threads: int, workers: int) -> str:
    if server == "granian":
        return (f"granian, {workers} worker process{'es' * (workers > 1)} of {threads} "
                f"threads, as `graphmap serve --processes {workers} --threads {threads}` "
                "runs it")
    return "werkzeug's threaded development server"


def _per(cpu: float, requests: int) -> str:
    return f"{cpu * 1000 / requests:.1f}" if requests else "nan"


def pct(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _national_store(url: str, scale: float, copy_of: str | None):
    """The store at ``url`` holding the national network at ``scale``: a copy of the
    SQLite file ``copy_of`` (never changed itself), or the network written afresh."""
    import shutil

    from benchmarks.national import national_network
    from graphmap.store import open_store
    if copy_of:
        if not url.startswith("sqlite:///"):
            raise SystemExit("--copy-of needs an SQLite store")
        shutil.copyfile(copy_of, url[len("sqlite:///"):])
        store = open_store(url)
        return store, store.read()
    net = national_network(scale)
    store = open_store(url)
    if hasattr(store, "wipe"):
        store.wipe()
    store.write(net, actor="soak-setup")
    return store, net


def _spread(items: list, n: int) -> list:
    """``n`` items spread evenly over ``items`` (repeating when there are fewer)."""
    if len(items) >= n:
        return [items[i * len(items) // n] for i in range(n)]
    return [items[i % len(items)] for i in range(n)]


def soak(url: str | None = None, *, seconds: float = 60.0, readers: int = 50,
         writers: int = 20, processes: int = 1, servers: int = 1,
         server: str = "granian", threads: int = THREADS, scale: float | None = None,
         copy_of: str | None = None, think: float = 0.0,
         write_think: float | None = None) -> dict:
    """One soak run; returns ``{"report", "errors", "lost"}``.

    ``url``: the store (default: a new SQLite file); a Neo4j store is wiped first.
    ``processes``: worker processes of each server on its one port (as ``graphmap serve
    --processes``); ``servers``: separate servers on the same store (several ``graphmap
    serve`` behind a proxy), clients dealt to them in turn, so with 2 a writer's unit is
    read back through the other server too.  ``think``: each reader pauses this many
    seconds on average between its requests (people at a user's pace); 0, the
    default, is the stress of closed loops with no pause.  ``write_think``: the same
    for each writer (default ten times ``think``: saving a form is slower work than
    following a link)."""
    if write_think is None:
        write_think = 10 * think
    from werkzeug.security import generate_password_hash

    from graphmap.demo import demo_network
    from graphmap.model import AreaKind, User, UserRole
    from graphmap.store import open_store

    if url is None:
        folder = Path(tempfile.mkdtemp(prefix="graphmap-soak-"))
        url = f"sqlite:///{folder}/soak.db"
    engine = "SQLite (WAL)" if url.startswith("sqlite") else "Neo4j"
    if scale is None:
        net = demo_network()
        store = open_store(url)
        if hasattr(store, "wipe"):
            store.wipe()
        store.write(net, actor="soak-setup")
    else:
        store, net = _national_store(url, scale, copy_of)
    fcs = sorted(a.id for a in net.areas.values() if a.kind == AreaKind.FAMILY_CENTRE_AREA)
    pw = generate_password_hash(PASSWORD)
    plan = []
    for i, area in enumerate(_spread(fcs, writers)):
        # a unit of the area or of a municipality in it lends the writer its organisation
        inside = [u for u in net.units.values()
                  if u.area == area or net.areas[u.area].parent == area]
        org = inside[0].organisation if inside else next(iter(net.organisations))
        store.put_user(User(f"soak-w{i:02d}", pw, UserRole.EDITOR, [area]))
        plan.append((i, area, org))
    start_revision = store.revision()
    store.close()

    running = [start_server(url, server, threads, processes) for _ in range(servers)]
    bases = [base for _, base in running]
    # the areas readers read: all of the demo's; at national scale a seeded random
    # spread of the nation's plus the writers' own (each drawn once before the clock)
    read_areas = fcs if scale is None else sorted(
        set(random.Random(13).sample(fcs, min(len(fcs), 40))) | {a for _, a, _ in plan})
    for (proc, base) in running:  # the first snapshot and its search index, built once
        warm_up(proc, base, read_areas if scale is not None else fcs[:1])
    failed_login: list[str] = []
    logged_in = {}
    for i, _, _ in plan:  # logging in (a deliberately slow password hash) is not a write
        client = Client(bases[i % servers])
        try:
            client.login(f"soak-w{i:02d}")
        except Exception as exc:
            failed_login.append(repr(exc))
        else:
            logged_in[i] = client

    stop, tally = threading.Event(), Tally()
    acked: dict[int, tuple] = {}
    clients = [threading.Thread(target=reader, args=(bases[i % servers], stop, tally, net, i,
                                                     read_areas, think), daemon=True)
               for i in range(readers)]
    clients += [threading.Thread(target=writer, args=(logged_in[i], stop, tally, i, area,
                                                      org, acked, write_think),
                                daemon=True)
                for i, area, org in plan if i in logged_in]
    cpu_before = sum(cpu_seconds(proc.pid) for proc, _ in running)
    began = time.time()
    client_before = time.process_time()
    print("soak: clock started", file=sys.stderr, flush=True)  # e.g. for a profiler
    for t in clients:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in clients:
        t.join(timeout=TIMEOUT + 5)
    elapsed = time.time() - began
    cpu = sum(cpu_seconds(proc.pid) for proc, _ in running) - cpu_before
    client_cpu = time.process_time() - client_before
    hung = sum(t.is_alive() for t in clients)

    final = open_store(url)
    lost = check(final.read(), acked)
    last_revision = final.revision()
    writes_in_store = last_revision - start_revision
    final.close()
    try:
        for base in bases:  # every process serves every writer's acknowledged writes
            lost += check_api(base, acked, last_revision)
    finally:
        for proc, _ in running:
            proc.terminate()
            proc.wait(timeout=30)

    errors = tally.errors + failed_login + [f"{hung} thread(s) still running"] * bool(hung)
    n_units = sum(len(u) for u, _ in acked.values())
    n_links = sum(len(l) for _, l in acked.values())
    reads, writes = tally.latency["read"], tally.latency["write"]
    where = "the app in its own server" if servers == 1 else \
        f"the app in {servers} servers on the same store, clients dealt to them in turn"
    command = f"benchmarks/soak.py --seconds {seconds:g} --server {server}" + \
        (" --store bolt://…" if engine == "Neo4j" else "") + \
        (f" --processes {processes}" if processes > 1 else "") + \
        (f" --servers {servers}" if servers > 1 else "") + \
        (f" --scale {scale:g}" if scale is not None else "") + \
        (f" --copy-of {copy_of}" if copy_of else "") + \
        (f" --think {think:g}" if think else "") + \
        (f" --write-think {write_think:g}" if write_think != 10 * think else "")
    counts = net.counts()
    what = "demo network" if scale is None else \
        (f"national network at scale {scale:g} ({counts['nodes'].get('unit', 0):,} units, "
         f"{counts['nodes'].get('role', 0):,} roles, {sum(counts['links'].values()):,} "
         f"links; writers in {len(set(a for _, a, _ in plan))} family-centre areas, "
         f"readers in {len(read_areas)} (a seeded spread of the nation and the writers'), "
         f"each area's map and page drawn once and writers logged in before the clock)")
    lines = [
        f"## Soak: {readers} readers, {writers} writers on the live app, {engine}" +
        (", national scale" if scale is not None else "") +
        (f", at a user's pace ({think:g} s between reads, {write_think:g} s between "
         "writes)" if think or write_think else ""),
        "",
        f"{machine()}; load average {_loadavg()}; `{command}`: {what} "
        f"({sum(counts['nodes'].values())} nodes) in {engine}; {where} "
        f"({server_text(server, threads, processes)} on 127.0.0.1; snapshots patched after the writes, "
        f"full rebuilds in the background); "
        f"clients in this process, one session each.",
        "",
        "| | value |",
        "|---|---|",
        f"| readers / writers | {readers} / {writers} |",
        f"| duration | {elapsed:.1f} s |",
        f"| requests | {tally.requests} ({tally.requests / elapsed:.0f}/s) |",
        f"| server CPU during the run | {cpu:.0f} s ({cpu / elapsed:.2f} cores; "
        f"{tally.requests / cpu if cpu else float('nan'):.0f} requests per CPU second) |",
        f"| CPU per request: server / clients | {_per(cpu, tally.requests)} / "
        f"{_per(client_cpu, tally.requests)} ms |",
        f"| reads: p50 / p95 / max | {pct(reads, .5):.0f} / {pct(reads, .95):.0f} / "
        f"{max(reads, default=float('nan')):.0f} ms |",
        f"| reads answered from an earlier revision (marked updating) | {tally.updating} "
        f"({100 * tally.updating / max(len(reads), 1):.0f} %) |",
        f"| writes: count, p50 / p95 / max | {len(writes)}, {pct(writes, .5):.0f} / "
        f"{pct(writes, .95):.0f} / {max(writes, default=float('nan')):.0f} ms |",
        f"| acknowledged: units added, links added | {n_units}, {n_links} |",
        f"| store revisions during the run | {writes_in_store} |",
        f"| **errors** (target 0) | **{len(errors)}** |",
        f"| **lost writes** (target 0) | **{len(lost)}** |",
        "",
        "| read | count | p50 / p95 ms | marked updating |",
        "|---|---|---|---|",
        *(f"| `{shape}` | {len(ms)} | {pct(ms, .5):.0f} / {pct(ms, .95):.0f} | "
          f"{100 * tally.updating_by_path.get(shape, 0) / len(ms):.0f} % |"
          for shape, ms in sorted(tally.by_path.items())),
        "",
        PACED_NOTE.format(think=think, write_think=write_think)
        if think or write_think else NOTE,
    ]
    if errors or lost:
        lines += ["", "First problems:", ""] + [f"- `{p[:200]}`" for p in (errors + lost)[:10]]
    return {"report": "\n".join(lines), "errors": errors, "lost": lost}


def _loadavg() -> str:
    try:
        return " / ".join(f"{x:.1f}" for x in __import__("os").getloadavg())
    except OSError:
        return "?"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--readers", type=int, default=50)
    ap.add_argument("--writers", type=int, default=20)
    ap.add_argument("--store", help="store URL (default: a new SQLite file); a Neo4j "
                                    "store's graphmap data is wiped first")
    ap.add_argument("--processes", type=int, default=1,
                    help="worker processes of each server (`graphmap serve --processes`)")
    ap.add_argument("--servers", type=int, default=1, help="separate servers on the store, "
                                                          "clients dealt to them in turn")
    ap.add_argument("--server", choices=["granian", "werkzeug"], default="granian",
                    help="granian as `graphmap serve` runs it, or werkzeug's threaded "
                         "development server (as before issue 13)")
    ap.add_argument("--threads", type=int, default=THREADS,
                    help="threads per worker process (default: graphmap serve's)")
    ap.add_argument("--scale", type=float, help="national mode: the network of "
                                                "benchmarks/national.py at this scale")
    ap.add_argument("--copy-of", help="national mode: copy this SQLite store (already "
                                      "holding the nation at --scale) instead of writing it")
    ap.add_argument("--think", type=float, default=0.0,
                    help="seconds each reader pauses on average between requests "
                         "(default 0: closed loops with no pause, the stress)")
    ap.add_argument("--write-think", type=float,
                    help="seconds each writer pauses on average (default: 10 × --think)")
    ap.add_argument("--no-write", action="store_true", help="do not update RESULTS.md")
    args = ap.parse_args(argv)
    if args.copy_of and args.scale is None:
        ap.error("--copy-of needs --scale")
    result = soak(args.store, seconds=args.seconds, readers=args.readers,
                  writers=args.writers, processes=args.processes, servers=args.servers,
                  server=args.server,
                  threads=args.threads, scale=args.scale, copy_of=args.copy_of,
                  think=args.think, write_think=args.write_think)
    print(result["report"])
    if not args.no_write:
        neo4j = args.store and not args.store.startswith("sqlite")
        name = "soak-neo4j" if neo4j else "soak"
        name += "-national" if args.scale is not None else ""
        if not neo4j and (args.processes > 1 or args.servers > 1):
            name += "-processes"  # the one-process runs keep their own sections
        name += "-paced" if args.think or args.write_think else ""
        update_section(name, result["report"])
    return 0  # a miss is reported, not an exit status (benchmarks/README.md)


if __name__ == "__main__":
    raise SystemExit(main())
