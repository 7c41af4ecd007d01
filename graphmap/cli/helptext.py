"""The ``--help`` screens in the user's language (Finnish first).

Why: a worker who reads the errors in Finnish should read the help in Finnish too,
and the language is known only when the command runs (``--lang``, ``GRAPHMAP_LANG``,
the locale: :func:`graphmap.cli.common.cli_lang`), so nothing is translated when the
commands are defined.  Every text a help screen shows comes from the one catalogue at
format time:

* a command's description: ``cli.help.<command>`` (a subcommand: ``cli.help.user.add``;
  the ``graphmap`` group itself: ``cli.help.graphmap``); the list of commands shows
  its first sentence;
* an option's help: ``cli.help.<command>.<option>`` (the option's long name,
  ``-`` written ``_``), else the text shared by every command that has the option,
  ``cli.help.option.<option>`` (``--store``, ``--format``, ``--help``, ``--version`` …);
* click's own words: the headings, ``[OPTIONS]``, ``[default: …]``, ``required``, the
  value metavars (``cli.help.heading.*``, ``cli.help.extra.*``, ``cli.help.type.*``;
  "Usage:" is ``cli.usage.usage``, shared with the usage errors);
* an argument's name in the usage line and in errors ("Argumentti 'TIEDOSTO'
  puuttuu"): ``cli.help.metavar.<command>.<argument>``, else the one shared by every
  argument of that name, ``cli.help.metavar.<argument>`` (:class:`Argument`).

So the decorators carry no help text (no second copy); :class:`Command` and
:class:`Group` here do the formatting, every command is made with :func:`command`
or a :class:`Group`'s ``command``/``group``, and every argument with :func:`argument`.
Values a text names (a limit from the code) are given as ``help_values`` to the
command and filled into its texts.
"""
from __future__ import annotations

import copy
import functools
from typing import Any

import click
from click.utils import make_default_short_help

from ..i18n import has, translate

PREFIX = "cli.help."
#: the key of the option texts shared by every command that has the option
SHARED = PREFIX + "option."


def _lang(ctx: click.Context) -> str:
    from .common import cli_lang  # (common imports this module's command())
    return cli_lang(ctx)


def command_path(ctx: click.Context) -> list[str]:
    """The command's names below the ``graphmap`` group, e.g. ``["user", "add"]``
    (``[]`` for the group itself)."""
    names: list[str] = []
    while ctx is not None and not getattr(ctx.command, "help_root", False):
        names.insert(0, ctx.command.name or "")
        if ctx.parent is None:
            break
        ctx = ctx.parent
    return names


def command_key(path: list[str]) -> str:
    """``cli.help.<command>`` for a command path (``cli.help.graphmap`` for ``[]``)."""
    return PREFIX + (".".join(name.replace("-", "_") for name in path) or "graphmap")


def option_name(param: click.Parameter) -> str:
    """An option's name in its keys: its first long name without dashes
    (``--password-stdin`` → ``password_stdin``; ``--format``/``--from`` → ``format``)."""
    opts = [o for o in param.opts if o.startswith("--")] or list(param.opts)
    return opts[0].lstrip("-").replace("-", "_")


def option_key(path: list[str], param: click.Parameter) -> str | None:
    """The catalogue key of an option's help on the command at ``path``: its own,
    else the shared one; ``None`` when the catalogue has neither."""
    name = option_name(param)
    for key in (f"{command_key(path)}.{name}", SHARED + name):
        if has(key):
            return key
    return None


def _text(key: str, lang: str, values: dict[str, Any]) -> str:
    """A help text filled in (every help text is a format string: a literal brace is
    written ``{{``); a missing key shows as itself — visible, and tested."""
    return translate(key, lang).format(**values)


