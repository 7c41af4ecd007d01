"""Errors and rough edges users met on the web pages (issue 10 item 11): the network on
a day before the data existed, a long change log, the import commit's answer, and
dates written one way on every page."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from graphmap.model import Level, Network, Unit, UnitType
from graphmap.web import create_app
from tests.web.accounts import add_users, login
from tests.web.conftest import web_network

TODAY = dt.date.today()


def fi_date(day: dt.date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


@pytest.fixture
def old_app(store, store_url):
    """The web network first recorded 30 days ago, then 250 more units today (so the
    change log is longer than one page)."""
    then = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=30)
    store.clock = lambda: then
    store.write(web_network(), actor="loader")
    store.clock = lambda: dt.datetime.now(dt.timezone.utc)
    more = Network()
    for i in range(250):
        more.add(Unit(f"kerho-{i:03}", f"Kerho {i}", "mll", "koivula", type=UnitType.SERVICE,
                      level=Level.UNIVERSAL))
    store.write(more, actor="lisaaja")
    add_users(store)
    return create_app(store_url, config={"TESTING": True})


def test_network_on_a_day_before_the_data_existed_is_empty_with_a_note(old_app):
    client = old_app.test_client()
    day = TODAY - dt.timedelta(days=100)
    page = client.get(f"/areas/koivula?as_of={day}&lang=fi")
    assert page.status_code == 200, page.text[:300]
    text = page.get_data(as_text=True)
    note = re.search(r'id="as-of-empty">([^<]*)<', text)
    assert note and fi_date(day) in note.group(1)
    assert "Kerho 1" not in text and "Perhekahvila" not in text
    graph = client.get(f"/api/areas/koivula/graph?as_of={day}")
    assert graph.status_code == 200
    assert [n for n in graph.get_json()["nodes"] if n["data"].get("kind") == "unit"] == []
    assert graph.get_json()["recorded_later"] is True
    # a day when the data existed has no such note, and an unknown area is still a 404
    assert 'id="as-of-empty"' not in client.get(
        f"/areas/koivula?as_of={TODAY - dt.timedelta(days=10)}").text
    assert client.get(f"/areas/no-such-area?as_of={day}").status_code == 404


def test_history_is_paged_not_cut(old_app):
    client = old_app.test_client()
    first = client.get("/api/history").get_json()
    total = first["total"]
    assert total > 250 and len(first["entries"]) == 200 and first["offset"] == 0
    assert first["prev_offset"] is None and first["next_offset"] == 200
    second = client.get(f"/api/history?offset={first['next_offset']}").get_json()
    assert len(second["entries"]) == total - 200 and second["next_offset"] is None
    assert second["prev_offset"] == 0
    seqs = [e["seq"] for e in first["entries"] + second["entries"]]
    assert len(set(seqs)) == total and seqs == sorted(seqs, reverse=True)
    page = client.get("/history?lang=fi&sheet=units").get_data(as_text=True)
    assert 'rel="next"' in page and "Vanhemmat" in page and f"/ {total - 0}" not in page
    nxt = re.search(r'rel="next" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert "sheet=units" in nxt and "offset=200" in nxt
    older = client.get(nxt).get_data(as_text=True)
    assert 'rel="prev"' in older and "Uudemmat" in older
    assert client.get("/api/history?offset=-5").status_code == 400
    assert "heltal" in client.get("/api/history?limit=0&lang=sv").get_json()["error"]
    assert "tietolaji" in client.get("/api/history?sheet=x&lang=fi").get_json()["error"]
    assert client.get("/api/history?offset=x&lang=sv").get_json()["error"].startswith("offset")


def test_import_commit_does_not_show_the_servers_folder(old_app):
    client = old_app.test_client()
    csrf = login(client, "koivu-ed")
    csv = b"id,name,organisation,area\nkerho-uusi,Uusi kerho,mll,koivula\n"
    r = client.post("/api/import", data={"file": (io.BytesIO(csv), "units.csv")},
                    headers={"X-CSRF-Token": csrf}, content_type="multipart/form-data")
    assert r.status_code == 200, r.get_json()
    assert "/tmp" not in r.get_data(as_text=True)
    done = client.post(r.get_json()["commit_url"], headers={"X-CSRF-Token": csrf})
    assert done.status_code == 200
    body = done.get_data(as_text=True)
    assert done.get_json()["result"]["written"] is True
    assert "/tmp" not in body and str(old_app.root_path) not in body
    assert "pending" not in body.lower()


def test_dates_are_written_the_finnish_way_on_every_page(old_app, store):
    client = old_app.test_client()
    login(client, "admin1")
    verified = dt.date(2024, 5, 1)  # veo-mika of tests.data: checked 1 May 2024
    pages = {"/units/paivakoti?lang=fi": fi_date(verified),
             f"/areas/koivula?as_of={TODAY - dt.timedelta(days=10)}&lang=fi":
                 fi_date(TODAY - dt.timedelta(days=10))}
    for url, shown in pages.items():
        text = client.get(url).get_data(as_text=True)
        assert shown in text, url
    admin = client.get("/admin?lang=fi").get_data(as_text=True)
    # account creation times: Finnish date and time, not a raw ISO timestamp
    assert not re.search(r">\d{4}-\d\d-\d\dT", admin)
    assert re.search(r"\d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d\d", admin)
    unit = client.get("/units/paivakoti?lang=fi").get_data(as_text=True)
    assert verified.isoformat() not in re.sub(r'datetime="[^"]*"', "", unit)


def test_an_areas_link_count_is_the_same_on_its_page_its_map_and_compare(store, store_url):
    """One definition (links in force between two units of the area; links leaving it
    apart), the same number on the area page, its map API and /compare — on the demo
    network, which has an ended link (Sotesi) and links to other areas (Lahti etelä)."""
    from graphmap.demo import demo_network
    store.write(demo_network())
    client = create_app(store_url, config={"TESTING": True}).test_client()
    compare = {r["id"]: r["metrics"]["links"] for r in client.get("/api/compare").get_json()["areas"]}
    assert {"sotesi", "lahti-etela"} <= set(compare)
    leaving = 0
    for area, links in compare.items():
        counts = client.get(f"/api/areas/{area}").get_json()["counts"]
        graph = client.get(f"/api/areas/{area}/graph").get_json()["metrics"]
        assert counts["links"] == graph["links"] == links, area
        assert graph["links_out"] == counts["links_out"]
        leaving += counts["links_out"]
        page = client.get(f"/areas/{area}?lang=fi").get_data(as_text=True)
        assert f"{links} yhteyttä alueen sisällä" in page
        assert f"{counts['links_out']} yhteyttä muille alueille" in page
    assert leaving > 0


def test_import_preview_writes_changed_dates_the_finnish_way(old_app):
    client = old_app.test_client()
    login(client, "admin1")
    page = client.get("/import?lang=fi").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    csv = ("id,title,unit,verified\n"
           "veo-mika,varhaiskasvatuksen erityisopettaja,paivakoti,2026-03-05\n").encode()
    r = client.post("/import?lang=fi", data={"csrf_token": csrf,
                                             "file": (io.BytesIO(csv), "roles.csv")},
                    content_type="multipart/form-data")
    assert r.status_code == 200, r.get_data(as_text=True)[:500]
    text = r.get_data(as_text=True)
    assert "1.5.2024 → 5.3.2026" in text and "2026-03-05" not in text


def test_compare_dates_refusals_in_the_users_language(old_app):
    client = old_app.test_client()
    r = client.get("/api/diff?from=2026-03-05&to=2026-02-01&lang=fi")
    assert r.status_code == 400 and r.get_json()["param"] == "from"
    assert r.get_json()["error"] == "from: alkupäivä 5.3.2026 on loppupäivän 1.2.2026 jälkeen"
    r = client.get("/api/diff?from=2026-01-01&area=ei-ole&lang=sv")
    assert r.status_code == 400 and r.get_json()["param"] == "area"
    assert "fanns inte på kartan 1.1.2026" in r.get_json()["error"]
    page = client.get("/compare-dates?from=2026-03-05&to=2026-02-01&lang=en").get_data(
        as_text=True)
    assert "the start date 5 March 2026 is after the end date 1 February 2026" in page
