"""What the system refuses — a missing folder, a folder where a file belongs, a text
file named .xlsx, a file that is no database, malformed JSON — is said in the user's
language (Finnish first) with the file named, never in the system's English
("[Errno 2] No such file or directory", "unable to open database file", "File is not
a zip file", "Expecting value"), and never as a traceback.  One mapper does it
(graphmap.i18n.failure); the command line, the importers and the store all use it.
Arguments are named in the user's language too ("Argumentti 'TIEDOSTO' puuttuu").
The real ``graphmap`` group through click's CliRunner, a real SQLite store."""
from __future__ import annotations

import errno
import sqlite3

import click
import pytest
from click.testing import CliRunner

from graphmap.cli import main
from graphmap.cli.helptext import Argument
from graphmap.i18n import LANGS, catalogue, translate
from graphmap.i18n.failure import ERRNO_KEYS, JSON_KEYS, SQLITE_KEYS, reason
from graphmap.model import SHEETS

NO_LOCALE = {"GRAPHMAP_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}
ERROR = {"fi": "Virhe: ", "sv": "Fel: ", "en": "Error: "}
#: the system's and the libraries' English words that must never reach the user
SYSTEM_ENGLISH = ("Errno", "No such file", "unable to open", "Is a directory", "BadZipFile",
                  "zip file", "Expecting", "Traceback", "not a database")


def run(args, lang):
    env = dict(NO_LOCALE, GRAPHMAP_LANG=lang)
    return CliRunner().invoke(main, args, env=env, prog_name="graphmap")


def said(key: str, lang: str, **values) -> str:
    return translate(f"failure.{key}", lang, **values)


def one_line(result) -> str:
    assert result.exit_code not in (0, None), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert not any(word in lines[0] for word in SYSTEM_ENGLISH), lines[0]
    return lines[0]


@pytest.fixture
def store(tmp_path):
    return f"sqlite:///{tmp_path}/graphmap.db"


@pytest.mark.parametrize("lang", LANGS)
def test_export_into_a_missing_folder_names_the_file_and_why(tmp_path, store, lang):
    out = tmp_path / "ei-ole" / "kartta.xlsx"
    line = one_line(run(["export", str(out), "--store", store], lang))
    assert line == f"{ERROR[lang]}{out}: {said('not_found', lang)}"
    assert not out.parent.exists()


@pytest.mark.parametrize("lang", LANGS)
def test_a_folder_as_the_store_is_said_to_be_a_folder(tmp_path, lang):
    line = one_line(run(["serve", "--store", f"sqlite:///{tmp_path}"], lang))
    assert str(tmp_path) in line and line.endswith(said("is_directory", lang)), line


@pytest.mark.parametrize("lang", LANGS)
def test_a_text_file_named_xlsx_is_no_workbook_in_the_user_s_language(tmp_path, store, lang):
    bad = tmp_path / "kartta.xlsx"
    bad.write_text("tämä ei ole työkirja\n", "utf-8")
    result = run(["import", str(bad), "--store", store], lang)
    assert result.exit_code == 1 and result.exception is not None  # SystemExit(1)
    assert said("not_zip", lang) in result.output, result.output
    assert "kartta.xlsx" in result.output
    assert not any(word in result.output for word in SYSTEM_ENGLISH), result.output
    assert run(["info", "--store", store, "--format", "json"], lang).output.count('": 0') >= 5


@pytest.mark.parametrize("lang", LANGS)
def test_a_folder_where_a_scenario_file_belongs_follows_graphmap_lang(tmp_path, store, lang):
    """whatif has --lang; left out, the language is GRAPHMAP_LANG's (it was always fi)."""
    line = one_line(run(["whatif", str(tmp_path), "--store", store], lang))
    assert line == f"{ERROR[lang]}{tmp_path}: {said('is_directory', lang)}"


@pytest.mark.parametrize("lang", LANGS)
def test_malformed_json_is_explained_in_the_user_s_language(tmp_path, store, lang):
    bad = tmp_path / "palvelut.json"
    bad.write_text('{"name": "Neuvola",}', "utf-8")
    result = run(["import", str(bad), "--format", "hsds", "--store", store], lang)
    assert result.exit_code == 1
    assert said("json_name", lang) in result.output, result.output
    assert not any(word in result.output for word in SYSTEM_ENGLISH), result.output


@pytest.mark.parametrize("lang", LANGS)
def test_a_missing_reference_model_is_said_in_the_user_s_language(tmp_path, store, lang):
    result = run(["analyze", "--reference", str(tmp_path / "malli.toml"), "--store", store], lang)
    assert result.exit_code == 2, result.output
    assert f"malli.toml: {said('not_found', lang)}" in result.output, result.output
    assert "file not found" not in result.output


@pytest.mark.parametrize("lang", LANGS)
def test_a_malformed_reference_model_says_where_in_the_user_s_language(tmp_path, store, lang):
    model = tmp_path / "malli.toml"
    model.write_text("[[function]]\nid = \n", "utf-8")
    result = run(["analyze", "--reference", str(model), "--store", store], lang)
    assert result.exit_code == 2, result.output
    where = translate("import.toml_invalid", lang, line=2, column=6)
    assert f"malli.toml: {where}" in result.output, result.output
    assert "(at line" not in result.output  # tomllib's own English


@pytest.mark.parametrize("lang", LANGS)
def test_export_to_an_existing_folder_writes_the_workbook_s_csv_files_and_says_so(
        tmp_path, store, lang):
    folder = tmp_path / "kartta"
    folder.mkdir()
    (folder / "muistio.txt").write_text("oma tiedosto\n", "utf-8")
    result = run(["export", str(folder), "--store", store], lang)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == translate("cli.done.wrote_folder", lang, path=str(folder))
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{sheet}.csv" for sheet in SHEETS] + ["muistio.txt"])
    assert (folder / "muistio.txt").read_text("utf-8") == "oma tiedosto\n"


@pytest.mark.parametrize("lang", LANGS)
def test_the_template_refuses_a_name_without_xlsx_in_the_user_s_language(tmp_path, lang):
    line = one_line(run(["template", str(tmp_path / "pohja")], lang))
    assert line.startswith(ERROR[lang]) and ".xlsx" in line and "'pohja'" in line
    if lang != "en":
        assert "the template" not in line


def _arguments(group: click.Group, path=()):
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            yield from _arguments(cmd, (*path, name))
        else:
            for param in cmd.params:
                if isinstance(param, click.Argument):
                    yield (*path, name), param


ARGUMENTS = list(_arguments(main))


def test_every_argument_is_named_through_the_catalogue():
    assert len(ARGUMENTS) >= 9
    for path, param in ARGUMENTS:
        assert isinstance(param, Argument), (path, param.name)  # made with helptext.argument


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path, param", ARGUMENTS,
                         ids=[f"{'-'.join(path)}:{param.name}" for path, param in ARGUMENTS])