class _Localised:
    """What :class:`Command` and :class:`Group` share: each part of the help screen
    written from the catalogue in the user's language."""

    #: the ``graphmap`` group sets it: its own key is ``cli.help.graphmap``
    help_root = False
    help_values: dict[str, Any] = {}

    def _t(self, ctx: click.Context, key: str) -> str:
        return _text(key, _lang(ctx), self.help_values)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces),
                              prefix=translate("cli.usage.usage", _lang(ctx)) + " ")

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)  # type: ignore[misc]
        words = {"[OPTIONS]": "cli.help.heading.options_metavar",
                 "COMMAND [ARGS]...": "cli.help.heading.command_metavar"}
        return [translate(words[p], _lang(ctx)) if p in words else p for p in pieces]

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(self._t(ctx, command_key(command_path(ctx))))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        path = command_path(ctx)
        rows = [row for param in self.get_params(ctx)  # type: ignore[attr-defined]
                if (row := self._help_record(ctx, path, param)) is not None]
        if rows:
            with formatter.section(translate("cli.help.heading.options", _lang(ctx))):
                formatter.write_dl(rows)

    def _help_record(self, ctx: click.Context, path: list[str],
                     param: click.Parameter) -> tuple[str, str] | None:
        """An option's row: its names and value (click's), its help from the catalogue,
        and click's notes (default, range, required) in the user's language."""
        if not isinstance(param, click.Option) or param.hidden:
            return None  # arguments are named in the usage line and the description
        lang = _lang(ctx)
        shown = copy.copy(param)  # the names as click writes them, with our metavar
        shown.help, shown.show_default, shown.show_envvar, shown.required = None, False, False, False
        if param.metavar is None:  # click's value names (TEXT, INTEGER, FILE …) in the language
            metavar = param.make_metavar(ctx)
            name, dots = (metavar[:-3], "...") if metavar.endswith("...") else (metavar, "")
            type_key = "cli.help.type." + name.lower().replace(" ", "_")
            if has(type_key):
                shown.metavar = translate(type_key, lang) + dots
        record = shown.get_help_record(ctx)
        if record is None:
            return None
        key = option_key(path, param) or f"{command_key(path)}.{option_name(param)}"
        text = self._t(ctx, key)
        extra = param.get_help_extra(ctx)
        notes = []
        if "envvars" in extra:
            notes.append(translate("cli.help.extra.env_var", lang, var=", ".join(extra["envvars"])))
        if "default" in extra:
            notes.append(translate("cli.help.extra.default", lang, default=extra["default"]))
        if "range" in extra:
            notes.append(extra["range"])
        if "required" in extra:
            notes.append(translate("cli.help.extra.required", lang))
        if notes:
            text = f"{text}  [{'; '.join(notes)}]"
        return record[0], text

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        return None  # no epilogs: every text of the screen is in the catalogue


class Command(_Localised, click.Command):
    """A ``graphmap`` command whose help screen is in the user's language."""

    def __init__(self, *args, help_values: dict[str, Any] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_values = help_values or {}


class Group(_Localised, click.Group):
    """A group of ``graphmap`` commands whose help screen, list of commands included,
    is in the user's language; the commands it makes are localised too."""

    command_class = Command
    group_class = type  # groups made by this group are of its own class

    def __init__(self, *args, help_values: dict[str, Any] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_values = help_values or {}

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _Localised.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang, path = _lang(ctx), command_path(ctx)
        shown = [(name, cmd) for name in self.list_commands(ctx)
                 if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if not shown:
            return
        limit = formatter.width - 6 - max(len(name) for name, _ in shown)
        rows = []
        for name, cmd in shown:
            values = getattr(cmd, "help_values", {})
            text = _text(command_key([*path, name]), lang, values)
            rows.append((name, make_default_short_help(text, limit)))
        with formatter.section(translate("cli.help.heading.commands", lang)):
            formatter.write_dl(rows)


#: ``@command("import")``: :func:`click.command` making a :class:`Command`
command = functools.partial(click.command, cls=Command)


class Argument(click.Argument):
    """An argument named in the user's language where click shows its name (the usage
    line, "Argumentti 'TIEDOSTO' puuttuu"); its Python name (the parameter the command
    function gets) stays as it is."""

    def make_metavar(self, ctx: click.Context) -> str:
        command = command_key(command_path(ctx))[len(PREFIX):]  # "export", "user.add"
        keys = (f"{PREFIX}metavar.{command}.{self.name}", f"{PREFIX}metavar.{self.name}")
        key = next((k for k in keys if has(k)), None)
        if self.metavar is not None or key is None:
            return super().make_metavar(ctx)
        var = translate(key, _lang(ctx))
        if not self.required:
            var = f"[{var}]"
        return var + ("..." if self.nargs != 1 else "")


#: ``@argument("path")``: :func:`click.argument` making an :class:`Argument`
argument = functools.partial(click.argument, cls=Argument)


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version
    click.echo(translate("cli.done.version", _lang(ctx), prog=ctx.find_root().info_name,
                         version=version("graphmap")))
    ctx.exit()


#: ``--version``: click's, with its line ("graphmap, versio 1.0") in the language
version_option = click.option("--version", is_flag=True, expose_value=False, is_eager=True,
                              callback=_show_version)
