"""What is wrong with input: a located :class:`Problem`, the :class:`ValidationError`
that carries every problem at once, and :class:`Message`, an error text that can be
shown in the reader's language."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with input.  ``entity``/``key``/``field`` locate it in the model;
    importers translate that into file, row and column."""

    entity: str
    key: str | None
    field: str | None
    message: str


class ValidationError(ValueError):
    """Raised with every problem found, never just the first."""

    def __init__(self, problems: list, title: str = "invalid input"):
        self.problems = list(problems)
        lines = [title + f" ({len(self.problems)} problem(s)):"]
        lines += ["  " + str(p if not isinstance(p, Problem) else _problem_text(p))
                  for p in self.problems]
        super().__init__("\n".join(lines))


class Message(str):
    """A user-facing message that can be shown in Finnish, Swedish or English.

    It *is* its English text (``str()``, logs and older callers see that), and it
    carries the key of its translations in ``graphmap/i18n/{fi,sv,en}.json``
    (``import.<key>``, the one language catalogue) and the values to fill in, so the
    CLI and the pages show the same message in the reader's language."""

    key: str
    values: dict

    def __new__(cls, key: str, **values):
        from graphmap.i18n import translate  # the catalogue; lazily, as only errors need it
        self = super().__new__(cls, translate("import." + key, "en", **values))
        self.key, self.values = key, values
        return self

    def __reduce__(self):  # copy/deepcopy (dataclasses.asdict) keep the key
        return (_message, (self.key, self.values))

    def text(self, lang: str | None) -> str:
        """This message in ``lang`` (fi, sv, en; ``None``: English)."""
        if not lang or lang == "en":
            return str(self)
        from graphmap.i18n import translate
        return translate("import." + self.key, lang,
                         **{k: localised(v, lang) for k, v in self.values.items()})


def _message(key, values):
    return Message(key, **values)


def localised(text, lang: str | None) -> str:
    """``text`` in ``lang`` if it is a :class:`Message`, else as it is (English)."""
    return text.text(lang) if isinstance(text, Message) else str(text)


def did_you_mean(hint: str | None):
    """The " (did you mean 'x'?)" tail of a message, or nothing without a hint."""
    return Message("did_you_mean", hint=repr(hint)) if hint else ""


def message_of(exc: Exception):
    """The message an exception was raised with, keeping a :class:`Message`'s key."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Message) else str(exc)


def _problem_text(p: Problem) -> str:
    where = p.entity + (f" {p.key!r}" if p.key else "") + (f", {p.field}" if p.field else "")
    return f"{where}: {p.message}"
