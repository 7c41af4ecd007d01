"""The ``--help`` screens in the user's language (Finnish first): the headings, click's
own words and every command's and option's text come from the one catalogue
(``cli.help.*``), chosen as the messages are (nothing or ``LANG=C``: Finnish;
``GRAPHMAP_LANG``; the locale; ``--lang`` on the command).  The real ``graphmap``
group through click's CliRunner; the command tree is walked, so a new command or
option without its texts in fi, sv and en fails here."""
from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from graphmap.cli import main
from graphmap.cli.helptext import command_key, option_key
from graphmap.i18n import LANGS, catalogue
from graphmap.search.params import MAX_AGE

NO_LOCALE = {"GRAPHMAP_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}

#: click's own English words, which must not show in a Finnish or Swedish help screen
ENGLISH = ("Usage:", "Options:", "Commands:", "[OPTIONS]", "COMMAND [ARGS]",
           "Show this message and exit.", "Show the version and exit.", "[default:",
           "required]", " INTEGER", "--reference FILE")
#: and in Finnish (Swedish writes it the same)
ENGLISH_FI = (" TEXT ",)

#: what a user sees first: the usage line, the headings, one command's description
SCREEN = {
    "fi": ("Käyttö: graphmap [VALITSIMET] KOMENTO [ARGUMENTIT]...", "Valitsimet:",
           "Komennot:", "Näytä tämä ohje ja lopeta.", "Näytä versio ja lopeta.",
           "Solmujen ja linkkien tarkat määrät lajeittain."),
    "sv": ("Användning: graphmap [FLAGGOR] KOMMANDO [ARGUMENT]...", "Flaggor:",
           "Kommandon:", "Visa den här hjälpen och avsluta.", "Visa versionen och avsluta.",
           "Exakt antal noder och länkar per typ."),
    "en": ("Usage: graphmap [OPTIONS] COMMAND [ARGS]...", "Options:", "Commands:",
           "Show this message and exit.", "Show the version and exit.",
           "Exact counts of nodes by kind and links by kind."),
}


def run(args, **env):
    return CliRunner().invoke(main, args, env=dict(NO_LOCALE, **env), prog_name="graphmap")


def flat(text: str) -> str:
    """Text as click wraps it, joined again: one space for any run of white space, and
    none after a hyphen click broke a line at ("--password-\\n stdin")."""
    return re.sub(r"(?<=\w-) (?=\w)", "", " ".join(text.split()))


def _commands(group, path=()):
    for name, cmd in group.commands.items():
        yield (*path, name), cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*path, name))


COMMANDS = dict(_commands(main))
HELP_TEXTS = {lang: {k: v for k, v in catalogue(lang).items() if k.startswith("cli.help.")}
              for lang in LANGS}


@pytest.mark.parametrize("env, lang", [
    ({}, "fi"), ({"LANG": "C"}, "fi"), ({"LANG": "C.UTF-8"}, "fi"),
    ({"GRAPHMAP_LANG": "sv"}, "sv"), ({"LANG": "sv_FI.UTF-8"}, "sv"),
    ({"GRAPHMAP_LANG": "en"}, "en"), ({"LC_ALL": "en_GB.UTF-8", "LANG": "fi_FI.UTF-8"}, "en"),
])
def test_graphmap_help_reads_in_the_user_s_language(env, lang):
    result = run(["--help"], **env)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(SCREEN[lang][0]), result.output
    for text in SCREEN[lang][1:]:
        assert text in result.output, (text, result.output)
    if lang != "en":
        assert not any(word in result.output for word in ENGLISH), result.output


def test_the_list_of_commands_shows_each_description_in_the_language():
    shown = flat(run(["--help"], GRAPHMAP_LANG="sv").output)
    for path in COMMANDS:
        if len(path) == 1:
            first_words = " ".join(HELP_TEXTS["sv"][command_key(list(path))].split()[:2])
            assert f"{path[0]} {first_words}" in shown, (path, shown)


