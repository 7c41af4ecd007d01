"""click's own usage errors in the user's language (Finnish first): a bad value, a
missing option or argument, an unknown option or command — worded through the one
catalogue (cli.usage.*), with the usage line and the help hint, and click's exit code 2.
The real ``graphmap`` group through click's CliRunner; the language as a user sets it
(nothing: Finnish; ``GRAPHMAP_LANG``; ``--lang`` on the command)."""
from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from graphmap.cli import main
from graphmap.i18n import LANGS

NO_LOCALE = {"GRAPHMAP_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}

#: click's English words that must not show when the user reads Finnish or Swedish
ENGLISH = ("Error:", "Usage:", "Invalid value", "is not one of", "Missing option",
           "Missing argument", "No such command", "No such option", "for help")


def run(args, lang=None):
    env = dict(NO_LOCALE, **({"GRAPHMAP_LANG": lang} if lang else {}))
    return CliRunner().invoke(main, args, env=env, prog_name="graphmap")


CASES = {
    "bad choice": (["import", "x.csv", "--lang", "boss"], {
        "fi": "Virhe: Arvo ei kelpaa kohdassa '--lang': 'boss' ei ole mikään näistä: "
              "'fi', 'sv', 'en'.",
        "sv": "Fel: Ogiltigt värde för '--lang': 'boss' är inte något av: 'fi', 'sv', 'en'.",
        "en": "Error: Invalid value for '--lang': 'boss' is not one of 'fi', 'sv', 'en'."}),
    "missing option": (["user", "add", "anna", "--password-stdin"], {
        "fi": "Virhe: Valitsin '--role' puuttuu. Valitse jokin näistä: viewer, editor, admin.",
        "sv": "Fel: Flaggan '--role' saknas. Välj något av: viewer, editor, admin.",
        "en": "Error: Missing option '--role'. Choose from: viewer, editor, admin."}),
    "missing argument": (["import"], {
        "fi": "Virhe: Argumentti 'TIEDOSTO' puuttuu.", "sv": "Fel: Argumentet 'FIL' saknas.",
        "en": "Error: Missing argument 'FILE'."}),
    "no such command": (["imprt"], {
        "fi": "Virhe: Komentoa 'imprt' ei ole. Tarkoititko: import?",
        "sv": "Fel: Kommandot 'imprt' finns inte. Menade du: import?",
        "en": "Error: No such command 'imprt'. Did you mean: import?"}),
    "no such option": (["export", "out.xlsx", "--fromat", "hsds"], {
        "fi": "Virhe: Tuntematon valitsin: --fromat. Tarkoititko: --format?",
        "sv": "Fel: Okänd flagga: --fromat. Menade du: --format?",
        "en": "Error: No such option: --fromat. Did you mean: --format?"}),
    "no such file": (["import", "ei-ole.csv"], {
        "fi": "Virhe: Arvo ei kelpaa kohdassa 'TIEDOSTO': Tiedostoa tai kansiota 'ei-ole.csv' "
              "ei ole.",
        "sv": "Fel: Ogiltigt värde för 'FIL': Filen eller mappen 'ei-ole.csv' finns inte.",
        "en": "Error: Invalid value for 'FILE': 'ei-ole.csv' does not exist."}),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("lang", [None, *LANGS])
def test_click_usage_errors_read_in_the_user_s_language(case, lang):
    args, expected = CASES[case]
    result = run(args, lang)
    assert result.exit_code == 2, result.output  # click's code for a usage error
    shown = expected[lang or "fi"]
    assert shown in result.output, result.output
    if lang != "en":
        assert not any(word in result.output for word in ENGLISH), result.output
    usage = {"fi": "Käyttö: graphmap", "sv": "Användning: graphmap", "en": "Usage: graphmap"}
    assert result.output.startswith(usage[lang or "fi"]), result.output


def test_lang_on_the_command_wins_over_the_environment():
    result = run(["import", "--lang", "sv"], "en")
    assert result.exit_code == 2
    assert "Fel: Argumentet 'FIL' saknas." in result.output


def _commands(group, path=()):
    for name, cmd in group.commands.items():
        yield (*path, name)
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*path, name))


@pytest.mark.parametrize("path", sorted(_commands(main)))
def test_every_command_refuses_an_unknown_option_in_finnish(path):
    result = run([*path, "--ei-tällaista"])
    assert result.exit_code == 2, result.output
    assert "Virhe: Tuntematon valitsin: --ei-tällaista." in result.output
    assert not any(word in result.output for word in ENGLISH), result.output


@pytest.mark.parametrize("args", [[], ["user"]])
def test_a_group_without_a_command_shows_its_help_not_an_error(args):
    result = run(args)
    assert "Komennot:" in result.output and "Virhe" not in result.output, result.output
