"""``graphmap`` command line.  One module per area of work registers its commands:

* :mod:`.data`     – import, export, template, info, demo
* :mod:`.analysis` – analyze, whatif
* :mod:`.search`   – who-to-call
* :mod:`.web`      – serve
* :mod:`.admin`    – diff, history, user, setting, backup
"""
from __future__ import annotations

import importlib

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="graphmap")
def main() -> None:
    """graphmap – who works with whom in Finnish family-centre service networks."""


for _module in ("data", "analysis", "search", "web", "admin"):
    try:
        importlib.import_module(f"{__name__}.{_module}").register(main)
    except ModuleNotFoundError as exc:  # a part not written yet must not break the rest
        if exc.name != f"{__name__}.{_module}":
            raise
