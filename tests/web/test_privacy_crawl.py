"""No hidden name reaches anyone not allowed, by any path (issue 10 item 6).

The demo network, with one psychiatric nurse whose name was public and who then
withdrew consent, whose e-mail address spells the name, and whose name also stands in
a unit's e-mail address and a link note.  Anonymous: every page, JSON twin and search
of her area, the whole history, the comparison of two dates, the analysis, every public
export and the command line — her name and address appear nowhere.  Logged in: she is
shown where the app shows names."""
from __future__ import annotations

import datetime as dt
import re
import urllib.parse

import pytest
from click.testing import CliRunner

from graphmap.cli import main
from graphmap.demo import demo_network
from graphmap.importers.formats import EXPORT_FORMATS, export_any
from graphmap.model import Network
from graphmap.network_view import AreaTree
from graphmap.store import open_store
from graphmap.web import create_app
from tests.web.accounts import add_users, login

NAME = "Merja Kiviharju"
EMAIL = "merja.kiviharju@example.invalid"
FORBIDDEN = re.compile(r"merja\.?kiviharju|kiviharju,? merja|Merja Kiviharju", re.I)


def _pick(net):
    """A role in a family-centre area with a person, an e-mail and outgoing links."""
    for role in sorted(net.roles.values(), key=lambda r: r.id):
        unit = net.units[role.unit]
        if (role.email and role.person and unit.area.startswith("sotesi")
                and any(l.source == unit.id for l in net.links.values())):
            return role, unit
    raise AssertionError("the demo has no such role")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('privacy-crawl')}/graphmap.db"
    store = open_store(url)
    net = demo_network()
    role, unit = _pick(net)
    role.person, role.email, role.public = NAME, EMAIL, True
    unit.email = EMAIL  # the unit's public address is hers
    link = next(l for l in net.links.values() if l.source == unit.id)
    link.note = f"yhteyshenkilö {NAME}"
    store.write(net, actor="system")
    withdrawn = Network()
    role.public = False  # she withdraws consent: the earlier history had her as public
    withdrawn.add(role)
    store.write(withdrawn, actor="system")
    add_users(store)
    fc = AreaTree(net.areas).family_centre_area_of(unit.area)
    yield {"url": url, "store": store, "role": role, "unit": unit, "fc": fc, "net": net}
    store.close()


@pytest.fixture(scope="module")
def app(demo):
    return create_app(demo["url"], config={"TESTING": True})


def _check(client, url):
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    found = FORBIDDEN.search(r.get_data(as_text=True))
    assert found is None, (url, found.group(0) if found else None)


def _urls(demo):
    net, fc, role, unit = demo["net"], demo["fc"], demo["role"], demo["unit"]
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    urls = ["/", "/api/areas", "/history?limit=1000", "/api/history?limit=1000",
            f"/api/history?key={role.id}", f"/history?key={unit.id}",
            f"/api/diff?from={yesterday}", f"/api/diff?from={yesterday}&area={fc}",
            f"/compare-dates?from={yesterday}&area={fc}", "/compare", "/api/compare",
            f"/findings?area={fc}", f"/api/analysis?area={fc}", "/api/graph"]
    for a in net.areas:
        urls += [f"/areas/{a}", f"/areas/{a}?roles=1", f"/api/areas/{a}"]
    for a in {fc, unit.area}:
        urls += [f"/api/areas/{a}/graph?roles=1", f"/api/areas/{a}/graph"]
    inside = set(AreaTree(net.areas).descendants(fc))
    for u in net.units.values():
        if u.area in inside:
            urls += [f"/units/{u.id}", f"/api/units/{u.id}"]
    for r in net.roles.values():
        if net.units[r.unit].area in inside:
            urls += [f"/roles/{r.id}", f"/api/roles/{r.id}"]
    # the HSDS read API, the printable directory and the embeddable search (issue 16)
    urls += ["/hsds/services?full=true&format=ndjson", "/hsds/taxonomy_terms?format=ndjson",
             "/hsds/organizations?full_service=true&format=ndjson",
             f"/areas/{fc}/directory", f"/areas/{unit.area}/directory"]
    for q in {role.title, *unit.services[:3]}:  # (a query naming her is echoed back)
        query = urllib.parse.quote(q)
        urls += [f"/search?q={query}&area={fc}", f"/api/search?q={query}&area={fc}&limit=50",
                 f"/api/search?q={query}&limit=50", f"/embed/search?area={fc}&q={query}"]
    return urls


