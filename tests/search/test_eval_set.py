"""The who-to-call evaluation set (issue 9 item 6) and its scorer.

Two things are checked here, never the search's score (the engine is being rewritten;
its numbers live in benchmarks/RESULTS.md):

* the set itself: every query is complete, names a real family-centre area, and HAS a
  right answer on the demo network (every accepted id and service keyword is there for
  the worker's area), so a miss is the search's fault, not the set's;
* the scorer's rule (benchmarks/eval_search.py docstring) on hand-made answer lists over
  the real demo network: an urgent worry without the urgent door is unsafe, a wrong
  service first is unsafe, a plain miss is only a miss.
"""
from __future__ import annotations

from collections import Counter

import pytest

from benchmarks import eval_search as ev
from graphmap.model import AreaKind
from graphmap.network_view import AreaTree


@pytest.fixture(scope="module")
def judge(net):
    return ev.Judge(net)


@pytest.fixture(scope="module")
def queries():
    return ev.load_set()


def q(**kw):
    """A hand-made query with the set's defaults."""
    base = {"id": "t", "text": "x", "lang": "fi", "area": "sotesi", "concerns": "child",
            "urgent": False, "reason": "test"}
    return {**base, **kw}


# ------------------------------------------------------------------ the set itself

def test_set_is_large_and_covers_what_workers_ask(queries):
    assert len(queries) >= 220
    langs = Counter(x["lang"] for x in queries)
    assert langs["fi"] > len(queries) / 2 and langs["sv"] >= 20 and langs["en"] >= 20
    urgent = [x for x in queries if x["urgent"]]
    assert len(urgent) >= 50
    assert sum(1 for x in urgent if x.get("psychiatric")) >= 10  # self-harm, suicide talk
    parent = [x for x in queries if x["concerns"] == "parent"]
    assert len(parent) >= 30 and sum(1 for x in parent if x.get("age") is not None) >= 20
    assert sum(1 for x in queries if x.get("from")) >= 8
    areas = Counter(x["area"] for x in queries)
    for area in ("sotesi", "oulu-kaakkuri", "oulu-tuira", "tornio", "jarvenpaa", "lahti-etela",
                 "hartola", "heinola", "hollola", "orimattila", "sysma", "asikkala"):
        assert areas[area] >= 5, area


def test_every_query_is_complete(queries, net):
    seen = set()
    for x in queries:
        assert x["text"].strip() and len(x["text"]) <= 200, x["id"]
        assert x["reason"].strip() and len(x["reason"]) >= 30, x["id"]
        assert x["lang"] in ev.LANGS, x["id"]
        assert x["concerns"] in ev.CONCERNS, x["id"]
        assert isinstance(x["urgent"], bool), x["id"]
        area = net.areas.get(x["area"])
        assert area is not None and area.kind == AreaKind.FAMILY_CENTRE_AREA, x["id"]
        if "age" in x:
            assert isinstance(x["age"], int) and 0 <= x["age"] <= 25, x["id"]
        if "from" in x:
            assert x["from"] in net.units or x["from"] in net.roles, x["id"]
            assert AreaTree(net.areas).family_centre_area_of(net.units[ev.Judge(net).own_unit(x)].area) == \
                x["area"], f"{x['id']}: the worker's unit lies in another area"
        key = (x["text"].casefold(), x["area"], x.get("age"))
        assert key not in seen, f"{x['id']}: the same query twice"
        seen.add(key)


def test_every_accepted_unit_exists_and_is_right(queries, judge, net):
    for x in queries:
        for uid in x.get("accept", ()):
            assert uid in net.units, f"{x['id']}: no unit {uid}"
            assert judge.right(uid, x), f"{x['id']}: {uid} breaks the area or age rule"


def test_every_accepted_service_is_offered_in_the_workers_area(queries, judge, net):
    for x in queries:
        for keyword in x.get("accept_services", ()):
            offered = [u for u in net.units if judge.offers(u, {keyword.casefold()})
                       and judge.reachable(u, x["area"]) and judge.contactable(u)]
            assert offered, f"{x['id']}: no unit for area {x['area']} offers {keyword!r}"


def test_every_query_has_a_right_answer_on_the_demo(queries, judge, net):
    for x in queries:
        right = [u for u in net.units if judge.right(u, x)]
        assert right, f"{x['id']}: no unit of the demo is a right answer"
        if x["urgent"]:
            doors = [u for u in net.units if judge.urgent_door(u, x)]
            assert doors, f"{x['id']}: no urgent door for area {x['area']}"


def test_load_set_names_the_broken_query(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[[query]]\nid = "a-01"\ntext = "vauva ei nuku"\nlang = "fi"\n'
                    'area = "sotesi"\nconcerns = "child"\nurgent = false\n'
                    'accept_services = ["univaikeudet"]\n', encoding="utf-8")
    with pytest.raises(ev.EvalSetError, match=r"query 1 \(a-01\): missing reason"):
        ev.load_set(path)
    path.write_text(path.read_text("utf-8") + 'reason = "r"\nanswer = "x"\n', encoding="utf-8")
    with pytest.raises(ev.EvalSetError, match="unknown key answer"):
        ev.load_set(path)
    assert ev.main(["--set", str(tmp_path / "missing.toml")]) == 2