def test_the_usage_line_names_arguments_in_the_user_s_language(path, param, lang):
    result = run([*path, "--help"], lang)
    assert result.exit_code == 0, result.output
    usage = result.output.splitlines()[0]
    cat = catalogue(lang)
    own = f"cli.help.metavar.{'.'.join(path).replace('-', '_')}.{param.name}"
    name = cat.get(own) or cat[f"cli.help.metavar.{param.name}"]
    assert name in usage, usage
    if lang != "en":
        assert param.name.upper() not in usage.split() or name == param.name.upper(), usage


@pytest.mark.parametrize("lang, args, shown", [
    ("fi", ["import"], "Virhe: Argumentti 'TIEDOSTO' puuttuu."),
    ("sv", ["export"], "Fel: Argumentet 'MÅL' saknas."),
    ("en", ["user", "add"], "Error: Missing argument 'USERNAME'."),
    ("fi", ["setting"], "Virhe: Argumentti 'AVAIN' puuttuu."),
])
def test_a_missing_argument_is_named_in_the_user_s_language(lang, args, shown):
    result = run(args, lang)
    assert result.exit_code == 2
    assert shown in result.output, result.output


@pytest.mark.parametrize("code, key", sorted(ERRNO_KEYS.items()))
def test_each_errno_has_its_own_reason_in_every_language(code, key):
    exc = OSError(code, "the system's English", "x")
    for lang in LANGS:
        text = reason(exc).text(lang)
        assert text == translate(f"failure.{key}", lang) and "English" not in text


