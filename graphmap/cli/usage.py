"""click's own usage errors in the user's language (Finnish first).

click words its errors in English ("Error: Invalid value for '--lang': 'boss' is not
one of 'fi', 'sv', 'en'.", "Missing option", "No such command").  The ``graphmap``
group (:class:`graphmap.cli._Main`) hands every :class:`click.UsageError` to
:func:`localise` before click shows it: the error's kind and its parts (the option,
the value, the choices) are read from the exception — from click's English text only
where click keeps them nowhere else — and worded through the one catalogue
(``cli.usage.*`` in graphmap/i18n/{fi,sv,en}.json).  A message our own commands
raise is already in the user's language and is kept.  The exit code stays click's 2.
"""
from __future__ import annotations

import re

import click

from ..i18n import translate

#: click's English detail of a bad value → (catalogue key, its named parts)
_DETAILS = [
    (re.compile(r"(?P<value>.+) is not one of (?P<choices>.+)\.", re.S), "not_choice"),
    (re.compile(r"(?P<value>.+) is not (?P<choices>'[^']*')\.", re.S), "not_choice"),
    (re.compile(r"(?P<value>.+) is not a valid integer\.", re.S), "not_integer"),
    (re.compile(r"(?P<value>.+) is not a valid float\.", re.S), "not_number"),
    (re.compile(r"(?P<value>.+) is not a valid boolean\..*", re.S), "not_boolean"),
    (re.compile(r"(?P<value>.+) is not in the range (?P<range>.+)\.", re.S), "not_in_range"),
    (re.compile(r"(?:File|Directory|Path) (?P<path>.+) does not exist\.", re.S), "path_missing"),
    (re.compile(r"(?:File|Path) (?P<path>.+) is a directory\.", re.S), "path_is_dir"),
    (re.compile(r"(?:Directory|Path) (?P<path>.+) is a file\.", re.S), "path_is_file"),
]
_EXTRA = re.compile(r"Got unexpected extra arguments? \((?P<args>.*)\)", re.S)
_NEEDS_VALUE = re.compile(r"Option (?P<name>'[^']+') requires an argument\.")
_NEEDS_VALUES = re.compile(r"Option (?P<name>'[^']+') requires (?P<n>\d+) arguments\.")


def _t(key: str, lang: str, **values) -> str:
    return translate(f"cli.usage.{key}", lang, **values)


def _hint(exc: click.ClickException) -> str:
    """The option or argument a parameter error names, as click names it."""
    hint = getattr(exc, "param_hint", None)
    param = getattr(exc, "param", None)
    if hint is None and param is not None:
        hint = param.get_error_hint(getattr(exc, "ctx", None))
    if isinstance(hint, (list, tuple)):
        return " / ".join(f"'{h}'" for h in hint)
    return str(hint or "")


def _detail(text: str, lang: str) -> str:
    for pattern, key in _DETAILS:
        found = pattern.fullmatch(text.strip())
        if found:
            return _t(key, lang, **found.groupdict())
    return text  # ours (already in the user's language), or a wording click added later


def _did_you_mean(exc, lang: str) -> str:
    names = getattr(exc, "possibilities", None)
    if not names:
        return ""
    return " " + _t("did_you_mean", lang, names=", ".join(sorted(names)))


def message(exc: click.UsageError, lang: str) -> str:
    """``exc``'s message (click's ``format_message``) in ``lang``."""
    if isinstance(exc, click.exceptions.NoSuchCommand):
        return _t("no_such_command", lang, name=repr(exc.command_name)) + _did_you_mean(exc, lang)
    if isinstance(exc, click.NoSuchOption):
        return _t("no_such_option", lang, name=exc.option_name) + _did_you_mean(exc, lang)
    if isinstance(exc, click.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        key = {"option": "missing_option", "argument": "missing_argument"}.get(
            kind, "missing_parameter")
        text = _t(key, lang, name=_hint(exc))
        param = exc.param
        if param is not None and isinstance(param.type, click.Choice):
            text += " " + _t("choose_from", lang,
                             choices=", ".join(map(str, param.type.choices)))
        return text
    if isinstance(exc, click.BadParameter):
        hint = _hint(exc)
        detail = _detail(exc.message, lang)
        return _t("invalid_value_for", lang, name=hint, detail=detail) if hint else \
            _t("invalid_value", lang, detail=detail)
    text = exc.message
    for pattern, key in ((_NEEDS_VALUE, "needs_value"), (_NEEDS_VALUES, "needs_values"),
                         (_EXTRA, "extra_arguments")):
        found = pattern.fullmatch(text.strip())
        if found:
            return _t(key, lang, **found.groupdict())
    if text.strip() == "Missing command.":
        return _t("missing_command", lang)
    return text


class LocalisedUsageError(click.UsageError):
    """A click usage error shown in the user's language: the usage line, the hint to
    the help and the message; exit code 2 as click's own."""

    def __init__(self, original: click.UsageError, lang: str):
        super().__init__(message(original, lang), original.ctx)
        self.lang = lang

    def show(self, file=None) -> None:
        lang = self.lang
        lines = []
        ctx = self.ctx
        if ctx is not None:
            lines.append(ctx.get_usage())  # in the language already (.helptext)
            names = ctx.command.get_help_option_names(ctx) \
                if ctx.command.get_help_option(ctx) is not None else []
            if names:
                lines.append(_t("try_help", lang, command=ctx.command_path,
                                option=max(names, key=len)))
            lines.append("")
        lines.append(_t("error", lang, message=self.format_message()))
        click.echo("\n".join(lines), file=file or click.get_text_stream("stderr"),
                   color=ctx.color if ctx is not None else None)


def localise(exc: click.UsageError, lang: str) -> click.UsageError:
    """``exc`` to be shown in ``lang`` (itself if it already is, or if it is the help
    a group shows when given no command: that is no error)."""
    no_args_help = getattr(click.exceptions, "NoArgsIsHelpError", ())
    if isinstance(exc, LocalisedUsageError) or (no_args_help and isinstance(exc, no_args_help)):
        return exc
    return LocalisedUsageError(exc, lang)
