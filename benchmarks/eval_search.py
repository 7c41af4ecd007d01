"""The who-to-call evaluation set (issue 9 item 6): how often "who do I call" is right.

What: runs every query of ``benchmarks/data/who_to_call_eval.toml`` through
``build_index(build_graph(demo_network())).who_to_call(...)`` with the query's area,
age, from-unit and language, and reports

* **top-1** — the share of queries whose first answer is right;
* **top-3** — the share whose first three answers hold a right one (target ≥ 95 %);
* **unsafe** — the number of queries answered unsafely (target 0), see below;

with every failing query listed.  ``--format json`` prints the same as JSON;
``--write`` also records the numbers in benchmarks/RESULTS.md.  Unlike the speed
benchmarks, the exit status is the verdict: non-zero when unsafe > 0 or top-3 < 95 %
(and 2 when the set itself cannot be read).

Why: the set is written from the users' side — what a nurse, a daycare special-needs
teacher or a school social worker types — so it judges the search as they would.
The demo network gains units while the search is being rewritten (a social-emergency
unit per county, front doors per area), so a right answer is a *rule* over the demo's
units, not a frozen list of ids.

The rule (one place: :class:`Judge`).  A unit is **reachable** from the worker's
family-centre area when it lies in that area (or a district or municipality under it) or
is a county-wide unit whose area encloses it.  A unit is **right** for a query when it is
reachable, can be contacted (a phone or e-mail on the unit or one of its roles, or a
walk-in, web or chat channel — a merged or abandoned unit is no door), is not the
worker's own unit and not a forum, serves the person the worry is about, and either its
id is in ``accept`` or one of its ``services`` keywords is in ``accept_services`` (exact
keyword, case-insensitive).  "Serves the person": for the child's worry
(``concerns = "child"``) the unit fits the child's age if one is given and is not an adult
service (ages from 18 up); for the parent's own worry (``concerns = "parent"``) the unit
serves adults or families from birth (no age limits, ages reaching 30 or more, or
starting at 0) — a school or youth service alone does not answer a mother's depression.
For the parent's or the whole family's worry the child's age filters only services for
children and their families (upper age under 18: a baby-family service does not serve a
family whose child is 7), never adult or all-age services (DOMAIN.md §10).  Where ``lastensuojelu`` is accepted, ``sosiaalipäivystys`` is too (the social
emergency service receives child-protection notifications, SHL 29 a §).  For an urgent
query the urgent door is right as well.

The keyword ``lastensuojelu`` counts only for child protection itself: a unit at the
special or child-protection level that is not a consultation team (``konsultaatio``) —
an NGO's support-family activity that mentions child protection, or a team that
advises professionals, takes no notification.

The **urgent door** for the worker's area is a reachable, contactable unit (fitting the
child's age if one is given) that offers ``sosiaalipäivystys`` or ``lastensuojelu`` (as
above) and, for queries marked ``psychiatric = true`` (self-harm, talk of suicide), also
a health or psychiatric emergency service (``päivystys``, ``psykiatrinen päivystys``,
``mielenterveyspäivystys``, ``kriisipäivystys``).  For an urgent query the first answer
counts as right (top-1) only when it is the urgent door; the other accepted services
(e.g. the shelter NGO for violence, youth psychiatry for self-harm) count from place 2.

An answer is **unsafe** when

1. the query is urgent and no urgent door is among the first three answers, or
2. the first answer is **wrong**: not right for the query and at least one of
   a. the query is urgent and the first answer is not the urgent door (an urgent worry
      shows the urgent door first, DOMAIN.md §10);
   b. the first answer is not reachable from the worker's area (another area's or
      another county's service: the family cannot use it);
   c. the unit does not serve the person the worry is about (above): the child's age or
      an adult service for a child, a school or youth service for a parent's own worry;
   d. the query is not urgent and the first answer is child protection (level
      ``protection``) that the query does not accept — a routine worry sent straight to
      child protection skips the lowest sufficient level (DOMAIN.md §3);
   e. the first answer offers a service listed in the query's ``wrong_services`` (what a
      professional would call the wrong door for this worry, e.g. a parish family club
      for violence at home);
   f. the first answer is a forum or an id the demo does not hold.

A query the search answers with nothing (no results and no front door), or for which it
raises, counts as a miss, and as unsafe when it is urgent.  The engine's return may be today's list of
answer dicts or the dict of docs/search.md ("The answer") (``results``; when that is empty,
the ``front_door`` is the one answer).

    .venv/bin/python benchmarks/eval_search.py                 # text report
    .venv/bin/python benchmarks/eval_search.py --format json
    .venv/bin/python benchmarks/eval_search.py --write         # also update RESULTS.md
"""
from __future__ import annotations

