"""Shared by every ``benchmarks/bench_*.py``: machine facts and the RESULTS.md convention.

Each benchmark owns one section of ``benchmarks/RESULTS.md``, fenced by
``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->``.  :func:`update_section`
replaces that section (or appends it), so benchmarks can be run alone or through
``run_all.py`` in any order without clobbering each other's numbers.
"""
from __future__ import annotations

import datetime as dt
import os
import platform
import re
import sqlite3
import sys
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")
HEADER = ("# Benchmark results\n\n"
          "Written by the benchmarks themselves (see README.md); each section is replaced\n"
          "when its benchmark runs again.  Targets come from the issues.\n")


def machine() -> str:
    """One line that says where and when the numbers were taken."""
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(next(line for line in fh if line.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(line.split(":", 1)[1].strip() for line in fh
                       if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (f"{when}; {cpu}, {os.cpu_count()} cores{mem}; {platform.system()} "
            f"{platform.release()}; Python {sys.version.split()[0]}; "
            f"SQLite {sqlite3.sqlite_version}")


def update_section(name: str, body: str, path: Path = RESULTS) -> None:
    """Put ``body`` (markdown, starting with its own ``## heading``) into section ``name``."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{body.rstrip()}\n{end}\n"
    text = path.read_text("utf-8") if path.exists() else HEADER
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end) + r"\n?", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, "utf-8")
