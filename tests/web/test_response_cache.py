"""Answers cached per revision (web/response_cache.py) never cross the privacy rule
and never outlive what they show.

The demo network with one role whose holder has not agreed to be shown: a logged-in
user sees her name, an anonymous reader never does — whichever of them asked first
and filled the cache.  A consent withdrawn in one area hides her name in a cached
answer of another area (a unit whose e-mail spells it), and an editor's write shows
at once in the cached profile of the written unit while an untouched area's cached
answer is carried over as it was."""
from __future__ import annotations

import dataclasses

import pytest

from graphmap.demo import demo_network
from graphmap.model import Network
from graphmap.network_view import AreaTree
from graphmap.web import create_app
from tests.web.accounts import add_users, login

NAME = "Oona Testinen"
EMAIL = "oona.testinen@example.invalid"


def _setup():
    """The demo with NAME on a role of one family-centre area and her address on a
    unit of another area that has no link to hers."""
    net = demo_network()
    tree = AreaTree(net.areas)
    role = next(r for r in sorted(net.roles.values(), key=lambda r: r.id)
                if r.person and tree.family_centre_area_of(net.units[r.unit].area))
    home = tree.family_centre_area_of(net.units[role.unit].area)
    linked = {x for l in net.links.values() for x in (l.source, l.target)
              if net.units.get(l.source, net.roles.get(l.source)) is not None}
    other = next(u for u in sorted(net.units.values(), key=lambda u: u.id)
                 if tree.family_centre_area_of(u.area) not in (None, home)
                 and u.id not in linked)
    role.person, role.public = NAME, False
    other.email = EMAIL
    return net, role, other


@pytest.fixture
def demo(store, store_url):
    net, role, other = _setup()
    store.write(net)
    add_users(store)
    app = create_app(store_url, config={"TESTING": True})
    return {"app": app, "store": store, "role": role, "unit": net.units[role.unit],
            "other": other}


def _served(store_url):
    """The app as served: reads never wait for a patch or a recomputation."""
    return create_app(store_url, config={"TESTING": True, "SNAPSHOT_BACKGROUND": True,
                                         "WARM_START": False, "SNAPSHOT_FILE": False})


def _snap(app):
    return app.extensions["graphmap.snapshots"].get()


def _cached_kinds(app) -> set[str]:
    return {k[0] for k in _snap(app).cache if isinstance(k, tuple)}


@pytest.mark.parametrize("logged_in_first", [True, False])
def test_a_cached_answer_never_shows_a_hidden_name_to_an_anonymous_reader(demo,
                                                                          logged_in_first):
    app, unit = demo["app"], demo["unit"]
    area = AreaTree(_snap(app).net.areas).family_centre_area_of(unit.area)
    urls = [f"/api/units/{unit.id}", f"/areas/{area}?roles=1",
            f"/api/search?q={demo['role'].title}"]
    named, anonymous = app.test_client(), app.test_client()
    login(named, "katsoja")

    def seen(client, url) -> str:
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code)
        return r.get_data(as_text=True)

    order = [named, anonymous] if logged_in_first else [anonymous, named]
    for url in urls:
        for client in order * 2:  # the second round is answered from the cache
            text = seen(client, url)
            if client is anonymous:
                assert NAME not in text, url
                assert "katsoja" not in text, url  # nor the logged-in user's own page
    assert NAME in seen(named, urls[0])  # the viewer sees her in the unit's profile
    assert {"unit", "page", "search"} <= _cached_kinds(app)


def test_consent_withdrawn_elsewhere_hides_the_name_in_a_cached_answer(demo):
    app, store, role, other = demo["app"], demo["store"], demo["role"], demo["other"]
    store.write(Network(roles={role.id: dataclasses.replace(role, public=True)}))
    client = app.test_client()
    url = f"/api/units/{other.id}"
    assert client.get(url).get_json()["unit"]["email"] == EMAIL  # she is public: shown
    before = _snap(app)
    store.write(Network(roles={role.id: dataclasses.replace(role, public=False)}))
    after = _snap(app)
    assert after.touched is not None and \
        after.tree.family_centre_area_of(other.area) not in after.touched  # carried over
    assert client.get(url).get_json()["unit"]["email"] is None
    assert after is not before