# ------------------------------------------------------------------ the scorer's rule

def test_urgent_worry_without_the_door_in_the_top_three_is_unsafe(judge):
    worry = q(urgent=True, concerns="family", age=5)
    v = judge.judge(worry, ["sotesi-neuvola-1", "sotesi-perhekahvila", "sotesi-perheohjaus"])
    assert v.unsafe and not v.top1 and not v.top3
    v = judge.judge(worry, [])
    assert v.unsafe and not v.top3


def test_urgent_door_not_first_is_unsafe_even_when_in_the_top_three(judge):
    worry = q(urgent=True, concerns="family", age=5)
    v = judge.judge(worry, ["sotesi-perheohjaus", "sotesi-lastensuojelu"])
    assert v.top3 and not v.top1 and v.unsafe
    v = judge.judge(worry, ["sotesi-lastensuojelu", "sotesi-perheohjaus"])
    assert v.top1 and v.top3 and not v.unsafe


def test_accepted_but_not_the_door_first_is_unsafe_for_an_urgent_worry(judge):
    shelter = q(urgent=True, concerns="family", area="lahti-etela", age=0,
                accept_services=["väkivalta"])
    v = judge.judge(shelter, ["ph-ensikoti", "lahti-etela-lastensuojelu"])
    assert v.top3 and not v.top1 and v.unsafe  # the shelter NGO counts, but not first
    v = judge.judge(shelter, ["ph-sospaivystys", "ph-ensikoti"])
    assert v.top1 and not v.unsafe


def test_support_family_and_consultation_team_are_not_child_protection(judge):
    lasu = q(area="lahti-etela", age=6, accept_services=["lastensuojelu"])
    assert not judge.right("ph-tukiperhe", lasu)
    assert judge.right("lahti-etela-lastensuojelu", lasu)
    teen = q(area="jarvenpaa", age=14, urgent=True)
    assert not judge.urgent_door("jarvenpaa-konsultaatiotiimi", teen)  # advises professionals
    assert judge.urgent_door("jarvenpaa-lastensuojelu", teen)


def test_urgent_door_is_the_workers_own_county_and_an_age_that_fits(judge):
    worry = q(urgent=True, concerns="family", area="lahti-etela", age=4)
    assert judge.urgent_door("ph-sospaivystys", worry)  # county-wide, covers Lahti
    assert judge.urgent_door("lahti-etela-lastensuojelu", worry)
    assert not judge.urgent_door("ph-tukiperhe", worry)  # an NGO activity, not a door
    assert not judge.urgent_door("heinola-lastensuojelu", worry)  # another area
    assert not judge.urgent_door("ph-sospaivystys", {**worry, "area": "sotesi"})  # another county
    adult = q(urgent=True, area="lahti-etela", age=19)  # aftercare age: no longer a child
    assert not judge.urgent_door("lahti-etela-lastensuojelu", adult)
    assert judge.urgent_door("ph-sospaivystys", adult)
    v = judge.judge({**worry, "area": "sotesi"}, ["ph-sospaivystys"])
    assert v.unsafe


def test_psychiatric_emergency_counts_only_for_self_harm(judge, net):
    # a hand-made unit offering "päivystys" would be the door; the demo's check uses keywords
    assert "päivystys" in ev.PSYCH_EMERGENCY
    self_harm = q(urgent=True, age=15, psychiatric=True)
    assert judge.urgent_door("sotesi-lastensuojelu", self_harm)
    assert not judge.urgent_door("sotesi-opiskeluhuolto", self_harm)


def test_plain_miss_is_not_unsafe(judge):
    sleep = q(age=1, accept_services=["univaikeudet", "perheohjaus"])
    v = judge.judge(sleep, ["sotesi-perhekahvila", "sotesi-kotipalvelu", "sotesi-neuvola-1"])
    assert not v.top1 and v.top3 and not v.unsafe
    v = judge.judge(sleep, ["sotesi-perhekahvila", "sotesi-kotipalvelu", "sotesi-seurakunta",
                            "sotesi-neuvola-1"])
    assert not v.top3 and not v.unsafe  # only the top 3 count


@pytest.mark.parametrize("first, why", [
    ("heinola-neuvola-1", "outside area"),           # another area of the same county
    ("ph-mll", "outside area"),                      # another county's unit
    ("sotesi-lastensuojelu", "child protection"),    # a sleep problem sent to level 4
    ("sotesi-paihde-mt", "does not serve"),          # an adult service for a baby's worry
    ("sotesi-tiimi", "forum"),
    ("no-such-unit", "not a unit"),
])
def test_wrong_service_first_is_unsafe(judge, first, why):
    sleep = q(age=1, accept_services=["univaikeudet", "perheohjaus"])
    v = judge.judge(sleep, [first, "sotesi-perheohjaus"])
    assert v.unsafe and v.top3 and not v.top1
    assert why in " ".join(v.why)


