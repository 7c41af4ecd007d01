"""The admin commands as an administrator runs them: user, history, diff, setting,
backup (issue 5)."""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from click.testing import CliRunner

from graphmap.cli import main
from graphmap.model import Network, check_password
from graphmap.store import open_store

from .data import small_network


@pytest.fixture
def run(store_url):
    def invoke(*args, input=None, env=None):
        return CliRunner().invoke(main, [*args, "--store", store_url], input=input, env=env)
    return invoke


def test_user_add_list_and_remove(run, loaded_store):
    result = run("user", "add", "anna.virtanen", "--role", "editor", "--area", "koivula",
                 "--password-stdin", input="kahvila-2026\n")
    assert result.exit_code == 0, result.output
    user = loaded_store.get_user("anna.virtanen")
    assert user.areas == ["koivula"] and check_password(user, "kahvila-2026")
    listed = json.loads(run("user", "list", "--format", "json").output)
    assert listed[0]["username"] == "anna.virtanen" and listed[0]["role"] == "editor"
    assert "password" not in json.dumps(listed) and user.password_hash not in json.dumps(listed)
    again = run("user", "add", "anna.virtanen", "--role", "admin", "--password-stdin",
                input="kahvila-2026\n")
    assert again.exit_code != 0 and "on jo olemassa" in again.output
    assert run("user", "remove", "anna.virtanen").exit_code == 0
    assert loaded_store.get_user("anna.virtanen") is None
    gone = run("user", "remove", "anna.virtanen")
    assert gone.exit_code != 0 and "ei ole" in gone.output


def test_user_add_prompts_for_the_password_twice(run, loaded_store):
    result = run("user", "add", "admin1", "--role", "admin",
                 input="salasana-123\nsalasana-123\n")
    assert result.exit_code == 0, result.output
    assert "salasana-123" not in result.output
    assert check_password(loaded_store.get_user("admin1"), "salasana-123")


@pytest.mark.parametrize("args, stdin, message", [
    (["x y", "--role", "viewer"], "long-enough\n", "3–64 kirjainta"),
    (["editor1", "--role", "editor"], "long-enough\n", "vähintään yksi --area"),
    (["editor1", "--role", "editor", "--area", "atlantis"], "long-enough\n", "'atlantis'"),
    (["viewer1", "--role", "viewer"], "short\n", "vähintään 8 merkkiä"),
    (["viewer1", "--role", "boss"], "long-enough\n", "'boss' ei ole mikään näistä"),
])
def test_user_add_refuses_bad_input_clearly(run, loaded_store, args, stdin, message):
    result = run("user", "add", *args, "--password-stdin", input=stdin)
    assert result.exit_code != 0 and message in result.output
    assert loaded_store.list_users() == []


def test_history_lists_who_changed_what(run, loaded_store):
    changed = Network()
    unit = loaded_store.read().units["kahvila"]
    unit.name = "Perhekahvila Pesä"
    changed.add(unit)
    loaded_store.write(changed, actor="anna.virtanen", note="new name")
    text = run("history", "--limit", "1", env={"GRAPHMAP_LANG": "en"}).output
    assert "anna.virtanen" in text and "change" in text and "kahvila" in text
    assert "name" in text and "new name" in text
    rows = json.loads(run("history", "--key", "kahvila", "--format", "json").output)
    assert [r["op"] for r in rows] == ["change", "add"]
    assert rows[0]["before"]["name"] != rows[0]["after"]["name"] == "Perhekahvila Pesä"
    bad = run("history", "--since", "yesterday")
    assert bad.exit_code != 0 and "päivämäärän pitää olla" in bad.output  # Finnish first


def test_diff_between_two_dates(run, store):
    now = [dt.datetime(2026, 2, 2, 9, tzinfo=dt.timezone.utc)]
    store.clock = lambda: now[0]
    store.write(small_network())
    now[0] = dt.datetime(2026, 2, 20, 9, tzinfo=dt.timezone.utc)
    store.delete("links", ["neuvola>haapala-neuvola:consults"], actor="admin1")
    out = json.loads(run("diff", "--from", "2026-02-10", "--to", "2026-02-25",
                         "--format", "json").output)
    assert [(l["source"], l["target"]) for l in out["links_removed"]] == [
        ("neuvola", "haapala-neuvola")]
    text = run("diff", "--from", "2026-02-10", "--to", "2026-02-25", "--lang", "en").output
    assert "- link neuvola → haapala-neuvola (consults)" in text
    bad = run("diff", "--from", "2026-02-30")
    assert bad.exit_code != 0 and "päivämäärän pitää olla" in bad.output  # Finnish first
    backwards = run("diff", "--from", "2026-02-25", "--to", "2026-02-10")
    assert backwards.exit_code != 0 and "on loppupäivän" in backwards.output


def test_diff_history_and_info_read_in_finnish_by_default(run, store):
    now = [dt.datetime(2026, 2, 2, 9, tzinfo=dt.timezone.utc)]
    store.clock = lambda: now[0]
    store.write(small_network())
    now[0] = dt.datetime(2026, 2, 20, 9, tzinfo=dt.timezone.utc)
    store.delete("links", ["neuvola>haapala-neuvola:consults"], actor="admin1")
    no_locale = {"GRAPHMAP_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
    diff = run("diff", "--from", "2026-02-10", "--to", "2026-02-25", env=no_locale).output
    assert diff.startswith("koko verkosto: 2026-02-10 → 2026-02-25")
    assert "- yhteys neuvola → haapala-neuvola (konsultoi)" in diff
    history = run("history", "--limit", "1", env=no_locale).output
    assert "admin1" in history and "poistettu" in history and " yhteys neuvola>" in history
    info = run("info", env=no_locale).output
    assert "kohteet:" in info and "yhteydet:" in info and "yksikkö" in info
    english = run("info", env={"GRAPHMAP_LANG": "en"}).output
    assert "nodes:" in english and "links:" in english and "unit" in english


def test_setting_anonymous_read(run, store):
    assert run("setting", "anonymous_read", "0").exit_code == 0
    assert store.get_setting("anonymous_read") == "0"
    assert run("setting", "anonymous_read").output.strip() == "0"


def test_backup_makes_a_consistent_copy_and_does_not_overwrite(run, loaded_store, tmp_path):
    out = tmp_path / "backup.db"
    if not loaded_store.url.startswith("sqlite"):  # Neo4j is backed up on its server
        refused = run("backup", str(out))
        assert refused.exit_code != 0 and "neo4j-admin database dump" in refused.output
        assert not out.exists()
        return
    assert run("backup", str(out)).exit_code == 0
    assert sqlite3.connect(out).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert open_store(f"sqlite:///{out}").read() == loaded_store.read()
    again = run("backup", str(out))
    assert again.exit_code != 0 and "--force" in again.output
    assert run("backup", str(out), "--force").exit_code == 0
    missing = run("backup", str(tmp_path / "no-such-folder" / "b.db"))
    assert missing.exit_code != 0 and "no-such-folder ei ole" in missing.output
