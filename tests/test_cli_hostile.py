"""No traceback from any command (issue 10 item 10): every command of the ``graphmap``
CLI, found by walking the click group, is run with hostile values for each of its
parameters — far dates, junk, NUL, a lone surrogate, very long text, huge and
negative numbers, binary and non-SQLite files, directories, missing paths — and
must end with a one-line error (or an answer), never a Python traceback.

The named cases of the issue also check the message: one line, a non-zero exit, and
the user's language (``--lang`` where the command has it, else ``GRAPHMAP_LANG``).
"""
from __future__ import annotations

import json

import click
import flask
import pytest
from click.testing import CliRunner
from granian.server import Server

from graphmap.cli import main

FAR = "9999-12-31"


@pytest.fixture
def files(tmp_path):
    """Hostile files: binary, not SQLite, empty, a directory, a missing path."""
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(bytes(range(256)) * 20)
    text = tmp_path / "notes.db"
    text.write_text("tämä ei ole tietokanta\n", "utf-8")
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "areas.csv").write_bytes(b"\xff\xfe\x00\x01junk")
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("name: x\nchanges: [{op: remove_unit, unit: neuvola}]\n", "utf-8")
    return {"binary": str(binary), "text": str(text), "empty": str(empty),
            "folder": str(folder), "missing": str(tmp_path / "no" / "such.xlsx"),
            "scenario": str(scenario), "out": str(tmp_path / "out.xlsx")}


def commands(group: click.Group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            yield from commands(cmd, (*prefix, name))
        else:
            yield (*prefix, name), cmd


def hostile_values(files) -> list[str]:
    return ["9999-12-31", "0001-01-01", "10000-01-01", "2026-02-30", "junk", "\x00", "a\x00b",
            "\ud800", "x" * 10_000, "-1", "0", "99999999999999999999999", "1e308", "",
            files["binary"], files["text"], files["empty"], files["folder"], files["missing"],
            "/dev/null", "sqlite:///" + files["text"], "sqlite:///" + files["folder"],
            "sqlite:///" + files["missing"], "sqlite:///\x00", "junk://x"]


def base_args(path: tuple, cmd: click.Command, files, store_url) -> list[str]:
    """The least each command needs to run normally."""
    needs = {("import",): [files["folder"]], ("export",): [files["out"]],
             ("template",): [files["out"]], ("whatif",): [files["scenario"]],
             ("who-to-call",): ["neuvola"], ("backup",): [files["out"] + ".bak"],
             ("diff",): ["--from", "2020-01-01"], ("user", "add"): ["anna", "--role", "admin",
                                                                   "--password-stdin"],
             ("user", "remove"): ["anna"], ("setting",): ["anonymous_read"]}
    args = list(needs.get(path, []))
    if any(p.name == "store_url" for p in cmd.params) and path != ("demo",):
        args += ["--store", store_url]
    return args


def run(args, env=None, input="salasana-123\n"):
    return CliRunner().invoke(main, args, input=input, env=env, catch_exceptions=True)


def assert_no_traceback(result, what: str) -> None:
    exc = result.exception
    assert exc is None or isinstance(exc, SystemExit), f"{what}: {exc!r}"
    assert "Traceback" not in result.output, what


@pytest.fixture
def no_server(monkeypatch):
    """``serve`` and ``demo`` would start a server; the walk needs only their checks."""
    monkeypatch.setattr(flask.Flask, "run", lambda self, *a, **kw: None)
    monkeypatch.setattr(Server, "serve", lambda self, *a, **kw: None)


def test_every_command_with_hostile_arguments(files, loaded_store, store_url, no_server,
                                              tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # demo's default store file lands here, not in the repo
    failures = []
    values = hostile_values(files)
    for path, cmd in commands(main):
        base = base_args(path, cmd, files, store_url)
        positional = [p for p in cmd.params if isinstance(p, click.Argument)]
        for param in cmd.params:
            if param.name in ("help",) or getattr(param, "is_flag", False):
                continue
            for value in values:
                if isinstance(param, click.Argument):
                    args = list(base)
                    index = positional.index(param)
                    if index < len([a for a in base if not a.startswith("-")]):
                        args[index] = value
                    else:
                        args.insert(index, value)
                else:
                    args = [*base, param.opts[0], value]
                if path == ("demo",):
                    args.append("--load-only")
                result = run([*path, *args])
                exc = result.exception
                if (exc is not None and not isinstance(exc, SystemExit)) \
                        or "Traceback" in result.output:
                    failures.append(f"{' '.join(path)} {param.name}={value[:60]!r}: {exc!r}")
    assert not failures, f"{len(failures)} tracebacks:\n" + "\n".join(failures[:60])


def one_line_error(result) -> str:
    assert result.exit_code not in (0, None), result.output
    assert_no_traceback(result, result.output)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize("lang, word", [("fi", "tietokanta"), ("sv", "databas"),
                                        ("en", "store")])
def test_info_and_import_on_a_file_that_is_not_sqlite(files, lang, word):
    store = "sqlite:///" + files["text"]
    for args in (["info", "--store", store], ["import", files["folder"], "--store", store]):
        line = one_line_error(run(args, env={"GRAPHMAP_LANG": lang}))
        assert files["text"] in line and word in line.lower(), line


@pytest.mark.parametrize("lang, word", [("fi", "päivämäärä"), ("sv", "datum"), ("en", "date")])
def test_history_and_diff_to_the_last_day_answer(loaded_store, store_url, lang, word):
    """``--until 9999-12-31`` lists everything; ``diff --to 9999-12-31`` compares; an
    impossible date is a one-line error in the user's language."""
    result = run(["history", "--until", FAR, "--format", "json", "--store", store_url])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.output)) == len(loaded_store.history())
    result = run(["diff", "--from", "2020-01-01", "--to", FAR, "--format", "json",
                  "--store", store_url])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["to"] == FAR
    line = one_line_error(run(["history", "--until", "2026-13-40", "--store", store_url],
                              env={"GRAPHMAP_LANG": lang}))
    assert word in line.lower() and "2026-13-40" in line
    line = one_line_error(run(["diff", "--from", "2026-13-40", "--store", store_url,
                               "--lang", lang]))
    assert word in line.lower()


