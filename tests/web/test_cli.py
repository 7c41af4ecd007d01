"""``graphmap serve`` and ``graphmap demo`` start the real app on the chosen store
(Flask's ``run`` and granian's ``serve`` are replaced so the test does not block on a
socket; tests/web/test_serve.py starts the real server)."""
from __future__ import annotations

import flask
import pytest
from click.testing import CliRunner
from granian.server import Server

from graphmap.cli import main


@pytest.fixture
def runs(monkeypatch):
    calls = []

    def fake_run(self, host=None, port=None, **kw):
        calls.append((self, host, port))
    def fake_serve(self, spawn_target=None, target_loader=None, wrap_loader=True):
        calls.append((target_loader(), self.bind_addr, self.bind_port))  # what a worker serves
    monkeypatch.setattr(flask.Flask, "run", fake_run)
    monkeypatch.setattr(Server, "serve", fake_serve)
    return calls


def test_serve_starts_the_app_on_the_store(runs, web_store, store_url):
    result = CliRunner().invoke(main, ["serve", "--store", store_url, "--port", "5123"])
    assert result.exit_code == 0, result.output
    ((app, host, port),) = runs
    assert (host, port) == ("127.0.0.1", 5123)
    assert app.config["STORE_URL"] == store_url
    assert "Koivulan perhekeskus" in app.test_client().get("/").get_data(as_text=True)


def test_serve_bad_store_url_is_one_line(runs):
    result = CliRunner().invoke(main, ["serve", "--store", "mysql://nowhere"])
    assert result.exit_code != 0 and "tuntematon tietokannan osoite" in result.output
    assert "Traceback" not in result.output and not runs


def test_demo_home_page_lists_areas_with_counts(runs, tmp_path):
    url = f"sqlite:///{tmp_path}/demo.db"
    result = CliRunner().invoke(main, ["demo", "--store", url])
    assert result.exit_code == 0, result.output
    ((app, _, _),) = runs
    client = app.test_client()
    areas = client.get("/api/areas").get_json()["areas"]
    assert areas, "the demo network has areas"
    html = client.get("/").get_data(as_text=True)
    for top in areas:
        assert f'href="/areas/{top["id"]}"' in html
        c = top["counts"]
        assert f'{c["units"]} yksikköä · {c["roles"]} tehtävää · {c["links"]} yhteyttä' in html
        assert c["units"] > 0


@pytest.mark.parametrize("lang, line", [
    ("fi", "Virhe: tuntematon tietokannan osoite 'mysql://nowhere'"),
    ("sv", "Fel: okänd databasadress 'mysql://nowhere'"),
    ("en", "Error: unknown store URL 'mysql://nowhere'")])
def test_a_store_that_cannot_be_opened_is_one_line_in_the_users_language(runs, tmp_path,
                                                                         lang, line):
    """The error line, its "Error:" included, is in the user's language (Finnish first),
    whichever way the store cannot be opened."""
    env = {"GRAPHMAP_LANG": lang}
    result = CliRunner().invoke(main, ["serve", "--store", "mysql://nowhere"], env=env)
    assert result.exit_code == 1 and result.output.startswith(line), result.output
    missing = f"sqlite:///{tmp_path}/ei-kansiota/kartta.db"
    result = CliRunner().invoke(main, ["info", "--store", missing], env=env)
    assert result.exit_code == 1 and "ei-kansiota" in result.output
    assert result.output.startswith(line.split(":")[0] + ":"), result.output
    assert ("does not exist" in result.output) == (lang == "en")