def test_parent_worry_answered_by_a_school_service_is_unsafe(judge):
    mother = q(concerns="parent", age=8, accept=["sotesi-paihde-mt"],
               accept_services=["perheohjaus"], wrong_services=["koulupsykologi"])
    assert judge.judge(mother, ["sotesi-paihde-mt"]).top1
    assert judge.judge(mother, ["sotesi-perheohjaus"]).top1  # the age does not filter it out
    v = judge.judge(mother, ["sotesi-opiskeluhuolto", "sotesi-paihde-mt"])
    assert v.unsafe and "does not serve" in " ".join(v.why)
    explicit = q(concerns="family", accept_services=["perheohjaus"],
                 wrong_services=["perhekerho"])
    v = judge.judge(explicit, ["sotesi-seurakunta"])
    assert v.unsafe and "perhekerho" in " ".join(v.why)


def test_childs_age_filters_child_services_never_the_parents(judge):
    child = q(age=4, accept_services=["kuraattori", "perheneuvola"])
    assert not judge.right("sotesi-opiskeluhuolto", child)  # school social worker: 7–18
    assert judge.right("sotesi-perheneuvola", child)
    parent = q(concerns="parent", age=4, accept_services=["päihdepalvelut"])
    assert judge.right("sotesi-paihde-mt", parent)  # 18–99, the worry is the parent's
    assert not judge.right("sotesi-paihde-mt", {**parent, "concerns": "child"})
    family = q(area="lahti-etela", concerns="parent", age=7,
               accept_services=["vauvaperhetyö", "päihdepalvelut"])
    assert not judge.right("ph-ensikoti", family)  # a baby-family service, the child is 7
    assert judge.right("ph-ensikoti", {**family, "age": 1})
    assert judge.right("lahti-etela-paihde-mt", family)


def test_own_unit_merged_units_and_notification_rule(judge):
    mine = q(age=4, accept_services=["varhaiskasvatuksen erityisopetus", "perheneuvola"],
             **{"from": "sotesi-veo-r1"})
    assert not judge.right("sotesi-veo", mine)
    assert judge.right("sotesi-perheneuvola", mine)
    tornio = q(area="tornio", concerns="family", accept_services=["perhetyö"])
    assert judge.right("tornio-lapsiperhetyo", tornio)
    assert not judge.right("tornio-ls-perhetyo", tornio)  # merged in 2017, no way to reach it
    lasu = q(area="lahti-etela", age=6, accept_services=["lastensuojelu"])
    assert judge.right("ph-sospaivystys", lasu)  # takes notifications too (SHL 29 a §)
    assert not judge.right("ph-sospaivystys", {**lasu, "accept_services": ["perheohjaus"]})


def test_answer_ids_reads_both_return_shapes():
    a, b = {"unit": "u1", "score": 1.0}, {"unit": "u2"}
    assert ev.answer_ids([a, b]) == ["u1", "u2"]
    assert ev.answer_ids([]) == []
    assert ev.answer_ids({"results": [b, a], "front_door": {"unit": "fd"}}) == ["u2", "u1"]
    assert ev.answer_ids({"results": [], "front_door": {"unit": "fd"}}) == ["fd"]
    assert ev.answer_ids({"results": [], "front_door": None}) == []


def test_evaluate_counts_top1_top3_unsafe_and_the_verdict(judge):
    sleep = q(id="sleep", age=1, accept_services=["univaikeudet"])
    violence = q(id="violence", urgent=True, concerns="family", age=5)
    answers = {"sleep": [{"unit": "sotesi-perhekahvila"}, {"unit": "sotesi-neuvola-1"}],
               "violence": {"results": [], "front_door": {"unit": "sotesi-perheohjaus"}}}
    r = ev.evaluate([sleep, violence], lambda x: answers[x["id"]], judge)
    assert (r["queries"], r["top1"], r["top3"], r["unsafe"]) == (2, 0.0, 0.5, 1)
    assert not r["passed"]
    assert {f["id"] for f in r["failures"]} == {"sleep", "violence"}
    answers = {"sleep": [{"unit": "sotesi-neuvola-1"}],
               "violence": {"results": [{"unit": "sotesi-lastensuojelu"}]}}
    r = ev.evaluate([sleep, violence], lambda x: answers[x["id"]], judge)
    assert (r["top1"], r["top3"], r["unsafe"], r["passed"], r["failures"]) == \
        (1.0, 1.0, 0, True, [])


def test_a_search_that_raises_is_a_failed_query_not_a_lost_run(judge):
    def ask(x):
        raise ValueError("boom")

    r = ev.evaluate([q(id="v", urgent=True, concerns="family")], ask, judge)
    assert r["unsafe"] == 1 and "ValueError: boom" in r["failures"][0]["why"][0]