import argparse
import json
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run as a script from anywhere

from graphmap.model import Level, Network, UnitType  # noqa: E402
from graphmap.network_view import AreaTree  # noqa: E402

EVAL_SET = HERE / "data" / "who_to_call_eval.toml"
TARGET_TOP3 = 0.95
TARGET_UNSAFE = 0
LANGS = ("fi", "sv", "en")
CONCERNS = ("child", "parent", "family")
#: Keywords that make a unit the social urgent door (``lastensuojelu`` only at these levels).
SOCIAL_EMERGENCY = {"sosiaalipäivystys"}
CHILD_PROTECTION = {"lastensuojelu"}
DOOR_LEVELS = {Level.SPECIAL.value, Level.PROTECTION.value}
CONSULTATION = "konsultaatio"
#: Health / psychiatric emergency keywords: the urgent door too for self-harm and suicide talk.
PSYCH_EMERGENCY = {"päivystys", "psykiatrinen päivystys", "mielenterveyspäivystys",
                   "kriisipäivystys"}
QUERY_KEYS = {"id", "text", "lang", "area", "age", "from", "concerns", "urgent", "psychiatric",
              "accept", "accept_services", "wrong_services", "reason"}
REQUIRED_KEYS = {"id", "text", "lang", "area", "concerns", "urgent", "reason"}


class EvalSetError(ValueError):
    """The evaluation set cannot be read or breaks its own format."""


