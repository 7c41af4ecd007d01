"""Run every ``benchmarks/bench_*.py`` one after another (never in parallel: the numbers
would disturb each other).  Each benchmark updates its own section of RESULTS.md.

    .venv/bin/python benchmarks/run_all.py               # national scale
    .venv/bin/python benchmarks/run_all.py --scale 0.1   # quick look
    .venv/bin/python benchmarks/run_all.py import search # only bench_import, bench_search

Every benchmark takes ``--scale`` (network size relative to national, default 1.0);
run_all passes it on when given.  Exits non-zero if any benchmark failed.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("only", nargs="*", help="names to run (bench_NAME.py); default all")
    parser.add_argument("--scale", type=float, help="passed on to every benchmark")
    args = parser.parse_args(argv)
    scripts = sorted(HERE.glob("bench_*.py"))
    if args.only:
        wanted = {f"bench_{name.removeprefix('bench_').removesuffix('.py')}.py"
                  for name in args.only}
        unknown = wanted - {s.name for s in scripts}
        if unknown:
            parser.error(f"no such benchmark: {', '.join(sorted(unknown))}; have "
                         f"{', '.join(s.name for s in scripts)}")
        scripts = [s for s in scripts if s.name in wanted]
    failed = []
    for script in scripts:
        cmd = [sys.executable, str(script)]
        if args.scale is not None:
            cmd += ["--scale", str(args.scale)]
        print(f"== {script.name} {' '.join(cmd[2:])}", flush=True)
        start = time.perf_counter()
        code = subprocess.call(cmd, cwd=HERE.parent)
        print(f"== {script.name}: exit {code} after {time.perf_counter() - start:.0f} s",
              flush=True)
        if code:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