def test_a_write_shows_in_the_cached_answer_and_leaves_other_areas_cached(demo):
    app, unit = demo["app"], demo["unit"]
    client = app.test_client()
    mine, elsewhere = f"/api/units/{unit.id}", f"/api/units/{demo['other'].id}"
    assert client.get(mine).get_json()["unit"]["name"] == unit.name
    client.get(elsewhere)
    before = _snap(app)
    kept = {k: v for k, v in before.cache.items() if k[0] == "unit" and k[2].split("?")[0] == elsewhere}
    assert kept
    editor = app.test_client()
    csrf = login(editor, "admin1")
    r = editor.patch(mine, json={"name": "Uusi nimi"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 200, r.get_json()
    assert client.get(mine).get_json()["unit"]["name"] == "Uusi nimi"
    after = _snap(app)
    for key, body in kept.items():  # the same bytes, not computed again
        assert after.cache[key] is body
    assert client.get(elsewhere).get_data() == body


def test_a_written_areas_page_answers_from_the_previous_revision_then_the_new(store,
                                                                             store_url):
    """As served: after a write, the written area's page answers at once from the
    previous revision (saying so) while the background refresher renders the new
    one, which is then exactly the page a fresh app renders."""
    net, _, _ = _setup()
    store.write(net)
    app = _served(store_url)
    source = app.extensions["graphmap.snapshots"]
    client = app.test_client()
    area = source.get().tree.family_centre_areas()[0]
    unit = next(u for u in sorted(net.units.values(), key=lambda u: u.id)
                if source.get().tree.family_centre_area_of(u.area) == area)
    url = f"/areas/{area}?lang=sv"
    old = client.get(url).get_data()
    store.write(Network(units={unit.id: dataclasses.replace(unit, name="Nytt namn")}))
    response = client.get(url)
    assert response.headers.get("X-Graphmap-Updating") == "1"
    assert response.get_data() == old
    assert source.refresher.wait(60)
    response = client.get(url)
    assert "X-Graphmap-Updating" not in response.headers
    assert b"Nytt namn" in response.get_data()
    fresh = create_app(store_url, config={"TESTING": True}).test_client().get(url)
    assert response.get_data() == fresh.get_data()


def test_a_withdrawn_consent_is_never_answered_from_the_previous_revision(store, store_url):
    """As served, the previous revision's map answers while the new one is computed —
    except when the write hid a name it shows: then the reader waits for the new."""
    net, role, _ = _setup()
    role.public = True
    store.write(net)
    app = _served(store_url)
    client = app.test_client()
    area = AreaTree(net.areas).family_centre_area_of(net.units[role.unit].area)
    url = f"/api/areas/{area}/graph?roles=1"
    assert NAME in client.get(url).get_data(as_text=True)  # public: on the map
    store.write(Network(roles={role.id: dataclasses.replace(role, public=False)}))
    response = client.get(url)
    assert response.status_code == 200 and NAME not in response.get_data(as_text=True)


def test_the_change_log_shows_another_process_write_while_this_one_catches_up(store,
                                                                              store_url):
    """The change log is cached per revision, but a process still patching its copy
    after another process's write (its answers marked "updating") reads the log from
    the store: the write is listed at once, never an older revision's cached page."""
    net, _, other = _setup()
    store.write(net)
    app = _served(store_url)
    source = app.extensions["graphmap.snapshots"]
    client = app.test_client()
    url = "/api/history?limit=5"
    first = client.get(url).get_json()
    assert client.get(url).get_json() == first  # the same revision: the same page
    store.write(Network(units={other.id: dataclasses.replace(other, name="Toisen prosessin")}),
                actor="toinen-prosessi")
    source._lock.acquire()  # this process's patch is under way in another thread
    try:
        response = client.get(url)
    finally:
        source._lock.release()
    entries = response.get_json()["entries"]
    assert entries[0]["key"] == other.id and entries[0]["actor"] == "toinen-prosessi"
    assert response.get_json()["total"] == first["total"] + 1
