"""``graphmap`` command line.  One module per area of work registers its commands:

* :mod:`.data`     – import, export, template, info, demo
* :mod:`.analysis` – analyze, whatif
* :mod:`.search`   – who-to-call
* :mod:`.web`      – serve
* :mod:`.admin`    – diff, history, user, setting, backup
"""
from __future__ import annotations

import os
import sys

import click

from . import admin, analysis, data, search, web
from .helptext import Group, version_option


def _silence_stdout() -> None:
    """Point stdout at the null device, so that the interpreter's last flush of what
    is still buffered does not fail on the closed pipe too (Python's signal docs)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file (tests)
        pass


class _Main(Group):
    """The ``graphmap`` group: turns what a user's arguments can make go wrong deep
    inside a command — a NUL or an unencodable character, a file the system refuses —
    into a one-line error in the user's language instead of a traceback (issue 10),
    and shows click's own usage errors (a bad value, a missing option, no such
    command) in the user's language too (:mod:`.usage`; exit code 2 as click's).
    Programming errors are not caught here: they must stay visible.  Its help, as
    every command's, is in the user's language (:mod:`.helptext`)."""

    help_root = True  # its description is cli.help.graphmap

    def make_context(self, info_name, args, parent=None, **extra):
        from .common import cli_lang
        from .usage import localise
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            raise localise(exc, cli_lang(exc.ctx)) from exc

    def invoke(self, ctx):
        import sqlite3

        from ..store import StoreBusy
        from ..i18n.failure import reason
        from .common import CliError, cli_lang, fail, os_failure, shown
        from .usage import localise
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise localise(exc, cli_lang(exc.ctx)) from exc
        except StoreBusy as exc:  # another writer held the store: nothing was written
            from ..i18n import translate
            raise CliError(translate("error.store_busy", cli_lang())) from exc
        except UnicodeDecodeError as exc:  # a binary file where text was expected
            raise fail("not_text_file") from exc
        except UnicodeError as exc:  # (before ValueError: it is one)
            raise fail("encoding", value=shown(getattr(exc, "object", "")[:80])) from exc
        except ValueError as exc:
            if "null byte" not in str(exc):
                raise
            raise fail("nul_text") from exc
        except OverflowError as exc:
            raise fail("too_large") from exc
        except BrokenPipeError:  # what read our output went away (`| head`): stop quietly
            _silence_stdout()
            raise SystemExit(1) from None
        except OSError as exc:
            raise os_failure(exc) from exc
        except sqlite3.DatabaseError as exc:
            raise fail("not_a_store", path="--store", detail=reason(exc)) from exc

    def main(self, args=None, *rest, **kw):
        """Refuse an argument with a NUL or a character UTF-8 cannot write (a lone
        surrogate) before any command sees it: every later print of it would fail."""
        from ..i18n import translate
        from .common import cli_lang, message, shown
        for arg in (sys.argv[1:] if args is None else args):
            bad = "nul" if "\x00" in arg else None
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                bad = "encoding"
            if bad:
                click.echo(translate("cli.usage.error", cli_lang(),
                                     message=message(bad, value=shown(arg))), err=True)
                if kw.get("standalone_mode", True):
                    sys.exit(2)
                raise click.exceptions.Exit(2)
        return super().main(args, *rest, **kw)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@version_option
def main() -> None:
    pass  # what it is: cli.help.graphmap in the catalogue


for _part in (data, analysis, search, web, admin):
    _part.register(main)