@pytest.mark.parametrize("path", sorted(COMMANDS))
@pytest.mark.parametrize("lang", LANGS)
def test_every_command_s_help_is_whole_in_each_language(path, lang):
    result = run([*path, "--help"], GRAPHMAP_LANG=lang)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "cli.help." not in out, out  # no key without its text
    usage = {"fi": "Käyttö: graphmap ", "sv": "Användning: graphmap ", "en": "Usage: graphmap "}
    assert out.startswith(usage[lang] + " ".join(path)), out
    texts = HELP_TEXTS[lang]
    values = getattr(COMMANDS[path], "help_values", {})
    description = texts[command_key(list(path))].format(**values)
    assert flat(description) in flat(out), out
    if lang == "en":
        return
    assert not any(word in out for word in ENGLISH), out
    assert lang != "fi" or not any(word in out for word in ENGLISH_FI), out
    # none of the moved English texts is left where the user reads Finnish or Swedish
    for key, english in HELP_TEXTS["en"].items():
        if english != texts[key] and len(english) > 12:
            assert flat(english.format_map(_Any()))[:40] not in flat(out), (key, out)


class _Any(dict):
    def __missing__(self, key):
        return "{" + key + "}"


def test_values_from_the_code_are_filled_into_the_help():
    out = flat(run(["who-to-call", "--help"]).output)
    assert f"Lapsen ikä vuosina (0–{MAX_AGE})." in out, out


def test_the_defaults_click_shows_are_in_the_language():
    out = run(["info", "--help"]).output
    assert "[oletus: text]" in out and "[oletus: sqlite:///" in out, out
    out = run(["user", "add", "--help"], GRAPHMAP_LANG="sv").output
    assert "[obligatorisk]" in out, out


def test_lang_on_the_command_chooses_the_help_s_language():
    for args in (["import", "--lang", "sv", "--help"], ["who-to-call", "--lang", "sv", "--help"],
                 ["analyze", "--lang", "sv", "--help"]):
        result = run(args, GRAPHMAP_LANG="en")
        assert result.exit_code == 0 and result.output.startswith("Användning:"), result.output


def _options(path, cmd):
    """Every option a user can give ``cmd``, the help option included."""
    ctx = click.Context(cmd, info_name=path[-1], help_option_names=["-h", "--help"])
    return [p for p in cmd.get_params(ctx) if isinstance(p, click.Option)]


@pytest.mark.parametrize("path", [(), *sorted(COMMANDS)])
def test_every_command_and_option_has_its_help_in_fi_sv_and_en(path):
    cmd = COMMANDS.get(path, main)
    values = getattr(cmd, "help_values", {})
    keys = [command_key(list(path))]
    for param in _options(path or ("graphmap",), cmd):
        key = option_key(list(path), param)
        assert key is not None, (path, param.opts)  # a new option needs its cli.help text
        keys.append(key)
    for lang in LANGS:
        for key in keys:
            text = catalogue(lang).get(key, "")
            assert text.strip(), (lang, key)
            text.format(**values)  # every placeholder has its value


@pytest.mark.parametrize("path", [(), *sorted(COMMANDS)])
def test_no_english_copy_of_the_help_is_left_in_the_code(path):
    """The catalogue holds the one copy: a decorator or docstring with its own help
    text would be a second one, shown nowhere and drifting."""
    cmd = COMMANDS.get(path, main)
    assert not cmd.help and not cmd.short_help, (path, cmd.help)
    for param in _options(path or ("graphmap",), cmd):
        if param.name not in ("help", "version"):  # click's own, replaced at format time
            assert not param.help, (path, param.opts, param.help)


def test_an_option_without_a_catalogue_text_is_found():
    """The check above can fail: an option nobody wrote a text for has no key."""
    @click.command("analyze")
    @click.option("--brand-new-option")
    def new_cmd(brand_new_option):
        pass
    param = new_cmd.params[0]
    assert option_key(["analyze"], param) is None
    assert option_key(["analyze"], click.Option(["--stale-months"])) == \
        "cli.help.analyze.stale_months"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_help_text_is_left_in_english(lang):
    """A text copied from English instead of translated (the screens above cannot tell
    it from a translation); Swedish writes the value name TEXT as English does."""
    same = sorted(key for key, english in HELP_TEXTS["en"].items()
                  if HELP_TEXTS[lang][key] == english)
    assert same == (["cli.help.metavar.text", "cli.help.type.text"] if lang == "sv" else []), same


@pytest.mark.parametrize("env, line", [({}, "graphmap, versio "), ({"GRAPHMAP_LANG": "sv"},
                                        "graphmap, version "), ({"LANG": "en_GB"}, "graphmap, version ")])
def test_the_version_line_is_in_the_language(env, line):
    from importlib.metadata import version
    result = run(["--version"], **env)
    assert result.exit_code == 0 and result.output == line + version("graphmap") + "\n", result.output