def test_anonymous_sees_no_hidden_name_on_any_page_or_api(demo, app):
    client = app.test_client()
    urls = _urls(demo)
    assert len(urls) > 300
    for url in urls:
        _check(client, url)


def test_the_printed_directory_never_holds_her_name_even_for_a_viewer(demo, app):
    """A printed list leaves the system: always the anonymous view (web/directory.py)."""
    import io

    import pypdf
    viewer = app.test_client()
    login(viewer, "katsoja")
    assert FORBIDDEN.search(viewer.get(f"/areas/{demo['fc']}/directory").get_data(as_text=True)) is None
    pdf = viewer.get(f"/areas/{demo['fc']}/directory.pdf")
    assert pdf.status_code == 200
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    assert demo["role"].title in text and FORBIDDEN.search(text) is None


def test_the_history_shows_her_change_without_her_name(demo, app):
    entries = app.test_client().get(f"/api/history?key={demo['role'].id}").get_json()["entries"]
    assert [e["op"] for e in entries] == ["change", "add"]
    assert entries[1]["after"]["title"] == demo["role"].title
    assert all((e.get(side) or {}).get("person") is None for e in entries
               for side in ("before", "after"))


@pytest.mark.parametrize("fmt", [f for f in EXPORT_FORMATS if f != "workbook"])
def test_no_public_export_holds_her_name(demo, tmp_path, fmt):
    out = export_any(demo["store"].read(), tmp_path / "out", fmt)
    files = [out] if out.is_file() else sorted(p for p in out.rglob("*") if p.is_file())
    text = "".join(p.read_text(encoding="utf-8") for p in files)
    assert text and FORBIDDEN.search(text) is None


def test_the_workbook_export_keeps_everything(demo, tmp_path):
    """The coordinator's own lossless copy: the one export with every name."""
    out = export_any(demo["store"].read(), tmp_path / "wb", "workbook")
    assert NAME in "".join(p.read_text(encoding="utf-8") for p in out.glob("*.csv"))


@pytest.mark.parametrize("args", [
    ["history", "--limit", "5000", "--format", "json"], ["history", "--limit", "5000"],
    ["diff", "--from", (dt.date.today() - dt.timedelta(days=1)).isoformat(),
     "--format", "json"],
])
def test_command_line_reports_hold_no_hidden_name(demo, args):
    result = CliRunner().invoke(main, [*args, "--store", demo["url"]])
    assert result.exit_code == 0, result.output
    assert FORBIDDEN.search(result.output) is None


def test_who_to_call_on_the_command_line(demo):
    result = CliRunner().invoke(main, ["who-to-call", demo["role"].title, "--area", demo["fc"],
                                       "--limit", "50", "--store", demo["url"]])
    assert result.exit_code == 0, result.output
    assert FORBIDDEN.search(result.output) is None


def test_logged_in_viewer_sees_her_where_names_are_shown(demo, app):
    client = app.test_client()
    login(client, "katsoja")
    role, unit = demo["role"], demo["unit"]
    assert NAME in client.get(f"/roles/{role.id}").text
    assert client.get(f"/api/roles/{role.id}").get_json()["role"]["email"] == EMAIL
    assert EMAIL in client.get(f"/units/{unit.id}").text
    entries = client.get(f"/api/history?key={role.id}").get_json()["entries"]
    assert entries[0]["before"]["person"] == NAME and entries[0]["before"]["public"] is True