@pytest.mark.parametrize("lang, word", [("fi", "tekstitiedosto"), ("sv", "textfil"),
                                        ("en", "text file")])
def test_whatif_given_a_binary_file(files, loaded_store, store_url, lang, word):
    line = one_line_error(run(["whatif", files["binary"], "--store", store_url,
                               "--lang", lang]))
    assert files["binary"] in line and word in line.lower(), line


@pytest.mark.parametrize("env, word", [
    ({"GRAPHMAP_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "sv_FI.UTF-8"},
     "databas"),
    ({"GRAPHMAP_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": "C.UTF-8"},
     "tietokanta"),  # no language chosen: Finnish first
    ({"GRAPHMAP_LANG": "en", "LANG": "fi_FI.UTF-8"}, "store")])
def test_error_language_follows_the_locale_finnish_first(files, env, word):
    line = one_line_error(run(["info", "--store", "sqlite:///" + files["text"]], env=env))
    assert word in line.lower(), line


def test_a_nul_or_a_lone_surrogate_in_an_argument_is_one_line(loaded_store, store_url):
    for bad in ("a\x00b", "\ud800"):
        line = one_line_error(run(["who-to-call", bad, "--store", store_url],
                                  env={"GRAPHMAP_LANG": "en"}))
        assert "argument" in line and ("NUL" in line or "UTF-8" in line), line


def test_output_into_a_pipe_closed_early_stops_quietly(loaded_store, store_url):
    """`graphmap history | head -1`: when what reads the output goes away, the command
    stops without an error line or a traceback (as other command-line tools do)."""
    import os
    import subprocess
    import sys
    exe = os.path.join(os.path.dirname(sys.executable), "graphmap")
    proc = subprocess.Popen([exe, "history", "--store", store_url], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before the first line is written
    _, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 1)
    assert err == b"", err.decode(errors="replace")