def load_set(path: Path = EVAL_SET) -> list[dict]:
    """The queries of the set, in file order; :class:`EvalSetError` for a bad file."""
    try:
        data = tomllib.loads(Path(path).read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise EvalSetError(f"{path}: {exc}") from None
    queries = data.get("query")
    if not isinstance(queries, list) or not queries:
        raise EvalSetError(f"{path}: no [[query]] entries")
    seen = set()
    for n, q in enumerate(queries, 1):
        where = f"{path}: query {n} ({q.get('id', '?')})"
        missing = REQUIRED_KEYS - q.keys()
        if missing:
            raise EvalSetError(f"{where}: missing {', '.join(sorted(missing))}")
        unknown = q.keys() - QUERY_KEYS
        if unknown:
            raise EvalSetError(f"{where}: unknown key {', '.join(sorted(unknown))}")
        if q["id"] in seen:
            raise EvalSetError(f"{where}: id used twice")
        seen.add(q["id"])
        if not (q.get("accept") or q.get("accept_services") or q["urgent"]):
            raise EvalSetError(f"{where}: no right answer (accept / accept_services)")
    return queries


@dataclass
class Verdict:
    """How one query was answered."""
    id: str
    top1: bool
    top3: bool
    unsafe: bool
    answers: list[str] = field(default_factory=list)
    why: list[str] = field(default_factory=list)


class Judge:
    """The right-answer rule of the module docstring, over one network."""

    def __init__(self, net: Network):
        self.net = net
        self.fc = {uid: AreaTree(net.areas).family_centre_area_of(u.area) for uid, u in net.units.items()}
        self.services = {uid: {s.strip().casefold() for s in u.services}
                         for uid, u in net.units.items()}
        self.roles: dict[str, int] = {}
        for r in net.roles.values():
            self.roles[r.unit] = self.roles.get(r.unit, 0) + 1

    # -- facts about units ---------------------------------------------------------
    def _ancestors(self, area_id: str) -> list[str]:
        chain, current = [], area_id
        while current and current in self.net.areas and current not in chain:
            chain.append(current)
            current = self.net.areas[current].parent
        return chain

    def reachable(self, uid: str, area: str) -> bool:
        """In the worker's family-centre area, or a county-wide unit enclosing it."""
        unit = self.net.units.get(uid)
        if unit is None:
            return False
        return self.fc[uid] == area or unit.area in self._ancestors(area)

    def age_fits(self, uid: str, age: int | None) -> bool:
        ages = self.net.units[uid].ages
        return age is None or not ages or ages[0] <= age <= ages[1]

    def serves(self, uid: str, q: dict) -> bool:
        """The unit serves whom the worry is about (module docstring)."""
        ages = self.net.units[uid].ages
        if q["concerns"] == "child":
            return self.age_fits(uid, q.get("age")) and not (ages and ages[0] >= 18)
        if ages and ages[1] < 18 and not self.age_fits(uid, q.get("age")):
            return False  # a service for families with children of other ages
        if q["concerns"] == "parent":
            return not ages or ages[1] >= 30 or ages[0] == 0
        return True

    def contactable(self, uid: str) -> bool:
        unit = self.net.units[uid]
        if unit.phone or unit.email or self.roles.get(uid):
            return True
        return any(str(c) in ("walk_in", "web", "chat") for c in unit.channels)

    def own_unit(self, q: dict) -> str | None:
        src = q.get("from")
        if src is None:
            return None
        return src if src in self.net.units else getattr(self.net.roles.get(src), "unit", None)

    def offers(self, uid: str, keywords: set[str]) -> bool:
        """The unit offers one of ``keywords`` (``lastensuojelu``: child protection itself)."""
        found = self.services[uid] & keywords
        if found & CHILD_PROTECTION and not (
                str(self.net.units[uid].level) in DOOR_LEVELS
                and CONSULTATION not in self.services[uid]):
            found -= CHILD_PROTECTION
        return bool(found)

    def urgent_door(self, uid: str, q: dict) -> bool:
        unit = self.net.units.get(uid)
        if (unit is None or not self.reachable(uid, q["area"]) or not self.contactable(uid)
                or not self.age_fits(uid, q.get("age"))):
            return False
        doors = SOCIAL_EMERGENCY | CHILD_PROTECTION
        if q.get("psychiatric"):
            doors = doors | PSYCH_EMERGENCY
        return self.offers(uid, doors)

    def right(self, uid: str, q: dict) -> bool:
        unit = self.net.units.get(uid)
        if unit is None or unit.type == UnitType.FORUM or uid == self.own_unit(q):
            return False
        if not self.reachable(uid, q["area"]) or not self.contactable(uid):
            return False
        if q["urgent"] and self.urgent_door(uid, q):
            return True
        if not self.serves(uid, q):
            return False
        accept = set(q.get("accept", ()))
        wanted = {s.casefold() for s in q.get("accept_services", ())}
        if wanted & CHILD_PROTECTION:
            wanted |= SOCIAL_EMERGENCY
        return uid in accept or self.offers(uid, wanted)

    def right_first(self, uid: str, q: dict) -> bool:
        """Right in first place: for an urgent worry only the urgent door."""
        return self.urgent_door(uid, q) if q["urgent"] else self.right(uid, q)

    def wrong_first(self, uid: str, q: dict) -> str | None:
        """Why a first answer is wrong (module docstring, rule 2), or None."""
        if self.right_first(uid, q):
            return None
        unit = self.net.units.get(uid)
        if unit is None:
            return f"{uid} is not a unit of the demo"
        if unit.type == UnitType.FORUM:
            return f"{uid} is a forum, not a door"
        if q["urgent"]:
            return f"urgent worry, but {uid} is not the urgent door"
        if not self.reachable(uid, q["area"]):
            return f"{uid} lies outside area {q['area']} ({self.fc[uid]})"
        if not self.serves(uid, q):
            return f"{uid} (ages {unit.ages}) does not serve the {q['concerns']} this is about"
        if str(unit.level) == Level.PROTECTION.value:
            return f"{uid} is child protection for a non-urgent worry"
        bad = self.services[uid] & {s.casefold() for s in q.get("wrong_services", ())}
        if bad:
            return f"{uid} offers {', '.join(sorted(bad))}, the wrong door here"
        return None

    # -- one query -----------------------------------------------------------------
    def judge(self, q: dict, answers: list[str]) -> Verdict:
        top3 = answers[:3]
        v = Verdict(q["id"], bool(answers) and self.right_first(answers[0], q),
                    any(self.right(a, q) for a in top3), False, list(top3))
        if not answers:
            v.why.append("no answer at all")
        elif not v.top1:
            v.why.append(f"first answer {answers[0]} is not right")
        if not v.top3 and answers:
            v.why.append("no right answer in the top 3")
        if q["urgent"] and not any(self.urgent_door(a, q) for a in top3):
            v.unsafe = True
            v.why.append("UNSAFE: urgent worry without the urgent door in the top 3")
        wrong = self.wrong_first(answers[0], q) if answers else None
        if wrong:
            v.unsafe = True
            v.why.append(f"UNSAFE: wrong service first: {wrong}")
        return v


def answer_ids(result) -> list[str]:
    """Unit ids in answer order, from today's list or the contract's dict."""
    if isinstance(result, dict):
        items = list(result.get("results") or [])
        if not items and result.get("front_door"):
            items = [result["front_door"]]
    else:
        items = list(result or [])
    return [a["unit"] for a in items if isinstance(a, dict) and a.get("unit")]


def evaluate(queries: list[dict], ask, judge: Judge) -> dict:
    """Score ``queries``; ``ask(q)`` returns the engine's answer to one query."""
    verdicts = []
    for q in queries:
        try:
            answers, error = answer_ids(ask(q)), None
        except Exception as exc:  # noqa: BLE001 — a crash is a failed query, not a lost run
            answers, error = [], f"the search raised {type(exc).__name__}: {exc}"
        v = judge.judge(q, answers)
        if error:
            v.why.insert(0, error)
        verdicts.append(v)
    n = len(verdicts)
    by_id = {q["id"]: q for q in queries}
    report = {
        "queries": n,
        "top1": sum(v.top1 for v in verdicts) / n if n else 0.0,
        "top3": sum(v.top3 for v in verdicts) / n if n else 0.0,
        "unsafe": sum(v.unsafe for v in verdicts),
        "urgent_queries": sum(1 for q in queries if q["urgent"]),
        "failures": [{"id": v.id, "text": by_id[v.id]["text"], "area": by_id[v.id]["area"],
                      "age": by_id[v.id].get("age"), "urgent": by_id[v.id]["urgent"],
                      "top1": v.top1, "top3": v.top3, "unsafe": v.unsafe,
                      "answers": v.answers, "why": v.why}
                     for v in verdicts if not (v.top1 and v.top3) or v.unsafe],
    }
    report["groups"] = {name: _group([v for v, q in zip(verdicts, queries) if keep(q)])
                        for name, keep in GROUPS}
    report["passed"] = report["unsafe"] <= TARGET_UNSAFE and report["top3"] >= TARGET_TOP3
    return report


#: Slices of the set reported separately (name, which queries).
GROUPS = [
    ("urgent", lambda q: q["urgent"]),
    ("not urgent", lambda q: not q["urgent"]),
    ("about the parent", lambda q: q["concerns"] == "parent"),
    ("with the child's age", lambda q: q.get("age") is not None),
    ("from the worker's unit", lambda q: bool(q.get("from"))),
    *((f"lang {lg}", lambda q, lg=lg: q["lang"] == lg) for lg in LANGS),
]


def _group(vs: list[Verdict]) -> dict:
    n = len(vs)
    return {"queries": n, "top1": sum(v.top1 for v in vs) / n if n else 0.0,
            "top3": sum(v.top3 for v in vs) / n if n else 0.0,
            "unsafe": sum(v.unsafe for v in vs)}


def engine(lemmatiser: str | None = None):
    """(ask, judge, lemmatiser name) over the demo network and the current search."""
    from graphmap.demo import DEMO_TODAY, demo_network
    from graphmap.graph import build_graph
    from graphmap.search import build_index

    net = demo_network()
    index = build_index(build_graph(net), lemmatiser=lemmatiser)

    def ask(q):
        return index.who_to_call(q["text"], area=q["area"], age=q.get("age"),
                                 from_unit=q.get("from"), lang=q["lang"], today=DEMO_TODAY)

    return ask, Judge(net), type(index.lemmatiser).__name__


def text_report(r: dict) -> str:
    lines = [f"who-to-call evaluation set: {r['queries']} queries ({r['urgent_queries']} urgent)",
             f"top-1 {r['top1']:.1%}   top-3 {r['top3']:.1%} (target ≥ {TARGET_TOP3:.0%})   "
             f"unsafe {r['unsafe']} (target {TARGET_UNSAFE})   "
             f"{'PASS' if r['passed'] else 'FAIL'}", ""]
    for f in r["failures"]:
        age = f", age {f['age']}" if f["age"] is not None else ""
        lines.append(f"- {f['id']}: {f['text']!r} ({f['area']}{age})"
                     f"{' URGENT' if f['urgent'] else ''} → {', '.join(f['answers']) or '—'}")
        lines.extend(f"    {w}" for w in f["why"])
    return "\n".join(lines)


def _commit() -> str:
    """The last commit that changed graphmap/, so a number says which engine it measured."""
    import subprocess
    try:
        out = subprocess.run(["git", "-C", str(HERE.parent), "log", "-1", "--format=%h", "--",
                              "graphmap"],
                             capture_output=True, text=True, timeout=10, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def results_section(r: dict, lemmatiser: str, path: Path = EVAL_SET) -> str:
    from benchmarks._results import machine
    main = Path(path).resolve() == EVAL_SET.resolve()
    rel = f"benchmarks/data/{Path(path).name}"
    return (
        ("## Who-to-call evaluation set (eval_search.py)\n\n" if main else
         f"## Who-to-call held-out set {Path(path).stem} (eval_search.py)\n\n")
        + f"Machine: {machine()}; lemmatiser {lemmatiser}; engine (graphmap/) as of commit {_commit()}.\n"
        + ("Command: `.venv/bin/python benchmarks/eval_search.py --write` " if main else
           f"Command: `.venv/bin/python benchmarks/eval_search.py --set {rel} --write` ")
        + f"(set: {rel}; rule: eval_search.py docstring).\n\n"
        "| measure | value | target |\n|---|---|---|\n"
        f"| queries (urgent) | {r['queries']} ({r['urgent_queries']}) | {'≥ 200' if main else ''} |\n"
        f"| top-1 | {r['top1']:.1%} | |\n"
        f"| top-3 | {r['top3']:.1%} | ≥ {TARGET_TOP3:.0%} — "
        f"{'meets' if r['top3'] >= TARGET_TOP3 else 'MISSES'} target |\n"
        f"| unsafe answers | {r['unsafe']} | {TARGET_UNSAFE} — "
        f"{'meets' if r['unsafe'] <= TARGET_UNSAFE else 'MISSES'} target |\n"
        f"| queries failing top-1 or top-3, or unsafe | {len(r['failures'])} | |\n\n"
        "| slice | queries | top-1 | top-3 | unsafe |\n|---|---|---|---|---|\n"
        + "".join(f"| {name} | {g['queries']} | {g['top1']:.1%} | {g['top3']:.1%} | "
                  f"{g['unsafe']} |\n" for name, g in r["groups"].items())
        + "\nThe failing queries are listed by the command itself (`--format json` for a "
        "machine-readable list).\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--format", choices=("text", "json"), default="text")
    ap.add_argument("--set", type=Path, default=EVAL_SET, help="evaluation set (TOML)")
    ap.add_argument("--lemmatiser", choices=("voikko", "simplemma"), default=None)
    ap.add_argument("--write", action="store_true", help="record the numbers in RESULTS.md")
    args = ap.parse_args(argv)
    try:
        queries = load_set(args.set)
    except EvalSetError as exc:
        print(f"eval_search: {exc}", file=sys.stderr)
        return 2
    ask, judge, lem = engine(args.lemmatiser)
    report = evaluate(queries, ask, judge)
    report["lemmatiser"] = lem
    print(json.dumps(report, ensure_ascii=False, indent=1) if args.format == "json"
          else text_report(report))
    if args.write:
        from benchmarks._results import update_section
        main = args.set.resolve() == EVAL_SET.resolve()
        update_section("eval_search" if main else f"eval_search:{args.set.stem}",
                       results_section(report, lem, args.set))
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
