"""Issue 13 item 5: long commands show progress on a terminal and stay quiet otherwise.

The real ``graphmap`` command runs in its own process, once with standard error on a
pseudo-terminal (as in a shell) and once on a pipe (as in a script or cron job)."""
from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from graphmap.demo import demo_network
from graphmap.store import open_store

EXE = os.path.join(os.path.dirname(sys.executable), "graphmap")


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('progress') / 'demo.db'}"
    with open_store(url) as store:
        store.write(demo_network())
    return url


def run_on_terminal(args) -> str:
    """stderr on a pseudo-terminal; what the terminal received."""
    master, slave = pty.openpty()
    env = {**os.environ, "GRAPHMAP_LANG": "en", "COLUMNS": "120"}
    proc = subprocess.Popen([EXE, *args], stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the command closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(timeout=300) == 0
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


def run_on_pipe(args) -> subprocess.CompletedProcess:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "GRAPHMAP_LANG": "en"})


def test_analyze_of_every_area_shows_progress_on_a_terminal(demo_url):
    shown = run_on_terminal(["analyze", "--store", demo_url, "--lang", "en"])
    assert "Analysing areas" in shown
    areas = sum(1 for a in demo_network().areas.values() if a.kind == "family_centre_area")
    assert f"{areas}/{areas}" in shown  # the count reached the end


def test_analyze_is_quiet_when_not_a_terminal(demo_url):
    done = run_on_pipe(["analyze", "--store", demo_url, "--lang", "en"])
    assert done.returncode == 0 and done.stdout
    assert "Analysing" not in done.stderr and done.stderr == ""


def test_import_and_export_show_progress_on_a_terminal_only(demo_url, tmp_path):
    out = tmp_path / "book"
    shown = run_on_terminal(["export", str(out), "--store", demo_url])
    assert "Exporting" in shown and "2/2" in shown
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    shown = run_on_terminal(["import", str(out), "--store", target, "--lang", "en"])
    # the rows read, sheet by sheet (every line of the five CSV files), then the steps
    rows = sum(f.read_text(encoding="utf-8").count("\n") for f in out.glob("*.csv"))
    assert "Reading rows" in shown and f"{rows}/{rows}" in shown
    assert "Importing" in shown and "3/3" in shown
    done = run_on_pipe(["import", str(out), "--store", f"sqlite:///{tmp_path / 'b.db'}"])
    assert done.returncode == 0 and "Importing" not in done.stderr and done.stderr == ""


PTV = os.path.join(os.path.dirname(__file__), "fixtures", "ptv")


def test_an_import_in_another_format_shows_progress_too(tmp_path):
    """Every format goes through the one pipeline, so every format shows its steps:
    the file read, the store read, the checks, the write."""
    url = f"sqlite:///{tmp_path / 'ptv.db'}"
    shown = run_on_terminal(["import", PTV, "--store", url, "--lang", "en"])
    assert "Importing" in shown and "4/4" in shown
    done = run_on_pipe(["import", PTV, "--store", f"sqlite:///{tmp_path / 'b.db'}",
                        "--output", "json"])
    assert done.returncode == 0 and done.stderr == ""
    assert json.loads(done.stdout)["format"] == "ptv"  # nothing but the report on stdout


def test_the_demo_load_shows_progress_on_a_terminal_only(tmp_path):
    shown = run_on_terminal(["demo", "--load-only", "--store", f"sqlite:///{tmp_path / 'd.db'}"])
    assert "Loading the demo network" in shown and "3/3" in shown
    done = run_on_pipe(["demo", "--load-only", "--store", f"sqlite:///{tmp_path / 'e.db'}"])
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.startswith("loaded the demo network")


def test_what_a_command_did_is_said_in_the_users_language(tmp_path):
    """The lines a command prints when it is done come from the catalogue (fi default)."""
    graphmap = str(Path(sys.executable).with_name("graphmap"))
    for lang, said in (("fi", "esimerkkiverkosto ladattu"), ("sv", "exempelnätverket inläst"),
                       ("en", "loaded the demo network")):
        result = subprocess.run([graphmap, "demo", "--load-only",
                                 "--store", f"sqlite:///{tmp_path / lang}.db"],
                                env={**os.environ, "GRAPHMAP_LANG": lang},
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0 and result.stdout.startswith(said), result.stdout


def test_a_long_sheet_shows_its_rows_as_they_are_read(tmp_path):
    """A sheet of 45,000 rows moves the bar while it is read, not once at its end."""
    book = tmp_path / "book"
    book.mkdir()
    (book / "areas.csv").write_text("id,name,kind\nalue,Alue,family_centre_area\n")
    (book / "organisations.csv").write_text("id,name,sector\njarj,Järjestö,ngo\n")
    (book / "units.csv").write_text("id,name,organisation,area\n" + "".join(
        f"u{i},Yksikkö {i},jarj,alue\n" for i in range(45_000)), encoding="utf-8")
    shown = run_on_terminal(["import", str(book), "--dry-run", "--lang", "en",
                             "--store", f"sqlite:///{tmp_path / 'x.db'}"])
    total = 2 + 2 + 45_001  # every line of the three files
    counts = sorted({int(m) for m in re.findall(rf"(\d+)/{total}", shown)})
    # areas and organisations done, then 20,000 and 40,000 units read, then the end
    assert counts[-1] == total and 4 + 20_000 in counts and 4 + 40_000 in counts, counts