def test_an_errno_without_a_reason_of_its_own_is_named_by_its_code():
    exc = OSError(errno.ENOTEMPTY, "Directory not empty")
    assert reason(exc).text("fi") == translate("failure.os_other", "fi", code="ENOTEMPTY")
    assert "ENOTEMPTY" in reason(exc).text("sv") and "not empty" not in reason(exc).text("sv")


def test_sqlite_and_json_reasons_have_their_keys_in_every_language(tmp_path):
    keys = {f"failure.{k}" for k in (*SQLITE_KEYS.values(), *JSON_KEYS.values())}
    for lang in LANGS:
        assert keys <= set(catalogue(lang))
    text = tmp_path / "notes.db"
    text.write_text("ei tietokanta\n" * 100, "utf-8")
    with pytest.raises(sqlite3.DatabaseError) as caught:
        sqlite3.connect(text).execute("SELECT * FROM sqlite_master")
    assert reason(caught.value).text("sv") == translate("failure.not_a_database", "sv")


@pytest.mark.parametrize("lang", LANGS)
def test_who_to_call_without_lang_answers_in_graphmap_lang(store, lang):
    """--lang left out: the answer is in the language the user chose for every command
    (it was always Finnish); an empty store understands nothing, in that language."""
    result = run(["who-to-call", "neuvola", "--store", store], lang)
    assert result.exit_code == 0, result.output
    assert translate("search.reason.not_understood_no_area", lang) in result.output, result.output


@pytest.mark.parametrize("lang", LANGS)
def test_a_json_file_that_is_not_utf8_names_the_byte_in_the_user_s_language(tmp_path, store,
                                                                               lang):
    bad = tmp_path / "palvelut.json"
    bad.write_bytes(b'{"name": "Neuvola \xe4"}')
    result = run(["import", str(bad), "--format", "hsds", "--store", store], lang)
    assert result.exit_code == 1
    assert said("not_utf8", lang, byte="0xe4", position=18) in result.output, result.output
    assert "codec" not in result.output and "invalid" not in result.output


def test_csv_and_xml_reasons_are_the_catalogue_s():
    import csv
    import io
    from xml.parsers import expat
    limit = csv.field_size_limit()
    try:
        csv.field_size_limit(10)
        with pytest.raises(csv.Error) as caught:
            list(csv.reader(io.StringIO("x" * 20)))
    finally:
        csv.field_size_limit(limit)
    assert reason(caught.value).text("fi") == said("csv_field_too_long", "fi")
    parser = expat.ParserCreate()
    with pytest.raises(expat.ExpatError) as broken:
        parser.Parse(b"<row>\n<c></row>", True)
    assert reason(broken.value).text("sv") == said("xml", "sv", line=2, column=6)


@pytest.mark.parametrize("lang", LANGS)
def test_a_port_in_use_is_said_in_the_user_s_language(store, lang):
    import socket
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = one_line(run(["serve", "--port", str(port), "--store", store], lang))
    assert line == ERROR[lang] + translate("cli.error.port_unavailable", lang,
                                           address=f"127.0.0.1:{port}",
                                           detail=said("address_in_use", lang))
    assert "Address already in use" not in line


@pytest.mark.parametrize("lang", LANGS)
def test_an_argument_with_a_nul_is_refused_in_the_user_s_language(store, lang):
    line = one_line(run(["who-to-call", "a\x00b", "--store", store], lang))
    assert line.startswith(ERROR[lang]) and "NUL" in line, line


@pytest.mark.parametrize("lang", LANGS)
def test_diff_refusals_are_said_in_the_user_s_language(store, lang):
    line = one_line(run(["diff", "--from", "2026-01-01", "--to", "2020-01-01",
                         "--store", store], lang))
    assert line == ERROR[lang] + translate("diff.error.order", lang, start="2026-01-01",
                                           end="2020-01-01")
    line = one_line(run(["diff", "--from", "2020-01-01", "--to", "2020-02-01", "--area", "ei",
                         "--store", store], lang))
    assert line == ERROR[lang] + translate("diff.error.area", lang, area="'ei'",
                                           start="2020-01-01", end="2020-02-01")
